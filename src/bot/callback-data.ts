/**
 * Typed, validated callback data for inline buttons (docs/domain.md#telegram-limits: 1–64 bytes, never a NIK).
 *
 * A codec is a prefix plus typed fields joined with ":" (`ds1:c:14:0`). `encode` refuses
 * anything it could not decode again, anything over 64 bytes and any 16-digit run (a NIK
 * must never travel in a button); `decode` returns undefined for data that is malformed,
 * forged or from an older format, so handlers answer "tombol tidak berlaku" instead of
 * throwing. State beyond a short key (lists, pages of data) stays server-side.
 */

export const CALLBACK_DATA_MAX_BYTES = 64;
const SEP = ":";

export interface Field<T> {
  parse(raw: string): T | undefined;
  format(value: T): string;
}

type Shape = Record<string, Field<unknown>>;
export type CallbackValue<S extends Shape> = { [K in keyof S]: S[K] extends Field<infer T> ? T : never };

export const field = {
  /** Integer in [min, max], written in decimal without leading zeros. */
  int(min: number, max: number): Field<number> {
    return {
      parse: (raw) => {
        if (!/^(0|[1-9]\d{0,8})$/.test(raw)) return undefined;
        const n = Number(raw);
        return n >= min && n <= max ? n : undefined;
      },
      format: (v) => String(v),
    };
  },
  /** A string matching `re` entirely (anchor it). */
  pattern(re: RegExp): Field<string> {
    return { parse: (raw) => (re.test(raw) ? raw : undefined), format: (v) => v };
  },
  /** One of a few literal values. */
  oneOf<const V extends string>(values: readonly V[]): Field<V> {
    return { parse: (raw) => (values as readonly string[]).includes(raw) ? (raw as V) : undefined, format: (v) => v };
  },
};

export class CallbackCodec<S extends Shape> {
  private readonly names: (keyof S & string)[];
  constructor(
    readonly prefix: string,
    private readonly fields: S,
  ) {
    this.names = Object.keys(fields) as (keyof S & string)[];
  }

  /** Matches every data string of this codec's prefix (for `bot.callbackQuery`), valid or not. */
  get filter(): RegExp {
    const p = this.prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp(this.names.length ? `^${p}${SEP}` : `^${p}$`);
  }

  encode(value: CallbackValue<S>): string {
    const parts = [this.prefix];
    for (const name of this.names) {
      const f = this.fields[name]!;
      const v = value[name];
      const raw = f.format(v);
      if (raw.includes(SEP) || f.parse(raw) !== v) throw new Error(`callback data ${this.prefix}: invalid ${name}`);
      parts.push(raw);
    }
    const data = parts.join(SEP);
    if (Buffer.byteLength(data, "utf8") > CALLBACK_DATA_MAX_BYTES) throw new Error(`callback data ${this.prefix}: over ${CALLBACK_DATA_MAX_BYTES} bytes`);
    if (/\d{16}/.test(data)) throw new Error(`callback data ${this.prefix}: looks like it carries a NIK`);
    return data;
  }

  decode(data: string | undefined): CallbackValue<S> | undefined {
    if (data === undefined || Buffer.byteLength(data, "utf8") > CALLBACK_DATA_MAX_BYTES) return undefined;
    if (this.names.length === 0) return data === this.prefix ? ({} as CallbackValue<S>) : undefined;
    if (!data.startsWith(this.prefix + SEP)) return undefined;
    const raw = data.slice(this.prefix.length + 1).split(SEP);
    if (raw.length !== this.names.length) return undefined;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < this.names.length; i++) {
      const name = this.names[i]!;
      const v = this.fields[name]!.parse(raw[i]!);
      if (v === undefined) return undefined;
      out[name] = v;
    }
    return out as CallbackValue<S>;
  }
}

export function callbackData<S extends Shape>(prefix: string, fields: S): CallbackCodec<S> {
  if (prefix === "" || prefix.endsWith(SEP)) throw new Error("callback prefix must be non-empty and not end with ':'");
  return new CallbackCodec(prefix, fields);
}
