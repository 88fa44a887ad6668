import type { ReactNode } from "react";
import type { CurrentUser } from "@/lib/auth/users";
import { Avatar } from "./avatar";
import { scopeLabel } from "./sign-in";

/** Avatar + nickname (snsapi_userinfo) or the openid alone (snsapi_base). */
export function UserSummary({ user }: { user: CurrentUser }): ReactNode {
  const name = user.nickname || "微信用户";
  return (
    <div className="user" data-testid="home-user" data-scope={user.scope}>
      <Avatar src={user.headimgurl} size={56} />
      <div className="cell-body">
        <div className="user-name" data-testid="user-nickname">
          {name} <span className="badge">{scopeLabel(user.scope)}</span>
        </div>
        <div className="user-openid mono" data-testid="user-openid">
          openid：{user.openid}
        </div>
      </div>
    </div>
  );
}
