/** Bot API sending methods: sendMessage, sendDocument, sendPhoto, with uploads, file ids and URLs. */
import type { Message } from "grammy/types";
import type { ChatState, Chats } from "./chats.js";
import type { Controls } from "./controls.js";
import type { MethodTable } from "./method.js";
import type { FileStore, StoredFile } from "./files.js";
import { hasWebAppButton, parseReplyMarkup, type ReplyMarkup } from "./markup.js";
import type { BotMessages } from "./messages.js";
import { ApiError, badRequest, guessMimeType, isUploadedFile, sniffImage, type Params } from "./request.js";

const MAX_DOCUMENT = 50 * 1024 * 1024;

/** The sending methods. */
export class Sending {
  constructor(
    private readonly chats: Chats,
    private readonly messages: BotMessages,
    private readonly files: FileStore,
    private readonly controls: Controls,
  ) {}

  methods(): MethodTable {
    return {
      sendmessage: (p) => this.sendMessage(p),
      senddocument: (p) => this.sendMedia(p, "document"),
      sendphoto: (p) => this.sendMedia(p, "photo"),
    };
  }

  private sendMessage(p: Params): Message {
    const chat = this.chats.chatFor(p);
    const text = this.messages.input(p, "text");
    const replyMarkup = markupFor(chat, p);
    const replyTo = replyTarget(chat, p);
    this.controls.checkRate("sendmessage", chat.id);
    const msg = this.messages.store(chat, {
      kind: "text",
      text: text.text,
      html: text.raw,
      entities: text.entities,
      disableNotification: p.bool("disable_notification"),
      ...(text.parseMode ? { parseMode: text.parseMode } : {}),
      ...(replyMarkup ? { replyMarkup } : {}),
      ...(replyTo !== undefined ? { replyToMessageId: replyTo } : {}),
    });
    return this.messages.toApiMessage(msg);
  }

  private sendMedia(p: Params, kind: "document" | "photo"): Message {
    const chat = this.chats.chatFor(p);
    const input = p.file(kind);
    if (input === undefined) throw badRequest(`there is no ${kind} in the request`);
    let data: Buffer;
    let filename: string;
    let declaredType = "";
    let url: string | undefined;
    const known: StoredFile | undefined = isUploadedFile(input) ? undefined : this.files.get(input);
    if (isUploadedFile(input)) {
      if (input.data.length === 0) throw badRequest("file must be non-empty");
      if (input.data.length > MAX_DOCUMENT) throw new ApiError(413, "Request Entity Too Large");
      data = input.data;
      filename = input.filename;
      declaredType = input.contentType;
    } else if (known) {
      data = known.data;
      filename = known.filename ?? "file";
      declaredType = known.mimeType ?? "";
    } else if (/^https?:\/\//i.test(input)) {
      // Telegram would download it; the simulator records the URL only
      url = input;
      data = Buffer.alloc(0);
      filename = decodeURIComponent(new URL(input).pathname.split("/").pop() || "file");
    } else {
      throw badRequest("wrong file identifier/HTTP URL specified");
    }
    const image = kind === "photo" ? sniffImage(data) : null;
    if (kind === "photo" && !image && url === undefined) throw badRequest("IMAGE_PROCESS_FAILED");
    const caption = this.messages.input(p, "caption");
    const replyMarkup = markupFor(chat, p);
    const replyTo = replyTarget(chat, p);
    this.controls.checkRate(kind === "photo" ? "sendphoto" : "senddocument", chat.id);

    const mimeType = kind === "photo" ? `image/${image?.type ?? "jpeg"}` : guessMimeType(filename, declaredType);
    const stored = known ?? this.files.add(data, kind === "photo" ? "photos" : "documents", filename, mimeType);
    const msg = this.messages.store(chat, {
      kind,
      text: caption.text,
      html: caption.raw,
      entities: caption.entities,
      disableNotification: p.bool("disable_notification"),
      ...(caption.text ? { caption: caption.text } : {}),
      ...(caption.parseMode ? { parseMode: caption.parseMode } : {}),
      ...(replyMarkup ? { replyMarkup } : {}),
      ...(replyTo !== undefined ? { replyToMessageId: replyTo } : {}),
      ...(kind === "document"
        ? { document: { filename, mimeType, data, fileId: stored.fileId, ...(url ? { url } : {}) } }
        : { photo: { data, fileId: stored.fileId, width: image?.width ?? 0, height: image?.height ?? 0 } }),
    });
    return this.messages.toApiMessage(msg);
  }
}

/** The message a send replies to (reply_parameters or the older reply_to_message_id), with Telegram's errors. */
function replyTarget(chat: ChatState, p: Params): number | undefined {
  const rp = p.json("reply_parameters", "can't parse reply parameters JSON object") as
    | { message_id?: unknown; allow_sending_without_reply?: unknown }
    | undefined;
  const id = rp && rp.message_id !== undefined ? Number(rp.message_id) : p.int("reply_to_message_id");
  if (id === undefined || Number.isNaN(id) || id === 0) return undefined;
  const allow = rp?.allow_sending_without_reply === true || p.bool("allow_sending_without_reply");
  const bot = chat.botMessages.get(id);
  if ((bot && !bot.deleted) || chat.userMessages.has(id)) return id;
  if (allow) return undefined;
  throw badRequest("message to be replied not found");
}

/** reply_markup of a message to `chat`: web_app buttons only in private chats, as on Telegram. */
function markupFor(chat: ChatState, p: Params): ReplyMarkup | undefined {
  const markup = parseReplyMarkup(p.raw.reply_markup);
  if (chat.type !== "private" && hasWebAppButton(markup)) throw badRequest("BUTTON_TYPE_INVALID");
  return markup;
}
