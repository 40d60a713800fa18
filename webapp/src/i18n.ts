import texts from "virtual:panel-texts";

/** A text of locales/id.ftl (`panel-*`), with `{ $name }` filled in. */
export function t(key: string, vars: Record<string, string | number> = {}): string {
  const s = texts[key];
  if (s === undefined) return key;
  return s.replace(/\{ \$([a-zA-Z0-9]+) \}/g, (_m, name: string) => String(vars[name] ?? ""));
}
