//! Ingest, score and write on a generated city of 1,000 OPDs (80,000 answers in ten tidy
//! workbooks), each stage alone and end to end; and, when asked, the national run.
//!
//! `cargo bench --bench pipeline`
//!
//! The national run (22,000 OPDs, 3.52 million answers and 1.1 million program rows in 550 + 550
//! workbooks, about 20 s an iteration) is measured when `SAKIP_BENCH_NATIONAL` names a year
//! folder written by the generator:
//!
//! ```sh
//! cargo run --release --example gen -- --opds 22000 --years 1 --format xlsx --out /tmp/nat
//! SAKIP_BENCH_NATIONAL=/tmp/nat/2021 cargo bench --bench pipeline -- national
//! ```

use criterion::{criterion_group, criterion_main, Criterion};
use rust_xlsxwriter::Workbook;
use sakip::evaluate::Indices;
use sakip::history::{self, lineage::Lineage, trend};
use sakip::ingest;
use sakip::messages::Diagnostics;
use sakip::report::{feedback_workbook, trend_workbook, write_atomically, FeedbackInput};
use sakip::rubric::Rubric;
use sakip::score::{self, MissingPolicy};
use sakip::Lang;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

const OPDS: usize = 1_000;
const FILES: usize = 10;
const GRADES: [&str; 8] = ["AA", "A", "BB", "B", "CC", "C", "D", "E"];

/// A fixed pseudo-random answer: the same set on every run.
fn answer(opd: usize, criterion: usize, yes_no: bool) -> &'static str {
    let h = (opd as u64 * 2_654_435_761 + criterion as u64 * 40_503) % 97;
    if yes_no {
        if h % 4 == 0 {
            "T"
        } else {
            "Y"
        }
    } else {
        GRADES[(h % 8) as usize]
    }
}

fn generate(dir: &Path, rubric: &Rubric) -> Vec<PathBuf> {
    let per_file = OPDS / FILES;
    (0..FILES)
        .map(|f| {
            let mut wb = Workbook::new();
            let ws = wb.add_worksheet();
            for (c, h) in ["opd", "kode", "jawaban", "tahap", "catatan"]
                .iter()
                .enumerate()
            {
                ws.write_string(0, c as u16, *h).unwrap();
            }
            let mut row = 1;
            for o in f * per_file..(f + 1) * per_file {
                let opd = format!("Perangkat Daerah Uji {o:04}");
                for (k, (_, sub, criterion)) in rubric.criteria().enumerate() {
                    ws.write_string(row, 0, &opd).unwrap();
                    ws.write_string(row, 1, &criterion.code).unwrap();
                    ws.write_string(row, 2, answer(o, k, sub.code == "a"))
                        .unwrap();
                    ws.write_string(row, 3, "penetapan").unwrap();
                    if k % 5 == 0 {
                        ws.write_string(row, 4, "Bukti dukung belum lengkap")
                            .unwrap();
                    }
                    row += 1;
                }
            }
            let path = dir.join(format!("lke-{f:02}.xlsx"));
            wb.save(&path).unwrap();
            path
        })
        .collect()
}

