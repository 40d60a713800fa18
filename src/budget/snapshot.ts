/**
 * One stored data set, read (docs/architecture.md, the path of a sync): every read filters on
 * the data set's id, so a reader that resolved it sees that sync's data and nothing else, even
 * while the next sync commits.
 */
import type { Kysely } from "kysely";
import type { Database } from "../store/schema.js";
import type { IkLevel, IkRow, Sen, Ymd } from "../domain/budget.js";
import { computeIkpa, latestIkRow, type IkpaResult } from "./ikpa.js";
import type { BudgetSnapshot, SatkerInfo } from "./reader.js";
import { buildAnggaranSummary, type AnggaranSummary, type FaInput, type PaguMinusAkun } from "./summary.js";
import { jenisBelanja, realisasiPersen, type TargetTable } from "./targets.js";

/** One sync run as recorded (its data set, when it is active). */
export interface SyncRunRecord {
  id: number;
  status: "building" | "active" | "failed" | "superseded";
  trigger: string;
  startedAt: Date;
  finishedAt?: Date;
  rows?: number;
  satker?: number;
  durationMs?: number;
  error?: string;
  maxdate?: Ymd;
}

/** One line of the rankings: a satker's pagu, realisasi and latest IKPA. */
export interface SatkerOverview {
  kdsatker: string;
  nama?: string;
  paguSen: Sen;
  realisasiSen: Sen;
  persen?: number;
  ikpa?: { periode: number; score?: number; kategori?: string };
}

/** One akun of a satker: pagu, realisasi and the DataFA figures. */
export interface AkunDetail {
  akun: string;
  jenis: string;
  jenisNama: string;
  paguSen: Sen;
  realisasiSen: Sen;
  persen?: number;
  kontrakSen: Sen;
  blokirSen: Sen;
  sisaSen: Sen;
  /** Σ of the akun's negative DataFA lines (0 when none). */
  paguMinusSen: Sen;
}

/** A satker + akun in pagu minus, with the satker's name. */
export interface PaguMinusEntry extends PaguMinusAkun {
  nama?: string;
}

/** Snapshot of one data set: every read filters on its id. */
export class BudgetSnapshotImpl implements BudgetSnapshot {
  constructor(
    private readonly db: Kysely<Database>,
    readonly datasetId: number,
    readonly syncedAt: Date,
    readonly record: SyncRunRecord,
    private readonly targets: TargetTable,
  ) {}

  /** RealisasiKL MAXDATE ("data OMSPAN per …"). */
  get dataDate(): Ymd | undefined {
    return this.record.maxdate;
  }

  get rows(): number {
    return this.record.rows ?? 0;
  }

  get satkerCount(): number {
    return this.record.satker ?? 0;
  }

  async satker(): Promise<SatkerInfo[]> {
    const rows = await this.db.selectFrom("budget_satker").select(["kdsatker", "nama"]).where("dataset_id", "=", this.datasetId).orderBy("kdsatker").execute();
    return rows.map((r) => ({ kdsatker: r.kdsatker, ...(r.nama ? { nama: r.nama } : {}) }));
  }

  async nama(kdsatker: string): Promise<string | undefined> {
    const r = await this.db.selectFrom("budget_satker").select("nama").where("dataset_id", "=", this.datasetId).where("kdsatker", "=", kdsatker).executeTakeFirst();
    return r?.nama ?? undefined;
  }

  private async ikRows(level: IkLevel, kode: string): Promise<IkRow[]> {
    const rows = await this.db
      .selectFrom("budget_ik")
      .selectAll()
      .where("dataset_id", "=", this.datasetId)
      .where("level", "=", level)
      .where("kode", "=", kode)
      .orderBy("periode")
      .execute();
    return rows.map((r) => ({
      level,
      kode: r.kode,
      ...(r.nama ? { nama: r.nama } : {}),
      ...(r.kdkppn ? { kdkppn: r.kdkppn } : {}),
      periode: Number(r.periode),
      values: JSON.parse(r.values_json) as IkRow["values"],
      weights: JSON.parse(r.weights_json) as IkRow["weights"],
    }));
  }

  private async faOf(kdsatker: string) {
    return this.db.selectFrom("budget_fa").selectAll().where("dataset_id", "=", this.datasetId).where("kdsatker", "=", kdsatker).orderBy("akun").execute();
  }

