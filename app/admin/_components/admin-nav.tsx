"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { ADMIN_SCREENS, currentScreen } from "./admin-screens";

/** Tabs on a desktop, one horizontally scrollable bar on a phone. */
export function AdminNav(): ReactNode {
  const active = currentScreen(usePathname() ?? "/admin");
  return (
    <nav className="console-nav" aria-label="管理后台导航" data-testid="admin-nav">
      {ADMIN_SCREENS.map((screen) => (
        <Link key={screen.href} href={screen.href} aria-current={screen === active ? "page" : undefined}>
          {screen.label}
        </Link>
      ))}
    </nav>
  );
}
