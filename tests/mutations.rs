//! Mutated workbooks (bit flips, truncation, shuffled zip entries) never panic the reader: each
//! reads cleanly or ends in a clean error naming the file.

use sakip::ingest;
use sakip::messages::Diagnostics;
use std::io::{Cursor, Write};
use std::path::PathBuf;

/// A fixed pseudo-random sequence (xorshift64*), so that a failing case can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// The zip's entries written again in a shuffled order.
fn shuffled(bytes: &[u8], rng: &mut Rng) -> Option<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut order: Vec<usize> = (0..archive.len()).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i + 1));
    }
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in order {
        let entry = archive.by_index_raw(i).ok()?;
        writer.raw_copy_file(entry).ok()?;
    }
    let mut out = writer.finish().ok()?.into_inner();
    out.flush().ok()?;
    Some(out)
}

fn mutate(original: &[u8], case: usize, rng: &mut Rng) -> Vec<u8> {
    match case % 3 {
        0 => {
            let mut bytes = original.to_vec();
            for _ in 0..=rng.below(8) {
                let at = rng.below(bytes.len());
                bytes[at] ^= 1 << rng.below(8);
            }
            bytes
        }
        1 => original[..rng.below(original.len())].to_vec(),
        _ => shuffled(original, rng).unwrap_or_else(|| original.to_vec()),
    }
}

#[test]
fn two_thousand_mutated_workbooks_end_in_clean_results() {
    let rubric = sakip::Rubric::load("akip-2021-opd").unwrap();
    let sources = [
        "fixtures/demo/LKE-Inspektorat-2025.xlsx",
        "fixtures/demo/LKE-Kecamatan-2025.xlsx",
        "tests/fixtures/renja_merged_header_formulas_footer.xlsx",
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(0x5A41_4B49_5032_0251);
    let mut outcomes = [0usize; 2];
    for case in 0..2_000 {
        let original = std::fs::read(sources[case % sources.len()]).unwrap();
        let bytes = mutate(&original, case, &mut rng);
        let path: PathBuf = dir.path().join(format!("mutasi-{case}.xlsx"));
        std::fs::write(&path, &bytes).unwrap();
        let result = std::panic::catch_unwind(|| {
            let mut diag = Diagnostics::default();
            ingest::ingest(
                std::slice::from_ref(&path),
                &rubric,
                &Default::default(),
                &mut diag,
            );
            diag
        });
        let diag =
            result.unwrap_or_else(|_| panic!("case {case} panicked ({} bytes)", bytes.len()));
        for problem in &diag.problems {
            if problem.is_error() {
                let at = problem
                    .location
                    .as_ref()
                    .map(|l| l.file.clone())
                    .unwrap_or_default();
                assert!(
                    at.ends_with(&format!("mutasi-{case}.xlsx")),
                    "case {case}: {}",
                    problem.render(sakip::Lang::En)
                );
            }
        }
        outcomes[usize::from(diag.has_errors())] += 1;
        std::fs::remove_file(&path).unwrap();
    }
    // Both outcomes occur: flipped bits in stored text read cleanly, truncations do not.
    assert!(outcomes[0] > 0 && outcomes[1] > 0, "{outcomes:?}");
}
