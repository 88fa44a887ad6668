/**
 * What each WeChat API does, in the operator's words (issue 24, item 10): the console names a
 * quota "发送客服消息", not "/cgi-bin/message/custom/send". Pure, client-safe (the ops screen
 * imports it); the path stays available as the secondary line for developers.
 */
const API_NAMES: Record<string, string> = {
  "/cgi-bin/token": "获取调用凭据（access_token）",
  "/cgi-bin/stable_token": "获取稳定版调用凭据",
  "/cgi-bin/ticket/getticket": "获取 JS-SDK 凭据",
  "/cgi-bin/user/get": "拉取粉丝列表",
  "/cgi-bin/user/info": "查询粉丝资料",
  "/cgi-bin/user/info/batchget": "批量查询粉丝资料",
  "/cgi-bin/user/info/updateremark": "修改粉丝备注",
  "/cgi-bin/message/custom/send": "发送客服消息",
  "/cgi-bin/message/template/send": "发送模板消息",
  "/cgi-bin/message/mass/sendall": "群发消息",
  "/cgi-bin/menu/create": "发布自定义菜单",
  "/cgi-bin/menu/get": "读取自定义菜单",
  "/cgi-bin/qrcode/create": "生成渠道二维码",
  "/cgi-bin/media/upload": "上传临时素材",
  "/cgi-bin/material/add_material": "上传永久素材",
  "/cgi-bin/tags/get": "读取标签",
  "/cgi-bin/tags/members/batchtagging": "批量打标签",
};

/** The operator's name of an API path; the path itself when it has none. */
export function apiName(path: string): string {
  return API_NAMES[path] ?? API_NAMES[`/${path.replace(/^\/+/, "")}`] ?? path;
}
