import { pino, type Logger, type DestinationStream } from "pino";
import { maskNiksInText } from "./domain/nik.js";

export type { Logger };

/**
 * Pino logger that never writes a full NIK or a secret (UU 27/2022; docs/privacy.md#logs-metrics-and-errors).
 * Every string in every log call passes through `sanitize`, so a NIK inside a URL,
 * an error message or a nested object is masked too, not only known fields.
 */
export function createSanitizer(secrets: string[]): (s: string) => string {
  const live = secrets.filter((s) => s && s.length >= 4);
  return (s: string) => {
    let out = maskNiksInText(s);
    // Bot tokens in Bot API URLs, bearer headers, then any configured secret verbatim.
    out = out.replace(/bot\d+:[\w-]{20,}/g, "bot<token>").replace(/(Bearer\s+)[\w.\-~+/=]+/gi, "$1<token>");
    for (const sec of live) out = out.split(sec).join("<secret>");
    return out;
  };
}

function deepSanitize(v: unknown, clean: (s: string) => string, seen = new WeakSet<object>(), depth = 0): unknown {
  if (typeof v === "string") return clean(v);
  if (v === null || typeof v !== "object" || depth > 8) return v;
  if (seen.has(v)) return "[Circular]";
  seen.add(v);
  if (v instanceof Error) {
    const e = v as Error & { code?: unknown; kind?: unknown };
    return {
      type: e.name,
      message: clean(e.message),
      ...(e.kind !== undefined ? { kind: e.kind } : {}),
      ...(e.code !== undefined ? { code: e.code } : {}),
      stack: e.stack ? clean(e.stack) : undefined,
    };
  }
  if (Array.isArray(v)) return v.map((x) => deepSanitize(x, clean, seen, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = deepSanitize(x, clean, seen, depth + 1);
  return out;
}

export function createLogger(opts: { level: string; secrets: string[]; destination?: DestinationStream }): Logger {
  const clean = createSanitizer(opts.secrets);
  return pino(
    {
      level: opts.level,
      base: { app: "pantau" },
      redact: {
        paths: ["token", "*.token", "authorization", "*.authorization", "headers.Authorization", "*.headers.Authorization", "nik", "*.nik"],
        censor: "[disamarkan]",
      },
      hooks: {
        logMethod(args, method) {
          const cleaned = args.map((a) => deepSanitize(a, clean)) as Parameters<typeof method>;
          method.apply(this, cleaned);
        },
      },
    },
    opts.destination,
  );
}
