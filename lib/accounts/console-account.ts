/**
 * Which account a console request works on (several accounts in one deployment): `?appid=` on
 * the URL, else the `X-WeChat-AppId` header (scripts with the admin token), else the switcher's
 * cookie, else none (the env's account, so the contract's admin routes work unchanged).
 * Only an AppID travels this way; whether it names an active account is the registry's to say.
 */
export const ACCOUNT_COOKIE = "wxmp_account";
export const ACCOUNT_HEADER = "x-wechat-appid";

function cookieValue(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}

/** The AppID the request names, or undefined for the default account. */
export function requestedAccount(request: Request): string | undefined {
  const fromQuery = new URL(request.url).searchParams.get("appid");
  const named = fromQuery ?? request.headers.get(ACCOUNT_HEADER) ?? cookieValue(request.headers.get("cookie"), ACCOUNT_COOKIE);
  return named ? named.trim() || undefined : undefined;
}