  private async dipaOf(kdsatker: string) {
    return this.db.selectFrom("budget_dipa").selectAll().where("dataset_id", "=", this.datasetId).where("kdsatker", "=", kdsatker).orderBy("akun").execute();
  }

  private async realisasiOf(kdsatker: string) {
    return this.db.selectFrom("budget_realisasi").selectAll().where("dataset_id", "=", this.datasetId).where("kdsatker", "=", kdsatker).execute();
  }

  async summary(kdsatker: string, now: Date): Promise<AnggaranSummary | undefined> {
    const [dipa, fa, real, ik, nama] = [await this.dipaOf(kdsatker), await this.faOf(kdsatker), await this.realisasiOf(kdsatker), await this.ikRows("satker", kdsatker), await this.nama(kdsatker)];
    if (!dipa.length && !fa.length && !real.length && !ik.length) return undefined;
    const faInput: FaInput[] = fa.map((f) => ({
      satker: f.kdsatker,
      akun: f.akun,
      dipaSen: Number(f.dipa_sen),
      actualSen: Number(f.actual_sen),
      kontrakSen: Number(f.kontrak_sen),
      blokirSen: Number(f.blokir_sen),
      balancingSen: Number(f.balancing_sen),
    }));
    const s = buildAnggaranSummary({
      kdsatker,
      ...(nama ? { nama } : {}),
      dipa: dipa.map((d) => ({ kdsatker: d.kdsatker, akun: d.akun, amountSen: Number(d.amount_sen) })),
      fa: faInput,
      realisasi: real.map((c) => ({ kdsatker: c.kdsatker, akun: c.akun, year: Number(c.year), month: Number(c.month), amountSen: Number(c.amount_sen) })),
      ik,
      ...(this.record.maxdate ? { dataDate: this.record.maxdate, year: this.record.maxdate.year } : {}),
      syncedAt: this.syncedAt,
      now,
      targets: this.targets,
    });
    // Pagu minus and the identity check come from the per-LINE detection done at sync time;
    // the stored per-akun sums could hide a negative line behind a positive one.
    s.paguMinus = fa
      .filter((f) => Number(f.minus_lines) > 0)
      .map((f) => ({ satker: f.kdsatker, akun: f.akun, amountSen: Number(f.minus_sen), lines: Number(f.minus_lines) }))
      .sort((a, b) => a.amountSen - b.amountSen || a.akun.localeCompare(b.akun));
    const mismatches = fa.reduce((n, f) => n + Number(f.identity_mismatches), 0);
    s.crossCheck.identityMismatches = mismatches;
    s.crossCheck.consistent = fa.length === 0 || (s.crossCheck.paguSelisihSen === 0 && s.crossCheck.realisasiSelisihSen === 0 && mismatches === 0);
    return s;
  }

  async ikpaHistory(kdsatker: string): Promise<{ periode: string; ikpa: IkpaResult }[]> {
    const rows = await this.ikRows("satker", kdsatker);
    return rows.map((r) => ({ periode: String(r.periode).padStart(2, "0"), ikpa: computeIkpa(r) }));
  }

  /** Per-akun detail of one satker (DIPA ∪ DataFA ∪ realisasi akun), sorted by akun. */
  async akunDetail(kdsatker: string): Promise<AkunDetail[]> {
    const [dipa, fa, real] = [await this.dipaOf(kdsatker), await this.faOf(kdsatker), await this.realisasiOf(kdsatker)];
    const m = new Map<string, AkunDetail>();
    const get = (akun: string) => {
      let e = m.get(akun);
      if (!e) {
        const j = jenisBelanja(akun);
        m.set(akun, (e = { akun, jenis: j.kode, jenisNama: j.nama, paguSen: 0, realisasiSen: 0, kontrakSen: 0, blokirSen: 0, sisaSen: 0, paguMinusSen: 0 }));
      }
      return e;
    };
    for (const d of dipa) get(d.akun).paguSen += Number(d.amount_sen);
    for (const c of real) get(c.akun).realisasiSen += Number(c.amount_sen);
    for (const f of fa) {
      const e = get(f.akun);
      e.kontrakSen += Number(f.kontrak_sen);
      e.blokirSen += Number(f.blokir_sen);
      e.sisaSen += Number(f.balancing_sen);
      e.paguMinusSen += Number(f.minus_sen);
    }
    return [...m.values()]
      .map((e) => {
        const persen = realisasiPersen(e.realisasiSen, e.paguSen);
        return persen === undefined ? e : { ...e, persen };
      })
      .sort((a, b) => a.akun.localeCompare(b.akun));
  }

