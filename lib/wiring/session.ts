import "server-only";
import { cookies } from "next/headers";
import { getIronSession, type IronSession } from "iron-session";
import { sessionOptions, type SessionData } from "../auth/session";
import { getEnv } from "./env";

/** The browser's sealed session cookie (lib/auth/session.ts: what it holds, its options). */
export async function getSession(): Promise<IronSession<SessionData>> {
  return getIronSession<SessionData>(await cookies(), sessionOptions(getEnv()));
}
