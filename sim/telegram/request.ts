/**
 * Request decoding for the Telegram simulator: JSON, urlencoded and multipart bodies, and a
 * typed accessor over the parameters, which arrive typed (JSON) or as strings (form data).
 *
 * Multipart is parsed by hand: grammY writes part headers as
 * `content-disposition:form-data;name="x";filename=report.xlsx` (no space, unquoted file
 * name), which undici's `Request.formData()` in Node 20 rejects ("Failed to parse body as
 * FormData"), while the real Bot API accepts it.
 */

/** A Bot API error answer; `description` is the full text, e.g. "Bad Request: chat not found". */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number; migrate_to_chat_id?: number },
  ) {
    super(description);
    this.name = "ApiError";
  }
}

export const badRequest = (text: string, parameters?: ApiError["parameters"]): ApiError =>
  new ApiError(400, `Bad Request: ${text}`, parameters);

export interface UploadedFile {
  kind: "file";
  filename: string;
  contentType: string;
  data: Buffer;
}

export const isUploadedFile = (v: unknown): v is UploadedFile =>
  typeof v === "object" && v !== null && (v as { kind?: unknown }).kind === "file" && Buffer.isBuffer((v as UploadedFile).data);

/** Parses a multipart/form-data body; files become UploadedFile, other parts strings. */
export function parseMultipart(body: Buffer, contentType: string): Record<string, string | UploadedFile> {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) throw badRequest("can't parse multipart/form-data: no boundary");
  const result: Record<string, string | UploadedFile> = {};
  const delimiter = Buffer.from(`--${boundary}`);
  const separator = Buffer.from(`\r\n--${boundary}`);
  let pos = body.indexOf(delimiter);
  if (pos === -1) return result;
  pos += delimiter.length;
  for (;;) {
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break; // closing "--boundary--"
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
    const end = body.indexOf(separator, pos);
    if (end === -1) break; // truncated body: ignore the unfinished part
    const part = body.subarray(pos, end);
    pos = end + separator.length;

    const headerEnd = part.indexOf("\r\n\r\n");
    const headerText = headerEnd === -1 ? part.toString("utf8") : part.subarray(0, headerEnd).toString("utf8");
    const data = headerEnd === -1 ? Buffer.alloc(0) : part.subarray(headerEnd + 4);
    let disposition = "";
    let partType = "";
    for (const line of headerText.split("\r\n")) {
      const colon = line.indexOf(":");
      if (colon === -1) continue;
      const key = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (key === "content-disposition") disposition = value;
      else if (key === "content-type") partType = value;
    }
    const name = /(?:^|;)\s*name\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/i.exec(disposition);
    const fieldName = name?.[1] ?? name?.[2]?.trim();
    if (!fieldName) continue;
    const star = /(?:^|;)\s*filename\*\s*=\s*(?:[\w-]*)'[^']*'([^;]*)/i.exec(disposition);
    // an unquoted filename (grammY) runs to the end of the header line
    const plain = /(?:^|;)\s*filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|(.*))$/i.exec(disposition);
    let filename: string | undefined;
    if (star?.[1] !== undefined) {
      try {
        filename = decodeURIComponent(star[1].trim());
      } catch {
        filename = star[1].trim();
      }
    } else if (plain) {
      filename = plain[1] !== undefined ? plain[1].replace(/\\(.)/g, "$1") : (plain[2] ?? "").trim();
    }
    if (filename !== undefined) {
      result[fieldName] = { kind: "file", filename, contentType: partType || "application/octet-stream", data: Buffer.from(data) };
    } else {
      result[fieldName] = data.toString("utf8");
    }
  }
  return result;
}

/** Decodes a request body by content type. Throws ApiError on malformed JSON. */
export function parseBody(body: Buffer, contentType: string | undefined): Record<string, unknown> {
  if (body.length === 0) return {};
  const type = (contentType ?? "").toLowerCase();
  if (type.startsWith("multipart/form-data")) return parseMultipart(body, contentType ?? "");
  if (type.startsWith("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(body.toString("utf8")));
  }
  // JSON is the default, as for the real Bot API
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    if (type.startsWith("application/json")) throw badRequest("can't parse JSON encoded request");
    return {};
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw badRequest("can't parse JSON encoded request");
  }
  return value as Record<string, unknown>;
}

