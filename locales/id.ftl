# pantau — semua teks untuk pengguna (Bahasa Indonesia).
# Pesan memakai parse_mode HTML: nilai dari upstream di-escape di kode sebelum masuk ke sini.

## Umum
start-sambutan =
    👋 Selamat datang di <b>pantau</b>, { $nama }.
    Bot ini membantu petugas Kab. Pasuruan dan satker ATR/BPN memeriksa data P3KE dan anggaran.

    Ketik /bantuan untuk daftar perintah.
start-bukan-petugas =
    Akun Anda belum terdaftar sebagai petugas.
    ID Telegram Anda: <code>{ $id }</code>
    Kirim ID ini ke administrator untuk didaftarkan.
id-anda = ID Telegram Anda: <code>{ $id }</code>
id-anda-grup =
    ID Telegram Anda: <code>{ $id }</code>
    ID grup ini: <code>{ $chat }</code>

bantuan-judul = <b>Perintah pantau</b>
bantuan-umum =
    /start — mulai
    /bantuan — daftar perintah ini
    /id — lihat ID Telegram Anda
bantuan-petugas =
    /cek <i>NIK</i> — data P3KE dan bantuan seseorang (chat pribadi)
    /desa [<i>nama atau kode desa</i>] — ringkasan desa: keluarga per desil, bantuan, desil 1 tanpa bantuan
    /cekmassal — cek daftar NIK sekaligus: berkas CSV/XLSX atau NIK yang ditempel (chat pribadi)
    /batal — batalkan percakapan atau pemeriksaan daftar yang sedang berjalan
bantuan-admin =
    <b>Administrator</b>
    /petugas tambah <i>ID</i> [nama] — daftarkan petugas
    /petugas hapus <i>ID</i> — hapus petugas
    /petugas daftar — daftar petugas
    /audit — riwayat pencarian terbaru
bantuan-privasi = 🔒 NIK selalu disamarkan. Data pribadi hanya dikirim di chat pribadi.

## Akses
akses-ditolak =
    ⛔ Maaf, bot ini hanya untuk petugas terdaftar.
    ID Telegram Anda: <code>{ $id }</code>
    Minta administrator menambahkan ID ini.
akses-ditolak-singkat = Maaf, bot ini hanya untuk petugas terdaftar. ID Anda: { $id }
akses-khusus-admin = ⛔ Perintah ini khusus administrator.
terlalu-cepat = ⏳ Terlalu banyak permintaan. Coba lagi sebentar lagi.
tombol-kedaluwarsa = Tombol ini sudah tidak berlaku. Silakan ulangi perintahnya.

## Petugas (admin)
petugas-cara =
    Cara pakai:
    /petugas tambah <i>ID</i> [nama] [kec:<i>NAMA</i>] [desa:<i>KODE</i>] [satker:<i>KODE</i>]
    /petugas ubah <i>ID</i> [kec:…] [desa:…] [satker:…] [wilayah:semua] [satker:semua]
    /petugas hapus <i>ID</i>
    /petugas daftar
    Contoh: <code>/petugas tambah 123456789 Siti kec:Bangil</code> — hanya data P3KE Kec. Bangil.
    <code>/petugas ubah 123456789 desa:3514141005 satker:527560</code> — satu desa dan satu satker.
    Tanpa lingkup: seluruh Kab. Pasuruan dan semua satker.
petugas-id-salah = ID Telegram harus berupa angka, misalnya <code>/petugas tambah 123456789 Budi</code>.
petugas-ditambah = ✅ Petugas <code>{ $id }</code>{ $nama } ditambahkan. Akses berlaku sekarang.
petugas-diperbarui = ✅ Nama petugas <code>{ $id }</code> diperbarui{ $nama }.
petugas-dihapus = ✅ Petugas <code>{ $id }</code> dihapus. Aksesnya berhenti sekarang.
petugas-tidak-ada = Petugas <code>{ $id }</code> tidak terdaftar.
petugas-admin-tetap = <code>{ $id }</code> adalah administrator (dari ADMIN_IDS) dan tidak bisa dihapus di sini.
petugas-daftar-judul = <b>Petugas terdaftar ({ $jumlah })</b>
petugas-daftar-kosong = Belum ada petugas terdaftar. Tambahkan dengan /petugas tambah <i>ID</i> [nama].
petugas-baris = • <code>{ $id }</code> { $nama } — sejak { $tanggal }
    { "  " }{ $lingkup }
petugas-diubah = ✅ Lingkup petugas <code>{ $id }</code> diubah. Berlaku sekarang.
    { $lingkup }
petugas-ubah-tidak-ada = Petugas <code>{ $id }</code> belum terdaftar; tambahkan dulu dengan /petugas tambah.
petugas-lingkup-admin = <code>{ $id }</code> adalah administrator; administrator tidak dibatasi lingkup.
petugas-lingkup-salah =
    ⚠️ { $alasan }
    Tidak ada yang diubah. Lihat /petugas untuk cara pakai.
petugas-lingkup-tanda-salah = “{ $teks }” bukan lingkup yang dikenal (pakai kec:, desa:, satker:, wilayah:semua).
petugas-kec-tidak-dikenal = Kecamatan “{ $nama }” tidak ada di Kab. Pasuruan.
petugas-desa-salah = Kode desa <code>{ $kode }</code> bukan kode desa Kab. Pasuruan (10 angka, diawali 3514 lalu kecamatan 01–24).
petugas-desa-tidak-dikenal = Desa <code>{ $kode }</code> tidak ada di data desa SIPP.
petugas-desa-tidak-bisa-diperiksa = Daftar desa SIPP tidak bisa diperiksa sekarang; coba lagi sebentar lagi.
petugas-satker-salah = Kode satker “{ $kode }” harus 6 angka.
petugas-satker-tidak-dikenal = Satker <code>{ $kode }</code> tidak ada di data OMSPAN yang tersinkron.
petugas-satker-tidak-bisa-diperiksa = Data OMSPAN belum tersinkron, jadi satker belum bisa diperiksa.
lingkup = Lingkup: { $wilayah } · { $satker }
lingkup-wilayah-semua = seluruh Kab. Pasuruan
lingkup-satker-semua = semua satker
lingkup-kec = Kec. { $nama }
lingkup-desa = desa { $kode }
lingkup-satker = satker { $daftar }
lingkup-anda = 🔐 <b>Lingkup Anda</b>: { $wilayah } · { $satker }
di-luar-wilayah = ⛔ Data itu di luar wilayah Anda. Lingkup Anda: { $wilayah }.
di-luar-wilayah-singkat = ⛔ Di luar wilayah Anda.
di-luar-satker = ⛔ Satker { $kd } di luar lingkup Anda. Lingkup Anda: { $satker }.
di-luar-satker-singkat = ⛔ Satker di luar lingkup Anda.

