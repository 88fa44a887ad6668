/**
 * Control API for publishing and mass sending (`/__sim/job-events`,
 * `/__sim/broadcast`): the job-finished pushes and how the app answered
 * them, and the knobs tests turn (job delay, failing the next publish, quota),
 * for the account `?appid=` names (the default account without one).
 */
import { bad, controlObject, unknownAccount } from "../../core/control-input";
import type { JsonResult, Route, RouteContext } from "../../core/router";
import { parseXml, textOf } from "../../protocol/xml";
import { draftState } from "./drafts-state";
import { massState } from "./mass-state";

const JOB_EVENTS = new Set(["PUBLISHJOBFINISH", "MASSSENDJOBFINISH"]);

function jobEvents(ctx: RouteContext): JsonResult {
  const account = ctx.state.controlAccount(ctx.query);
  if (!account) return unknownAccount(ctx);
  const events = ctx.state.pushes
    .map((p) => ({ push: p, doc: parseXml(p.requestXml) ?? undefined }))
    // The account's own job events: pushed to its original id.
    .filter(({ doc }) => JOB_EVENTS.has(textOf(doc, "Event")) && textOf(doc, "ToUserName") === account.originalId)
    .map(({ push, doc }) => ({
      event: textOf(doc, "Event"),
      xml: push.requestXml,
      delivered: push.delivered,
      statuses: push.attempts.map((a) => a.status),
      answers: push.attempts.map((a) => a.body ?? null),
      replyErrors: push.replyErrors,
      userVisibleError: push.userVisibleError ?? null,
    }));
  return { json: { events } };
}

async function settings(ctx: RouteContext): Promise<JsonResult> {
  const input = await controlObject(ctx);
  if (!input) return bad("body must be an object");
  const account = ctx.state.controlAccount(ctx.query);
  if (!account) return unknownAccount(ctx);
  const drafts = account.state(draftState);
  const mass = account.state(massState);
  const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : undefined);
  drafts.publishDelayMs = num(input.publishDelayMs) ?? drafts.publishDelayMs;
  mass.finishDelayMs = num(input.massDelayMs) ?? mass.finishDelayMs;
  mass.dailyQuota = num(input.massDailyQuota) ?? mass.dailyQuota;
  if (Array.isArray(input.failNextPublish)) drafts.failNextPublish = input.failNextPublish.map(Number).filter((n) => Number.isInteger(n) && n > 0);
  return {
    json: {
      publishDelayMs: drafts.publishDelayMs, massDelayMs: mass.finishDelayMs, massDailyQuota: mass.dailyQuota,
      failNextPublish: drafts.failNextPublish, drafts: drafts.drafts.size, published: drafts.published.size, massJobs: mass.jobs.size,
    },
  };
}

export const broadcastControlRoutes: Route[] = [
  { method: "GET", path: "/__sim/job-events", handler: jobEvents },
  { method: "POST", path: "/__sim/broadcast", handler: settings },
];
