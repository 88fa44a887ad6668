/**
 * The README's minimal route handler works as written: it type-checks (tsc includes
 * test/library-usage.ts), its text matches the README, and it answers WeChat's server-URL check.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..");
const between = (text: string) => /\/\/ README snippet start[^\n]*\n([\s\S]*?)\/\/ README snippet end/.exec(text)?.[1]?.trim();

describe("README: Use the library in your own app", () => {
  it("shows the snippet that is compiled here", () => {
    const snippet = between(readFileSync(path.join(root, "test/library-usage.ts"), "utf8"));
    expect(snippet).toBeTruthy();
    expect(readFileSync(path.join(root, "README.md"), "utf8")).toContain(snippet!);
  });

  it("answers the server-URL check", async () => {
    Object.assign(process.env, { WECHAT_TOKEN: "readmetoken", WECHAT_APP_ID: "wx0readme000000001" });
    const { GET } = await import("./library-usage");
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = createHash("sha1").update(["readmetoken", timestamp, "42"].sort().join("")).digest("hex");
    const res = await GET(new Request(`https://mp.example.com/api/wechat?signature=${signature}&timestamp=${timestamp}&nonce=42&echostr=hi`));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("hi");
  });
});
