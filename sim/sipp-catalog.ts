/**
 * Reference lists for the synthetic SIPP data: the 24 kecamatan of Kab. Pasuruan
 * ("Kecamatan codes" in docs/domain.md), village names, personal names and a programme
 * (bantuan) catalogue.
 * Village names are real or plausible Javanese names; codes are assigned in list order
 * (kelurahan 1001…, desa 2001…), so BENDOMUNGAL = 3514141005 and COWEK = 3514012004 as in
 * SIPP's API documentation. Only reference data lives here; generation is in sipp-data.ts.
 */
import type { ProgrammeFields } from "./sipp-records.js";

/** Kecamatan code ("01".."24") → name ("Kecamatan codes" in docs/domain.md). */
export const KECAMATAN_PASURUAN: Readonly<Record<string, string>> = Object.freeze({
  "01": "Purwodadi",
  "02": "Tutur",
  "03": "Puspo",
  "04": "Lumbang",
  "05": "Pasrepan",
  "06": "Kejayan",
  "07": "Wonorejo",
  "08": "Purwosari",
  "09": "Sukorejo",
  "10": "Prigen",
  "11": "Pandaan",
  "12": "Gempol",
  "13": "Beji",
  "14": "Bangil",
  "15": "Rembang",
  "16": "Kraton",
  "17": "Pohjentrek",
  "18": "Gondangwetan",
  "19": "Winongan",
  "20": "Grati",
  "21": "Nguling",
  "22": "Lekok",
  "23": "Rejoso",
  "24": "Tosari",
});

export const KECAMATAN_CODES: readonly string[] = Object.keys(KECAMATAN_PASURUAN).sort();

/**
 * Village names per kecamatan, in code order. Prefix `*` = kelurahan (code 1xxx),
 * `!` = always included when the kecamatan is generated (the document's examples and the
 * deliberate name quirks: ORO-ORO OMBO, SUMBERREJO twice, KARANGREJO / KARANGREJA).
 */
