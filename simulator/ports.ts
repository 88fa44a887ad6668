/**
 * Picking a listening port for the demo and the simulator CLI: a port given
 * explicitly must be free (else one line naming the variable); the default
 * moves to the next free port and says so in one line.
 */
import net from "node:net";

/** True when nothing listens on `port` (checked on each host, e.g. the wildcard and loopback). */
export async function isPortFree(port: number, hosts: readonly (string | undefined)[] = [undefined, "127.0.0.1"]): Promise<boolean> {
  for (const host of hosts) {
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once("error", () => resolve(false));
      server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
    });
    if (!free) return false;
  }
  return true;
}

export type PortChoice = { ok: true; port: number; note?: string } | { ok: false; message: string };

export interface PortRequest {
  /** The environment variable that sets this port, e.g. DEMO_PORT. */
  variable: string;
  /** Its value, if set. */
  value: string | undefined;
  fallback: number;
  /** What listens there, for the messages, e.g. "app" or "simulator". */
  label: string;
  /** How many ports after the default to try (default 20). */
  range?: number;
  /** Ports already promised to another server of the same run. */
  exclude?: readonly number[];
  isFree?: (port: number) => Promise<boolean>;
}

/** Resolves the port to listen on, or one line saying which variable to set. */
export async function choosePort(req: PortRequest): Promise<PortChoice> {
  const isFree = req.isFree ?? ((p: number) => isPortFree(p));
  const exclude = new Set(req.exclude ?? []);
  if (req.value !== undefined && req.value.trim() !== "") {
    const port = Number(req.value);
    if (!Number.isInteger(port) || port < 1 || port > 65535) return { ok: false, message: `${req.variable} must be a port number (1-65535), got "${req.value}"` };
    if (exclude.has(port) || !(await isFree(port))) {
      return { ok: false, message: `端口 ${port} 已被占用 / port ${port} (${req.variable}) for the ${req.label} is in use: set ${req.variable} to a free port` };
    }
    return { ok: true, port };
  }
  const range = req.range ?? 20;
  for (let port = req.fallback; port <= Math.min(65535, req.fallback + range); port++) {
    if (exclude.has(port) || !(await isFree(port))) continue;
    if (port === req.fallback) return { ok: true, port };
    return { ok: true, port, note: `端口 ${req.fallback} 已被占用，${req.label} 改用 ${port} / port ${req.fallback} is in use, the ${req.label} uses ${port} (set ${req.variable} to choose)` };
  }
  return { ok: false, message: `端口 ${req.fallback}-${req.fallback + range} 都被占用 / ports ${req.fallback}-${req.fallback + range} are in use: set ${req.variable} to a free port for the ${req.label}` };
}
