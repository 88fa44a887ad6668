/**
 * What a cgi-bin/token errcode means for a newcomer, and where to fix it.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html
 */

const CONSOLE = "mp.weixin.qq.com → 设置与开发 → 基本配置";
const CONSOLE_EN = "mp.weixin.qq.com → Settings and Development → Basic Configuration";

/** The refused IP in a 40164 errmsg ("invalid ip 1.2.3.4 ipv6 ::ffff:1.2.3.4, not in whitelist rid: …"). */
export function refusedIp(errmsg: string): string | undefined {
  return /invalid ip ([0-9a-fA-F.:]+)/.exec(errmsg)?.[1];
}

/** [zh, en] for a cgi-bin/token errcode. */
export function explainTokenError(errcode: number, errmsg: string): [string, string] {
  switch (errcode) {
    case 40164: {
      const ip = refusedIp(errmsg) ?? "(unknown)";
      return [
        `40164 本机出口 IP ${ip} 不在白名单：在 ${CONSOLE} → IP白名单 中加入 ${ip}`,
        `40164 this machine's outbound IP ${ip} is not whitelisted: add ${ip} under ${CONSOLE_EN} → IP whitelist`,
      ];
    }
    case 40013:
    case 41002:
      return [`${errcode} AppID 无效：把 ${CONSOLE} 里的开发者ID(AppID) 填入 WECHAT_APP_ID`, `${errcode} invalid AppID: set WECHAT_APP_ID to the AppID shown in ${CONSOLE_EN}`];
    case 40125:
    case 41004:
    case 40001:
      return [
        `${errcode} AppSecret 无效：在 ${CONSOLE} 重置开发者密码(AppSecret) 并填入 WECHAT_APP_SECRET`,
        `${errcode} invalid AppSecret: reset the AppSecret in ${CONSOLE_EN} and set WECHAT_APP_SECRET`,
      ];
    case 40243:
      return [`40243 AppSecret 已被冻结：登录公众平台 ${CONSOLE} 解冻后重试`, `40243 the AppSecret is frozen: unfreeze it in ${CONSOLE_EN}, then retry`];
    case 45009:
      return [
        "45009 今日 access_token 调用次数已用完：北京时间 0 点重置，或在公众平台「接口权限」里清零（每月 10 次）",
        "45009 today's access_token quota is used up: it resets at 00:00 Beijing time, or clear it in the console (10 times a month)",
      ];
    case 89503:
    case 89501:
      return [`${errcode} 此 IP 调用需要管理员在微信上确认：让管理员在手机上确认，或把 IP 加入白名单`, `${errcode} calls from this IP need the administrator's confirmation in WeChat: confirm it, or whitelist the IP`];
    case -1:
      return ["-1 微信系统繁忙：稍后重试", "-1 WeChat is busy: retry in a moment"];
    default:
      return [`${errcode} 获取 access_token 失败（${errmsg}）：查全局返回码说明`, `${errcode} cgi-bin/token failed (${errmsg}): see the global return codes page`];
  }
}
