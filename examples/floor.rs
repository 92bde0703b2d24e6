//! The floor a run is measured against: calamine reading the same input cells, and
//! rust_xlsxwriter writing the same output cells, with no other work.
//!
//! `cargo run --release --example floor -- --inputs DIR_OR_FILE... --output feedback.xlsx`
//!
//! Reading: every .xlsx under the inputs, on as many threads as `sakip` uses, every cell of
//! every sheet loaded. Writing: the cells of an output workbook `sakip` wrote (read back first,
//! not timed) written again, values only, to a new workbook on disk.

use calamine::{open_workbook, Data, Reader, Xlsx};
use rust_xlsxwriter::Workbook;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn walk(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        entries.sort();
        for e in entries {
            walk(&e, out);
        }
    } else if path.extension().is_some_and(|e| e == "xlsx") {
        out.push(path.to_path_buf());
    }
}

/// Loads every cell of every sheet; returns the number of non-empty cells.
fn read_all(path: &Path) -> usize {
    let mut wb: Xlsx<_> = open_workbook(path).expect("an xlsx file");
    let names = wb.sheet_names().to_vec();
    names
        .iter()
        .filter_map(|n| wb.worksheet_range(n).ok())
        .map(|range| range.used_cells().count())
        .sum()
}

fn main() {
    let mut inputs = Vec::new();
    let mut output = None;
    let mut args = std::env::args().skip(1);
    let mut target = "";
    while let Some(a) = args.next() {
        match a.as_str() {
            "--inputs" => target = "inputs",
            "--output" => output = args.next().map(PathBuf::from),
            _ if target == "inputs" => inputs.push(PathBuf::from(a)),
            other => panic!("unknown argument {other}"),
        }
    }
    let mut files = Vec::new();
    for i in &inputs {
        walk(i, &mut files);
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let start = Instant::now();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let cells: usize = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut n = 0;
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(f) = files.get(i) else { break n };
                        n += read_all(f);
                    }
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).sum()
    });
    let read = start.elapsed();
    println!(
        "read:  {} files, {cells} cells, {:.2} s ({threads} threads)",
        files.len(),
        read.as_secs_f64()
    );
    let Some(output) = output else { return };
    let mut wb: Xlsx<_> = open_workbook(&output).expect("the output workbook");
    let sheets: Vec<(String, calamine::Range<Data>)> = wb
        .sheet_names()
        .to_vec()
        .into_iter()
        .filter_map(|n| wb.worksheet_range(&n).ok().map(|r| (n, r)))
        .collect();
    let start = Instant::now();
    // Compressed as sakip compresses its own workbooks, so that the ratio is the work around the
    // writer, not a setting.
    let mut out = Workbook::new();
    out.set_zip_compression_level(sakip::report::ZIP_LEVEL);
    let mut written = 0usize;
    for (name, range) in &sheets {
        let ws = out.add_worksheet();
        ws.set_name(name).unwrap();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, row) in range.rows().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r0 + r as u32, (c0 as usize + c) as u16);
                match cell {
                    Data::String(s) => ws.write_string(r, c, s).map(|_| ()),
                    Data::Float(v) => ws.write_number(r, c, *v).map(|_| ()),
                    Data::Int(v) => ws.write_number(r, c, *v as f64).map(|_| ()),
                    Data::Bool(v) => ws.write_boolean(r, c, *v).map(|_| ()),
                    _ => continue,
                }
                .unwrap();
                written += 1;
            }
        }
    }
    let path = std::env::temp_dir().join("sakip-floor.xlsx");
    out.save(&path).unwrap();
    let write = start.elapsed();
    let _ = std::fs::remove_file(&path);
    println!(
        "write: {} sheets, {written} cells, {:.2} s",
        sheets.len(),
        write.as_secs_f64()
    );
    println!("floor: {:.2} s", (read + write).as_secs_f64());
}
