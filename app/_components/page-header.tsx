import Link from "next/link";
import type { ReactNode } from "react";

/** Title row of an inner page, with the way back home. */
export function PageHeader({ title, backHref = "/", backLabel = "首页" }: { title: string; backHref?: string; backLabel?: string }): ReactNode {
  return (
    <header className="page-header">
      <Link href={backHref} className="back" aria-label={`返回${backLabel}`}>
        ‹ {backLabel}
      </Link>
      <h1>{title}</h1>
    </header>
  );
}
