/** A webhook stand-in for the draft/publish/mass simulator tests (not a test file itself). */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Receiver {
  url: string;
  bodies: string[];
  close(): Promise<void>;
}

/** Answers every push with `success` and keeps the bodies. */
export async function startReceiver(): Promise<Receiver> {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      bodies.push(body);
      res.end("success");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/api/wechat`,
    bodies,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
