/**
 * One Bot API call, whichever way it came (HTTP request or webhook reply): recorded in
 * `calls`, possibly failed by an injected fault, run by its method's handler, and turned
 * into the Bot API's JSON answer.
 */
import { Api } from "grammy";
import { toChatId } from "./context.js";
import type { Controls } from "./controls.js";
import { Described, type Connection, type MethodTable } from "./method.js";
import type { Observer } from "./observe.js";
import { ApiError, describeParams, Params } from "./request.js";
import type { SimCall } from "./types.js";

/** The JSON answer to a call and its HTTP status. */
export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** Every Bot API method the installed grammY knows; others get 404 like on Telegram. */
const KNOWN_METHODS = new Set(
  Object.getOwnPropertyNames(Api.prototype)
    .filter((name) => name !== "constructor")
    .map((name) => name.toLowerCase()),
);

/** Routes calls to the method handlers. */
export class Dispatcher {
  constructor(
    private readonly observer: Observer,
    private readonly controls: Controls,
    private readonly methods: MethodTable,
  ) {}

  /** Runs one API method with recording and fault injection. */
  async call(method: string, raw: Record<string, unknown>, conn?: Connection): Promise<Answer> {
    const key = method.toLowerCase();
    const chatId = toChatId(raw.chat_id);
    const record: SimCall = { method, params: describeParams(raw), at: Date.now(), ok: false };
    if (chatId !== undefined) record.chatId = chatId;
    this.observer.calls.push(record);
    // a long poll is not bot activity: waitForIdle would never see quiet otherwise
    if (key !== "getupdates") this.observer.touch(chatId);
    try {
      this.controls.injectFailure(key, chatId);
      const handler = this.methods[key];
      let result: unknown;
      if (handler) result = await handler(new Params(raw), conn);
      else if (KNOWN_METHODS.has(key)) result = true; // not simulated: accept and record
      else throw new ApiError(404, "Not Found: method not found");
      record.ok = true;
      if (result instanceof Described) {
        return { status: 200, body: { ok: true, result: result.result, description: result.description } };
      }
      return { status: 200, body: { ok: true, result } };
    } catch (e) {
      const err =
        e instanceof ApiError
          ? e
          : new ApiError(500, `Internal Server Error: simulator failure: ${e instanceof Error ? e.message : String(e)}`);
      record.errorCode = err.code;
      record.description = err.description;
      if (err.code === 429) this.observer.counters.rateLimited++;
      const body: Record<string, unknown> = { ok: false, error_code: err.code, description: err.description };
      if (err.parameters) body.parameters = err.parameters;
      return { status: err.code, body };
    } finally {
      if (key !== "getupdates") this.observer.touch(chatId);
    }
  }
}
