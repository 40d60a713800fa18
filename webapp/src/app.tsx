/** The panel: who is asking (api/saya), then the desa view and, when configured, the budget view. */
import { useState } from "preact/hooks";
import type { PanelSaya } from "../../src/panel/types.js";
import { t } from "./i18n.js";
import { useApi } from "./use-api.js";
import { Loading, Problem } from "./problem.js";
import { DesaView } from "./desa.js";
import { BudgetView } from "./budget.js";

type Tab = "desa" | "anggaran";

export function App(props: { launched: boolean }) {
  const [saya, reload] = useApi<PanelSaya>(props.launched ? "saya" : undefined);
  const [tab, setTab] = useState<Tab>("desa");
  if (!props.launched) return <Problem failure={{ kind: "outside" }} />;
  if (saya.state === "loading") return <Loading />;
  if (saya.state === "error") return <Problem failure={saya.failure} retry={reload} />;
  const tabs: Tab[] = saya.data.anggaran ? ["desa", "anggaran"] : ["desa"];
  return (
    <>
      <header class="top">
        <h1>{t("panel-judul")}</h1>
        {tabs.length > 1 && (
          <nav class="tabs" role="tablist">
            {tabs.map((x) => (
              <button type="button" role="tab" data-testid={`tab-${x}`} aria-selected={tab === x} onClick={() => setTab(x)}>
                {t(`panel-tab-${x}`)}
              </button>
            ))}
          </nav>
        )}
      </header>
      <main>{tab === "desa" ? <DesaView /> : <BudgetView />}</main>
    </>
  );
}
