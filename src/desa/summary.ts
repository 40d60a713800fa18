/**
 * The /desa summary, computed from all P3KE and bantuan rows of one desa (pure, no I/O).
 *
 * - a family is a distinct id_keluarga_p3ke, an individual a distinct NIK (docs/upstream.md#sipp-p3ke-and-bantuan);
 * - a family "receives bantuan" when any member's NIK appears in the bantuan data (docs/domain.md#bantuan-and-opd);
 * - recipients are distinct NIKs, in total and per OPD.
 *
 * Family rows carry masked NIKs only: nothing computed here can leak a full NIK.
 */
import { kecamatanOfKode } from "../domain/wilayah.js";
import type { BantuanRecord, P3keRecord } from "../upstream/sipp-rows.js";

export interface FamilyRow {
  /** id_keluarga_p3ke; "" when the rows carry none (then one family per person). */
  idKeluarga: string;
  /** Name of the head of family (or of the first member listed when no head is marked). */
  kepala?: string;
  /** The head's NIK, masked (`3514********0002`). */
  nikKepala?: string;
  alamat?: string;
  desil?: number;
  anggota: number;
  /** Members whose NIK appears in the bantuan data. */
  anggotaPenerima: number;
  /** Bantuan rows (person × programme) of all members. */
  jumlahBantuan: number;
  /** The OPDs whose bantuan reaches any member, sorted (empty: none). */
  opd: string[];
}

export interface DesilLine {
  /** undefined: no desil in the data. */
  desil?: number;
  families: number;
  individuals: number;
}

export interface OpdLine {
  opd: string;
  recipients: number;
}

export interface DesaSummary {
  kode: string;
  /** Most frequent spelling of the desa name in the rows (as upstream writes it). */
  nama?: string;
  /** Kecamatan name from the code (reference list), else from the rows. */
  kecamatan?: string;
  kelurahan: boolean;
  families: number;
  individuals: number;
  /** Ascending desil, "no desil" last. */
  perDesil: DesilLine[];
  padanYa: number;
  bantuanRows: number;
  /** Distinct NIKs in the bantuan rows (in P3KE or not). */
  recipients: number;
  recipientsInP3ke: number;
  familiesWithBantuan: number;
  /** Most recipients first. */
  perOpd: OpdLine[];
  desil1Families: number;
  /** Desil-1 families where no member has bantuan, sorted by head's name. */
  desil1NoBantuan: FamilyRow[];
  /** Every family, by desil (none last), then head's name: the export rows. */
  familyRows: FamilyRow[];
}