## Audit
audit-judul = <b>Riwayat pencarian terbaru</b>
audit-kosong = Belum ada catatan audit.
audit-baris = { $waktu } · <code>{ $user }</code> · { $aksi } { $subjek } → { $hasil }
audit-judul-ditolak = <b>Penolakan terbaru</b> (akses di luar lingkup, ekspor di grup)
audit-kosong-ditolak = Belum ada penolakan tercatat.

## Cek NIK
cek-tanya = Kirim NIK (16 angka) yang ingin dicek. Ketik /batal untuk berhenti.
cek-tanya-lagi = Kirim NIK lagi, atau /batal untuk berhenti.
cek-batal = Dibatalkan.
cek-tidak-ada-percakapan = Tidak ada percakapan yang sedang berjalan.
cek-di-grup =
    🔒 Data pribadi tidak ditampilkan di grup.
    Silakan cek NIK lewat chat pribadi dengan bot. Sebaiknya hapus pesan berisi NIK dari grup ini.
cek-tombol-pribadi = Buka chat pribadi
cek-memeriksa = 🔎 Memeriksa NIK { $nik }…

nik-bukan-angka = NIK hanya boleh berisi angka (spasi, titik dan tanda hubung boleh).
nik-panjang = NIK harus 16 angka; yang Anda kirim { $panjang } angka.
nik-provinsi = Kode provinsi NIK ({ $kode }) tidak dikenal.
nik-kabupaten = Kode kabupaten/kota dalam NIK tidak boleh 00.
nik-kecamatan = Kode kecamatan dalam NIK tidak boleh 00.
nik-tanggal-lahir = Tanggal lahir dalam NIK tidak valid (angka ke-7 s.d. 12; perempuan: tanggal + 40).
nik-nomor-urut = Nomor urut NIK (4 angka terakhir) tidak boleh 0000.

cek-judul = 🔎 <b>Hasil cek NIK</b> <code>{ $nik }</code>
cek-nama = 👤 { $nama }
cek-wilayah = 📍 Desa/Kel. { $desa }, Kec. { $kecamatan }
cek-wilayah-kode = 📍 Kode wilayah { $kode }
cek-desil = 📊 Desil { $desil } — { $keterangan }
cek-desil-kosong = 📊 Desil: tidak tercantum
cek-padan = 🪪 Padan Dukcapil: { $padan }
padan-ya = Ya
padan-tidak = Tidak
padan-kosong = tidak tercantum
cek-keluarga = 👪 Status dalam keluarga: { $hubungan }
cek-tidak-p3ke = ℹ️ NIK ini <b>tidak terdaftar di P3KE</b>.
cek-bantuan-judul = 🎁 <b>Bantuan ({ $jumlah })</b>
cek-bantuan-kosong = 🎁 Belum tercatat menerima bantuan apa pun di SIPP.
cek-opd = <b>{ $opd }</b>
opd-tidak-disebut = OPD tidak disebut
cek-program = • { $program }
cek-subkegiatan = { "  " }↳ { $sub }
cek-rincian = { "  " }{ $rincian }
cek-tahun = Tahun { $tahun }
cek-stale = ⚠️ SIPP sedang tidak bisa dihubungi. Data dari cache { $umur } yang lalu.
cek-sumber = <i>Sumber: SIPP Kab. Pasuruan · { $waktu }</i>

desil-1 = sangat miskin (ekstrem)
desil-2 = miskin
desil-3 = hampir miskin
desil-4 = rentan miskin
desil-lain = di atas desil 4

## Galat upstream
galat-unauthorized = ⚠️ Akses bot ke { $sumber } ditolak. Administrator sudah diberi tahu. Coba lagi nanti.
galat-timeout = ⚠️ { $sumber } tidak menjawab tepat waktu. Coba lagi beberapa saat lagi.
galat-unavailable = ⚠️ { $sumber } sedang tidak tersedia. Coba lagi beberapa saat lagi.
galat-bad_response = ⚠️ { $sumber } mengirim jawaban yang tidak bisa dibaca. Coba lagi nanti; bila berulang, hubungi administrator.
galat-bad_request = ⚠️ Permintaan ke { $sumber } ditolak. Administrator perlu memeriksa konfigurasi.
galat-not_found = ⚠️ Data tidak ditemukan di { $sumber }.
galat-rate_limited = ⏳ { $sumber } sedang membatasi permintaan. Coba lagi sebentar lagi.
galat-truncated = ⚠️ Data dari { $sumber } terlalu banyak halaman dan terpotong; jawaban tidak ditampilkan agar tidak menyesatkan.
galat-umum = ⚠️ Terjadi kesalahan. Coba lagi; bila berulang, hubungi administrator.
galat-audit = ⚠️ Pencarian tidak bisa dicatat di log audit, jadi datanya tidak ditampilkan. Coba lagi sebentar lagi; bila berulang, hubungi administrator.
admin-upstream-401 = 🔑 <b>{ $sumber }</b> menolak kunci API (HTTP 401/403) sejak { $waktu }. Periksa token { $variabel }. Pesan ini dikirim sekali per kejadian.
admin-upstream-pulih = ✅ <b>{ $sumber }</b> kembali menerima kunci API.

## Lain-lain
tidak-dikenal = Perintah tidak dikenal. Ketik /bantuan untuk daftar perintah.
kirim-perintah = Kirim /cek <i>NIK</i> untuk memeriksa seseorang, atau /bantuan.

## Daftar perintah (setMyCommands)
cmd-start = Mulai
cmd-bantuan = Daftar perintah
cmd-id = Lihat ID Telegram Anda
cmd-cek = Cek NIK di P3KE dan bantuan
cmd-batal = Batalkan percakapan
cmd-petugas = Kelola petugas (admin)
cmd-audit = Riwayat pencarian (admin)

## Desa
cmd-desa = Ringkasan desa: keluarga, desil, bantuan
desa-pilih-kecamatan =
    🏘 <b>Ringkasan desa</b>
    Pilih kecamatan di bawah, atau kirim <code>/desa NAMA</code> atau <code>/desa KODE</code> (kode Kemendagri 10 angka).
