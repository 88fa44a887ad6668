/**
 * The server URL (/api/wechat) as WeChat talks to it: the URL check, the
 * passive-reply round trip in all three modes, and every refusal — against
 * the running app, over real HTTP. Pushes come from the simulator (WeChat's
 * stand-in) or from our own independent signing helper (e2e/support/wechat-push.ts).
 */
import { expect, test } from "@playwright/test";
import { appUrl, E2E } from "./e2e-env";
import { expectCleanError } from "./support/app-api";
import { sim } from "./support/sim-control";
import { buildPush, newMsgId, newOpenid, openReply, postPush, postRaw, signValues, textXml, verifyGet, xmlField, type WireMode } from "./support/wechat-push";

const webhook = (port = E2E.appPort): string => `${appUrl(port)}/api/wechat`;

test.describe("server-URL check (GET)", () => {
  test("the simulator's check passes on both app processes: echostr comes back unchanged", async () => {
    for (const port of [E2E.appPort, E2E.secondAppPort]) {
      const check = await sim.verifyServerUrl({ webhookUrl: webhook(port) });
      expect(check, `port ${port}`).toMatchObject({ ok: true, status: 200 });
    }
    const echostr = "7349829743109874321";
    const answer = await verifyGet({ echostr });
    expect(answer).toEqual({ status: 200, body: echostr });
  });

  test("a bad signature is refused (401/403) and echostr is not echoed", async () => {
    const check = await sim.verifyServerUrl({ badSignature: true });
    expect(check.ok).toBe(false);
    expect([401, 403]).toContain(check.status);
    const echostr = "echo-must-not-come-back-5551234";
    const answer = await verifyGet({ echostr, badSignature: true });
    expect([401, 403]).toContain(answer.status);
    expect(answer.body).not.toContain(echostr);
    expectCleanError(answer.body);
  });

  test("a stale timestamp is refused even with a valid signature", async () => {
    const echostr = "echo-stale-98765";
    const answer = await verifyGet({ echostr, timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect([401, 403]).toContain(answer.status);
    expect(answer.body).not.toContain(echostr);
  });

  test("missing parameters → 400, nothing echoed", async () => {
    for (const omit of [["signature"], ["timestamp"], ["nonce"], ["echostr"], ["signature", "timestamp", "nonce", "echostr"]]) {
      const echostr = `echo-missing-${omit.join("-")}`;
      const answer = await verifyGet({ echostr, omit });
      expect(answer.status, `without ${omit.join(",")}`).toBe(400);
      expect(answer.body).not.toContain(echostr);
      expectCleanError(answer.body);
    }
  });
});

test.describe("passive replies (POST through the simulator)", () => {
  const modes: WireMode[] = ["plaintext", "compatible", "safe"];
  for (const mode of modes) {
    test(`text round trip in ${mode} mode → "echo:<Content>", encrypted exactly when the push was`, async () => {
      // CDATA terminator, markup and Chinese in the content: the reply must carry it back intact.
      const content = `你好 ${mode} <b>&amp; ]]> end`;
      const result = await sim.push({ mode, message: { type: "text", from: newOpenid(), content } });
      expect(result.attempts).toHaveLength(1);
      const [attempt] = result.attempts;
      expect(attempt?.status).toBe(200);
      expect(attempt?.ms).toBeLessThan(5000);
      expect(result.replyErrors).toEqual([]);
      expect(result.replyWarnings).toEqual([]);
      expect(result.userVisibleError).toBeUndefined();
      expect(result.reply).toEqual({ kind: "text", content: `echo:${content}` });
      const raw = attempt?.body ?? "";
      if (mode === "plaintext") {
        expect(raw).not.toContain("<Encrypt>");
        expect(raw).toContain("<MsgType><![CDATA[text]]></MsgType>");
      } else {
        expect(raw).toContain("<Encrypt>");
        expect(raw).toContain("<MsgSignature>");
        expect(raw).not.toContain("echo:"); // nothing of the reply in the clear
        expect(attempt?.decryptedReply).toContain("echo:");
        // Our own, independent check of the encrypted reply agrees with the simulator's.
        expect(xmlField(openReply(raw), "Content")).toBe(`echo:${content}`);
      }
      expect(xmlField(attempt?.decryptedReply ?? raw, "ToUserName")).toBe(result.openid);
      const createTime = Number(xmlField(attempt?.decryptedReply ?? raw, "CreateTime"));
      expect(Math.abs(createTime - Date.now() / 1000)).toBeLessThan(60); // seconds, not milliseconds
    });
  }

  test("subscribe → the bot's subscribe reply (safe mode)", async () => {
    const result = await sim.push({ mode: "safe", message: { type: "subscribe", from: newOpenid() } });
    expect(result.attempts[0]?.status).toBe(200);
    expect(result.attempts[0]?.body).toContain("<Encrypt>");
    expect(result.replyErrors).toEqual([]);
    expect(result.reply?.kind).toBe("text");
    expect(result.reply?.kind === "text" ? result.reply.content : "").toBe("test-bot:subscribed");
  });

  test("CLICK TEST_NEWS → a one-article news reply", async () => {
    const result = await sim.push({ mode: "compatible", message: { type: "CLICK", from: newOpenid(), key: "TEST_NEWS" } });
    expect(result.attempts[0]?.status).toBe(200);
    expect(result.replyErrors).toEqual([]);
    expect(result.replyWarnings).toEqual([]);
    expect(result.reply).toMatchObject({ kind: "news" });
    const article = result.reply?.kind === "news" ? result.reply.articles[0] : undefined;
    expect(article?.title).toBe("test-bot:news");
    expect(article?.url).toBe("https://example.com/");
    expect(xmlField(result.attempts[0]?.decryptedReply ?? "", "ArticleCount")).toBe("1");
  });

  test("other events and unknown message types → plain `success`", async () => {
    const from = newOpenid();
    const pushes = [
      { mode: "safe" as const, message: { type: "LOCATION" as const, from, latitude: 22.54, longitude: 114.06 } },
      { mode: "plaintext" as const, message: { type: "unsubscribe" as const, from } },
      { mode: "safe" as const, message: { type: "VIEW" as const, from, url: `${appUrl()}/jssdk` } },
      { mode: "plaintext" as const, message: { type: "SCAN" as const, from, scene: "42" } },
      { mode: "safe" as const, message: { type: "image" as const, from } },
      { mode: "plaintext" as const, message: { type: "CLICK" as const, from, key: "NOT_A_TEST_KEY" } },
      {
        mode: "safe" as const,
        xml:
          `<xml><ToUserName><![CDATA[gh_e2e]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName>` +
          `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[hologram]]></MsgType>` +
          `<Beam><![CDATA[x]]></Beam><MsgId>${newMsgId()}</MsgId></xml>`,
      },
      {
        mode: "plaintext" as const,
        xml:
          `<xml><ToUserName><![CDATA[gh_e2e]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName>` +
          `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[event]]></MsgType>` +
          `<Event><![CDATA[some_future_event]]></Event></xml>`,
      },
    ];
    for (const push of pushes) {
      const result = await sim.push(push);
      const label = JSON.stringify(push).slice(0, 90);
      expect(result.attempts, label).toHaveLength(1);
      expect(result.attempts[0]?.status, label).toBe(200);
      expect(result.attempts[0]?.body, label).toBe("success");
      expect(result.userVisibleError, label).toBeUndefined();
    }
  });
});

test.describe("refusals (our own raw requests)", () => {
  const from = newOpenid();
  const validXml = (): string => textXml({ from, content: "raw" });

  test("a correctly signed raw push is answered (the baseline the refusals differ from)", async () => {
    const plain = await postPush({ xml: validXml() });
    expect(plain.status).toBe(200);
    expect(xmlField(plain.body, "Content")).toBe("echo:raw");
    const safe = await postPush({ xml: validXml(), mode: "safe", port: E2E.secondAppPort });
    expect(safe.status).toBe(200);
    expect(safe.body).toContain("<Encrypt>");
    expect(xmlField(openReply(safe.body), "Content")).toBe("echo:raw");
  });

  test("bad signature → 401 (raw and via the simulator)", async () => {
    const answer = await postPush({ xml: validXml(), tamper: "signature" });
    expect(answer.status).toBe(401);
    expectCleanError(answer.body);
    const viaSim = await sim.push({ mode: "plaintext", tamper: "signature", message: { type: "text", from, content: "x" } });
    expect(viaSim.attempts[0]?.status).toBe(401);
    expect(viaSim.attempts[0]?.body ?? "").not.toContain("echo:");
  });

  test("stale or far-future timestamp (> 300 s) → 401 despite a valid signature", async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const timestamp of [now - 301 - 30, now + 400]) {
      const answer = await postPush({ xml: validXml(), timestamp });
      expect(answer.status, `timestamp ${timestamp - now}`).toBe(401);
      expectCleanError(answer.body);
    }
    const viaSim = await sim.push({ mode: "safe", timestamp: now - 3600, message: { type: "text", from, content: "old" } });
    expect(viaSim.attempts[0]?.status).toBe(401);
  });

  test("missing query parameters → 400", async () => {
    for (const omit of [["signature"], ["timestamp"], ["nonce"], ["signature", "timestamp", "nonce", "openid"]]) {
      const answer = await postPush({ xml: validXml(), omit });
      expect(answer.status, `without ${omit.join(",")}`).toBe(400);
      expectCleanError(answer.body);
    }
  });

  test("malformed XML → 400", async () => {
    const bodies = ["", "hello", "<xml><ToUserName>a</xml>", "<xml><Content><![CDATA[x]]></Content>", "{\"MsgType\":\"text\"}", "<xml><a></b></xml>"];
    for (const rawBody of bodies) {
      const answer = await postPush({ xml: validXml(), rawBody });
      expect(answer.status, JSON.stringify(rawBody)).toBe(400);
      expectCleanError(answer.body);
    }
  });

  test("characters XML forbids in a message never reach the reply (it stays well-formed)", async () => {
    const answer = await postPush({ xml: textXml({ from, content: "a\u0000b\u0008c" }), mode: "safe" });
    // Refusing such a push (400) is as good as cleaning it; a reply WeChat cannot parse is not.
    expect([200, 400]).toContain(answer.status);
    if (answer.status === 400) return;
    const reply = openReply(answer.body);
    expect(reply).not.toMatch(/[\u0000-\u0008]/);
    expect(xmlField(reply, "Content")).toMatch(/^echo:a.?b.?c$/);
  });

  test("DOCTYPE / entity declarations → 400, fast (no entity expansion)", async () => {
    const laughs =
      `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">` +
      `<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>` +
      `<xml><ToUserName><![CDATA[gh]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>1</CreateTime>` +
      `<MsgType><![CDATA[text]]></MsgType><Content>&d;&d;&d;</Content><MsgId>1</MsgId></xml>`;
    const external = `<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><MsgType>text</MsgType><Content>&xxe;</Content></xml>`;
    for (const rawBody of [laughs, external]) {
      const answer = await postPush({ xml: validXml(), rawBody });
      expect(answer.status).toBe(400);
      expect(answer.body).not.toContain("aaaaaaaaaa");
      expect(answer.body).not.toContain("root:");
      expect(answer.ms).toBeLessThan(2000);
      expectCleanError(answer.body);
    }
    // Also inside a safe-mode envelope: the decrypted message is held to the same rule.
    const sealed = await postPush({ xml: external, mode: "safe" });
    expect(sealed.status).toBe(400);
    expect(sealed.body).not.toContain("root:");
  });

  test("a body over 1 MiB → 413 (and the app keeps serving)", async () => {
    const big = `<xml><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${"A".repeat(1024 * 1024 + 100)}]]></Content></xml>`;
    const { url } = buildPush({ xml: validXml() });
    const answer = await postRaw(url, big);
    expect(answer.status).toBe(413);
    expectCleanError(answer.body);
    const after = await postPush({ xml: validXml() });
    expect(after.status).toBe(200);
  });

  test("safe mode: bad msg_signature → 401, missing msg_signature → 400", async () => {
    const tampered = await postPush({ xml: validXml(), mode: "safe", tamper: "msg_signature" });
    expect(tampered.status).toBe(401);
    expectCleanError(tampered.body);
    const viaSim = await sim.push({ mode: "safe", tamper: "msg_signature", message: { type: "text", from, content: "x" } });
    expect(viaSim.attempts[0]?.status).toBe(401);
    const missing = await postPush({ xml: validXml(), mode: "safe", omit: ["msg_signature"] });
    expect(missing.status).toBe(400);
    expectCleanError(missing.body);
  });

  test("a push sealed for another appid (correctly signed) → 401", async () => {
    for (const mode of ["safe", "compatible"] as const) {
      const answer = await postPush({ xml: validXml(), mode, encryptAppId: "wx0other0000000001" });
      expect(answer.status, mode).toBe(401);
      expect(answer.body).not.toContain("echo:");
      expectCleanError(answer.body);
    }
  });

  test("garbage in <Encrypt> with a matching msg_signature → 401, not a crash", async () => {
    const { url } = buildPush({ xml: validXml(), mode: "safe" });
    const params = new URL(url).searchParams;
    const garbage = "bm90IHJlYWxseSBjaXBoZXJ0ZXh0IGF0IGFsbA==";
    params.set("msg_signature", signValues(E2E.token, params.get("timestamp") ?? "", params.get("nonce") ?? "", garbage));
    const answer = await postRaw(`${webhook()}?${params.toString()}`, `<xml><ToUserName><![CDATA[gh]]></ToUserName><Encrypt><![CDATA[${garbage}]]></Encrypt></xml>`);
    expect([400, 401]).toContain(answer.status);
    expectCleanError(answer.body);
  });

  test("after all the refusals both processes still answer", async () => {
    for (const port of [E2E.appPort, E2E.secondAppPort]) {
      const answer = await postPush({ xml: textXml({ from: newOpenid(), content: "still here" }), port });
      expect(answer.status).toBe(200);
      expect(xmlField(answer.body, "Content")).toBe("echo:still here");
    }
  });
});
