import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AdminGate } from "../_components/admin-gate";
import { AccountsScreen } from "./_components/accounts-screen";

export const metadata: Metadata = { title: "账号 · 管理后台", robots: { index: false, follow: false } };

/** The deployment's 公众号: list, add, check, retire (docs/accounts.md). */
export default function AdminAccountsPage(): ReactNode {
  return <AdminGate>{() => <AccountsScreen />}</AdminGate>;
}