desa-pilih-desa = 🏘 <b>Kec. { $kecamatan }</b> — { $jumlah } desa/kelurahan di data P3KE. Pilih salah satu:
desa-kecamatan-kosong = Belum ada desa/kelurahan Kec. { $kecamatan } di data P3KE SIPP.
desa-memuat-daftar = ⏳ Memuat daftar desa Kec. { $kecamatan }… { $halaman }
desa-halaman = ({ $selesai }/{ $total } halaman)
desa-daftar-terpotong = ⚠️ Data terpotong: daftar desa Kec. { $kecamatan } melebihi batas halaman SIPP. Kirim <code>/desa NAMA</code> atau <code>/desa KODE</code> langsung.
desa-mencari = 🔎 Mencari desa “{ $nama }”… ({ $selesai }/{ $total } kecamatan)
desa-tidak-ditemukan = Desa “{ $nama }” tidak ditemukan di data P3KE SIPP. Periksa ejaannya, atau pilih dari daftar.
desa-kode-tidak-ditemukan = Kode <code>{ $kode }</code> tidak ada di data P3KE maupun bantuan SIPP.
desa-kode-luar = Kode <code>{ $kode }</code> bukan desa/kelurahan Kab. Pasuruan (harus diawali 3514 lalu kode kecamatan 01–24).
desa-kode-salah = Kode desa (kode Kemendagri) harus 10 angka, misalnya <code>/desa 3514141005</code>.
desa-nama-salah = Nama desa hanya berisi huruf (mis. <code>/desa Bendomungal</code>), atau kirim kode desanya (10 angka). Untuk memeriksa seseorang, gunakan /cek.
desa-pilih-cocok = Ada { $jumlah } desa bernama “{ $nama }”. Pilih salah satu:
desa-pilih-mirip = Tidak ada yang persis “{ $nama }”. Mungkin maksud Anda ({ $jumlah }):
desa-cocok-lainnya = …dan { $jumlah } lainnya; perjelas nama desanya.
desa-daftar-sebagian = ⚠️ Sebagian daftar desa belum bisa dimuat dari SIPP; hasil pencarian mungkin tidak lengkap.

desa-label-desa = Desa { $nama }
desa-label-kelurahan = Kelurahan { $nama }
desa-label-kode = desa kode { $kode }
desa-mengambil = ⏳ Mengambil data { $desa }…
desa-progres-p3ke = P3KE: { $selesai }/{ $total } halaman
desa-progres-bantuan = Bantuan: { $selesai }/{ $total } halaman
desa-terpotong = ⚠️ Data terpotong: data desa ini melebihi batas halaman yang boleh diambil dari SIPP, jadi ringkasan tidak ditampilkan agar tidak menyesatkan. Administrator dapat menaikkan SIPP_PAGE_CAP.

desa-judul = 🏘 <b>{ $desa }</b>, Kec. { $kecamatan }
desa-kode = Kode Kemendagri <code>{ $kode }</code>
desa-stale = ⚠️ SIPP sedang tidak bisa dihubungi. Data dari cache { $umur } yang lalu.
desa-keluarga = 👪 <b>{ $keluarga }</b> keluarga · <b>{ $jiwa }</b> jiwa di P3KE
desa-padan = 🪪 Padan Dukcapil: { $persen } ({ $jumlah } dari { $jiwa } jiwa)
desa-desil-judul = 📊 <b>Per desil</b>
desa-desil-baris = • Desil { $desil } — { $keterangan }: { $keluarga } keluarga · { $jiwa } jiwa
desa-desil-kosong = • Desil tidak tercantum: { $keluarga } keluarga · { $jiwa } jiwa
desa-bantuan-judul = 🎁 <b>Penerima bantuan: { $penerima } orang</b> ({ $p3ke } terdaftar di P3KE) · { $keluarga } keluarga P3KE menerima
desa-bantuan-opd = • { $opd }: { $penerima } orang
desa-bantuan-kosong = 🎁 Belum ada penerima bantuan tercatat di SIPP untuk desa ini.
desa-desil1-nol = ℹ️ Tidak ada keluarga desil 1 di data desa ini.
desa-desil1-semua = ✅ Semua { $total } keluarga desil 1 sudah menerima bantuan.
desa-desil1-tanpa = 🚩 <b>Desil 1 tanpa bantuan: { $jumlah }</b> dari { $total } keluarga desil 1
desa-kk-baris = { $no }. { $nama } — { $alamat } · { $anggota } jiwa · <code>{ $nik }</code>
desa-kk-lainnya = …dan { $jumlah } lainnya. Unduh CSV atau XLSX untuk daftar lengkap.
desa-kk-grup = 🔒 Nama kepala keluarga dan ekspor hanya di chat pribadi.
desa-sumber = <i>Sumber: SIPP Kab. Pasuruan · { $waktu }</i>

desa-tombol-csv = 📄 Ekspor CSV
desa-tombol-xlsx = 📊 Ekspor XLSX
desa-tombol-pribadi = 🔒 Buka di chat pribadi
desa-tombol-kembali-kecamatan = « Kec. { $kecamatan }
desa-tombol-daftar-kecamatan = « Daftar kecamatan
desa-tombol-pilih-daftar = Pilih dari daftar kecamatan
desa-tombol-sebelumnya = ‹ Sebelumnya
desa-tombol-berikutnya = Berikutnya ›
desa-tombol-halaman = { $halaman }/{ $total }
desa-tombol-coba-lagi = 🔄 Coba lagi
desa-tombol-cocok = { $desa } (Kec. { $kecamatan })
desa-tombol-tidak-berlaku = Tombol ini tidak berlaku lagi. Ketik /desa untuk memulai dari awal.

desa-ekspor-menyiapkan = Menyiapkan berkas…
desa-ekspor-pribadi = 🔒 Ekspor berisi data pribadi, jadi hanya dikirim di chat pribadi dengan bot.
desa-ekspor-caption = 📄 Keluarga P3KE { $desa } ({ $jumlah } keluarga), data { $tanggal }. NIK disamarkan.
desa-ekspor-terkirim = ✅ Berkas ekspor sudah dikirim.
desa-ekspor-kosong = Tidak ada keluarga P3KE di desa ini untuk diekspor.
desa-kolom-no = No
desa-kolom-idKeluarga = ID Keluarga P3KE
desa-kolom-kepala = Kepala Keluarga
desa-kolom-nikKepala = NIK Kepala (disamarkan)
desa-kolom-alamat = Alamat
desa-kolom-desil = Desil
desa-kolom-anggota = Jumlah Anggota
desa-kolom-anggotaPenerima = Anggota Penerima Bantuan
desa-kolom-jumlahBantuan = Jumlah Bantuan
desa-sheet-keluarga = Keluarga
desa-sheet-info = Keterangan
desa-info-desa = Desa/Kelurahan
desa-info-kecamatan = Kecamatan
desa-info-kode = Kode Kemendagri
desa-info-keluarga = Jumlah keluarga
desa-info-jiwa = Jumlah jiwa
desa-info-data = Data per
desa-info-sumber = Sumber
desa-info-sumber-isi = SIPP Kab. Pasuruan (P3KE dan bantuan)
desa-info-catatan = Catatan
desa-info-catatan-isi = NIK disamarkan. Data pribadi (UU 27/2022): jangan disebarkan di luar keperluan tugas.

