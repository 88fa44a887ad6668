import type { Metadata } from "next";
import type { ReactNode } from "react";
import { PageHeader } from "../_components/page-header";
import { AccountSwitcher } from "./_components/account-switcher";
import { AdminNav } from "./_components/admin-nav";
import { readIsAdmin } from "./_components/admin-session";

export const metadata: Metadata = { title: "管理后台", robots: { index: false, follow: false } };

/** The console's frame: title, then the screens' navigation once signed in. */
export default async function AdminLayout({ children }: { children: ReactNode }): Promise<ReactNode> {
  const isAdmin = await readIsAdmin();
  return (
    <main className="page page-console">
      <PageHeader title="管理后台" />
      {isAdmin ? <AdminNav /> : null}
      {isAdmin ? <AccountSwitcher /> : null}
      {children}
    </main>
  );
}
