import type { ReactNode } from "react";
import { NetworkDemo } from "./_components/network-demo";

export default function JssdkOverviewPage(): ReactNode {
  return (
    <>
      <NetworkDemo />
      <section className="card">
        <h2>关于本演示</h2>
        <p className="hint">
          页面加载时向服务器请求签名并调用 wx.config。切换上方的“分享”“图片”标签是单页应用内的路由变化，每次切换都会重新签名并配置，上方会显示本次签名使用的 URL。
        </p>
        <p className="hint">iOS 微信校验首次进入时的 URL，Android 校验当前 URL，两种情况都已处理。</p>
      </section>
    </>
  );
}
