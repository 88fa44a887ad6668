/**
 * The simulator's open-platform authorization page, as the 公众号's administrator uses it: for
 * the authorization link the app made, confirm `appId` with the permission sets `funcs`; the
 * answer is where WeChat sends the browser back (the app's callback with `auth_code`).
 */
export async function confirmAuthorizationPage(simUrl: string, link: string, appId: string, funcs: number[]): Promise<URL> {
  const url = new URL(link);
  const form = new URLSearchParams({
    component_appid: url.searchParams.get("component_appid") ?? "",
    pre_auth_code: url.searchParams.get("pre_auth_code") ?? "",
    redirect_uri: url.searchParams.get("redirect_uri") ?? "",
    authorizer_appid: appId,
  });
  for (const id of funcs) form.append("func", String(id));
  const confirmed = await fetch(`${simUrl}/cgi-bin/componentloginpage/confirm`, { method: "POST", body: form, redirect: "manual" });
  return new URL(confirmed.headers.get("location") ?? "");
}