  /** Pagu, realisasi, % and latest IKPA of every satker (rankings). */
  async overview(): Promise<SatkerOverview[]> {
    const id = this.datasetId;
    const [satker, pagu, real, ik] = [
      await this.satker(),
      await this.db.selectFrom("budget_dipa").select(["kdsatker", (eb) => eb.fn.sum<number>("amount_sen").as("sen")]).where("dataset_id", "=", id).groupBy("kdsatker").execute(),
      await this.db.selectFrom("budget_realisasi").select(["kdsatker", (eb) => eb.fn.sum<number>("amount_sen").as("sen")]).where("dataset_id", "=", id).groupBy("kdsatker").execute(),
      await this.db.selectFrom("budget_ik").selectAll().where("dataset_id", "=", id).where("level", "=", "satker").execute(),
    ];
    const paguOf = new Map(pagu.map((r) => [r.kdsatker, Number(r.sen)]));
    const realOf = new Map(real.map((r) => [r.kdsatker, Number(r.sen)]));
    const ikOf = new Map<string, { periode: number; values_json: string; weights_json: string }[]>();
    for (const r of ik) {
      const list = ikOf.get(r.kode) ?? [];
      list.push({ periode: Number(r.periode), values_json: r.values_json, weights_json: r.weights_json });
      ikOf.set(r.kode, list);
    }
    return satker.map((s) => {
      const paguSen = paguOf.get(s.kdsatker) ?? 0;
      const realisasiSen = realOf.get(s.kdsatker) ?? 0;
      const persen = realisasiPersen(realisasiSen, paguSen);
      const latest = latestIkRow(ikOf.get(s.kdsatker) ?? []);
      let ikpa: SatkerOverview["ikpa"];
      if (latest) {
        const r = computeIkpa({ periode: latest.periode, values: JSON.parse(latest.values_json) as IkRow["values"], weights: JSON.parse(latest.weights_json) as IkRow["weights"] });
        ikpa = { periode: r.periode, ...(r.score !== undefined ? { score: r.score } : {}), ...(r.kategori ? { kategori: r.kategori } : {}) };
      }
      return { ...s, paguSen, realisasiSen, ...(persen !== undefined ? { persen } : {}), ...(ikpa ? { ikpa } : {}) };
    });
  }

  /** Every satker + akun in pagu minus (per-line detection), by satker then most negative. */
  async paguMinus(): Promise<PaguMinusEntry[]> {
    const rows = await this.db
      .selectFrom("budget_fa as f")
      .leftJoin("budget_satker as s", (j) => j.onRef("s.dataset_id", "=", "f.dataset_id").onRef("s.kdsatker", "=", "f.kdsatker"))
      .select(["f.kdsatker", "f.akun", "f.minus_sen", "f.minus_lines", "s.nama"])
      .where("f.dataset_id", "=", this.datasetId)
      .where("f.minus_lines", ">", 0)
      .execute();
    return rows
      .map((r) => ({ satker: r.kdsatker, akun: r.akun, amountSen: Number(r.minus_sen), lines: Number(r.minus_lines), ...(r.nama ? { nama: r.nama } : {}) }))
      .sort((a, b) => a.satker.localeCompare(b.satker) || a.amountSen - b.amountSen || a.akun.localeCompare(b.akun));
  }

  /** Satker whose code or name matches a free-text query (all words, case-insensitive). */
  async search(query: string, limit = 50): Promise<SatkerInfo[]> {
    const q = normalizeName(query);
    if (!q) return [];
    const words = q.split(" ");
    const all = await this.satker();
    const hits = all.filter((s) => {
      const name = normalizeName(s.nama ?? "");
      return s.kdsatker === q || words.every((w) => name.split(" ").some((n) => n.startsWith(w)) || (w.length >= 4 && name.includes(w)));
    });
    return hits.slice(0, limit);
  }
}

/** Lower case, letters and digits only, "kab" spelt out: how satker names are compared in a search. */
export function normalizeName(s: string): string {
  return s
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .replace(/\bkab\b/g, "kabupaten")
    .replace(/\s+/g, " ");
}