export const DESA_CATALOG: Readonly<Record<string, readonly string[]>> = {
  "01": ["PAREREJO", "DAWUHANSENGON", "CAPANG", "!COWEK", "PUCANGSARI", "TAMBAKSARI", "GERBO", "JATISARI", "LEBAKREJO", "PURWODADI", "SENTUL", "TANGGUNG", "BALEWARTI", "GAJAHREJO", "COWEK KIDUL"],
  "02": ["TUTUR", "NONGKOJAJAR", "KAYUKEBEK", "BLARANG", "NGADIREJO", "WONOSARI", "GENDRO", "ANDONOSARI", "SUMBERPITU", "KALIPUCANG", "PUNGGING", "NGEMBAL", "OCOMBO", "SUMBERNONGKO"],
  "03": ["PUSPO", "PALANGSARI", "JANJANGWULUNG", "KEDUWUNG", "JIMBARAN", "PUSUNGMALANG", "KEMIRI", "SUMBERNGEPOH", "SUKOSARI", "KRONGGAHAN", "NGAWONGGO", "TLOGOSARI", "KEDUNGRINGIN", "BAWUKAN"],
  "04": ["LUMBANG", "KARANGASEM", "KARANGJATI", "BULUKANDANG", "WATULUMBUNG", "PANDITAN", "PANCUR", "CUKURGULING", "TANDONSENTUL", "WONOREJO", "SAPIH", "BRANANG", "RANDUATI", "NGANTUNGAN"],
  "05": ["PASREPAN", "NGANTUNGAN", "KLAKAH", "MANGGUAN", "AMPELSARI", "GALIH", "SIBON", "POHGEDANG", "TEMPURAN", "PETUNG", "SUMBERREJO", "RANDUPITU", "KEPUH", "LEMAHBANG"],
  "06": ["KEJAYAN", "AMBAL-AMBIL", "KEDEMUNGAN", "TUNDOSORO", "COBANJOYO", "WRATI", "RANDUGONG", "PACARKELING", "SLADI", "KURUNG", "PATEBON", "KEPUH", "KLANGRONG", "KETANGIREJO"],
  "07": ["WONOREJO", "WONOSARI", "KARANGSONO", "KARANGJERUK", "REBALAS", "LEBAKSARI", "JATIGUNTING", "KENDANGDUKUH", "SAMBISIRAH", "TAMPUNG", "PAKIJANGAN", "COBAN BLIMBING", "SUMBERBANTENG", "WONOREJO LOR"],
  "08": ["*MARTOPURO", "PURWOSARI", "SUKODERMO", "CENDONO", "KERTOSARI", "PUCANGSARI", "SENGONAGUNG", "TEJOWANGI", "BAKALAN", "KAYOMAN", "SEKARMOJO", "!KARANGREJA", "KENDURUAN", "TERUS"],
  "09": ["SUKOREJO", "GLAGAHSARI", "DUKUHSARI", "CURAHREJO", "NGADIMULYO", "LECARI", "KARANGSONO", "CANDIBINANGUN", "KALIREJO", "SUKORAME", "MOJOTENGAH", "WONOKERTO", "TANJUNGARUM", "GUNTING"],
  "10": ["*PRIGEN", "*PECALUKAN", "*LEDUG", "CANDIWATES", "LUMBANGREJO", "DAYUREJO", "GAMBIRAN", "JATIARJO", "SUKOLELO", "SEKARMOJO", "KETANIRENG", "WATUAGUNG", "SUKORENO", "BULUKANDANG"],
  "11": ["*PANDAAN", "*PETUNGASRI", "*JOGOSARI", "*KUTOREJO", "KARANGJATI", "TUNGGULWULUNG", "SUMBERGEDANG", "NOGOSARI", "!SUMBERREJO", "PLINTAHAN", "SEBANI", "BANJARKEJEN", "DURENSEWU", "KEMIRISEWU", "TAWANGREJO", "WEDORO"],
  "12": ["GEMPOL", "KEJAPANAN", "LEGOK", "!KARANGREJO", "NGERONG", "BULUSARI", "WONOSUNYO", "KEPULUNGAN", "WINONG", "RANDUPITU", "JERUKPURUT", "WATES", "CARAT", "KALISAT", "WATUKOSEK"],
  "13": ["BEJI", "GUNUNGGANGSIR", "KEDUNGRINGIN", "CANGKRINGMALANG", "GAJAHBENDO", "WONOKOYO", "SIDOWAYAH", "KEDUNGBOTO", "GLANGGANG", "PAGAK", "BAUJENG", "!SUMBERREJO", "KENEP", "NGEMBE"],
  "14": ["*KAUMAN", "*KALIREJO", "*POGAR", "*KOLURSARI", "*!BENDOMUNGAL", "*DERMO", "*GEMPENG", "*LATEK", "*KALIANYAR", "*KIDUL DALEM", "*KERSIKAN", "RACI", "MASANGAN", "MANARUWI", "TAMBAKAN"],
  "15": ["REMBANG", "!ORO-ORO OMBO", "PAJARAN", "KALISAT", "MOJOPARON", "PEKOREN", "GENENGWARU", "KANIGORO", "SUMBERGLAGAH", "SIYAR", "TAMPUNG", "KRENGIH", "PANDEAN", "KEDUNGBANTENG"],
  "16": ["KRATON", "GAMBIRKUNING", "SEMARE", "PULOKERTO", "TAMBAKREJO", "SIDOGIRI", "NGABAR", "KALIREJO", "KEBOTOHAN", "KLAMPISREJO", "BENDUNGAN", "CURAHDUKUH", "PLINGGISAN", "DHOMPO", "SLAMBRIT"],
  "17": ["POHJENTREK", "PARASREJO", "TIDU", "WARUNGDOWO", "SUKOREJO", "LOGOWOK", "SUNGIWETAN", "SUNGIKULON", "SUSUKANREJO", "SUKOSARI", "SUMBERSUKO", "KEDUNGPERING", "PLOSOKEREP", "SUMBERGEDANG"],
  "18": ["GONDANGWETAN", "GAYAM", "BAYEMAN", "KARANGSENTUL", "RANGGEH", "WONOJATI", "BRAMBANG", "KALIREJO", "GROGOL", "PEKANGKUNGAN", "TENGGILISREJO", "KEBONCANDI", "BAJANGAN", "KERSIKAN"],
  "19": ["WINONGAN LOR", "WINONGAN KIDUL", "LEBAK", "BANDARAN", "JELADRI", "PENATAAN", "SIDEPAN", "KANDUNG", "SRUWI", "KARANGTENGAH", "GADING", "MINGGIR", "SUMBERREJO", "PRODO"],
  "20": ["GRATITUNON", "KALIPANG", "KARANGLO", "KEDAWUNG KULON", "KEDAWUNG WETAN", "RANUKLINDUNGAN", "TREWUNG", "SUMBERAGUNG", "KETAWANG", "KAMBINGANREJO", "PLOSOSARI", "CUKURGONDANG", "REBALAS", "GRATI"],
  "21": ["NGULING", "MLATEN", "SEBALONG", "WATESTANI", "KAPASAN", "PENUNGGUL", "DANDANGGENDIS", "SANGANOM", "RANDUATI", "SUDIMULYO", "KEDAWANG", "SUMBERANYAR", "WATUPRAPAT", "CURAHDUKUH"],
  "22": ["LEKOK", "JATIREJO", "WATES", "TAMPUNG", "SEMEDUSARI", "BALUNGANYAR", "GEJUGJATI", "ALASTLOGO", "PASINAN", "ROWOGEMPOL", "BRANANG", "TAMBAKLEKOK", "TAMBAKREJO", "WRATI"],
  "23": ["REJOSO LOR", "REJOSO KIDUL", "SADENGREJO", "JARANGAN", "KAWISREJO", "MANIKREJO", "PATUGURAN", "PANDANREJO", "TOYANING", "SEGOROPURO", "KEMANTRENREJO", "SAMBIREJO", "ARJOSARI", "KARANGPANDAN"],
  "24": ["TOSARI", "BALEDONO", "NGADIWONO", "PODOKOYO", "SEDAENG", "MORO REJO", "KANDANGAN", "WONOKITRI", "SEDAENG KULON", "NGADIREJO", "PODOKOYO LOR", "WONOKITRI TIMUR", "BALEDONO KIDUL", "MOROREJO WETAN"],
};

