//! Writes the hostile inputs whose peak memory the notes measure with `/usr/bin/time -v`:
//! `kolom.xlsx` (300 sheets, each spanning A1:A1048576), `tabel.ods` (eight tables of a million
//! repeated rows), `teks.xlsx` (one shared string of 700 million bytes), `jarang.csv` (a 5 GiB
//! sparse file), `besar.csv` (19 MB of tidy answers, for `inspect --json`), `sudut.xls` (30
//! sheets of 5 KB in all, each with a number at A1 and at IV65536) and `baris.xls` (one sheet
//! claiming 4 billion rows).
//!
//! `cargo run --release --example hostile -- DIR`, then for each file
//! `/usr/bin/time -v target/release/sakip score DIR/FILE --out /tmp/x`.

#[path = "../tests/biff.rs"]
mod biff;

use rust_xlsxwriter::Workbook;
use std::io::Write;
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "hostile".into());
    let dir = Path::new(&dir);
    std::fs::create_dir_all(dir)?;
    let mut wb = Workbook::new();
    for _ in 0..300 {
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "opd")?;
        ws.write_string(1_048_575, 0, "x")?;
    }
    wb.save(dir.join("kolom.xlsx"))?;
    ods(&dir.join("tabel.ods"))?;
    shared_string(&dir.join("teks.xlsx"))?;
    std::fs::File::create(dir.join("jarang.csv"))?.set_len(5 << 30)?;
    let mut csv = std::io::BufWriter::new(std::fs::File::create(dir.join("besar.csv"))?);
    writeln!(csv, "opd,kode,jawaban,catatan")?;
    for i in 0..250_000 {
        writeln!(
            csv,
            "Dinas Uji {},1.a.{},Y,catatan pemeriksaan nomor {i}",
            i / 80,
            i % 80
        )?;
    }
    std::fs::write(dir.join("sudut.xls"), biff::stray_corners(30))?;
    let rows = [("LKE", vec![biff::dimensions(0, u32::MAX, 4)])];
    std::fs::write(dir.join("baris.xls"), biff::xls(&rows))?;
    Ok(())
}

/// An .ods of eight tables, each a million rows of four repeated cells.
fn ods(path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path)?);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored)?;
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")?;
    zip.start_file("META-INF/manifest.xml", stored)?;
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#)?;
    zip.start_file("content.xml", stored)?;
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>"#)?;
    for i in 1..=8 {
        write!(
            zip,
            r#"<table:table table:name="T{i}"><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="4" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table>"#
        )?;
    }
    zip.write_all(b"</office:spreadsheet></office:body></office:document-content>")?;
    zip.finish()?;
    Ok(())
}

/// A one-sheet .xlsx whose shared-strings part is one string of 700 million bytes.
fn shared_string(path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let mut wb = Workbook::new();
    wb.add_worksheet().write_string(0, 0, "opd")?;
    let bytes = wb.save_to_buffer()?;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
    let mut out = zip::ZipWriter::new(std::fs::File::create(path)?);
    for i in 0..archive.len() {
        let entry = archive.by_index(i)?;
        if entry.name()? != "xl/sharedStrings.xml" {
            out.raw_copy_file(entry)?;
        }
    }
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    out.start_file("xl/sharedStrings.xml", options)?;
    out.write_all(b"<sst><si><t>")?;
    let block = vec![b'a'; 1 << 20];
    for _ in 0..700 {
        out.write_all(&block)?;
    }
    out.write_all(b"</t></si></sst>")?;
    out.finish()?;
    Ok(())
}
