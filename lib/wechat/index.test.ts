/**
 * The public surface exports every API group: each value (function, constant) a module of
 * api/ exports is exported by index.ts as the same object, found by reading the folder — so a
 * new group module fails here until index.ts exports it, and a function added to a group needs
 * no edit here or there.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as surface from "./index";

const apiDir = path.join(__dirname, "api");
const modules = readdirSync(apiDir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));

describe("lib/wechat/index.ts", () => {
  it("reads the api/ folder (a broken reader must not pass vacuously)", () => {
    expect(modules.length).toBeGreaterThan(20);
  });

  for (const file of modules) {
    it(`exports every value of api/${file}`, async () => {
      const mod = (await import(`./api/${file.replace(/\.ts$/, "")}`)) as Record<string, unknown>;
      const missing = Object.entries(mod).filter(([name, value]) => (surface as Record<string, unknown>)[name] !== value).map(([name]) => name);
      expect(missing).toEqual([]);
    });
  }

  it("exports the webhook, the client, OAuth, the JS-SDK and the third-party platform", () => {
    for (const name of ["createWebhook", "createWeChatClient", "createAuthorizationUrl", "buildJsSdkConfig", "createComponentPlatform", "createMenu", "submitPublish"]) {
      expect(typeof (surface as Record<string, unknown>)[name], name).toBe("function");
    }
  });
});
