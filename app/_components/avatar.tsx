import type { ReactNode } from "react";
import { UserIcon } from "./icons";

/**
 * A WeChat avatar. Plain <img>: the picture comes from WeChat's (or the simulator's) host,
 * which next/image would have to be configured for; the size is fixed so nothing jumps.
 */
export function Avatar({ src, size = 56, alt = "头像" }: { src?: string; size?: number; alt?: string }): ReactNode {
  if (!src) {
    return (
      <span className="avatar avatar-placeholder" style={{ width: size, height: size }} aria-label="默认头像" role="img">
        <UserIcon className="avatar-placeholder-icon" />
      </span>
    );
  }
  return (
    // eslint-disable-next-line @next/next/no-img-element -- external WeChat avatar host; fixed size, no optimisation needed
    <img className="avatar" src={src} width={size} height={size} alt={alt} referrerPolicy="no-referrer" />
  );
}
