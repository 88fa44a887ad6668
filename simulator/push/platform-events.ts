/** Events from the platform, not the user: they open no customer-service window and change no follower. */
export const PLATFORM_EVENTS: ReadonlySet<string> = new Set([
  "TEMPLATESENDJOBFINISH", "MASSSENDJOBFINISH", "PUBLISHJOBFINISH", "subscribe_msg_sent_event",
  "qualification_verify_success", "qualification_verify_fail", "naming_verify_success", "naming_verify_fail",
  "annual_renew", "verify_expired",
]);