/** Name parts for synthetic villages when a kecamatan needs more than its list holds. */
export const DESA_PREFIX = ["SUMBER", "KARANG", "WONO", "KEDUNG", "SIDO", "TAMBAK", "KALI", "JATI", "BANYU", "PUCANG", "GUNUNG", "SUKO", "MOJO", "NGAMPEL", "TEGAL", "SEKAR", "WATU", "RANDU"] as const;
export const DESA_SUFFIX = ["REJO", "SARI", "AGUNG", "MULYO", "WARU", "ANYAR", "KEREP", "ASRI", "LOR", "KIDUL", "WETAN", "KULON", "JAYA", "MAKMUR", "ARUM"] as const;

/** Kecamatan on the coast of the Madura Strait (fishermen are common there). */
export const COASTAL_KECAMATAN = new Set(["16", "20", "21", "22", "23"]);

export const MALE_NAMES = ["AHMAD", "MUHAMMAD", "MOCH.", "SUPRIYADI", "SUTRISNO", "BAMBANG", "AGUS", "SLAMET", "HADI", "JOKO", "SUGENG", "RUDI", "EKO", "DWI", "ABDUL", "IMAM", "SAIFUL", "NUR", "HASAN", "MUKHLIS", "SAMSUL", "KHOIRUL", "ANDIK", "YUSUF", "RIYADI", "SUPARMAN", "SUKARDI", "SUWITO", "ARIFIN", "ROFIQ", "MA'RUF", "FATHUR", "BUDI", "HERI", "WAHYU", "ZAINAL", "MISNADI", "SUNARTO", "SUPRAPTO", "NGATIMAN"] as const;
export const MALE_SECOND = ["SANTOSO", "HIDAYAT", "WIBOWO", "PRASETYO", "SUGIANTO", "ROHMAN", "SHOLEH", "EFENDI", "FAUZI", "HAKIM", "MUSTOFA", "SETIAWAN", "KURNIAWAN", "ANSORI", "HARIYANTO", "SUSANTO", "BUDIONO", "ASHARI", "MAKSUM", "SAPUTRA"] as const;
export const FEMALE_NAMES = ["SITI", "SRI", "NUR", "ENDANG", "SUMIATI", "SULISTYOWATI", "SUMARNI", "SUPIATUN", "TUMINAH", "KASIYATI", "ANIK", "LILIK", "YULI", "DEWI", "RINA", "NING", "MUJI", "SUNDARI", "KHOTIJAH", "MUNAWAROH", "NUR'AINI", "LAILATUL", "UMI", "ROSIDAH", "MASRUROH", "ISTIQOMAH", "WIWIK", "ENI", "PONIJAH", "SAMINI"] as const;
export const FEMALE_SECOND = ["AMINAH", "FATIMAH", "ROHMAH", "WAHYUNI", "LESTARI", "RAHAYU", "HANDAYANI", "SUSANTI", "KHASANAH", "MAISAROH", "FITRIANI", "NINGSIH", "ZULAIKHA", "MUFIDAH", "ASTUTIK", "QOMARIYAH", "SAFITRI", "HIDAYATI", "WULANDARI", "ANGGRAINI"] as const;

