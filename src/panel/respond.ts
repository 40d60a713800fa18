import type { ServerResponse } from "node:http";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { SECURITY_HEADERS } from "./static.js";

/**
 * A JSON answer of the panel API: never cached anywhere (`no-store`: the data is personal),
 * compressed when large (a desa of 2,000 families is a few hundred KB of JSON).
 */
export function sendApi(res: ServerResponse, status: number, body: unknown, acceptEncoding: string | undefined, extra: Record<string, string> = {}): void {
  if (res.headersSent) return;
  let data = Buffer.from(JSON.stringify(body));
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    vary: "accept-encoding, authorization, x-telegram-init-data",
    ...extra,
  };
  const accepts = (enc: string) => (acceptEncoding ?? "").split(",").some((p) => p.trim().split(";")[0] === enc);
  if (data.length > 1024) {
    // Quality 5: within a few ms for a large desa, most of brotli's gain.
    if (accepts("br")) [data, headers["content-encoding"]] = [brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }), "br"];
    else if (accepts("gzip")) [data, headers["content-encoding"]] = [gzipSync(data, { level: 6 }), "gzip"];
  }
  headers["content-length"] = String(data.length);
  res.writeHead(status, headers);
  res.end(data);
}
