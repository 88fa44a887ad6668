"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

const TABS = [
  { href: "/jssdk", label: "概览", testId: "nav-overview" },
  { href: "/jssdk/share", label: "分享", testId: "nav-share" },
  { href: "/jssdk/image", label: "图片", testId: "nav-image" },
] as const;

/** Client-side navigation between the demos: each change re-runs `wx.config` for the new URL. */
export function JssdkTabs(): ReactNode {
  const pathname = usePathname();
  return (
    <nav className="tabs" aria-label="JS-SDK 演示">
      {TABS.map((tab) => (
        <Link key={tab.href} href={tab.href} data-testid={tab.testId} aria-current={pathname === tab.href ? "page" : undefined}>
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