export const DUSUN = ["KRAJAN", "KRAJAN I", "KRAJAN II", "SUMBERSARI", "BARAT", "TIMUR", "TENGAH", "LOR", "KIDUL", "PONDOK", "NGEPREH", "TEGALREJO", "DUKUH", "SIDOREJO", "SUMBERWARU"] as const;

export const PEKERJAAN_DEWASA = ["Petani/Pekebun", "Buruh Tani/Perkebunan", "Buruh Harian Lepas", "Wiraswasta", "Pedagang", "Karyawan Swasta", "Sopir", "Tukang Batu", "Peternak", "Lainnya", "Tidak/Belum Bekerja"] as const;
export const PEKERJAAN_DEWASA_W = [20, 18, 18, 8, 7, 8, 3, 3, 4, 6, 5] as const;

export const PENDIDIKAN = ["Tidak/Belum Sekolah", "Belum Tamat SD/Sederajat", "Tamat SD/Sederajat", "Tamat SMP/Sederajat", "Tamat SMA/Sederajat", "Diploma I/II", "Diploma IV/Strata I"] as const;

export const STRATEGI = {
  beban: "Pengurangan Beban Pengeluaran Masyarakat",
  pendapatan: "Peningkatan Pendapatan Masyarakat",
  kantong: "Meminimalkan Wilayah Kantong Kemiskinan",
} as const;

/** What a programme needs to know about a person to decide eligibility. */
export interface PersonContext {
  age: number;
  female: boolean;
  head: boolean;
  pekerjaan: string;
  kecamatanKode: string;
}

/** A programme of the catalogue: its fields on a bantuan row, and how the generator hands it out. */
export interface Programme extends ProgrammeFields {
  /** Rupiah per person, inclusive range; rounded to thousands by the generator. */
  nilai: readonly [number, number];
  /** Relative weight among eligible programmes. */
  weight: number;
  eligible: (p: PersonContext) => boolean;
}

const adult = (p: PersonContext) => p.age >= 18;

/**
 * Programme catalogue in Permendagri 90/2019 style nomenclature (code + name in one string,
 * as in the SIPP document). Several kegiatan / sub_kegiatan titles exceed 100 characters,
 * and one OPD name contains "&" (HTML escaping in the bot).
 */
