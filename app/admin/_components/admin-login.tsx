"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";
import { adminRequest } from "./admin-api";

/**
 * Asks for the admin token once. It goes to POST /api/admin/session, which keeps a keyed
 * fingerprint of it (12 hours at most) in the httpOnly session cookie; the token itself is kept
 * nowhere in the browser.
 */
export function AdminLogin(): ReactNode {
  const router = useRouter();
  const [token, setToken] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const value = token.trim();
    if (!value) {
      setError("请输入管理令牌。");
      return;
    }
    setPending(true);
    setError(null);
    const result = await adminRequest<null>("/api/admin/session", { method: "POST", json: { token: value } });
    setPending(false);
    if (!result.ok) {
      setError(
        result.status === 401
          ? "管理令牌不正确，请重新输入。"
          : result.status === 429
            ? "尝试次数过多，请 10 分钟后再试。"
            : result.status === 403
              ? "当前使用开发默认令牌，只能在本机登录。"
              : result.message,
      );
      return;
    }
    setToken("");
    // The server component now sees the admin grant in the session and renders the dashboard.
    router.refresh();
  }

  return (
    // method=post: even if submitted before hydration, the token never lands in a URL.
    <form className="card" method="post" onSubmit={(e) => void submit(e)} data-testid="admin-login-form">
      <h2>管理员登录</h2>
      <p className="hint" style={{ marginBottom: 16 }}>
        请输入部署时配置的管理令牌（环境变量 ADMIN_TOKEN）。只需输入一次，之后本浏览器的会话会记住管理员身份。
      </p>
      <label className="field">
        <span>管理令牌</span>
        <input
          className="input"
          type="password"
          name="token"
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          value={token}
          onChange={(e) => setToken(e.target.value)}
          data-testid="admin-token-input"
        />
      </label>
      {error ? (
        <div className="notice notice-error" role="alert" data-testid="admin-login-error">
          {error}
        </div>
      ) : null}
      <button type="submit" className="btn btn-primary" disabled={pending} data-testid="admin-login">
        {pending ? "验证中…" : "进入管理后台"}
      </button>
    </form>
  );
}
