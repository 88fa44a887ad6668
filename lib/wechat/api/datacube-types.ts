/** Rows of the statistics (数据统计, datacube) APIs, with WeChat's field names. */

interface Dated {
  /** YYYY-MM-DD. */
  ref_date: string;
}
interface Hourly {
  /** Hour × 100 in Beijing time: 0, 100, …, 2300. */
  ref_hour: number;
}

export interface UserSummaryRow extends Dated {
  /** 0 other, 1 search, 17 card share, 30 QR code, 51 payment, 57 article menu, 100 ads, 161 other accounts' articles… */
  user_source: number;
  new_user: number;
  cancel_user: number;
}
export interface UserCumulateRow extends Dated {
  cumulate_user: number;
}

interface ReadCounts {
  int_page_read_user: number;
  int_page_read_count: number;
  ori_page_read_user: number;
  ori_page_read_count: number;
  share_user: number;
  share_count: number;
  add_to_fav_user: number;
  add_to_fav_count: number;
}
export interface ArticleSummaryRow extends Dated, ReadCounts {
  /** "msgid_index", e.g. "10000050_1". */
  msgid: string;
  title: string;
}
export interface ArticleTotalRow extends Dated {
  msgid: string;
  title: string;
  details: (ReadCounts & { stat_date: string; target_user: number; int_page_from_session_read_user?: number; feed_share_from_session_user?: number })[];
}
export interface UserReadRow extends Dated, ReadCounts {
  user_source?: number;
}
export interface UserReadHourRow extends Dated, Hourly, ReadCounts {
  user_source: number;
}
export interface UserShareRow extends Dated {
  /** 1 friend, 2 Moments, 3 Tencent Weibo, 255 other. */
  share_scene: number;
  share_count: number;
  share_user: number;
}
export type UserShareHourRow = UserShareRow & Hourly;

export interface UpstreamMsgRow extends Dated {
  /** 1 text, 2 image, 3 voice, 4 video, 6 third-party app message. */
  msg_type: number;
  msg_user: number;
  msg_count: number;
}
export type UpstreamMsgHourRow = UpstreamMsgRow & Hourly;
export interface UpstreamMsgDistRow extends Dated {
  /** 0: 0 messages, 1: 1-5, 2: 6-10, 3: more than 10. */
  count_interval: number;
  msg_user: number;
}

export interface InterfaceSummaryRow extends Dated {
  callback_count: number;
  fail_count: number;
  /** Milliseconds. */
  total_time_cost: number;
  max_time_cost: number;
}
export type InterfaceSummaryHourRow = InterfaceSummaryRow & Hourly;

/** Each datacube endpoint's row type. */
export interface DatacubeRows {
  getusersummary: UserSummaryRow;
  getusercumulate: UserCumulateRow;
  getarticlesummary: ArticleSummaryRow;
  getarticletotal: ArticleTotalRow;
  getuserread: UserReadRow;
  getuserreadhour: UserReadHourRow;
  getusershare: UserShareRow;
  getusersharehour: UserShareHourRow;
  getupstreammsg: UpstreamMsgRow;
  getupstreammsghour: UpstreamMsgHourRow;
  getupstreammsgweek: UpstreamMsgRow;
  getupstreammsgmonth: UpstreamMsgRow;
  getupstreammsgdist: UpstreamMsgDistRow;
  getupstreammsgdistweek: UpstreamMsgDistRow;
  getupstreammsgdistmonth: UpstreamMsgDistRow;
  getinterfacesummary: InterfaceSummaryRow;
  getinterfacesummaryhour: InterfaceSummaryHourRow;
}

export type DatacubeMetric = keyof DatacubeRows;

export interface DateRange {
  /** YYYY-MM-DD (Beijing calendar day). */
  beginDate: string;
  /** YYYY-MM-DD; at the latest yesterday. */
  endDate: string;
}
