/** Typed upstream failures; the bot maps each kind to one Indonesian message (locales: galat-*). */
export type UpstreamErrorKind =
  | "unauthorized"
  | "timeout"
  | "unavailable"
  | "bad_response"
  | "bad_request"
  | "not_found"
  | "rate_limited"
  | "truncated";

const RETRYABLE: ReadonlySet<UpstreamErrorKind> = new Set(["timeout", "unavailable", "rate_limited"]);

export class UpstreamError extends Error {
  override readonly name = "UpstreamError";
  constructor(
    readonly kind: UpstreamErrorKind,
    readonly upstream: string,
    message: string,
    readonly detail: { status?: number; retryAfterMs?: number; circuitOpen?: boolean; deadlineReached?: boolean } = {},
  ) {
    super(`${upstream}: ${kind}: ${message}`);
  }
  get retryable(): boolean {
    return RETRYABLE.has(this.kind) && !this.detail.circuitOpen && !this.detail.deadlineReached;
  }
}

export function isUpstreamError(e: unknown): e is UpstreamError {
  return e instanceof UpstreamError;
}
