// TEMPORARY (until the security branch sec21 lands): its files still import this path.
export * from "./qrcodes/channels";
