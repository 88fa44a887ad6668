import type { ReactNode } from "react";
import { getEnv } from "@/lib/wiring/env";
import styles from "./shop.module.css";

/** Outside WeChat: where to open the page instead (the public URL, to send to oneself in WeChat). */
export function OpenInWeChat({ path }: { path: string }): ReactNode {
  let url = path;
  try {
    url = `${getEnv().appUrl}${path}`;
  } catch {
    /* misconfigured server: the path alone still tells where to go */
  }
  return (
    <section className="card" data-testid="shop-open-in-wechat">
      <h2>请在微信中打开</h2>
      <p className="hint" style={{ marginBottom: 12 }}>
        本店使用微信支付，只能在微信内置浏览器中下单。请把下面的链接发送到微信（例如“文件传输助手”），在微信中点开。
      </p>
      <p className={styles.mono} data-testid="shop-url">
        {url}
      </p>
    </section>
  );
}
