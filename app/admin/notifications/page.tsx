import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AdminGate } from "../_components/admin-gate";
import { NotificationsScreen } from "./_components/notifications-screen";

export const metadata: Metadata = { title: "模板消息 · 管理后台", robots: { index: false, follow: false } };

/** Screen 3: send a test template message and watch its delivery status. */
export default function NotificationsPage(): ReactNode {
  return <AdminGate>{() => <NotificationsScreen />}</AdminGate>;
}
