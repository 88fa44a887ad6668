import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AdminGate } from "../_components/admin-gate";
import { OrdersScreen } from "./_components/orders-screen";

export const metadata: Metadata = { title: "订单 · 管理后台", robots: { index: false, follow: false } };

const one = (v: string | string[] | undefined): string => (typeof v === "string" ? v : "");

/** The 订单 screen: WeChat Pay orders by status and day, with totals. */
export default async function AdminOrdersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }): Promise<ReactNode> {
  const query = await searchParams;
  const status = /^[A-Z]{1,16}$/.test(one(query.status)) ? one(query.status) : "";
  const day = /^\d{4}-\d{2}-\d{2}$/.test(one(query.day)) ? one(query.day) : "";
  return <AdminGate>{() => <OrdersScreen initialStatus={status} initialDay={day} />}</AdminGate>;
}