## Anggaran
cmd-anggaran = Anggaran satker: pagu, realisasi, IKPA (OMSPAN)
cmd-sinkron = Sinkronkan data OMSPAN sekarang (admin)
anggaran-bantuan-petugas = /anggaran [<i>kode satker atau nama</i>] — realisasi anggaran, target triwulan, pagu minus dan IKPA (data OMSPAN)
anggaran-bantuan-admin = /sinkron — sinkronkan data OMSPAN sekarang dan evaluasi peringatan
anggaran-tanya =
    💰 <b>Anggaran satker</b>
    Kirim kode satker (6 angka, mis. <code>527560</code>) atau sebagian namanya (mis. <code>malang</code>). /batal untuk berhenti.
anggaran-tanya-lagi = Kirim kode satker (6 angka) atau nama satker, atau /batal.
anggaran-di-grup-cara = Kirim <code>/anggaran KODE</code> (6 angka) atau <code>/anggaran NAMA</code> satker.
anggaran-tidak-dikenal =
    ❓ Satker <b>{ $kd }</b> tidak ada di data OMSPAN yang tersinkron.
    Periksa kodenya, atau cari dengan nama: <code>/anggaran NAMA</code> (mis. <code>/anggaran malang</code>).
anggaran-tombol-cari = 🔎 Cari satker dengan nama
anggaran-cari-kosong = 🔎 Tidak ada satker yang namanya cocok dengan “{ $q }”. Coba kata lain atau kode 6 angka.
anggaran-cari-banyak = 🔎 { $jumlah } satker cocok dengan “{ $q }”. Pilih salah satu:
anggaran-cari-terlalu-banyak = 🔎 { $jumlah } satker cocok dengan “{ $q }”; ditampilkan { $tampil } pertama. Persempit kata kuncinya bila yang dicari tidak ada.
anggaran-belum-ada-data = ⏳ Data anggaran OMSPAN belum tersedia: sinkronisasi pertama belum selesai. Coba lagi beberapa menit lagi.
anggaran-belum-ada-data-gagal =
    ⚠️ Data anggaran OMSPAN belum tersedia: sinkronisasi terakhir gagal ({ $waktu }).
    Administrator bisa menjalankan /sinkron.
anggaran-tidak-dikonfigurasi = ⚠️ Sinkronisasi OMSPAN belum dikonfigurasi (OMSPAN_API_TOKEN kosong). Hubungi administrator.
anggaran-menunggu-sinkron = ⏳ Data anggaran sedang disinkronkan dari OMSPAN untuk pertama kali… { $tahap }
anggaran-judul = 💰 <b>{ $nama }</b> ({ $kd })
anggaran-pagu = Pagu: <b>{ $pagu }</b>
anggaran-realisasi = Realisasi: <b>{ $realisasi }</b> ({ $persen })
anggaran-jenis-judul = <b>Per jenis belanja</b> — target { $tw }:
anggaran-jenis-baris = { $tanda } { $kode } { $nama }: { $persen } dari { $pagu }{ $target }
anggaran-jenis-target = {" "}· target { $target }
anggaran-jenis-tertinggal = {" "}(kurang { $gap } poin)
anggaran-jenis-realisasi = {"   "}realisasi { $realisasi }
anggaran-kontrak = Kontrak: { $kontrak } · Blokir: { $blokir }
anggaran-sisa = Sisa dana: <b>{ $sisa }</b>
anggaran-minus-judul = 🔴 <b>Pagu minus</b> ({ $jumlah } akun):
anggaran-minus-baris = • akun { $akun } ({ $jenis }): <b>{ $jumlah }</b>{ $baris }
anggaran-minus-baris-n = {" "}— { $n } baris
anggaran-minus-kosong = ✅ Tidak ada akun pagu minus.
anggaran-ikpa = 📊 <b>IKPA { $periode }</b>: <b>{ $nilai }</b> ({ $kategori }) — dihitung dari data OMSPAN
anggaran-ikpa-kosong = 📊 IKPA: belum ada data di OMSPAN.
anggaran-ikpa-tanpa-nilai = 📊 <b>IKPA { $periode }</b>: tidak bisa dihitung (tidak ada indikator berbobot dengan nilai).
anggaran-ikpa-lemah = Indikator terlemah:
anggaran-ikpa-lemah-baris = • { $label }: { $nilai } (−{ $hilang } poin)
anggaran-ikpa-info = ℹ️ { $label }: { $nilai } (informasi, tanpa bobot)
anggaran-data-per = 🕒 Data OMSPAN per { $tanggal } · disinkronkan { $waktu }
anggaran-data-tanpa-tanggal = 🕒 Data OMSPAN disinkronkan { $waktu }
anggaran-sinkron-gagal = ⚠️ Sinkronisasi terakhir gagal ({ $waktu }); data di atas berumur { $umur }.
anggaran-tidak-konsisten = ℹ️ Catatan: angka DataFA dan RealisasiKL OMSPAN belum sama persis (data bergeser selama sinkronisasi).
anggaran-tombol-grafik = 📈 Grafik
anggaran-tombol-rincian = 📄 Rincian akun
anggaran-tombol-peringkat-realisasi = 🏆 Peringkat realisasi
anggaran-tombol-peringkat-ikpa = 🏆 Peringkat IKPA
anggaran-tombol-tidak-berlaku = Tombol ini tidak berlaku lagi. Kirim /anggaran KODE untuk data terbaru.
anggaran-tombol-satker-hilang = Satker { $kd } tidak ada lagi di data OMSPAN terbaru.
anggaran-menyiapkan = Menyiapkan…
anggaran-grafik-judul = Realisasi kumulatif — { $nama } ({ $kd })
anggaran-grafik-realisasi = Realisasi kumulatif (% pagu)
anggaran-grafik-target = Target triwulan (tertimbang pagu)
anggaran-grafik-sumbu = % dari pagu
anggaran-grafik-caption = 📈 Realisasi kumulatif { $nama } ({ $kd }) terhadap target, data OMSPAN per { $tanggal }.
anggaran-rincian-caption = 📄 Rincian per akun { $nama } ({ $kd }), data OMSPAN per { $tanggal }. Jumlah dalam rupiah.
anggaran-kolom-akun = Akun
anggaran-kolom-jenis = Jenis belanja
anggaran-kolom-pagu = Pagu
anggaran-kolom-realisasi = Realisasi
anggaran-kolom-persen = Realisasi %
anggaran-kolom-kontrak = Kontrak
anggaran-kolom-blokir = Blokir
anggaran-kolom-sisa = Sisa dana
anggaran-kolom-minus = Pagu minus
anggaran-peringkat-realisasi-judul = 🏆 <b>Peringkat realisasi</b> ({ $jumlah } satker), data per { $tanggal }
anggaran-peringkat-ikpa-judul = 🏆 <b>Peringkat IKPA</b> ({ $jumlah } satker, dihitung dari data OMSPAN), data per { $tanggal }
anggaran-peringkat-atas = <b>5 teratas</b>
anggaran-peringkat-bawah = <b>5 terbawah</b>
anggaran-peringkat-baris = { $no }. { $nama } ({ $kd }) — { $nilai }
anggaran-peringkat-posisi = 📍 { $kd } di peringkat <b>{ $posisi }</b> dari { $jumlah } ({ $nilai }).
anggaran-peringkat-posisi-tanpa = 📍 { $kd } tidak punya nilai untuk peringkat ini.
sinkron-mulai = 🔄 Sinkronisasi OMSPAN dimulai… { $tahap }
sinkron-bergabung = 🔄 Sinkronisasi OMSPAN sedang berjalan; menunggu hasilnya… { $tahap }
sinkron-tahap-dipa = (DIPA)
sinkron-tahap-fa = (DataFA)
sinkron-tahap-ik = (IKPA)
sinkron-tahap-realisasi = (realisasi: { $baris } baris, { $halaman } halaman)
sinkron-tahap-simpan = (menyimpan)
sinkron-tahap-evaluasi = (evaluasi peringatan)
sinkron-selesai =
    ✅ <b>Sinkronisasi OMSPAN selesai</b>
    Baris realisasi: { $baris } · satker: { $satker } · durasi: { $durasi }
