import { InlineKeyboard } from "grammy";
import { echoUserText } from "../../../domain/format.js";
import { KECAMATAN, KODE_DESA_PASURUAN, nameKey } from "../../../domain/wilayah.js";
import { isDesaName, matchDesa, parseKodeInput } from "../../../desa/match.js";
import { errorText } from "./render.js";
import { column, toKecamatanList } from "./keyboards.js";
import { refusedOutside, showDesaList, showMatches, showSummary, type DesaView } from "./screens.js";
import { areaAllows } from "../../../domain/scope.js";

/** /desa NAMA or /desa KODE. */
export async function search(v: DesaView, input: string): Promise<void> {
  const { svc, screen } = v;
  const t = v.ctx.t;
  const kode = parseKodeInput(input);
  if (kode !== undefined) {
    if (!KODE_DESA_PASURUAN.test(kode)) {
      await screen.show(t("desa-kode-luar", { kode }));
      return;
    }
    return showSummary(v, kode);
  }
  // Digits only but not 10: never echo them (it may be a NIK pasted in the wrong place).
  if (/^[\d\s.-]+$/.test(input)) {
    await screen.show(t("desa-kode-salah"));
    return;
  }
  // Only a name-like text goes to SIPP or into a cache key (a NIK with words does not).
  if (!isDesaName(input)) {
    await screen.show(t("desa-nama-salah"));
    return;
  }
  const shown = echoUserText(input);
  const searching = (done: number, total: number) => t("desa-mencari", { nama: shown, selesai: String(done), total: String(total) });
  // First the cheap way: SIPP's desa_kelurahan filter finds a desa of exactly this name.
  let named = await screen.run(searching(0, KECAMATAN.length), () => svc.directory.byName(input));
  const inScope = <T extends { kode: string }>(xs: readonly T[]) => xs.filter((e) => areaAllows(v.ctx.scope, e.kode));
  if (named) {
    svc.remember(named);
    // A desa of that name exists, but not in the officer's area: say so, show nothing of it.
    if (inScope(named).length === 0) {
      await refusedOutside(v, named[0]!.kode);
      return;
    }
    named = inScope(named);
    if (named.length === 1) return showSummary(v, named[0]!.kode);
    return showMatches(v, named, true, shown, false);
  }
  const dir = await screen.run(searching(0, KECAMATAN.length), (progress) => svc.directory.all((done, total) => progress(searching(done, total))));
  svc.remember(dir.entries);
  const { exact, matches } = matchDesa(input, inScope(dir.entries));
  const partial = dir.failed.length > 0;
  if (partial) svc.logger.warn({ failed: dir.failed.map((f) => f.kecamatanKode) }, "desa directory incomplete");

  if (exact && matches.length === 1) return showSummary(v, matches[0]!.kode);
  if (!exact) {
    // "Bangil" is a kecamatan: show its desa (a desa of exactly that name would have won above).
    const kecKey = nameKey(input.trim().replace(/^(kecamatan|kec)\b\.?\s*/i, ""));
    const kec = KECAMATAN.find((k) => nameKey(k.nama) === kecKey);
    if (kec) return showDesaList(v, kec.kode, 0);
    // One close match (a typo): show it; its title names the desa actually found.
    if (matches.length === 1 && !partial) return showSummary(v, matches[0]!.kode);
  }

  const back = toKecamatanList(t);
  if (matches.length === 0) {
    const first = dir.failed[0];
    if (first) {
      const f = await svc.failure(first.error, "desa directory", { kecamatan: first.kecamatanKode });
      await screen.show(`${errorText(t, f.kind)}\n${t("desa-daftar-sebagian")}`, column(back));
      return;
    }
    await screen.show(t("desa-tidak-ditemukan", { nama: shown }), new InlineKeyboard().text(t("desa-tombol-pilih-daftar"), back.data));
    return;
  }
  return showMatches(v, matches, exact, shown, partial);
}
