import type { Metadata } from "next";
import type { ReactNode } from "react";
import { ImageDemo } from "../_components/image-demo";

export const metadata: Metadata = { title: "JS-SDK 演示 · 图片" };

export default function JssdkImagePage(): ReactNode {
  return <ImageDemo />;
}
