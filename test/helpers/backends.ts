import { randomBytes } from "node:crypto";
import pg from "pg";
import { Redis } from "ioredis";

/**
 * External test backends, used when the machine (or CI) provides them:
 *   PANTAU_TEST_PG_URL=postgres://postgres@127.0.0.1:5432/test
 *   PANTAU_TEST_REDIS_URL=redis://127.0.0.1:6379
 * Unset → the suites that need them are reported as skipped.
 */
export const TEST_PG_URL = process.env.PANTAU_TEST_PG_URL || undefined;
export const TEST_REDIS_URL = process.env.PANTAU_TEST_REDIS_URL || undefined;

export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
}

/**
 * A fresh PostgreSQL schema for one test run. `url` points at it through the connection's
 * `options=-c search_path=<schema>`, so the store sees an empty database; `drop()` removes it.
 */
export async function freshPgSchema(baseUrl: string): Promise<{ url: string; schema: string; drop(): Promise<void> }> {
  const schema = uniqueName("pantau_test");
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`create schema "${schema}"`);
  } finally {
    await admin.end();
  }
  const u = new URL(baseUrl);
  u.searchParams.set("options", `-c search_path=${schema}`);
  return {
    url: u.toString(),
    schema,
    async drop() {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      try {
        await c.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A unique Redis key prefix for one test run, and a way to delete everything under it. */
export function redisNamespace(url: string): { prefix: string; keys(): Promise<string[]>; cleanup(): Promise<void> } {
  const prefix = `${uniqueName("pantau-test")}:`;
  const keys = async () => {
    const c = new Redis(url, { lazyConnect: true });
    try {
      const found: string[] = [];
      let cursor = "0";
      do {
        const [next, batch] = await c.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
        cursor = next;
        found.push(...batch);
      } while (cursor !== "0");
      return found;
    } finally {
      c.disconnect();
    }
  };
  return {
    prefix,
    keys,
    async cleanup() {
      const found = await keys();
      if (found.length === 0) return;
      const c = new Redis(url, { lazyConnect: true });
      try {
        await c.del(...found);
      } finally {
        c.disconnect();
      }
    },
  };
}
