/** Request and answer shapes of mass sending (群发), with WeChat's field names. */

/** The content of a mass message (one msgtype per message). */
export type MassContent =
  /** A draft (草稿) media_id: the articles of the draft box. */
  | { msgtype: "mpnews"; mpnews: { media_id: string }; send_ignore_reprint?: 0 | 1 }
  | { msgtype: "text"; text: { content: string } }
  | { msgtype: "voice"; voice: { media_id: string } }
  /** Several permanent images in one message. */
  | {
      msgtype: "image";
      images: { media_ids: string[]; recommend?: string; need_open_comment?: 0 | 1; only_fans_can_comment?: 0 | 1 };
    }
  | { msgtype: "mpvideo"; mpvideo: { media_id: string } }
  | { msgtype: "wxcard"; wxcard: { card_id: string } };

/** A preview's content: like MassContent, but a single image. */
export type PreviewContent =
  | Exclude<MassContent, { msgtype: "image" }>
  | { msgtype: "image"; image: { media_id: string } };

export interface MassOptions {
  /**
   * Developer-side id (≤ 64 bytes): WeChat refuses a second send with the same
   * clientmsgid within 24 hours (45065) and names the first msg_id — so a
   * retried send is never delivered twice.
   */
  clientmsgid?: string;
}

/** Who gets a sendall: every follower, or the followers with one tag. */
export type MassAudience = { toAll: true } | { tagId: number };

/**
 * A send's outcome. `duplicate`: the clientmsgid was already used within
 * 24 hours (45065) and `msgId` is that earlier send's; `no_quota`: the
 * account has used its mass-send quota (45028).
 */
export type MassSendResult =
  | { status: "sent"; msgId: string; msgDataId?: string }
  | { status: "duplicate"; msgId: string }
  | { status: "no_quota" };

/** message/mass/get: SEND_SUCCESS, SENDING, SEND_FAIL or DELETE. */
export type MassStatus = "SEND_SUCCESS" | "SENDING" | "SEND_FAIL" | "DELETE";

/** 0: 80w/min, 1: 60w/min, 2: 45w/min, 3: 30w/min, 4: 10w/min (w = 10,000). */
export type MassSpeed = 0 | 1 | 2 | 3 | 4;