function mostFrequent(values: (string | undefined)[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) {
    if (!v) continue;
    const t = v.trim().replace(/\s+/g, " ");
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  let best: string | undefined;
  let n = 0;
  for (const [v, c] of counts) if (c > n || (c === n && best !== undefined && v < best)) [best, n] = [v, c];
  return best;
}

const byName = (a: FamilyRow, b: FamilyRow) =>
  (a.kepala ?? "\uffff").localeCompare(b.kepala ?? "\uffff", "id") || a.idKeluarga.localeCompare(b.idKeluarga);

export function summarizeDesa(kode: string, p3ke: readonly P3keRecord[], bantuan: readonly BantuanRecord[]): DesaSummary {
  // Bantuan: rows per NIK, recipients in total and per OPD.
  const bantuanPerNik = new Map<string, number>();
  const opdPerNik = new Map<string, Set<string>>();
  const perOpd = new Map<string, Set<string>>();
  bantuan.forEach((b, i) => {
    const who = b.nikHash ?? `baris:${i}`; // a row without NIK is still one recipient, never merged with another
    if (b.nikHash) {
      bantuanPerNik.set(b.nikHash, (bantuanPerNik.get(b.nikHash) ?? 0) + 1);
      const opds = opdPerNik.get(b.nikHash);
      if (opds) opds.add(b.namaOpd);
      else opdPerNik.set(b.nikHash, new Set([b.namaOpd]));
    }
    let s = perOpd.get(b.namaOpd);
    if (!s) perOpd.set(b.namaOpd, (s = new Set()));
    s.add(who);
  });
  const recipients = new Set(bantuan.map((b, i) => b.nikHash ?? `baris:${i}`));

  // P3KE: families and individuals.
  const families = new Map<string, P3keRecord[]>();
  const niks = new Set<string>();
  let individuals = 0;
  let padanYa = 0;
  p3ke.forEach((r, i) => {
    if (r.nikHash) {
      if (niks.has(r.nikHash)) return; // the same person listed twice
      niks.add(r.nikHash);
    }
    individuals++;
    if (r.padanDukcapil === true) padanYa++;
    const key = r.idKeluarga ?? (r.nikHash ? `nik:${r.nikHash}` : `baris:${i}`);
    const members = families.get(key);
    if (members) members.push(r);
    else families.set(key, [r]);
  });

  const familyRows: FamilyRow[] = [];
  for (const members of families.values()) {
    const head = members.find((m) => m.kepalaKeluarga === true) ?? members[0]!;
    const desil = head.desil ?? mostFrequentNumber(members.map((m) => m.desil));
    let anggotaPenerima = 0;
    let jumlahBantuan = 0;
    const opd = new Set<string>();
    for (const m of members) {
      const n = m.nikHash ? (bantuanPerNik.get(m.nikHash) ?? 0) : 0;
      if (n > 0) anggotaPenerima++;
      jumlahBantuan += n;
      for (const o of (m.nikHash && opdPerNik.get(m.nikHash)) || []) opd.add(o);
    }
    familyRows.push(
      strip({
        idKeluarga: head.idKeluarga ?? "",
        kepala: head.nama,
        nikKepala: head.nikMasked,
        alamat: head.alamat ?? members.find((m) => m.alamat)?.alamat,
        desil,
        anggota: members.length,
        anggotaPenerima,
        jumlahBantuan,
        opd: [...opd].sort(),
      }),
    );
  }
  familyRows.sort((a, b) => (a.desil ?? 99) - (b.desil ?? 99) || byName(a, b));

  const desilMap = new Map<number | undefined, DesilLine>();
  for (const f of familyRows) {
    const line = desilMap.get(f.desil) ?? { desil: f.desil, families: 0, individuals: 0 };
    line.families++;
    line.individuals += f.anggota;
    desilMap.set(f.desil, line);
  }
  const perDesil = [...desilMap.values()]
    .map((l) => (l.desil === undefined ? { families: l.families, individuals: l.individuals } : l))
    .sort((a, b) => (a.desil ?? 99) - (b.desil ?? 99));

  const desil1 = familyRows.filter((f) => f.desil === 1);
  return {
    kode,
    nama: mostFrequent(p3ke.map((r) => r.desa)) ?? mostFrequent(bantuan.map((b) => b.desa)),
    kecamatan: kecamatanOfKode(kode) ?? mostFrequent([...p3ke.map((r) => r.kecamatan), ...bantuan.map((b) => b.kecamatan)]),
    kelurahan: kode[6] === "1",
    families: familyRows.length,
    individuals,
    perDesil,
    padanYa,
    bantuanRows: bantuan.length,
    recipients: recipients.size,
    recipientsInP3ke: [...recipients].filter((n) => niks.has(n)).length,
    familiesWithBantuan: familyRows.filter((f) => f.anggotaPenerima > 0).length,
    perOpd: [...perOpd.entries()]
      .map(([opd, s]) => ({ opd, recipients: s.size }))
      .sort((a, b) => b.recipients - a.recipients || a.opd.localeCompare(b.opd)),
    desil1Families: desil1.length,
    desil1NoBantuan: desil1.filter((f) => f.anggotaPenerima === 0).sort(byName),
    familyRows,
  };
}

function mostFrequentNumber(values: (number | undefined)[]): number | undefined {
  const v = mostFrequent(values.map((n) => (n === undefined ? undefined : String(n))));
  return v === undefined ? undefined : Number(v);
}

function strip<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