sinkron-data-per = Data OMSPAN per { $tanggal }.
sinkron-perubahan-judul = <b>Perubahan</b> dibanding data sebelumnya:
sinkron-perubahan-realisasi = • realisasi seluruh satker { $delta }
sinkron-perubahan-minus-baru = • pagu minus baru: { $jumlah }
sinkron-perubahan-minus-baris = {"   "}{ $kd } akun { $akun }: { $jumlah }
sinkron-perubahan-minus-selesai = • pagu minus yang sudah tidak ada: { $jumlah }
sinkron-perubahan-tidak-ada = • tidak ada pagu minus baru.
sinkron-pertama = Ini sinkronisasi pertama.
sinkron-peringatan-gagal = ⚠️ { $jumlah } evaluasi peringatan gagal (lihat log).
sinkron-peringatan-grup = 🔔 Peringatan baru dikirim ke { $dikirim } dari { $grup } grup yang berlangganan.
sinkron-peringatan-grup-nihil = 🔔 Tidak ada peringatan baru untuk { $grup } grup yang berlangganan.
sinkron-peringatan-grup-kosong = 🔔 Belum ada grup yang berlangganan peringatan anggaran.
sinkron-gagal =
    ❌ <b>Sinkronisasi OMSPAN gagal</b> setelah { $durasi }: { $alasan }
    Data sebelumnya tetap dipakai.
sinkron-gagal-umur = Data yang dipakai: per { $tanggal }, disinkronkan { $umur } lalu.
sinkron-gagal-tanpa-data = Belum ada data anggaran yang tersimpan.
sinkron-alasan-unauthorized = kunci API OMSPAN ditolak — minta kunci baru untuk tahun anggaran berjalan
sinkron-alasan-timeout = OMSPAN tidak menjawab tepat waktu
sinkron-alasan-unavailable = OMSPAN sedang tidak tersedia
sinkron-alasan-bad_response = jawaban OMSPAN tidak bisa dibaca
sinkron-alasan-bad_request = permintaan ditolak OMSPAN (periksa OMSPAN_BASE_URL)
sinkron-alasan-not_found = alamat OMSPAN tidak ditemukan (periksa OMSPAN_BASE_URL)
sinkron-alasan-rate_limited = OMSPAN membatasi permintaan
sinkron-alasan-truncated = batas halaman realisasi tercapai (OMSPAN_PAGE_CAP); data tidak lengkap sehingga tidak dipakai
sinkron-alasan-umum = kesalahan tak terduga (lihat log)
sinkron-alasan-dihentikan = aplikasi sedang berhenti
sinkron-alasan-tidak_dikonfigurasi = OMSPAN_API_TOKEN belum diisi
admin-omspan-kunci-tahun = Kunci API OMSPAN yang terpasang untuk tahun anggaran <b>{ $tahun }</b>.
admin-omspan-kunci-beda-tahun = ⚠️ Tahun kunci ({ $tahun }) berbeda dengan tahun berjalan ({ $sekarang }): minta kunci baru untuk tahun anggaran berjalan.
admin-omspan-kunci-tanpa-tahun = Tahun anggaran kunci API OMSPAN tidak terbaca.

## Langganan dan notifikasi
cmd-langganan = Langganan peringatan anggaran satker di grup
cmd-berhenti = Hentikan langganan peringatan grup
langganan-bantuan-petugas =
    /langganan <i>KODE…</i> — peringatan anggaran satker di grup (pagu minus, realisasi tertinggal, IKPA turun) dan ringkasan berkala; /langganan saja untuk daftarnya
    /berhenti [<i>KODE</i>] — hentikan langganan grup
langganan-di-pribadi =
    ℹ️ /langganan dan /berhenti dipakai di <b>grup</b>.
    Tambahkan bot ke grup kerja Anda, lalu kirim di sana misalnya <code>/langganan 527560</code>. Grup akan menerima peringatan anggaran satker itu (pagu minus baru, realisasi tertinggal dari target triwulan, kategori IKPA turun) dan ringkasan berkala.
