import { describe, expect, it } from "vitest";
import { WeChatApiError } from "@wxmp/wechat/errors";
import { createAdminRoute, type AdminCredential } from "./admin-route";

const SITE = "https://mp.example.com";

/** A streamed body that records how much of it was pulled (nothing is pulled before a read). */
function streamed(text: string): { body: ReadableStream<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        pulled++;
        controller.enqueue(new TextEncoder().encode(text));
        controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  return { body, pulled: () => pulled };
}

function request(method: string, init: { body?: BodyInit; headers?: Record<string, string> } = {}): Request {
  return new Request(`${SITE}/api/admin/x`, { method, ...init, duplex: "half" } as RequestInit);
}

/** The helper over fakes: who the caller is, whether the origin is ours, and counted service builds. */
function setup(credential: Response | AdminCredential = { via: "session" }) {
  let built = 0;
  const adminRoute = createAdminRoute({
    authenticate: async () => credential,
    isSameOrigin: (r: Request) => r.headers.get("origin") === SITE,
    services: async () => (built++, { greeting: "hi" }),
  });
  return { adminRoute, built: () => built };
}

const noParams = { params: Promise.resolve({}) };

describe("adminRoute: authentication and origin", () => {
  it("answers a refused caller with the refusal, reading no body and building no service", async () => {
    const { adminRoute, built } = setup(Response.json({ error: "unauthorized" }, { status: 401 }));
    const { body, pulled } = streamed('{"a":1}');
    const handler = adminRoute("test", { body: "json" }, async () => Response.json({ ran: true }));
    const res = await handler(request("POST", { body, headers: { origin: SITE } }), noParams);
    expect(res.status).toBe(401);
    expect(pulled()).toBe(0);
    expect(built()).toBe(0);
  });

  it("refuses a cookie-authenticated write from another origin (403), lets reads and Bearer scripts through", async () => {
    let ran = 0;
    const handle = async () => (ran++, Response.json({ ok: true }));
    const session = setup({ via: "session" }).adminRoute("test", handle);
    const cross = await session(request("DELETE", { headers: { origin: "https://evil.example" } }), noParams);
    expect(cross.status).toBe(403);
    expect(await cross.json()).toEqual({ error: "forbidden_origin" });
    expect((await session(request("DELETE"), noParams)).status).toBe(403); // no Origin at all
    expect((await session(request("GET", { headers: { origin: "https://evil.example" } }), noParams)).status).toBe(200);
    expect((await session(request("DELETE", { headers: { origin: SITE } }), noParams)).status).toBe(200);
    const bearer = setup({ via: "bearer" }).adminRoute("test", handle);
    expect((await bearer(request("POST", { headers: { origin: "https://evil.example" } }), noParams)).status).toBe(200);
    expect(ran).toBe(3);
  });
});

describe("adminRoute: the body", () => {
  const echo = setup({ via: "bearer" }).adminRoute("test", { body: "json" }, async ({ body }) => Response.json({ body }));

  it("hands over parsed JSON; null for an empty body; 400 invalid_json for anything else", async () => {
    expect(await (await echo(request("POST", { body: '{"rid":"aa-bb"}' }), noParams)).json()).toEqual({ body: { rid: "aa-bb" } });
    expect(await (await echo(request("POST"), noParams)).json()).toEqual({ body: null });
    const bad = await echo(request("POST", { body: "{not json" }), noParams);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: "invalid_json" });
  });

  it("refuses a body over the cap with 413, the declared length before reading", async () => {
    const small = setup({ via: "bearer" }).adminRoute("test", { body: "json", maxBytes: 1024 }, async () => Response.json({}));
    const over = await small(request("POST", { body: JSON.stringify("x".repeat(2000)) }), noParams);
    expect(over.status).toBe(413);
    expect(await over.json()).toEqual({ error: "body_too_large", detail: "at most 1 KiB" });
    const { body, pulled } = streamed("{}");
    const declared = await small(request("POST", { body, headers: { "content-length": "999999" } }), noParams);
    expect(declared.status).toBe(413);
    expect(pulled()).toBe(0);
  });

  it("reads no body when the route declares none", async () => {
    const { body, pulled } = streamed("{}");
    const handler = setup({ via: "bearer" }).adminRoute("test", async ({ body: b }) => Response.json({ body: b ?? "none" }));
    expect(await (await handler(request("POST", { body }), noParams)).json()).toEqual({ body: "none" });
    expect(pulled()).toBe(0);
  });

  it("multipart: the form; another type → 400 invalid_form; over the cap → 413", async () => {
    const upload = setup({ via: "bearer" }).adminRoute("test", { body: "multipart", maxBytes: 4096 }, async ({ body }) =>
      Response.json({ type: body.get("type") }),
    );
    const form = new FormData();
    form.set("type", "image");
    expect(await (await upload(request("POST", { body: form }), noParams)).json()).toEqual({ type: "image" });
    const notForm = await upload(request("POST", { body: "{}", headers: { "content-type": "application/json" } }), noParams);
    expect(notForm.status).toBe(400);
    expect(await notForm.json()).toMatchObject({ error: "invalid_form" });
    const big = new FormData();
    big.set("file", new Blob([new Uint8Array(8192)]), "a.png");
    expect((await upload(request("POST", { body: big }), noParams)).status).toBe(413);
  });
});

describe("adminRoute: the handler", () => {
  it("gets the route parameters and the services", async () => {
    const handler = setup().adminRoute<{ id: string }>("test", async ({ params, services }) => Response.json({ id: params.id, ...services }));
    const res = await handler(request("GET"), { params: Promise.resolve({ id: "42" }) });
    expect(await res.json()).toEqual({ id: "42", greeting: "hi" });
  });

  it("maps what it throws to the contract's JSON errors", async () => {
    const { adminRoute } = setup();
    const wechat = adminRoute("test", async () => Promise.reject(new WeChatApiError(45009, "reach max api daily quota limit", "/cgi-bin/x")));
    const res = await wechat(request("GET"), noParams);
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({ error: "wechat_error", errcode: 45009, errmsg: "reach max api daily quota limit" });
    const crash = await adminRoute("test", async () => Promise.reject(new Error("secret stack")))(request("GET"), noParams);
    expect(crash.status).toBe(500);
    expect(await crash.text()).not.toContain("secret stack");
  });

  it("tells onError what the handler threw, with the services of the request (the account it named), before mapping it", async () => {
    const told: Array<[unknown, unknown]> = [];
    const adminRoute = createAdminRoute({
      authenticate: async () => ({ via: "bearer" }) as AdminCredential,
      isSameOrigin: () => true,
      services: async () => ({ appId: "wxACCOUNTB" }),
      onError: (error, services) => told.push([error, services.appId]),
    });
    const thrown = new WeChatApiError(45047, "out of response count limit", "/cgi-bin/message/custom/send");
    const res = await adminRoute("test", async () => Promise.reject(thrown))(request("GET"), noParams);
    expect(res.status).toBe(502);
    expect(told).toEqual([[thrown, "wxACCOUNTB"]]);
    await adminRoute("test", async () => Response.json({}))(request("GET"), noParams);
    expect(told).toHaveLength(1);
  });
});
