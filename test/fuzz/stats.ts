/**
 * The figures a fuzz run reports (the closing note quotes them), and a
 * heap measurement that counts retained memory rather than uncollected garbage.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** The figures the closing note needs; shared by every property of a run. */
export type FuzzStats = {
  inputs: number;
  requests: number;
  fiveXx: number;
  crashes: number;
  duplicatesExecuted: number;
  handlerRuns: number;
  /** The slowest answer, in ms: WeChat gives up after 5 s. */
  slowestMs: number;
  statuses: Record<number, number>;
};
export const createStats = (): FuzzStats => ({
  inputs: 0,
  requests: 0,
  fiveXx: 0,
  crashes: 0,
  duplicatesExecuted: 0,
  handlerRuns: 0,
  slowestMs: 0,
  statuses: {},
});
export const formatStats = (s: FuzzStats): string =>
  `inputs tried=${s.inputs} requests=${s.requests} 5xx=${s.fiveXx} crashes=${s.crashes} ` +
  `duplicates executed=${s.duplicatesExecuted} handler runs=${s.handlerRuns} slowest answer=${Math.round(s.slowestMs)} ms ` +
  `statuses=${JSON.stringify(s.statuses)}`;

let gc: (() => void) | undefined;
/** Heap in use after a full collection (V8's gc exposed at run time), so growth means memory kept, not garbage. */
export function heapUsedAfterGc(): number {
  if (!gc) {
    setFlagsFromString("--expose-gc");
    gc = runInNewContext("gc") as () => void;
  }
  gc();
  return process.memoryUsage().heapUsed;
}