langganan-kode-salah = ⚠️ Kode satker harus 6 angka, bukan: { $kode }. Contoh: <code>/langganan 527560 527567</code>.
berhenti-kode-salah = ⚠️ Kode satker harus 6 angka, bukan: { $kode }. Contoh: <code>/berhenti 527560</code>, atau /berhenti saja untuk menghentikan semua.
langganan-tidak-dikenal = ❓ Tidak ada di data OMSPAN: { $kode }. Periksa kodenya dengan <code>/anggaran NAMA</code>.
langganan-terlalu-banyak = ⚠️ Satu grup paling banyak berlangganan { $maks } satker (sekarang { $jumlah }). Hentikan yang tidak perlu dengan /berhenti <i>KODE</i>.
langganan-belum-bisa-diperiksa = ℹ️ Data OMSPAN belum tersinkron, jadi kode satker belum bisa diperiksa dan kondisinya belum bisa ditampilkan.
langganan-ditambah-judul = ✅ <b>Grup ini sekarang berlangganan peringatan anggaran</b>
langganan-sudah-judul = ℹ️ <b>Grup ini sudah berlangganan</b>
langganan-baris = • <b>{ $nama }</b> ({ $kd })
langganan-baris-tanpa-nama = • <b>{ $kd }</b>
langganan-baris-sudah = • <b>{ $nama }</b> ({ $kd }) — sudah berlangganan
langganan-baris-sudah-tanpa-nama = • <b>{ $kd }</b> — sudah berlangganan
langganan-kondisi = {"   "}{ $teks }
langganan-kondisi-aman = {"   "}✅ Tidak ada peringatan saat ini.
langganan-kondisi-tanpa-data = {"   "}ℹ️ Belum ada datanya di OMSPAN.
langganan-kondisi-lainnya = {"   "}… dan { $jumlah } lainnya (lihat /anggaran).
langganan-penjelasan =
    Setelah setiap sinkronisasi OMSPAN, grup ini diberi tahu sekali per kejadian bila ada pagu minus baru, realisasi tertinggal dari target triwulan lebih dari { $margin } poin, atau kategori IKPA turun — dan lagi bila kejadian itu selesai lalu muncul kembali.
    Ringkasan berikutnya: { $waktu }.
langganan-jadwal-tidak-ada = tidak terjadwal
langganan-daftar-judul = 📋 <b>Langganan peringatan grup ini</b> ({ $jumlah } satker):
langganan-daftar-kosong = Grup ini belum berlangganan peringatan anggaran. Kirim <code>/langganan KODE</code> (kode satker 6 angka), misalnya <code>/langganan 527560</code>.
langganan-daftar-kaki = Ringkasan berikutnya: { $waktu }. Hentikan dengan /berhenti [<i>KODE</i>].
berhenti-semua = ✅ Semua langganan grup ini dihentikan ({ $kode }). Grup tidak menerima peringatan anggaran lagi.
berhenti-sebagian = ✅ Langganan dihentikan: { $kode }.
berhenti-tidak-ada = ℹ️ Grup ini tidak berlangganan: { $kode }.
berhenti-sisa = Masih berlangganan: { $kode }.
berhenti-tidak-ada-lagi = Grup ini tidak berlangganan satker apa pun lagi.
berhenti-kosong = ℹ️ Grup ini tidak punya langganan peringatan.
grup-bot-masuk =
    👋 Halo, saya <b>pantau</b>.
    Petugas terdaftar dapat mengaktifkan peringatan anggaran satker untuk grup ini dengan <code>/langganan KODE</code> (kode satker 6 angka).
grup-bot-masuk-lagi = 👋 <b>pantau</b> aktif lagi di grup ini. Langganan peringatan berlaku kembali: { $kode }.
grup-bot-masuk-jeda =
    👋 <b>pantau</b> kembali di grup ini. Langganan peringatan sebelumnya ({ $kode }) masih <b>dijeda</b>: petugas terdaftar dapat mengaktifkannya lagi dengan /langganan di sini.
admin-grup-masuk-jeda =
    ⏸ Bot ditambahkan lagi ke grup <b>{ $judul }</b> (<code>{ $chat }</code>) oleh pengguna bukan petugas (ID <code>{ $oleh }</code>).
    Langganan { $kode } tetap dijeda sampai petugas mengirim /langganan di grup itu.
peringatan-judul = 🔔 <b>Peringatan anggaran</b>
peringatan-data-per = Data OMSPAN per { $tanggal }
peringatan-data-sinkron = Data OMSPAN disinkronkan { $waktu }
peringatan-satker = <b>{ $nama }</b> ({ $kd })
peringatan-minus = 🔴 Pagu minus: akun { $akun } ({ $jenis }) <b>{ $jumlah }</b>{ $baris }
peringatan-minus-baris-n = {" "}— { $n } baris
peringatan-tertinggal = 🔻 { $kode } { $nama }: realisasi { $persen }, target { $tw } { $target } (kurang { $gap } poin)
peringatan-ikpa-turun = 📉 IKPA turun: { $sebelumnya } { $dari } → { $periode } <b>{ $ke }</b> (nilai { $nilai }, dihitung dari data OMSPAN)
peringatan-minus-selesai = ✅ Akun { $akun } tidak lagi pagu minus.
peringatan-tertinggal-selesai = ✅ { $kode } { $nama } kini sesuai target { $tw }.
peringatan-kaki = Rincian: <code>/anggaran { $kd }</code>
ringkasan-judul = 📊 <b>Ringkasan anggaran</b> — { $tanggal }
ringkasan-realisasi = {"   "}Realisasi { $persen } dari pagu { $pagu } ({ $tw })
ringkasan-tertinggal = {"   "}🔻 Tertinggal dari target { $tw }: { $daftar }
ringkasan-tertinggal-item = { $kode } (kurang { $gap } poin)
ringkasan-sesuai-target = {"   "}✅ Sesuai target { $tw }
ringkasan-minus = {"   "}🔴 Pagu minus { $jumlah } akun, jumlah { $total }
ringkasan-ikpa = {"   "}📊 IKPA { $periode }: { $nilai } ({ $kategori }){ $turun }
ringkasan-ikpa-turun = , turun dari { $dari }
ringkasan-tidak-ada-data = {"   "}ℹ️ Tidak ada di data OMSPAN terbaru.
ringkasan-kaki = Rincian per satker: <code>/anggaran KODE</code>
admin-grup-nonaktif =
    ⚠️ Grup <b>{ $judul }</b> (<code>{ $chat }</code>) { $alasan }.
    Langganan peringatan untuk { $kode } dinonaktifkan; berlaku lagi bila petugas menambahkan bot kembali ke grup itu.
