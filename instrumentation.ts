/**
 * Runs once when a server instance starts: a missing or malformed variable stops start-up
 * with one clear line naming it (no stack trace). On Vercel, where exiting a function
 * instance helps nobody, the first request answers with the same line instead.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { parseEnv, EnvError } = await import("./lib/env-schema");
  try {
    parseEnv(process.env);
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(`[config] ${error.message}`);
    if (!process.env.VERCEL) process.exit(1);
  }
}
