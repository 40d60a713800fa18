/**
 * A look inside an uploaded ZIP before a workbook parser opens it
 * (docs/cekmassal.md#berkas-daftar-file-formats): which parts it has, and proof that its
 * parts inflate to no more than they declare and than a budget allows. A 5 MB "zip bomb"
 * can inflate to gigabytes; the parser would then hold them (shared strings are cached).
 * The parser is then given a copy rebuilt from what was checked, never the upload itself.
 */
import { createInflateRaw } from "node:zlib";

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Offset of the local file header. */
  offset: number;
  /** The rest of the directory record, to rebuild the entry: flags, CRC-32, DOS time and date, the name as stored. */
  flags: number;
  crc32: number;
  time: number;
  date: number;
  rawName: Uint8Array;
}

/** What checkZip found: the entry names, and the ZIP rebuilt from the checked entries for the parser. */
export interface CheckedZip {
  names: string[];
  zip: Uint8Array;
}

export class ZipGuardError extends Error {
  constructor(readonly reason: "not-zip" | "too-big") {
    super(`zip: ${reason}`);
  }
}

/** The central directory's entries (no ZIP64: a list upload of at most a few MB never needs it). */
export function zipEntries(bytes: Uint8Array): { entries: ZipEntry[]; directoryOffset: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // End of central directory: 22 bytes plus a comment of up to 65,535.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipGuardError("not-zip");
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder();
  for (let k = 0; k < count; k++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) throw new ZipGuardError("not-zip");
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const rawName = bytes.subarray(p + 46, p + 46 + nameLen);
    entries.push({
      flags: view.getUint16(p + 8, true),
      method: view.getUint16(p + 10, true),
      time: view.getUint16(p + 12, true),
      date: view.getUint16(p + 14, true),
      crc32: view.getUint32(p + 16, true),
      compressedSize: view.getUint32(p + 20, true),
      uncompressedSize: view.getUint32(p + 24, true),
      offset: view.getUint32(p + 42, true),
      name: decoder.decode(rawName),
      rawName,
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return { entries, directoryOffset: view.getUint32(eocd + 16, true) };
}

/** Inflates one entry only to count its bytes; rejects when it exceeds `limit` (output is discarded as it comes). */
function inflatedSize(data: Uint8Array, limit: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw();
    let size = 0;
    let done = false;
    const finish = (err: Error | undefined): void => {
      if (done) return;
      done = true;
      if (err) reject(err);
      else resolve(size);
    };
    inflate.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        inflate.destroy();
        finish(new ZipGuardError("too-big"));
      }
    });
    inflate.on("error", () => finish(new ZipGuardError("not-zip")));
    inflate.on("end", () => finish(undefined));
    inflate.end(data);
  });
}

/**
 * A ZIP of the checked entries and nothing else, with headers written from the central
 * directory and a fresh directory. Why: excelts' streaming parser trusts the local headers, and
 * a local header the directory contradicts (a size, the data-descriptor flag) left its parse
 * waiting forever on a stream that never ends (docs/cekmassal.md#berkas-daftar-file-formats).
 * Deflated entries are written as Excel writes them (sizes in a data descriptor after the
 * data): excelts streams those part by part, while a size in the local header makes it hold
 * the whole part (measured: some 35 MB more on a 10,000-row list). Stored entries carry their
 * sizes in the local header, since a stored part has no end marker of its own.
 */
