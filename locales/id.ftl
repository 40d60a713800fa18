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
    /batal — batalkan percakapan yang sedang berjalan
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
    /petugas tambah <i>ID</i> [nama]
    /petugas hapus <i>ID</i>
    /petugas daftar
petugas-id-salah = ID Telegram harus berupa angka, misalnya <code>/petugas tambah 123456789 Budi</code>.
petugas-ditambah = ✅ Petugas <code>{ $id }</code>{ $nama } ditambahkan. Akses berlaku sekarang.
petugas-diperbarui = ✅ Nama petugas <code>{ $id }</code> diperbarui{ $nama }.
petugas-dihapus = ✅ Petugas <code>{ $id }</code> dihapus. Aksesnya berhenti sekarang.
petugas-tidak-ada = Petugas <code>{ $id }</code> tidak terdaftar.
petugas-admin-tetap = <code>{ $id }</code> adalah administrator (dari ADMIN_IDS) dan tidak bisa dihapus di sini.
petugas-daftar-judul = <b>Petugas terdaftar ({ $jumlah })</b>
petugas-daftar-kosong = Belum ada petugas terdaftar. Tambahkan dengan /petugas tambah <i>ID</i> [nama].
petugas-baris = • <code>{ $id }</code> { $nama } — sejak { $tanggal }

## Audit
audit-judul = <b>Riwayat pencarian terbaru</b>
audit-kosong = Belum ada catatan audit.
audit-baris = { $waktu } · <code>{ $user }</code> · { $aksi } { $subjek } → { $hasil }

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
