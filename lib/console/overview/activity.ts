/**
 * The 概览's own record: follows, unfollows and the followers' messages, one event per push,
 * counted per Beijing day. Nothing else in the app keeps an unfollow or counts messages (the
 * follower sync only sees who follows now; the customer-service window keeps one interaction
 * per follower). Pure types, a day helper and the in-memory store the tests use.
 */

export type ActivityKind = "subscribe" | "unsubscribe" | "message";

export interface ActivityEvent {
  /** The push's dedup key: a push WeChat retries is one event. */
  key: string;
  kind: ActivityKind;
  openid: string;
  /** Epoch ms. */
  at: number;
}

export interface DayActivity {
  /** Beijing calendar day, YYYY-MM-DD. */
  day: string;
  subscribe: number;
  unsubscribe: number;
  message: number;
}

export interface ActivityStore {
  /** Stores the events; one already stored (same key) is skipped. */
  record(events: ReadonlyArray<ActivityEvent>): Promise<void>;
  /** Counts per Beijing day and kind for the days from `firstDay` on (days without events left out). */
  countsSince(firstDay: string): Promise<DayActivity[]>;
}

const BEIJING_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The Beijing calendar day of an instant (WeChat's days and quotas run on Beijing time). */
export function beijingDayOf(epochMs: number): string {
  return new Date(epochMs + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** The last `days` Beijing days ending with today, oldest first. */
export function lastBeijingDays(now: number, days: number): string[] {
  return Array.from({ length: days }, (_, i) => beijingDayOf(now - (days - 1 - i) * DAY_MS));
}

/** The start (epoch ms) of a Beijing day. */
export function beijingDayStart(day: string): number {
  return Date.parse(`${day}T00:00:00+08:00`);
}

export function createMemoryActivityStore(): ActivityStore {
  const events = new Map<string, ActivityEvent>();
  return {
    async record(batch) {
      for (const event of batch) if (!events.has(event.key)) events.set(event.key, { ...event });
    },
    async countsSince(firstDay) {
      const perDay = new Map<string, DayActivity>();
      for (const event of events.values()) {
        const day = beijingDayOf(event.at);
        if (day < firstDay) continue;
        const row = perDay.get(day) ?? { day, subscribe: 0, unsubscribe: 0, message: 0 };
        row[event.kind] += 1;
        perDay.set(day, row);
      }
      return [...perDay.values()].sort((a, b) => a.day.localeCompare(b.day));
    },
  };
}
