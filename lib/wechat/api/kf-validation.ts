/**
 * Limits of the customer-service (客服) account and session APIs, checked
 * before the call with the platform's wording.
 */
import { WeChatValidationError } from "../errors";

/** "客服昵称，最长16个字" (65403). */
export const KF_NICKNAME_MAX_CHARS = 16;
/**
 * "账号前缀最多10个字符，必须是英文、数字字符或者下划线，后缀为公众号微信号，长度不超过30个字符" (65404).
 * WeChat IDs themselves are letters, digits, `_` and `-`.
 */
const KF_ACCOUNT = /^[A-Za-z0-9_]{1,10}@[A-Za-z0-9_-]{1,30}$/;

export function checkKfAccount(kfAccount: string): void {
  if (!KF_ACCOUNT.test(kfAccount)) {
    throw new WeChatValidationError(
      "kf_account",
      "完整客服账号，格式为：账号前缀@公众号微信号，账号前缀最多10个字符，必须是英文、数字字符或者下划线，后缀长度不超过30个字符 (65404)",
    );
  }
}

export function checkKfNickname(nickname: string): void {
  const length = [...nickname.trim()].length;
  if (length === 0 || [...nickname].length > KF_NICKNAME_MAX_CHARS) {
    throw new WeChatValidationError("nickname", `客服昵称，最长${KF_NICKNAME_MAX_CHARS}个字 (65403 illegal nickname)`);
  }
}

/** The head image must be a JPEG ("头像图片文件必须是jpg格式"); checked by name and by its first bytes. */
export function checkKfHeadImage(filename: string, head: Uint8Array): void {
  if (!/\.jpe?g$/i.test(filename)) {
    throw new WeChatValidationError("media", "头像图片文件必须是jpg格式，文件名须以 .jpg 结尾 (40005)");
  }
  if (head.length < 3 || head[0] !== 0xff || head[1] !== 0xd8 || head[2] !== 0xff) {
    throw new WeChatValidationError("media", "头像图片文件必须是jpg格式 (40005 invalid file type)");
  }
}
