/**
 * The 概览 for the person who runs the account: today's new and lost followers and net growth
 * (and the last 7 days), messages received today, the channels (scene QR codes) that brought
 * followers, failed sends and the latest WeChat errors. Everything comes from what the app
 * already records — the activity recorder (follows, unfollows, messages), the QR scans, the
 * template sends' TEMPLATESENDJOBFINISH outcomes and the operations screen's error list.
 * Framework-free: the stores, the other screens' figures (channels, errors) and the clock are
 * injected — lib/wiring builds them — so this folder imports no other feature's code.
 */
import type { OpsError } from "../ops/errors";
import { beijingDayStart, lastBeijingDays, type ActivityStore, type DayActivity } from "./activity";

/** A failed template message as WeChat reported it (TEMPLATESENDJOBFINISH). */
export interface FailedTemplateSend {
  msgid: string;
  touser: string;
  /** WeChat's text, e.g. "failed:user block". */
  status: string;
  /** user_block | system_failed | other */
  outcome: string;
  /** Epoch ms. */
  at: number;
}

export interface FailedSendStore {
  /** Template sends whose job finished without success at or after `since`, newest first, at most `limit`. */
  failedTemplateSends(since: number, limit: number): Promise<{ total: number; items: FailedTemplateSend[] }>;
}

export interface ChannelFigure {
  id: string;
  scene: string;
  name: string | null;
  /** New followers through this code. */
  subscribes: number;
  scans: number;
}

export interface DayFigures extends DayActivity {
  /** New minus lost. */
  net: number;
}

export interface Overview {
  /** Epoch ms of the answer (the server's clock). */
  now: number;
  today: DayFigures;
  /** The last 7 Beijing days, oldest first (today last), zeros included. */
  week: DayFigures[];
  weekTotals: { subscribe: number; unsubscribe: number; net: number; message: number };
  /** The codes that brought the most new followers, today and over the 7 days (codes with none left out). */
  channels: { today: ChannelFigure[]; week: ChannelFigure[] };
  failedSends: {
    template: { today: number; items: FailedTemplateSend[] };
    /** Customer-service messages WeChat refused today (the route's errors, with errcode and rid). */
    customerService: { today: number; items: OpsError[] };
  };
  /** The latest WeChat errors (credential refreshes and the console's calls), newest first. */
  errors: OpsError[];
}

/** The route context the customer-service send reports its errors under (app/api/admin/messages). */
export const CUSTOMER_SERVICE_SOURCE = "admin message";
/** And the template send's, refused when sent (before any job). */
export const TEMPLATE_SEND_SOURCE = "admin template send";

const TOP_CHANNELS = 5;
const LISTED = 5;

/** One channel code's scans and new followers per Beijing day, oldest first (as 渠道二维码 lists them). */
export interface ChannelSeries {
  id: string;
  scene: string;
  name: string | null;
  daily: Array<{ day: string; scans: number; subscribes: number }>;
}

export interface OverviewService {
  overview(): Promise<Overview>;
}

const figures = (row: DayActivity): DayFigures => ({ ...row, net: row.subscribe - row.unsubscribe });

function topChannels(rows: ChannelFigure[]): ChannelFigure[] {
  return rows
    .filter((r) => r.subscribes > 0 || r.scans > 0)
    .sort((a, b) => b.subscribes - a.subscribes || b.scans - a.scans || a.scene.localeCompare(b.scene))
    .slice(0, TOP_CHANNELS);
}

export function createOverviewService(deps: {
  activity: ActivityStore;
  failedSends: FailedSendStore;
  /** The channel codes' last `days` Beijing days ending with the day of `now` (lib/console/qrcodes). */
  channels: (now: number, days: number) => Promise<ChannelSeries[]>;
  /** The operations screen's error list, newest first (lib/console/ops). */
  errors: () => Promise<OpsError[]>;
  now: () => number;
}): OverviewService {
  return {
    async overview() {
      const now = deps.now();
      const days = lastBeijingDays(now, 7);
      const todayStart = beijingDayStart(days[6]!);
      const [counts, codes, failedTemplates, errors] = await Promise.all([
        deps.activity.countsSince(days[0]!),
        deps.channels(now, 7),
        deps.failedSends.failedTemplateSends(todayStart, LISTED),
        deps.errors(),
      ]);
      const byDay = new Map(counts.map((c) => [c.day, c]));
      const week = days.map((day) => figures(byDay.get(day) ?? { day, subscribe: 0, unsubscribe: 0, message: 0 }));
      const weekTotals = week.reduce(
        (sum, d) => ({ subscribe: sum.subscribe + d.subscribe, unsubscribe: sum.unsubscribe + d.unsubscribe, net: sum.net + d.net, message: sum.message + d.message }),
        { subscribe: 0, unsubscribe: 0, net: 0, message: 0 },
      );
      const channel = (pick: (daily: (typeof codes)[number]["daily"]) => { scans: number; subscribes: number }) =>
        topChannels(codes.map((c) => ({ id: c.id, scene: c.scene, name: c.name, ...pick(c.daily) })));
      const todayErrors = errors.filter((e) => e.at >= todayStart);
      const csErrors = todayErrors.filter((e) => e.source === CUSTOMER_SERVICE_SOURCE);
      const refusedTemplates = todayErrors.filter((e) => e.source === TEMPLATE_SEND_SOURCE).length;
      return {
        now,
        today: week[6]!,
        week,
        weekTotals,
        channels: {
          today: channel((daily) => daily[daily.length - 1] ?? { scans: 0, subscribes: 0 }),
          week: channel((daily) => daily.reduce((s, d) => ({ scans: s.scans + d.scans, subscribes: s.subscribes + d.subscribes }), { scans: 0, subscribes: 0 })),
        },
        failedSends: {
          template: { today: failedTemplates.total + refusedTemplates, items: failedTemplates.items },
          customerService: { today: csErrors.length, items: csErrors.slice(0, LISTED) },
        },
        errors: errors.slice(0, LISTED),
      };
    },
  };
}
