import type { Metadata } from "next";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { AdminGate } from "../../_components/admin-gate";
import { OrderDetailScreen } from "../_components/order-detail";

export const metadata: Metadata = { title: "订单详情 · 管理后台", robots: { index: false, follow: false } };

/** One order: amounts, refunds (partial and full), the timeline. */
export default async function AdminOrderPage({ params }: { params: Promise<{ outTradeNo: string }> }): Promise<ReactNode> {
  const { outTradeNo } = await params;
  if (!/^[0-9A-Za-z_\-|*]{6,32}$/.test(outTradeNo)) notFound();
  return <AdminGate>{() => <OrderDetailScreen outTradeNo={outTradeNo} />}</AdminGate>;
}
