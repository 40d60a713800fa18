import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * Values written to Redis are sealed (AES-256-GCM) with a key derived from the audit key, which
 * lives outside Redis and the database: a Redis dump or its AOF file reveals nothing of the
 * cached answers or conversation state (docs/privacy.md#keyed-hashes-and-masked-forms-at-rest).
 */
export interface Sealer {
  seal(plain: string): string;
  /** The plain text, or undefined for anything not sealed with this key (tampered, other key, old format). */
  open(sealed: string): string | undefined;
}

const VERSION = "s1";

export function createSealer(secret: string, purpose: string): Sealer {
  const key = Buffer.from(hkdfSync("sha256", secret, "pantau", `redis:${purpose}`, 32));
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([c.update(plain, "utf8"), c.final()]);
      return `${VERSION}.${iv.toString("base64url")}.${c.getAuthTag().toString("base64url")}.${body.toString("base64url")}`;
    },
    open(sealed) {
      const [v, iv, tag, body] = sealed.split(".");
      if (v !== VERSION || !iv || !tag || body === undefined) return undefined;
      try {
        const d = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
        d.setAuthTag(Buffer.from(tag, "base64url"));
        return Buffer.concat([d.update(Buffer.from(body, "base64url")), d.final()]).toString("utf8");
      } catch {
        return undefined;
      }
    },
  };
}
