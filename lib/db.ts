// TEMPORARY (until the security branch sec21 lands): its files still import this path.
export { getDb, type Db } from "./wiring/db";
