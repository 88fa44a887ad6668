/**
 * Runs once when a server instance starts: a missing or malformed variable stops start-up
 * with one clear line naming it (no stack trace). On Vercel, where exiting a function
 * instance helps nobody, the first request answers with the same line instead. Also starts
 * noting each request's socket address (the development admin token's loopback check).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  (await import("./lib/security/peer-address")).trackPeerAddresses();
  const { parseEnv, EnvError } = await import("./lib/env-schema");
  try {
    const env = parseEnv(process.env);
    // One line per fallback, so nobody mistakes a development setup for a deployment.
    for (const name of env.devDefaults) {
      const extra = name === "ADMIN_TOKEN" ? "; admin routes answer only loopback requests" : "";
      console.warn(`[config] warning: ${name} is not set, using the known development default (next dev / npm run demo only)${extra}`);
    }
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(`[config] ${error.message}`);
    if (!process.env.VERCEL) process.exit(1);
  }
}
