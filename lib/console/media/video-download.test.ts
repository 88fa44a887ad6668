import { describe, expect, it } from "vitest";
import { WeChatHttpError, WeChatTimeoutError } from "@wxmp/wechat/errors";
import { openVideoDownload, WECHAT_MEDIA_HOST, type VideoDownloadOptions } from "./video-download";

type Call = { url: string; redirect: RequestRedirect | undefined; signal: AbortSignal | undefined };

/** A fetch answering from `answers` by URL, recording each call. */
function fakeFetch(answers: Record<string, () => Response | Promise<Response>>): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const fn = (async (input: URL | RequestInfo, init?: RequestInit) => {
    const url = String(input);
    calls.push({ url, redirect: init?.redirect, signal: init?.signal ?? undefined });
    const answer = answers[url];
    if (!answer) throw new Error(`unexpected fetch ${url}`);
    return answer();
  }) as typeof fetch;
  return { fetch: fn, calls };
}

const options = (f: typeof fetch, timeoutMs = 1000): VideoDownloadOptions => ({ allowed: (u) => WECHAT_MEDIA_HOST.test(u.hostname), timeoutMs, fetch: f });
const redirect = (location: string): Response => new Response(null, { status: 302, headers: { location } });
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe("video download (issue 21)", () => {
  it("knows Tencent's media hosts and nothing that merely ends like them", () => {
    for (const host of ["mpvideo.qpic.cn", "vweixinf.tc.qq.com", "qq.com"]) expect(WECHAT_MEDIA_HOST.test(host), host).toBe(true);
    for (const host of ["127.0.0.1", "localhost", "evilqq.com", "qq.com.evil.example", "169.254.169.254"]) expect(WECHAT_MEDIA_HOST.test(host), host).toBe(false);
  });

  it("refuses a URL off WeChat's hosts (a loopback one included) without connecting", async () => {
    const { fetch, calls } = fakeFetch({});
    for (const url of ["http://127.0.0.1:3000/api/admin/tokens", "http://169.254.169.254/latest/meta-data", "file:///etc/passwd", "ftp://mpvideo.qpic.cn/v", "not a url"]) {
      await expect(openVideoDownload(url, options(fetch)), url).rejects.toBeInstanceOf(WeChatHttpError);
    }
    expect(calls).toEqual([]);
  });

  it("follows a redirect that stays on WeChat's hosts, never one off them", async () => {
    const { fetch, calls } = fakeFetch({
      "http://mpvideo.qpic.cn/a.mp4": () => redirect("http://vweixinf.tc.qq.com/b.mp4"),
      "http://vweixinf.tc.qq.com/b.mp4": () => new Response("video", { headers: { "content-type": "video/mp4" } }),
      "http://mpvideo.qpic.cn/bad.mp4": () => redirect("http://127.0.0.1:3000/api/admin/tokens"),
    });
    const ok = await openVideoDownload("http://mpvideo.qpic.cn/a.mp4", options(fetch));
    expect(await new Response(ok.body).text()).toBe("video");
    expect(ok.headers.get("content-type")).toBe("video/mp4");
    await expect(openVideoDownload("http://mpvideo.qpic.cn/bad.mp4", options(fetch))).rejects.toBeInstanceOf(WeChatHttpError);
    expect(calls.map((c) => c.url)).toEqual(["http://mpvideo.qpic.cn/a.mp4", "http://vweixinf.tc.qq.com/b.mp4", "http://mpvideo.qpic.cn/bad.mp4"]);
    expect(calls.every((c) => c.redirect === "manual")).toBe(true);
  });

  it("times the wait for the headers, not the stream: a video still streaming past the timeout is not cut", async () => {
    const { fetch, calls } = fakeFetch({
      "http://mpvideo.qpic.cn/long.mp4": () =>
        new Response(
          new ReadableStream<Uint8Array>({
            async pull(controller) {
              await sleep(150); // the second half comes after the 100 ms timeout
              controller.enqueue(new TextEncoder().encode("frames"));
              controller.close();
            },
          }),
        ),
    });
    const res = await openVideoDownload("http://mpvideo.qpic.cn/long.mp4", options(fetch, 100));
    expect(await new Response(res.body).text()).toBe("frames");
    expect(calls[0]!.signal?.aborted).toBe(false);
  });

  it("gives up with a timeout when no headers come in time", async () => {
    const hanging: typeof fetch = (_input, init) =>
      new Promise<Response>((_, reject) => init?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
    await expect(openVideoDownload("http://mpvideo.qpic.cn/slow.mp4", options(hanging, 50))).rejects.toBeInstanceOf(WeChatTimeoutError);
  });
});
