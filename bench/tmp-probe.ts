import { PORTS } from "./support/config";
import { resetSqlite } from "./support/databases";
import { runLoad } from "./support/load";
import { startServer, waitUntil } from "./support/processes";
import { plainPushes, EXPECTED_REPLY } from "./support/pushes";
const { url } = await resetSqlite();
const server = startServer("fast", PORTS.fast, url);
await waitUntil(() => fetch(`http://127.0.0.1:${PORTS.fast}/api/health`).then((r) => r.status > 0), 30_000, 50);
for (const d of [5, 10]) {
  const c0 = server.cpuMs();
  const r = await runLoad({ port: PORTS.fast, connections: 50, durationSeconds: d, next: plainPushes("/api/wechat"), verify: (b) => b.includes(EXPECTED_REPLY) });
  console.log(d, r.rps.toFixed(0), r.p99, ((server.cpuMs() - c0) / r.requests).toFixed(3));
}
console.log(server.output().split("\n").filter((l) => l.includes("batches")).slice(-3).join("\n"));
await server.stop();
process.exit();
