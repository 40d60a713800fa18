/**
 * A look inside an uploaded ZIP before a workbook parser opens it
 * (docs/cekmassal.md#berkas-daftar-file-formats): which parts it has, and proof that its
 * parts inflate to no more than they declare and than a budget allows. A 5 MB "zip bomb"
 * can inflate to gigabytes; the parser would then hold them (shared strings are cached).
 */
import { createInflateRaw } from "node:zlib";

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Offset of the local file header. */
  offset: number;
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
    entries.push({
      method: view.getUint16(p + 10, true),
      compressedSize: view.getUint32(p + 20, true),
      uncompressedSize: view.getUint32(p + 24, true),
      offset: view.getUint32(p + 42, true),
      name: decoder.decode(bytes.subarray(p + 46, p + 46 + nameLen)),
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
 * Checks every entry: stored or deflated, its data inside the file, inflating to exactly its
 * declared size, all of them together at most `maxTotal` bytes. Returns the entry names.
 */
export async function checkZip(bytes: Uint8Array, maxTotal: number): Promise<string[]> {
  const { entries, directoryOffset } = zipEntries(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = 0;
  // The parser reads local headers one after another; the entries checked here must be all it
  // can find: back to back from the start (a data descriptor of 12 or 16 bytes between), then the directory.
  let previousEnd = 0;
  const gapOk = (gap: number): boolean => gap === 0 || gap === 12 || gap === 16;
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
    previousEnd = end;
  }
  if (entries.length === 0 || !gapOk(directoryOffset - previousEnd)) throw new ZipGuardError("not-zip");
  return entries.map((e) => e.name);
}
