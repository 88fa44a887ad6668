import type { Metadata } from "next";
import type { ReactNode } from "react";
import { ShareDemo } from "../_components/share-demo";

export const metadata: Metadata = { title: "JS-SDK 演示 · 分享" };

export default function JssdkSharePage(): ReactNode {
  return <ShareDemo />;
}
