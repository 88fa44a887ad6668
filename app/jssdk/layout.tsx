import type { Metadata } from "next";
import type { ReactNode } from "react";
import { WxProvider } from "@/lib/jssdk-browser/wx-provider";
import { PageHeader } from "../_components/page-header";
import { JssdkTabs } from "./_components/jssdk-tabs";
import { WxStatusCard } from "./_components/wx-status-card";

export const metadata: Metadata = { title: "JS-SDK 演示" };

/**
 * The only place the WeChat JS-SDK is loaded: the other pages' JS stays small. The provider
 * lives in the layout so it survives navigation between the tabs and re-signs on each.
 */
export default function JssdkLayout({ children }: { children: ReactNode }): ReactNode {
  return (
    <main className="page">
      <PageHeader title="JS-SDK 演示" />
      <WxProvider>
        <WxStatusCard />
        <JssdkTabs />
        {children}
      </WxProvider>
    </main>
  );
}
