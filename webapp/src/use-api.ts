import { useCallback, useEffect, useState } from "preact/hooks";
import { api, ApiError, type ApiFailure } from "./api.js";

export type Loaded<T> = { state: "loading" } | { state: "ok"; data: T } | { state: "error"; failure: ApiFailure };

/** One API call's state; `path` undefined = nothing to load; `reload` asks again. */
export function useApi<T>(path: string | undefined): [Loaded<T>, () => void] {
  const [result, setResult] = useState<Loaded<T>>({ state: "loading" });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (path === undefined) return;
    let live = true;
    setResult({ state: "loading" });
    api<T>(path).then(
      (data) => live && setResult({ state: "ok", data }),
      (e: unknown) => live && setResult({ state: "error", failure: e instanceof ApiError ? e.failure : { kind: "server" } }),
    );
    return () => {
      live = false;
    };
  }, [path, attempt]);
  return [result, useCallback(() => setAttempt((n) => n + 1), [])];
}
