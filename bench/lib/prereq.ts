import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

/** The repository root (bench/lib/../..). */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Which of `paths` (relative to the repository root; a trailing "*" matches a file-name
 * prefix) do not exist yet. Figures use it to say "not measured: …" instead of guessing.
 */
export function missing(paths: string[]): string[] {
  return paths.filter((p) => {
    if (!p.endsWith("*")) return !existsSync(join(ROOT, p));
    const slash = p.lastIndexOf("/");
    const dir = join(ROOT, p.slice(0, slash));
    const prefix = p.slice(slash + 1, -1);
    return !existsSync(dir) || !readdirSync(dir).some((f) => f.startsWith(prefix));
  });
}
