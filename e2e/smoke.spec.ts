import { expect, test } from "@playwright/test";
import { simulatorUrl } from "./e2e-env";

test("app and simulator are up; the server-URL check passes through the simulator", async ({ request }) => {
  expect((await request.get("/api/health")).ok()).toBe(true);
  const check = await request.post(`${simulatorUrl}/__sim/verify-server-url`, { data: {} });
  const result = await check.json();
  expect(result).toMatchObject({ ok: true });
});
