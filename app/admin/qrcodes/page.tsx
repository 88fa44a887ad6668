import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AdminGate } from "../_components/admin-gate";
import { QrChannelsScreen } from "./_components/qr-channels-screen";

export const metadata: Metadata = { title: "渠道二维码 · 管理后台", robots: { index: false, follow: false } };

/** Screen 2: scene QR codes, with the scans and new followers each one brought. */
export default function AdminQrCodesPage(): ReactNode {
  return <AdminGate>{() => <QrChannelsScreen />}</AdminGate>;
}
