/** What a Bot API method is to the simulator: a handler from the call's parameters to its result. */
import type { Params } from "./request.js";

/** The HTTP connection a request came on, for methods that wait (a long poll). */
export interface Connection {
  /** `cb` runs if the client hangs up before the answer is written */
  onClose(cb: () => void): void;
  gone(): boolean;
}

/** A Bot API method: parameters in, result (or a thrown ApiError) out. */
export type Handler = (p: Params, conn?: Connection) => unknown;

/** Handlers by lower-case method name (the Bot API ignores the case of method names). */
export type MethodTable = Record<string, Handler>;

/** A result with the extra "description" field some methods return (setWebhook). */
export class Described {
  constructor(
    readonly result: unknown,
    readonly description: string,
  ) {}
}
