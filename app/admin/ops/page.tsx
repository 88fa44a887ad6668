import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AdminGate } from "../_components/admin-gate";
import { OpsScreen } from "./_components/ops-screen";

export const metadata: Metadata = { title: "运维 · 管理后台", robots: { index: false, follow: false } };

/** Screen 6: quotas, the callback check, the outgoing IP and the last errors with their rid. */
export default function OpsPage(): ReactNode {
  return <AdminGate>{() => <OpsScreen />}</AdminGate>;
}