function rebuild(entries: readonly { entry: ZipEntry; data: Uint8Array }[]): Uint8Array {
  const described = (e: ZipEntry): boolean => e.method === 8;
  const size = entries.reduce((n, { entry, data }) => n + 30 + 46 + 2 * entry.rawName.length + data.length + (described(entry) ? 16 : 0), 22);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  // Only the UTF-8 name flag is kept, and the data-descriptor flag where one is written.
  const common = (at: number, e: ZipEntry, local: boolean): void => {
    const descriptor = local && described(e);
    view.setUint16(at, 20, true);
    view.setUint16(at + 2, (e.flags & 0x0800) | (described(e) ? 0x0008 : 0), true);
    view.setUint16(at + 4, e.method, true);
    view.setUint16(at + 6, e.time, true);
    view.setUint16(at + 8, e.date, true);
    view.setUint32(at + 10, descriptor ? 0 : e.crc32, true);
    view.setUint32(at + 14, descriptor ? 0 : e.compressedSize, true);
    view.setUint32(at + 18, descriptor ? 0 : e.uncompressedSize, true);
    view.setUint16(at + 22, e.rawName.length, true);
  };
  let p = 0;
  const offsets: number[] = [];
  for (const { entry, data } of entries) {
    offsets.push(p);
    view.setUint32(p, 0x04034b50, true);
    common(p + 4, entry, true);
    out.set(entry.rawName, p + 30);
    out.set(data, p + 30 + entry.rawName.length);
    p += 30 + entry.rawName.length + data.length;
    if (described(entry)) {
      view.setUint32(p, 0x08074b50, true);
      view.setUint32(p + 4, entry.crc32, true);
      view.setUint32(p + 8, entry.compressedSize, true);
      view.setUint32(p + 12, entry.uncompressedSize, true);
      p += 16;
    }
  }
  const directory = p;
  entries.forEach(({ entry }, i) => {
    view.setUint32(p, 0x02014b50, true);
    view.setUint16(p + 4, 20, true);
    common(p + 6, entry, false);
    view.setUint32(p + 42, offsets[i]!, true);
    out.set(entry.rawName, p + 46);
    p += 46 + entry.rawName.length;
  });
  view.setUint32(p, 0x06054b50, true);
  view.setUint16(p + 8, entries.length, true);
  view.setUint16(p + 10, entries.length, true);
  view.setUint32(p + 12, p - directory, true);
  view.setUint32(p + 16, directory, true);
  return out;
}

/**
 * Checks every entry: stored or deflated, its data inside the file, inflating to exactly its
 * declared size, all of them together at most `maxTotal` bytes. Returns the entry names and
 * the ZIP rebuilt from these entries alone, for the parser.
 */
export async function checkZip(bytes: Uint8Array, maxTotal: number): Promise<CheckedZip> {
  const { entries, directoryOffset } = zipEntries(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = 0;
  // The parser reads local headers one after another; the entries checked here must be all it
  // can find: back to back from the start (a data descriptor of 12 or 16 bytes between), then the directory.
  let previousEnd = 0;
  const gapOk = (gap: number): boolean => gap === 0 || gap === 12 || gap === 16;
  const checked: { entry: ZipEntry; data: Uint8Array }[] = [];
  for (const e of [...entries].sort((a, b) => a.offset - b.offset)) {
    if (!(e.offset === 0 && previousEnd === 0) && !gapOk(e.offset - previousEnd)) throw new ZipGuardError("not-zip");
    total += e.uncompressedSize;
    if (total > maxTotal) throw new ZipGuardError("too-big");
    if (e.offset + 30 > bytes.length || view.getUint32(e.offset, true) !== 0x04034b50) throw new ZipGuardError("not-zip");
    const start = e.offset + 30 + view.getUint16(e.offset + 26, true) + view.getUint16(e.offset + 28, true);
    const end = start + e.compressedSize;
    if (end > bytes.length) throw new ZipGuardError("not-zip");
    if (e.method === 0) {
      if (e.compressedSize !== e.uncompressedSize) throw new ZipGuardError("not-zip");
    } else if (e.method === 8) {
      const size = await inflatedSize(bytes.subarray(start, end), e.uncompressedSize);
      if (size !== e.uncompressedSize) throw new ZipGuardError("not-zip");
    } else throw new ZipGuardError("not-zip");
    checked.push({ entry: e, data: bytes.subarray(start, end) });
    previousEnd = end;
  }
  if (entries.length === 0 || !gapOk(directoryOffset - previousEnd)) throw new ZipGuardError("not-zip");
  return { names: entries.map((e) => e.name), zip: rebuild(checked) };
}
