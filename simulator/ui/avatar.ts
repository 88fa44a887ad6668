/** Inline SVG avatars (no external assets: the simulator works offline). */
import { escapeHtml } from "../core/http";

/** The character shown on an avatar: the given name's last char for '测试用户…', else the first. */
function avatarChar(name: string): string {
  const chars = [...name];
  return (name.startsWith("测试用户") ? chars[chars.length - 1] : chars[0]) ?? "微";
}

/** A square avatar with rounded corners, like WeChat's. */
export function avatarSvg(name: string, color: string, size = 132): string {
  const ch = escapeHtml(avatarChar(name));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 132 132">` +
    `<rect width="132" height="132" rx="14" fill="${escapeHtml(color)}"/>` +
    `<text x="66" y="66" dy=".35em" text-anchor="middle" font-size="62" fill="#fff" ` +
    `font-family="PingFang SC, Microsoft YaHei, Noto Sans CJK SC, sans-serif">${ch}</text></svg>`;
}

/** The same SVG as a data: URI for <img src>. */
export function avatarDataUri(name: string, color: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(avatarSvg(name, color))}`;
}
