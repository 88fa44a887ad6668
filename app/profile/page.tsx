import type { Metadata } from "next";
import type { ReactNode } from "react";
import type { CurrentUser } from "@/lib/auth/users";
import { Avatar } from "../_components/avatar";
import { loadCurrentUser } from "../_components/load-current-user";
import { PageHeader } from "../_components/page-header";
import { LogoutButton, SignInButtons, scopeLabel, signInHref } from "../_components/sign-in";

export const metadata: Metadata = { title: "我的资料", robots: { index: false } };

const SEX: Record<number, string> = { 1: "男", 2: "女" };

function region(user: CurrentUser): string {
  return [user.country, user.province, user.city].filter(Boolean).join(" ");
}

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }): ReactNode {
  return (
    <div className="cell">
      <span className="cell-label">{label}</span>
      <span className="cell-value" data-testid={testId}>
        {children}
      </span>
    </div>
  );
}

export default async function ProfilePage(): Promise<ReactNode> {
  const { user, failed } = await loadCurrentUser();
  return (
    <main className="page">
      <PageHeader title="我的资料" />
      {failed ? (
        <div className="notice notice-error" role="alert" data-testid="user-load-error">
          暂时无法读取你的资料，请稍后刷新重试。
        </div>
      ) : null}
      {user ? <SignedIn user={user} /> : failed ? null : <SignedOut />}
    </main>
  );
}

function SignedIn({ user }: { user: CurrentUser }): ReactNode {
  const isBase = user.scope === "snsapi_base";
  const sex = user.sex !== undefined ? SEX[user.sex] : undefined;
  const place = region(user);
  return (
    <div data-testid="profile" data-scope={user.scope}>
      <section className="card user">
        <Avatar src={user.headimgurl} size={64} />
        <div className="cell-body">
          <div className="user-name" data-testid="profile-nickname">
            {user.nickname || "微信用户"}
          </div>
          <div className="hint">{isBase ? "静默登录：仅获取 openid" : "已授权获取昵称和头像"}</div>
        </div>
      </section>

      <section className="cells">
        <Row label="openid" testId="profile-openid">
          <code>{user.openid}</code>
        </Row>
        {user.unionid ? (
          <Row label="unionid" testId="profile-unionid">
            <code>{user.unionid}</code>
          </Row>
        ) : null}
        <Row label="登录方式" testId="profile-scope">
          {scopeLabel(user.scope)} <span className="badge badge-grey">{user.scope}</span>
        </Row>
        {sex ? <Row label="性别">{sex}</Row> : null}
        {place ? <Row label="地区">{place}</Row> : null}
      </section>

      {isBase ? (
        <section className="card">
          <p className="hint" style={{ marginBottom: 12 }}>
            静默登录拿不到昵称和头像。授权登录会弹出确认页，同意后即可显示。
          </p>
          <a className="btn btn-primary" href={signInHref("snsapi_userinfo", "/profile")} data-testid="upgrade-userinfo">
            授权获取头像昵称
          </a>
        </section>
      ) : null}

      <LogoutButton />
    </div>
  );
}

function SignedOut(): ReactNode {
  return (
    <section className="card" data-testid="profile-signed-out">
      <h2>你还没有登录</h2>
      <p className="hint" style={{ marginBottom: 16 }}>
        登录后可以在这里查看你的昵称、头像和 openid。
      </p>
      <SignInButtons returnTo="/profile" />
    </section>
  );
}
