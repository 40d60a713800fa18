/** Files the bot uploaded: file ids, getFile, and the download route's lookup by path. */
import type { MethodTable } from "./method.js";
import { badRequest } from "./request.js";

/** An uploaded file, kept so that the bot can send it again by file_id or download it. */
export interface StoredFile {
  fileId: string;
  uniqueId: string;
  path: string;
  data: Buffer;
  filename?: string;
  mimeType?: string;
}

/** The uploaded files by file_id. */
export class FileStore {
  private readonly files = new Map<string, StoredFile>();
  private nextFileId = 1;

  /** Bot API methods about files. */
  methods(): MethodTable {
    return {
      getfile: (p) => {
        const file = this.files.get(p.str("file_id") ?? "");
        if (!file) throw badRequest("invalid file_id");
        return { file_id: file.fileId, file_unique_id: file.uniqueId, file_size: file.data.length, file_path: file.path };
      },
    };
  }

  /** Keeps an upload under a new file id; `dir` is "photos" or "documents", as Telegram's file paths. */
  add(data: Buffer, dir: string, filename?: string, mimeType?: string): StoredFile {
    const n = this.nextFileId++;
    // the prefixes of real photo/document file ids, so that the ids look plausible in logs
    const prefix = dir === "photos" ? "AgACAgUAAxkDAA" : "BQACAgUAAxkDAA";
    const ext = filename && /\.[A-Za-z0-9]+$/.exec(filename)?.[0];
    const file: StoredFile = {
      fileId: `${prefix}${n.toString(36).padStart(6, "0")}`,
      uniqueId: `AgAD${n.toString(36)}`,
      path: `${dir}/file_${n}${ext ?? (dir === "photos" ? ".jpg" : "")}`,
      data,
      ...(filename ? { filename } : {}),
      ...(mimeType ? { mimeType } : {}),
    };
    this.files.set(file.fileId, file);
    return file;
  }

  get(fileId: string): StoredFile | undefined {
    return this.files.get(fileId);
  }

  /** The file with this file_path (what getFile returned), for the download route. */
  byPath(path: string): StoredFile | undefined {
    return [...this.files.values()].find((f) => f.path === path);
  }
}
