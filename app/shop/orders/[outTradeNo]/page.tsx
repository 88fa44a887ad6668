import type { Metadata } from "next";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { PageHeader } from "../../../_components/page-header";
import { OrderStatus } from "../../_components/order-status";
import { ShopGate, shopAccount, shopPath } from "../../_components/shop-gate";

export const metadata: Metadata = { title: "订单详情", robots: { index: false } };

/** WeChat Pay's out_trade_no: 6–32 of letters, digits, _ - | *. */
const OUT_TRADE_NO = /^[0-9A-Za-z_\-|*]{6,32}$/;

/** One order, followed until WeChat Pay has settled it. */
export default async function ShopOrderPage({
  params,
  searchParams,
}: {
  params: Promise<{ outTradeNo: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}): Promise<ReactNode> {
  const { outTradeNo } = await params;
  if (!OUT_TRADE_NO.test(outTradeNo)) notFound();
  const query = await searchParams;
  const fromPay = query.from === "pay";
  const appId = shopAccount(query.appid);
  return (
    <main className="page">
      <PageHeader title="订单详情" backHref="/shop" backLabel="商店" />
      <ShopGate returnTo={shopPath(`/shop/orders/${outTradeNo}`, appId)} appId={appId}>{() => <OrderStatus outTradeNo={outTradeNo} fromPay={fromPay} />}</ShopGate>
    </main>
  );
}
