import { t } from "./i18n.js";
import type { ApiFailure } from "./api.js";

const KEYS: Record<ApiFailure["kind"] | "outside", string> = {
  unauthorized: "panel-galat-sesi",
  forbidden: "panel-galat-bukan-petugas",
  out_of_scope: "panel-galat-luar-wilayah",
  rate_limited: "panel-galat-terlalu-cepat",
  audit: "panel-galat-audit",
  upstream: "panel-galat-upstream",
  not_found: "panel-galat-tidak-ada",
  network: "panel-galat-jaringan",
  server: "panel-galat-umum",
  outside: "panel-galat-luar-telegram",
};

/** An error state: what went wrong, in the officer's words, and a retry where one can help. */
export function Problem(props: { failure: ApiFailure | { kind: "outside" }; retry?: () => void }) {
  const f = props.failure;
  const canRetry = props.retry && ["rate_limited", "audit", "upstream", "network", "server"].includes(f.kind);
  return (
    <div class="problem" role="alert" data-kind={f.kind}>
      <p>{t(KEYS[f.kind], { id: "id" in f && f.id !== undefined ? f.id : "" })}</p>
      {canRetry && (
        <button type="button" onClick={props.retry}>
          {t("panel-coba-lagi")}
        </button>
      )}
    </div>
  );
}

export function Loading(props: { text?: string }) {
  return (
    <p class="status" role="status" aria-busy="true">
      {props.text ?? t("panel-memuat")}
    </p>
  );
}
