import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, relative, sep } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { ServerResponse } from "node:http";
import type { Logger } from "../logger.js";

/**
 * The built front end (webapp/, `npm run build:webapp`), read into memory once and compressed
 * once (brotli and gzip), so a request costs a map lookup. Only files found at start are served,
 * by exact name: no request path ever reaches the file system, so no path can escape the folder.
 */

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};
const COMPRESSIBLE = new Set([".html", ".js", ".css", ".json", ".svg", ".txt"]);

interface Asset {
  type: string;
  raw: Buffer;
  br?: Buffer;
  gz?: Buffer;
  /** Vite's hashed file names change with the content: cache them for good. */
  immutable: boolean;
}

/**
 * The page's policy: only this origin, no inline code, no third-party origin at all. Telegram's
 * apps open the page as a top-level web view; its web clients embed it in a frame, hence the
 * frame-ancestors list (docs/panel.md#content-security-policy).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors https://web.telegram.org https://webk.telegram.org https://webz.telegram.org",
].join("; ");

/** Headers on every panel answer, data or page. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
  "cross-origin-resource-policy": "same-origin",
};

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

export class StaticFiles {
  private readonly files = new Map<string, Asset>();

  /** Reads `dir`; a missing or empty folder is logged, and the page answers 503 until rebuilt. */
  constructor(dir: string, logger: Logger) {
    let paths: string[] = [];
    try {
      paths = walk(dir);
    } catch {
      logger.error({ dir }, "panel: front end not built (npm run build:webapp); the page answers 503");
      return;
    }
    for (const p of paths) {
      const ext = extname(p).toLowerCase();
      const type = TYPES[ext];
      if (!type) continue; // source maps, stray files: not served
      const raw = readFileSync(p);
      const rel = relative(dir, p).split(sep).join("/");
      const asset: Asset = { type, raw, immutable: rel.startsWith("assets/") };
      if (COMPRESSIBLE.has(ext) && raw.length > 512) {
        asset.br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
        asset.gz = gzipSync(raw, { level: 9 });
      }
      this.files.set(rel, asset);
    }
    if (!this.files.has("index.html")) logger.error({ dir }, "panel: index.html missing; the page answers 503");
  }

  get ready(): boolean {
    return this.files.has("index.html");
  }

  /** Sizes of a file as sent (for the docs and tests): raw, brotli, gzip. */
  sizes(rel: string): { raw: number; br?: number; gz?: number } | undefined {
    const a = this.files.get(rel);
    return a && { raw: a.raw.length, br: a.br?.length, gz: a.gz?.length };
  }

  list(): string[] {
    return [...this.files.keys()];
  }

  /** Serve `rel` ("" = index.html); false when there is no such file. */
  serve(rel: string, acceptEncoding: string | undefined, res: ServerResponse, head: boolean): boolean {
    const name = rel === "" ? "index.html" : rel;
    const a = this.files.get(name);
    if (!a) return false;
    const accepts = (enc: string) => (acceptEncoding ?? "").split(",").some((p) => p.trim().split(";")[0] === enc);
    let body = a.raw;
    const headers: Record<string, string> = {
      ...SECURITY_HEADERS,
      "content-type": a.type,
      "cache-control": a.immutable ? "public, max-age=31536000, immutable" : "no-cache",
      vary: "accept-encoding",
    };
    if (a.br && accepts("br")) [body, headers["content-encoding"]] = [a.br, "br"];
    else if (a.gz && accepts("gzip")) [body, headers["content-encoding"]] = [a.gz, "gzip"];
    if (name.endsWith(".html")) headers["content-security-policy"] = CONTENT_SECURITY_POLICY;
    headers["content-length"] = String(body.length);
    res.writeHead(200, headers);
    res.end(head ? undefined : body);
    return true;
  }
}
