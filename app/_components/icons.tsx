import type { ReactNode } from "react";

/** Inline icons (no external assets: pages must work without any third-party request). */

type IconProps = { className?: string };

const common = { viewBox: "0 0 24 24", fill: "none", stroke: "currentColor", strokeWidth: 2, strokeLinecap: "round", strokeLinejoin: "round", "aria-hidden": true } as const;

export function UserIcon({ className }: IconProps): ReactNode {
  return (
    <svg {...common} className={className}>
      <circle cx="12" cy="8" r="4" />
      <path d="M4 21c0-4 3.6-7 8-7s8 3 8 7" />
    </svg>
  );
}

export function CodeIcon({ className }: IconProps): ReactNode {
  return (
    <svg {...common} className={className}>
      <path d="M8 7l-5 5 5 5M16 7l5 5-5 5M14 4l-4 16" />
    </svg>
  );
}

export function ShieldIcon({ className }: IconProps): ReactNode {
  return (
    <svg {...common} className={className}>
      <path d="M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6z" />
      <path d="M9 12l2 2 4-4" />
    </svg>
  );
}

/** The round "warning" glyph of WeUI's message page. */
export function WarnIcon({ className }: IconProps): ReactNode {
  return (
    <svg viewBox="0 0 64 64" className={className} aria-hidden="true">
      <circle cx="32" cy="32" r="32" fill="#fa9d3b" />
      <rect x="29" y="14" width="6" height="24" rx="3" fill="#fff" />
      <circle cx="32" cy="47" r="3.5" fill="#fff" />
    </svg>
  );
}

export function CartIcon({ className }: IconProps): ReactNode {
  return (
    <svg {...common} className={className}>
      <path d="M3 4h2l2.4 11h11.2L21 7H6.2" />
      <circle cx="9" cy="19.5" r="1.5" />
      <circle cx="17" cy="19.5" r="1.5" />
    </svg>
  );
}
