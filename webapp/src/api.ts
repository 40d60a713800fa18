/**
 * Calls to the panel's API (same origin, relative to the page: `<prefix>api/…`). Every call
 * carries the initData in `Authorization: tma …`; nothing personal goes into a URL.
 */
export type ApiFailure =
  | { kind: "unauthorized" }
  | { kind: "forbidden"; id?: number }
  | { kind: "out_of_scope" }
  | { kind: "rate_limited" }
  | { kind: "audit" }
  | { kind: "upstream" }
  | { kind: "not_found" }
  | { kind: "network" }
  | { kind: "server" };

export class ApiError extends Error {
  constructor(readonly failure: ApiFailure) {
    super(failure.kind);
  }
}

let initData = "";
export function setInitData(v: string): void {
  initData = v;
}

export async function api<T>(path: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`api/${path}`, { headers: { authorization: `tma ${initData}` }, cache: "no-store", credentials: "omit" });
  } catch {
    throw new ApiError({ kind: "network" });
  }
  if (res.ok) return (await res.json()) as T;
  const body = (await res.json().catch(() => ({}))) as { error?: string; id?: number };
  if (res.status === 401) throw new ApiError({ kind: "unauthorized" });
  if (res.status === 403 && body.error === "forbidden") throw new ApiError({ kind: "forbidden", ...(typeof body.id === "number" ? { id: body.id } : {}) });
  if (res.status === 403) throw new ApiError({ kind: "out_of_scope" });
  if (res.status === 429) throw new ApiError({ kind: "rate_limited" });
  if (res.status === 404) throw new ApiError({ kind: "not_found" });
  if (body.error === "audit") throw new ApiError({ kind: "audit" });
  if (body.error === "upstream") throw new ApiError({ kind: "upstream" });
  throw new ApiError({ kind: "server" });
}