fn pipeline(c: &mut Criterion) {
    let rubric = Rubric::load("akip-2021-opd").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let files = generate(dir.path(), &rubric);
    let read = || {
        let mut diag = Diagnostics::default();
        let ingested = ingest::ingest(&files, &rubric, &Default::default(), &mut diag);
        assert!(!diag.has_errors());
        ingested
    };
    let ingested = read();
    let scores = score::score(&ingested.answers, &rubric, MissingPolicy::Error).unwrap();
    let indices = Indices::builtin().unwrap();
    let feedback = |scores: &score::Scores, ingested: &ingest::Ingested| {
        feedback_workbook(&FeedbackInput {
            rubric: &rubric,
            ranking: scores.ranking.ranked(),
            akip: Some(scores),
            programs: None,
            indices: &indices,
            reconciliation: None,
            next_steps: &[],
            files: &ingested.files,
            ledger: None,
            run_time_unix: 0,
            lang: Lang::Id,
            year: 2025,
            past: None,
            level: 2,
            audit: &[],
            paper: sakip::report::page::Paper::A4,
            government: None,
        })
        .unwrap()
    };

    let mut group = c.benchmark_group("1000 OPDs");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("ingest (10 workbooks -> answers)", |b| {
        b.iter(|| black_box(read()))
    });
    group.bench_function("score (answers -> ranking)", |b| {
        b.iter(|| {
            black_box(score::score(&ingested.answers, &rubric, MissingPolicy::Error).unwrap())
        })
    });
    group.bench_function("report (scores -> feedback.xlsx bytes)", |b| {
        b.iter(|| black_box(feedback(&scores, &ingested)))
    });
    let out = dir.path().join("out");
    group.bench_function("end to end (files -> feedback.xlsx)", |b| {
        b.iter(|| {
            let ingested = read();
            let scores = score::score(&ingested.answers, &rubric, MissingPolicy::Error).unwrap();
            let bytes = feedback(&scores, &ingested);
            black_box(write_atomically(&out, "feedback.xlsx", &bytes).unwrap())
        })
    });
    // Scorecards: one workbook per OPD with its shortest path, written to a folder.
    let steps = sakip::score::path::paths(&scores, &rubric).unwrap();
    let cards = dir.path().join("cards");
    group.bench_function("scorecards (1,000 workbooks on disk)", |b| {
        let input = FeedbackInput {
            rubric: &rubric,
            ranking: scores.ranking.ranked(),
            akip: Some(&scores),
            programs: None,
            indices: &indices,
            reconciliation: None,
            next_steps: &steps,
            files: &ingested.files,
            ledger: None,
            run_time_unix: 0,
            lang: Lang::Id,
            year: 2025,
            past: None,
            level: 2,
            audit: &[],
            paper: sakip::report::page::Paper::A4,
            government: None,
        };
        let progress = sakip::progress::Progress::hidden();
        b.iter(|| {
            let facts = sakip::report::per_opd::Context::new(&input, &scores).unwrap();
            black_box(
                sakip::report::scorecard::write_scorecards(&facts, &cards, &progress).unwrap(),
            )
        })
    });
    // The floor: calamine reading the same input cells, and rust_xlsxwriter writing the same
    // output cells (the ranked workbook's, read back first), with no other work.
    group.bench_function("floor: calamine reads the input cells", |b| {
        b.iter(|| black_box(floor_read(&files)))
    });
    let cells = workbook_cells(&feedback(&scores, &ingested));
    group.bench_function("floor: rust_xlsxwriter writes the output cells", |b| {
        b.iter(|| black_box(floor_write(&cells)))
    });
    group.finish();
}

/// Every cell of every sheet of `files`, loaded by calamine on the engine's threads.
fn floor_read(files: &[PathBuf]) -> usize {
    use calamine::Reader;
    sakip::parallel::parallel_map(files, |f| {
        let mut wb: calamine::Xlsx<_> = calamine::open_workbook(f).unwrap();
        let names = wb.sheet_names().to_vec();
        names
            .iter()
            .map(|n| wb.worksheet_range(n).unwrap().used_cells().count())
            .sum::<usize>()
    })
    .into_iter()
    .sum()
}

/// The cells of a workbook, sheet by sheet.
fn workbook_cells(bytes: &[u8]) -> Vec<(String, calamine::Range<calamine::Data>)> {
    use calamine::Reader;
    let mut wb = calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let names = wb.sheet_names().to_vec();
    names
        .into_iter()
        .filter_map(|n| wb.worksheet_range(&n).ok().map(|r| (n, r)))
        .collect()
}

/// The same cells written again, values only, to workbook bytes, compressed as sakip
/// compresses.
fn floor_write(sheets: &[(String, calamine::Range<calamine::Data>)]) -> Vec<u8> {
    use calamine::Data;
    let mut wb = Workbook::new();
    wb.set_zip_compression_level(sakip::report::ZIP_LEVEL);
    for (name, range) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        for (r, c, cell) in range.used_cells() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                Data::String(s) => ws.write_string(r, c, s).map(|_| ()),
                Data::Float(v) => ws.write_number(r, c, *v).map(|_| ()),
                Data::Int(v) => ws.write_number(r, c, *v as f64).map(|_| ()),
                _ => Ok(()),
            }
            .unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

