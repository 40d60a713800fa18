import type { UpstreamErrorKind } from "../../../upstream/errors.js";
import type { TrackingResult } from "../../../upstream/sipp-rows.js";

/** Result of one /cek lookup: the tracking answer and how fresh it is, or why there is none. */
export type CekOutcome =
  | { ok: true; result: TrackingResult; fetchedAt: number; stale: boolean }
  | { ok: false; kind: UpstreamErrorKind | "umum" };
