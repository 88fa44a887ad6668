/** Shapes of the tokens card shared by the server and the dashboard: constants only, safe in a client bundle. */

/** WeChat's daily cgi-bin/token quota, shown beside the refresh counters. */
export const DAILY_TOKEN_QUOTA = 2000;
