/** What `createWebhook` (webhook.ts) takes: the account, the bot, the stores and the limits. */
import type { InboundMessage } from "../message";
import type { Reply } from "../reply";
import type { Clock, Logger, RandomBytes } from "../types";
import type { BodyBindingStore } from "./body-binding";
import type { DedupStore } from "./dedup";
import type { MessageHandler } from "./types";

export type WebhookOptions = {
  token: string;
  /** The account pushes are for: handed to the bot as `ctx.account`. */
  appId: string;
  /**
   * The appid sealed in safe-mode ciphertexts (pushes and replies), when it is not `appId`: a
   * third-party platform's component_appid, for the pushes of an account authorized to it —
   * they arrive signed with the platform's Token and encrypted with its EncodingAESKey
   * (component/platform.ts `webhookIdentity` builds these options). Requires `encodingAESKey`;
   * excludes `acceptPlaintext` (such pushes are never plaintext).
   */
  cryptoAppId?: string;
  /** Enables compatible and safe mode; plaintext pushes are then refused (401). */
  encodingAESKey?: string;
  /** The key before the last rotation, tried when the current one fails. */
  previousEncodingAESKey?: string;
  /** With a key configured, accept plaintext pushes anyway — only while switching the console's mode. */
  acceptPlaintext?: boolean;
  /** The bot. `null`/`undefined` answers `success`. */
  onMessage: MessageHandler;
  /** Default: an in-memory store (one process). */
  dedup?: DedupStore;
  /** Plaintext query ↔ body bindings. Default: in memory (one process). */
  bodyBindings?: BodyBindingStore;
  /** WeChat gives up after 5 s; answer before that. Default 4500. */
  replyDeadlineMs?: number;
  /** Default 300. */
  maxTimestampSkewSeconds?: number;
  /** Default 1 MiB. */
  maxBodyBytes?: number;
  /** The whole body must arrive within this (408 after): WeChat gives up on a push after 5 s. Default 5000. */
  bodyReadTimeoutMs?: number;
  /** How long a push is remembered; at least (and by default) 5 minutes. */
  dedupTtlMs?: number;
  /** Sends a reply that missed the deadline through the customer-service API; throws on failure. */
  deliverLate?: (msg: InboundMessage, reply: Reply) => Promise<void>;
  /** Default for `WebhookCallContext.waitUntil`; without either: fire-and-forget. */
  waitUntil?: (work: Promise<unknown>) => void;
  clock?: Clock;
  randomBytes?: RandomBytes;
  logger?: Logger;
  sleep?: (ms: number) => Promise<void>;
  /** How often a retry polls the store for the first delivery's answer. Default 75. */
  pollIntervalMs?: number;
};