/**
 * A JSON-typed parameter value (object/array) as sent, or parsed from its serialized form (form
 * data); undefined when absent or empty. Throws 400 with `errorText` when it is not JSON.
 */
export function decodeJson(value: unknown, errorText: string): unknown {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    throw badRequest(errorText);
  }
}

/**
 * Typed access to request parameters. Values from form data are strings; the Bot API
 * converts them per field (numbers, booleans, JSON-serialized objects), and so do we.
 */
export class Params {
  constructor(readonly raw: Record<string, unknown>) {}

  has(key: string): boolean {
    const v = this.raw[key];
    return v !== undefined && v !== null && v !== "";
  }

  str(key: string): string | undefined {
    const v = this.raw[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === "string") return v;
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    return JSON.stringify(v);
  }

  /** Integer parameter; undefined when absent, NaN when present but not an integer. */
  int(key: string): number | undefined {
    const v = this.raw[key];
    if (v === undefined || v === null || v === "") return undefined;
    if (typeof v === "number") return Number.isInteger(v) ? v : NaN;
    if (typeof v === "string" && /^\s*-?\d+\s*$/.test(v)) return Number(v);
    return NaN;
  }

  bool(key: string): boolean {
    const v = this.raw[key];
    if (typeof v === "boolean") return v;
    if (typeof v === "number") return v !== 0;
    if (typeof v === "string") return v === "true" || v === "1" || v === "True";
    return false;
  }

  /** A JSON-typed parameter (object/array), accepting its serialized form. */
  json(key: string, errorText: string): unknown {
    return decodeJson(this.raw[key], errorText);
  }

  file(key: string): UploadedFile | string | undefined {
    const v = this.raw[key];
    if (isUploadedFile(v)) return v;
    if (typeof v === "string" && v !== "") return v;
    return undefined;
  }
}

/** Replaces "attach://name" values with the multipart part called "name" (grammY does this). */
export function resolveAttachments(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === "string" && value.startsWith("attach://")) {
      const part = params[value.slice("attach://".length)];
      out[key] = isUploadedFile(part) ? part : value;
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** Copy of the parameters that is safe to keep in `calls`: files as {filename,size}. */
export function describeParams(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    out[key] = isUploadedFile(value) ? { filename: value.filename, size: value.data.length } : value;
  }
  return out;
}

const MIME_BY_EXT: Record<string, string> = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  xls: "application/vnd.ms-excel",
  csv: "text/csv",
  pdf: "application/pdf",
  txt: "text/plain",
  json: "application/json",
  html: "text/html",
  xml: "application/xml",
  zip: "application/zip",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  doc: "application/msword",
  ods: "application/vnd.oasis.opendocument.spreadsheet",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
};

/** Telegram derives a document's mime type from the file name when the upload says octet-stream. */
export function guessMimeType(filename: string, declared: string): string {
  const d = declared.split(";")[0]!.trim().toLowerCase();
  if (d && d !== "application/octet-stream") return d;
  const ext = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase();
  return (ext && MIME_BY_EXT[ext]) || "application/octet-stream";
}

/** Image type and size from magic bytes (PNG, JPEG, GIF, WebP), or null if not an image. */
export function sniffImage(data: Buffer): { type: string; width: number; height: number } | null {
  if (data.length >= 24 && data.readUInt32BE(0) === 0x89504e47) {
    return { type: "png", width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
  }
  if (data.length >= 4 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) {
    // walk the segments to the first SOFn marker for the dimensions
    let p = 2;
    while (p + 9 < data.length) {
      if (data[p] !== 0xff) break;
      const marker = data[p + 1]!;
      const len = data.readUInt16BE(p + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { type: "jpeg", height: data.readUInt16BE(p + 5), width: data.readUInt16BE(p + 7) };
      }
      p += 2 + len;
    }
    return { type: "jpeg", width: 0, height: 0 };
  }
  if (data.length >= 10 && data.toString("latin1", 0, 3) === "GIF") {
    return { type: "gif", width: data.readUInt16LE(6), height: data.readUInt16LE(8) };
  }
  if (data.length >= 12 && data.toString("latin1", 0, 4) === "RIFF" && data.toString("latin1", 8, 12) === "WEBP") {
    return { type: "webp", width: 0, height: 0 };
  }
  return null;
}
