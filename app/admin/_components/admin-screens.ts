/**
 * The console's screens, in navigation order. A new screen is one entry here plus its page
 * under app/admin/<segment>/page.tsx (wrapped in <AdminGate>).
 */
export interface AdminScreen {
  href: string;
  label: string;
}

export const ADMIN_SCREENS: readonly AdminScreen[] = [
  { href: "/admin", label: "概览" },
  { href: "/admin/menu", label: "菜单" },
  { href: "/admin/qrcodes", label: "渠道二维码" },
  { href: "/admin/notifications", label: "模板消息" },
  { href: "/admin/media", label: "素材库" },
  { href: "/admin/followers", label: "粉丝" },
  { href: "/admin/orders", label: "订单" },
  { href: "/admin/ops", label: "运维" },
  { href: "/admin/accounts", label: "账号" },
];

/** The screen a path belongs to: the longest href that prefixes it. */
export function currentScreen(pathname: string): AdminScreen | undefined {
  return [...ADMIN_SCREENS]
    .filter((screen) => pathname === screen.href || pathname.startsWith(`${screen.href}/`))
    .sort((a, b) => b.href.length - a.href.length)[0];
}
