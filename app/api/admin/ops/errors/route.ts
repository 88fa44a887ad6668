import { adminRoute } from "@/lib/wiring/admin-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The latest WeChat errors, newest first: `{ errors: [{ at, source, errcode, message, rid, outgoingIp }] }`. */
export const GET = adminRoute("admin ops errors", async ({ services }) => Response.json({ errors: await services.ops.errors() }));