/// Five years of 1,000 OPDs in a history folder: storing a year, and the trend workbook from
/// the folder (read, series, figures, workbook bytes).
fn history(c: &mut Criterion) {
    let rubric = Rubric::load("akip-2021-opd").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let files = generate(dir.path(), &rubric);
    let mut diag = Diagnostics::default();
    let ingested = ingest::ingest(&files, &rubric, &Default::default(), &mut diag);
    let scores = score::score(&ingested.answers, &rubric, MissingPolicy::Error).unwrap();
    let store = dir.path().join("riwayat");
    let mut last = None;
    for (k, year) in (2021..=2025).enumerate() {
        let mut result =
            history::YearResult::from_ranking(&rubric, year, scores.ranking.ranked(), |_| None)
                .unwrap();
        // Each year moves every OPD by a fixed pseudo-random step, so that ranks change.
        for (i, row) in result.rows.iter_mut().enumerate() {
            let step = ((i * 7 + k * 13) % 11) as f64 - 5.0;
            row.score = (row.score + step).clamp(0.0, 100.0);
        }
        history::store(&store, &result).unwrap();
        last = Some(result);
    }
    let last = last.unwrap();
    let mut group = c.benchmark_group("history of 1000 OPDs");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(15));
    let scratch = dir.path().join("scratch");
    group.bench_function("store one year (parquet)", |b| {
        b.iter(|| black_box(history::store(&scratch, &last).unwrap()))
    });
    let print = sakip::report::page::Print {
        paper: Default::default(),
        heading: "Tren AKIP".into(),
        year: 2025,
        lang: Lang::Id,
    };
    group.bench_function(
        "trend of 5 years (read -> figures -> trend.xlsx bytes)",
        |b| {
            b.iter(|| {
                let mut diag = Diagnostics::default();
                let years = history::load(&store, &mut diag);
                let years = trend::select_years(years, &Default::default(), &mut diag);
                let figures = trend::trend(&years, &Lineage::by_name(), &mut diag);
                black_box(trend_workbook(&figures, &print, 0).unwrap())
            })
        },
    );
    group.finish();
}

/// The national run end to end, as a user runs it (the release binary, its allocator and all:
/// `sakip score LKE --programs PROGRAM --priorities prioritas.csv`, ranked workbook, no
/// scorecards), and its floor on the same files. Skipped unless `SAKIP_BENCH_NATIONAL` names a
/// generated year folder (see the top of this file).
fn national(c: &mut Criterion) {
    let Some(year) = std::env::var_os("SAKIP_BENCH_NATIONAL").map(PathBuf::from) else {
        return;
    };
    let listed = |dir: &str| -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(year.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        files
    };
    let inputs: Vec<PathBuf> = listed("lke").into_iter().chain(listed("program")).collect();
    let out = tempfile::tempdir().unwrap();
    let score = || {
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_sakip"))
            .arg("score")
            .arg(year.join("lke"))
            .arg("--programs")
            .arg(year.join("program"))
            .arg("--priorities")
            .arg(year.join("prioritas.csv"))
            .arg("--quiet")
            .arg("--out")
            .arg(out.path())
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
    };
    score();
    let bytes = std::fs::read(out.path().join("feedback.xlsx")).unwrap();
    let cells = workbook_cells(&bytes);
    let mut group = c.benchmark_group("national");
    // Ten single runs per figure: an iteration is seconds long.
    group
        .sample_size(10)
        .sampling_mode(criterion::SamplingMode::Flat)
        .measurement_time(Duration::from_secs(240));
    group.bench_function("end to end (sakip score, 550 + 550 workbooks)", |b| {
        b.iter(score)
    });
    group.bench_function("floor: calamine reads the input cells", |b| {
        b.iter(|| black_box(floor_read(&inputs)))
    });
    group.bench_function("floor: rust_xlsxwriter writes the output cells", |b| {
        b.iter(|| black_box(floor_write(&cells)))
    });
    group.finish();
}

criterion_group!(benches, pipeline, history, national);
criterion_main!(benches);
