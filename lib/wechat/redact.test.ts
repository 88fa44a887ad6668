import { describe, expect, it } from "vitest";
import { collectSecrets, redact } from "./redact";

describe("collectSecrets", () => {
  it("treats tokens, secrets, tickets, OAuth codes and a platform's authorization codes as secrets", () => {
    const secrets = collectSecrets({
      query: { component_access_token: "CAT-1", code: "OAUTH-CODE", appid: "wx-public" },
      body: { component_appsecret: "SECRET-1", component_verify_ticket: "ticket@@@T", authorization_code: "queryauthcode@@@Q", authorizer_refresh_token: "refreshtoken@@@R", pre_auth_code_note: "x" },
    });
    expect(secrets.sort()).toEqual(["CAT-1", "OAUTH-CODE", "SECRET-1", "queryauthcode@@@Q", "refreshtoken@@@R", "ticket@@@T"].sort());
    expect(redact("code queryauthcode@@@Q is expired", secrets)).toBe("code *** is expired");
  });
});