admin-grup-alasan-dikeluarkan = mengeluarkan bot
admin-grup-alasan-diblokir = memblokir bot
admin-grup-alasan-hilang = tidak ditemukan lagi di Telegram

## Panel (Mini App /panel): pesan di chat (panel-chat-*) dan teks halaman (panel-*, dibawa ke
## halaman saat build; hanya teks polos dan { $nama }, tanpa HTML).
cmd-panel = Panel: daftar lengkap keluarga desa dan satker
panel-chat-bantuan = /panel — daftar lengkap keluarga desa dan satker, bisa disaring dan diurutkan (Mini App, chat pribadi)
panel-chat-menu = Panel
panel-chat-tombol = 📋 Buka panel
panel-chat-buka =
    📋 <b>Panel pantau</b>
    Semua keluarga di desa Anda dan semua satker, bisa disaring dan diurutkan. NIK tetap disamarkan; setiap daftar keluarga yang dibuka dicatat di log audit.
    Tekan tombol di bawah, atau tombol menu di samping kolom pesan.
panel-chat-di-grup = 🔒 Panel berisi data pribadi, jadi hanya dibuka di chat pribadi dengan bot.
panel-chat-tombol-pribadi = 🔒 Buka di chat pribadi
panel-judul = Panel pantau
panel-memuat = Memuat…
panel-memuat-desa = Memuat daftar desa…
panel-memuat-keluarga = Memuat semua keluarga { $desa }… (desa besar bisa makan waktu beberapa detik)
panel-coba-lagi = Coba lagi
panel-tab-desa = Desa
panel-tab-anggaran = Anggaran
panel-pilih-kecamatan = Pilih kecamatan
panel-pilih-desa = Pilih desa di Kec. { $kecamatan }
panel-desa-kosong = Tidak ada desa di wilayah Anda pada kecamatan ini.
panel-kembali-kecamatan = Kecamatan
panel-kembali-desa = Daftar desa
panel-kembali-satker = Daftar satker
panel-desa-ringkas = Kec. { $kecamatan } · { $keluarga } keluarga · { $jiwa } jiwa
panel-data-per = Data SIPP per { $waktu }
panel-data-lama = ⚠️ SIPP tidak menjawab; data tersimpan dari { $waktu }
panel-cari-nama = Cari nama kepala keluarga
panel-cari-contoh = mis. SITI
panel-saring-desil = Desil
panel-saring-bantuan = Bantuan
panel-saring-dusun = Dusun
panel-urutkan = Urutkan
panel-semua = Semua
panel-urut-desil = Desil, lalu nama
panel-urut-nama = Nama
panel-urut-anggota = Anggota terbanyak
panel-urut-dusun = Dusun dan RT
panel-bantuan-pilihan-ya = Menerima
panel-bantuan-pilihan-tidak = Tidak menerima
panel-desil = Desil { $desil }
panel-desil-tidak-ada = Tanpa desil
panel-dusun = Dusun { $dusun }
panel-rt = RT { $rt }
panel-rt-rw = RT { $rt }/RW { $rw }
panel-alamat-tidak-ada = alamat tidak terbaca
panel-anggota = { $jumlah } anggota
panel-tanpa-nama = (tanpa nama)
panel-bantuan-ya = Bantuan ({ $penerima } anggota): { $opd }
panel-bantuan-tidak = Tanpa bantuan
panel-menampilkan = Menampilkan { $jumlah } dari { $total } keluarga
panel-tidak-ada-yang-cocok = Tidak ada keluarga yang cocok dengan saringan ini.
panel-halaman = Halaman { $halaman } dari { $dari }
panel-sebelumnya = Sebelumnya
panel-berikutnya = Berikutnya
panel-privasi = 🔒 NIK disamarkan. Data pribadi (UU 27/2022): hanya untuk keperluan tugas; setiap daftar keluarga yang dibuka dicatat di log audit.
panel-satker-judul = Satker ({ $jumlah })
panel-satker-petunjuk = Ketuk judul kolom untuk mengurutkan, ketuk satker untuk grafik. Selisih = target TW { $tw } (tertimbang pagu per jenis belanja) dikurangi realisasi.
panel-data-omspan = Data OMSPAN per { $tanggal }.
panel-disinkron = Disinkronkan { $waktu }.
panel-anggaran-belum = Data anggaran belum tersedia: sinkronisasi OMSPAN pertama belum selesai.
panel-kolom-satker = Satker
panel-kolom-kode = Kode
panel-kolom-pagu = Pagu
panel-kolom-realisasi = Realisasi
panel-kolom-selisih = Selisih target
panel-kolom-minus = Pagu minus
panel-kolom-ikpa = IKPA
panel-kurang = kurang { $poin } poin
panel-sesuai-target = sesuai target
panel-tidak = tidak
panel-target-tw = Target TW { $tw }
panel-minus-ada = { $jumlah } ({ $akun } akun)
panel-minus-tidak = tidak ada
panel-grafik-judul = Grafik realisasi kumulatif { $nama } tahun { $tahun }
panel-grafik-sub = Realisasi kumulatif per bulan (% pagu)
panel-grafik-realisasi = Realisasi
panel-grafik-target = Target
panel-galat-sesi = Sesi Telegram tidak sah atau sudah kedaluwarsa. Tutup panel ini dan buka lagi dari bot (/panel).
panel-galat-bukan-petugas =
    Maaf, panel ini hanya untuk petugas terdaftar.
    ID Telegram Anda: { $id }
    Minta administrator menambahkan ID ini.
panel-galat-luar-telegram = Panel ini dibuka dari Telegram: kirim /panel ke bot pantau lalu tekan tombol "Buka panel".
panel-galat-luar-wilayah = Data ini di luar wilayah atau satker tugas Anda.
panel-galat-terlalu-cepat = Terlalu banyak permintaan. Tunggu sebentar lalu coba lagi.
panel-galat-audit = Log audit tidak bisa ditulis, jadi data tidak ditampilkan. Coba lagi sebentar lagi.
panel-galat-upstream = SIPP sedang tidak bisa dihubungi atau lambat. Coba lagi sebentar lagi.
panel-galat-tidak-ada = Data tidak ditemukan.
panel-galat-jaringan = Tidak bisa terhubung ke server. Periksa koneksi lalu coba lagi.
panel-galat-umum = Terjadi kesalahan di server. Coba lagi sebentar lagi.

