import type { Metadata } from "next";
import type { ReactNode } from "react";
import { PageHeader } from "../_components/page-header";
import { ShopCatalogue } from "./_components/shop-catalogue";
import { ShopGate, shopAccount, shopPath } from "./_components/shop-gate";

export const metadata: Metadata = { title: "微信支付示例商店", robots: { index: false } };

/** The demo shop: catalogue → 购买 → WeChat's pay sheet → the order page. `?appid=`: sell as that account. */
export default async function ShopPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }): Promise<ReactNode> {
  const appId = shopAccount((await searchParams).appid);
  return (
    <main className="page">
      <PageHeader title="示例商店" />
      <ShopGate returnTo={shopPath("/shop", appId)} appId={appId}>
        {() => <ShopCatalogue />}
      </ShopGate>
    </main>
  );
}
