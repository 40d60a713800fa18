/**
 * A recording of the OMSPAN simulator's answers, served again byte for byte (figure 4).
 *
 * The simulator makes its RealisasiKL rows up as it serves them (sim/omspan-data.ts), a few
 * µs of CPU per row; the sync requests its pages one after the other, so that generation would
 * sit on the sync's critical path and be counted as the sync's time. The figure measures the
 * sync, not the simulator: every body a sync will ask for (the five fixed endpoints and the
 * RealisasiKL ranges a sync of `pageSize` walks) is fetched from the simulator once, before
 * anything is timed, and kept as a Buffer; the replay server answers those paths from memory
 * with the simulator's status and content type. Any other request is passed to the simulator.
 */
import { createServer, request, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { OMSPAN_BASE_PATH, type OmspanSim } from "../../sim/omspan.js";

interface Recorded {
  status: number;
  contentType: string;
  body: Buffer;
}

export interface OmspanReplay {
  /** Base URL to give the client instead of the simulator's. */
  baseUrl: string;
  /** Paths recorded, bytes held. */
  paths: number;
  bytes: number;
  /** Requests answered from the recording / passed to the simulator. */
  served: number;
  passed: number;
  close(): Promise<void>;
}

const FIXED = ["/DipaBelanjaKL/BELANJA", "/DataFA", "/CapaianIKSatkerRe", "/CapaianIKEselon1Re", "/CapaianIKKLRe"];

function get(url: string, token: string): Promise<{ res: IncomingMessage; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { authorization: `Bearer ${token}`, accept: "application/json" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ res, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** Records what a sync with `pageSize` fetches (rows numbered 1…n, full pages), then serves it. */
export async function recordOmspan(sim: OmspanSim, pageSize: number): Promise<OmspanReplay> {
  const recorded = new Map<string, Recorded>();
  let bytes = 0;
  const record = async (path: string): Promise<Recorded> => {
    const { res, body } = await get(sim.baseUrl + path, sim.token);
    const r = { status: res.statusCode ?? 0, contentType: String(res.headers["content-type"] ?? "application/json"), body };
    recorded.set(OMSPAN_BASE_PATH + path, r);
    bytes += body.length;
    return r;
  };
  for (const p of FIXED) await record(p);
  // The range walk of a sync: next from = highest ROWNUM + 1 = from + pageSize while pages are full.
  for (let from = 1; ; from += pageSize) {
    const r = await record(`/RealisasiKL/${from}/${from + pageSize - 1}`);
    if (r.body.length < 100 || r.body[0] !== 0x5b /* [ */) break; // the no-data body ends the walk
  }
  const simUrl = new URL(sim.baseUrl);
  let served = 0;
  let passed = 0;
  const server: Server = createServer((req, res) => {
    const hit = req.method === "GET" ? recorded.get((req.url ?? "").split("?")[0]!) : undefined;
    if (hit && req.headers.authorization === `Bearer ${sim.token}`) {
      served++;
      res.writeHead(hit.status, { "content-type": hit.contentType, "content-length": hit.body.length });
      res.end(hit.body);
      return;
    }
    passed++;
    const up = request({ host: simUrl.hostname, port: simUrl.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on("error", () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${OMSPAN_BASE_PATH}`,
    paths: recorded.size,
    bytes,
    get served() {
      return served;
    },
    get passed() {
      return passed;
    },
    async close() {
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await done;
      recorded.clear();
    },
  };
}