export const PROGRAMMES: readonly Programme[] = [
  {
    nama_opd: "DINAS KESEHATAN",
    strategi: STRATEGI.kantong,
    program: "1.02.05. PROGRAM PEMBERDAYAAN BIDANG KESEHATAN",
    kegiatan: "1.02.05.2.02. Pelaksanaan Sehat dalam rangka Promotif Preventif Tingkat Daerah Kabupaten/Kota",
    sub_kegiatan: "1.02.05.2.02.0001 Penumbuhan Kesadaran Keluarga dalam Peningkatan Derajat Kesehatan Keluarga dan Lingkungan",
    nilai: [150_000, 400_000],
    weight: 6,
    eligible: (p) => p.female && p.age >= 18 && p.age <= 55,
  },
  {
    nama_opd: "DINAS KESEHATAN",
    strategi: STRATEGI.beban,
    program: "1.02.02. PROGRAM PEMENUHAN UPAYA KESEHATAN PERORANGAN DAN UPAYA KESEHATAN MASYARAKAT",
    kegiatan: "1.02.02.2.02. Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah Kabupaten/Kota",
    sub_kegiatan: "1.02.02.2.02.0036 Pengelolaan Jaminan Kesehatan Masyarakat (Penerima Bantuan Iuran Daerah)",
    nilai: [504_000, 504_000],
    weight: 10,
    eligible: () => true,
  },
  {
    nama_opd: "DINAS KESEHATAN",
    strategi: STRATEGI.kantong,
    program: "1.02.02. PROGRAM PEMENUHAN UPAYA KESEHATAN PERORANGAN DAN UPAYA KESEHATAN MASYARAKAT",
    kegiatan: "1.02.02.2.02. Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah Kabupaten/Kota",
    sub_kegiatan: "1.02.02.2.02.0005 Pengelolaan Pelayanan Kesehatan Balita melalui Pemberian Makanan Tambahan Berbahan Pangan Lokal bagi Balita Berisiko Stunting",
    nilai: [360_000, 900_000],
    weight: 6,
    eligible: (p) => p.age <= 5,
  },
  {
    nama_opd: "DINAS SOSIAL",
    strategi: STRATEGI.beban,
    program: "1.06.04. PROGRAM REHABILITASI SOSIAL",
    kegiatan: "1.06.04.2.01. Rehabilitasi Sosial Dasar Penyandang Disabilitas Terlantar, Anak Terlantar, Lanjut Usia Terlantar, serta Gelandangan Pengemis di Luar Panti Sosial",
    sub_kegiatan: "1.06.04.2.01.0004 Pemberian Permakanan bagi Lanjut Usia Terlantar di Luar Panti Sosial sesuai dengan Standar Pelayanan Minimal",
    nilai: [1_800_000, 3_600_000],
    weight: 7,
    eligible: (p) => p.age >= 60,
  },
  {
    nama_opd: "DINAS SOSIAL",
    strategi: STRATEGI.beban,
    program: "1.06.06. PROGRAM PERLINDUNGAN DAN JAMINAN SOSIAL",
    kegiatan: "1.06.06.2.02. Pengelolaan Data Fakir Miskin Cakupan Daerah Kabupaten/Kota",
    sub_kegiatan: "1.06.06.2.02.0002 Penyaluran Bantuan Langsung Tunai Dana Bagi Hasil Cukai Hasil Tembakau bagi Buruh Pabrik Rokok dan Buruh Tani Tembakau",
    nilai: [1_200_000, 1_800_000],
    weight: 6,
    eligible: (p) => p.head && adult(p),
  },
  {
    nama_opd: "DINAS PENDIDIKAN DAN KEBUDAYAAN",
    strategi: STRATEGI.beban,
    program: "1.01.02. PROGRAM PENGELOLAAN PENDIDIKAN",
    kegiatan: "1.01.02.2.02. Pengelolaan Pendidikan Sekolah Dasar",
    sub_kegiatan: "1.01.02.2.02.0021 Penyediaan Biaya Personil Peserta Didik Sekolah Dasar",
    nilai: [450_000, 750_000],
    weight: 8,
    eligible: (p) => p.age >= 6 && p.age <= 12,
  },
  {
    nama_opd: "DINAS PENDIDIKAN DAN KEBUDAYAAN",
    strategi: STRATEGI.beban,
    program: "1.01.02. PROGRAM PENGELOLAAN PENDIDIKAN",
    kegiatan: "1.01.02.2.03. Pengelolaan Pendidikan Sekolah Menengah Pertama",
    sub_kegiatan: "1.01.02.2.03.0020 Penyediaan Biaya Personil Peserta Didik Sekolah Menengah Pertama",
    nilai: [750_000, 1_000_000],
    weight: 6,
    eligible: (p) => p.age >= 13 && p.age <= 15,
  },
  {
    nama_opd: "DINAS PERUMAHAN RAKYAT & KAWASAN PERMUKIMAN",
    strategi: STRATEGI.kantong,
    program: "1.04.03. PROGRAM KAWASAN PERMUKIMAN",
    kegiatan: "1.04.03.2.02. Penataan dan Peningkatan Kualitas Kawasan Permukiman Kumuh dengan Luas di Bawah 10 (Sepuluh) Ha",
    sub_kegiatan: "1.04.03.2.02.0001 Perbaikan Rumah Tidak Layak Huni (RTLH) bagi Masyarakat Berpenghasilan Rendah di Kawasan Permukiman Kumuh dengan Luas di Bawah 10 (Sepuluh) Ha",
    nilai: [17_500_000, 20_000_000],
    weight: 3,
    eligible: (p) => p.head && adult(p),
  },
  {
    nama_opd: "DINAS PERTANIAN",
    strategi: STRATEGI.pendapatan,
    program: "3.27.03. PROGRAM PENYEDIAAN DAN PENGEMBANGAN SARANA PERTANIAN",
    kegiatan: "3.27.03.2.01. Pengawasan Penggunaan Sarana Pendukung Pertanian sesuai dengan Komoditas, Teknologi dan Spesifik Lokasi",
    sub_kegiatan: "3.27.03.2.01.0002 Penyediaan Benih, Pupuk dan Alat Mesin Pertanian bagi Petani Miskin",
    nilai: [750_000, 2_500_000],
    weight: 5,
    eligible: (p) => adult(p) && /Tani|Petani|Peternak/.test(p.pekerjaan),
  },
  {
    nama_opd: "DINAS KOPERASI DAN USAHA MIKRO",
    strategi: STRATEGI.pendapatan,
    program: "2.17.07. PROGRAM PEMBERDAYAAN USAHA MENENGAH, USAHA KECIL, DAN USAHA MIKRO (UMKM)",
    kegiatan: "2.17.07.2.01. Pemberdayaan Usaha Mikro yang Dilakukan Melalui Pendataan, Kemitraan, Kemudahan Perizinan, Penguatan Kelembagaan dan Koordinasi dengan Para Pemangku Kepentingan",
    sub_kegiatan: "2.17.07.2.01.0003 Fasilitasi Bantuan Peralatan Usaha bagi Usaha Mikro Keluarga Miskin",
    nilai: [1_000_000, 3_000_000],
    weight: 4,
    eligible: (p) => adult(p) && p.age <= 65,
  },
  {
    nama_opd: "DINAS TENAGA KERJA",
    strategi: STRATEGI.pendapatan,
    program: "2.07.04. PROGRAM PELATIHAN KERJA DAN PRODUKTIVITAS TENAGA KERJA",
    kegiatan: "2.07.04.2.01. Pelaksanaan Pelatihan berdasarkan Unit Kompetensi",
    sub_kegiatan: "2.07.04.2.01.0001 Proses Pelaksanaan Pendidikan dan Pelatihan Keterampilan bagi Pencari Kerja berdasarkan Klaster Kompetensi",
    nilai: [2_000_000, 4_500_000],
    weight: 3,
    eligible: (p) => p.age >= 18 && p.age <= 40,
  },
  {
    nama_opd: "DINAS PERIKANAN",
    strategi: STRATEGI.pendapatan,
    program: "3.25.03. PROGRAM PENGELOLAAN PERIKANAN TANGKAP",
    kegiatan: "3.25.03.2.02. Pemberdayaan Nelayan Kecil dalam Daerah Kabupaten/Kota",
    sub_kegiatan: "3.25.03.2.02.0002 Pemberian Bantuan Sarana Usaha Perikanan Tangkap bagi Nelayan Kecil",
    nilai: [2_500_000, 7_500_000],
    weight: 8,
    eligible: (p) => p.pekerjaan === "Nelayan/Perikanan",
  },
];