## /cekmassal (daftar NIK sekaligus)
cmd-cekmassal = Cek daftar NIK sekaligus (CSV, XLSX atau teks)
cekmassal-tanya =
    📋 Kirim daftar NIK yang akan diperiksa:
    • berkas <b>CSV</b> atau <b>XLSX</b> (sheet pertama; kolom NIK dikenali dari judul atau isinya), paling banyak { $baris } baris dan { $mb } MB, atau
    • tempel NIK sebagai teks, satu per baris, paling banyak { $teks } baris.
    Ketik /batal untuk membatalkan.
cekmassal-tanya-lagi = Kirim berkas CSV/XLSX atau tempel NIK, satu per baris. /batal untuk membatalkan.
cekmassal-di-grup = 🔒 /cekmassal berisi data pribadi, jadi hanya bisa dipakai di chat pribadi dengan bot.
cekmassal-tombol-pribadi = Buka chat pribadi
cekmassal-bukan-berkas = Itu bukan berkas CSV atau XLSX. Foto atau pesan lain tidak bisa dibaca sebagai daftar.
cekmassal-jenis-berkas = Berkas <b>{ $nama }</b> bukan CSV atau XLSX. Simpan daftar sebagai .csv atau .xlsx, lalu kirim lagi.
cekmassal-terlalu-besar = Berkas terlalu besar ({ $ukuran }); batasnya { $mb } MB. Bagi daftar menjadi beberapa berkas.
cekmassal-lebih-dari = lebih dari { $mb } MB
cekmassal-terenkripsi = Berkas dilindungi kata sandi. Buka proteksinya, simpan, lalu kirim lagi.
cekmassal-rusak = Berkas tidak bisa dibaca: rusak, atau isinya bukan CSV/XLSX.
cekmassal-kosong = Berkas tidak berisi baris data.
cekmassal-tanpa-kolom = Kolom NIK tidak ditemukan. Beri judul kolom "NIK", atau pastikan satu kolom berisi NIK 16 angka.
cekmassal-terlalu-banyak = Daftar berisi lebih dari { $batas } baris. Bagi menjadi beberapa berkas.
cekmassal-teks-terlalu-banyak = Teks berisi { $jumlah } baris; tempel paling banyak { $batas } NIK, atau kirim daftar sebagai berkas CSV/XLSX.
cekmassal-teks-kosong = Tidak ada NIK dalam teks itu.
cekmassal-sibuk = ⏳ Pemeriksaan daftar Anda sebelumnya masih berjalan ({ $selesai } dari { $total } NIK). Tunggu hasilnya, atau kirim /batal untuk menghentikannya.
cekmassal-gagal-unduh = ⚠️ Berkas tidak bisa diunduh dari Telegram. Coba kirim lagi.
cekmassal-diterima = ✅ Daftar diterima: { $baris } baris, { $nik } NIK akan diperiksa ke SIPP.
cekmassal-progres = 🔎 Memeriksa daftar: { $selesai } dari { $total } NIK ({ $persen })
cekmassal-sisa = Perkiraan sisa waktu: { $waktu }
cekmassal-progres-selesai = ✅ Pemeriksaan selesai: { $total } NIK.
cekmassal-dibatalkan = ⏹ Pemeriksaan daftar dihentikan: { $selesai } dari { $total } NIK sudah diperiksa. Hasil tidak dikirim; kirim /cekmassal untuk mengulang.
cekmassal-terputus-teks = ⚠️ Pemeriksaan daftar yang ditempel terputus karena bot dimulai ulang; teksnya tidak disimpan. Kirim /cekmassal lalu tempel daftar Anda lagi.
cekmassal-terputus-berkas = ⚠️ Pemeriksaan daftar terputus dan berkasnya tidak bisa diunduh lagi. Kirim /cekmassal lalu kirim berkas itu lagi.
cekmassal-judul = <b>Hasil /cekmassal</b>: { $berkas }
cekmassal-teks = daftar yang ditempel
cekmassal-ringkasan =
    Baris: { $baris }
    ✅ Valid: { $valid } (di P3KE: { $p3ke })
    ❌ Tidak valid: { $invalid }
    🔁 Duplikat: { $duplikat }
    ⚠️ Gagal, coba lagi: { $gagal }
cekmassal-ringkasan-tanda =
    <b>Perlu dilihat lagi</b>
    Desil 1–2 tanpa bantuan: { $desil12 }
    Tidak di P3KE: { $tidakp3ke }
    Desil ≥ 4: { $desil4 }
cekmassal-ringkasan-luar = Di luar wilayah Anda: { $luar }
cekmassal-caption = 📄 Hasil pemeriksaan { $baris } baris. NIK disamarkan.
cekmassal-kolom-status = Status
cekmassal-kolom-p3ke = Di P3KE
cekmassal-kolom-desa = Desa
cekmassal-kolom-kecamatan = Kecamatan
cekmassal-kolom-desil = Desil
cekmassal-kolom-bantuan = Jumlah bantuan
cekmassal-kolom-opd = OPD
cekmassal-kolom-tanda = Tanda
cekmassal-status-valid = valid
cekmassal-status-invalid = tidak valid: { $alasan }
cekmassal-status-duplikat = duplikat baris { $baris }
cekmassal-status-gagal = gagal, coba lagi
cekmassal-ya = ya
cekmassal-tidak = tidak
cekmassal-tanda-desil12-tanpa-bantuan = desil 1–2 tanpa bantuan
cekmassal-tanda-tidak-p3ke = tidak di P3KE
cekmassal-tanda-desil4 = desil ≥ 4
cekmassal-tanda-luar-wilayah = di luar wilayah
cekmassal-alasan-kosong = kosong
cekmassal-alasan-tidak-terbaca = angka diubah spreadsheet
cekmassal-alasan-scientific = angka diubah spreadsheet menjadi bentuk seperti 3.51401E+15 (format kolom sebagai Teks lalu isi lagi)
cekmassal-alasan-digits-lost = hanya 15 angka: ada angka yang hilang di spreadsheet (format kolom sebagai Teks lalu isi lagi)
cekmassal-alasan-bukan_angka = bukan angka
cekmassal-alasan-panjang = bukan 16 angka
cekmassal-alasan-provinsi = kode provinsi salah
cekmassal-alasan-kabupaten = kode kabupaten salah
cekmassal-alasan-kecamatan = kode kecamatan salah
cekmassal-alasan-tanggal_lahir = tanggal lahir tidak valid
cekmassal-alasan-nomor_urut = nomor urut 0000
