//! What the program layouts share about forms: furniture (rows that are not data: column
//! numbers, labels, section headings, totals, the signature block), recognised, passed over and
//! listed once per kind at their sheet, so that no row of program data goes unaccounted for;
//! and the check of a budget against the sum of its rows.

use crate::ingest::{parse_number, Sheet};
use crate::messages::{Diagnostics, FurnitureKind, IngestProblem, Location, SumOf};
use std::collections::BTreeMap;

/// How far a budget may be from the sum of its rows and still be that sum (rounding in the
/// form's own cells).
pub(super) const RUPIAH_TOLERANCE: f64 = 0.5;

/// A budget that should be the sum of other cells' budgets.
pub(super) struct SumCheck {
    /// The budget's cell.
    pub at: Location,
    /// The budget.
    pub value: f64,
    /// The sum of its parts.
    pub sum: f64,
    /// The parts' cells (`O14:O15, O17`).
    pub cells: String,
    /// What the parts are.
    pub of: SumOf,
}

impl SumCheck {
    /// Nothing when the two agree to [`RUPIAH_TOLERANCE`]; else an error at the budget's cell
    /// naming both and the difference, or a warning when `lenient` (`--lenient-sums`).
    pub(super) fn report(self, lenient: bool, diag: &mut Diagnostics) {
        if (self.value - self.sum).abs() <= RUPIAH_TOLERANCE {
            return;
        }
        let kind = IngestProblem::SumMismatch {
            of: self.of,
            value: crate::messages::rupiah(self.value),
            sum: crate::messages::rupiah(self.sum),
            difference: crate::messages::rupiah((self.value - self.sum).abs()),
            cells: self.cells,
            figures: (self.value, self.sum),
        };
        match lenient {
            true => diag.warning(Some(self.at), kind),
            false => diag.error(Some(self.at), kind),
        }
    }
}

/// The rows of one sheet passed over as furniture, by kind (Excel row numbers).
#[derive(Default)]
pub(super) struct Furniture(BTreeMap<FurnitureKind, Vec<u32>>);

impl Furniture {
    /// Notes `row` (as Excel numbers it) as furniture of `kind`.
    pub(super) fn add(&mut self, kind: FurnitureKind, row: u32) {
        self.0.entry(kind).or_default().push(row);
    }

    /// Notes `rows` as furniture of `kind` (none, nothing).
    pub(super) fn extend(&mut self, kind: FurnitureKind, rows: impl IntoIterator<Item = u32>) {
        let mut rows = rows.into_iter().peekable();
        if rows.peek().is_some() {
            self.0.entry(kind).or_default().extend(rows);
        }
    }

    /// One note per kind at the sheet, naming its rows.
    pub(super) fn report(&self, sheet_at: &Location, diag: &mut Diagnostics) {
        for (kind, rows) in &self.0 {
            let kind = IngestProblem::Furniture {
                rows_are: *kind,
                rows: runs(rows),
            };
            diag.push(crate::Problem::info(Some(sheet_at.clone()), kind));
        }
    }
}

/// Whether every filled cell of `row` is a column number (`1`, `(2)`, `13 = 9+10+11+12`) and
/// there are at least three.
pub(super) fn is_numbering_row(sheet: &Sheet, row: usize) -> bool {
    let mut count = 0;
    for col in 0..sheet.rows[row].len() {
        let cell = sheet.get(row, col);
        if cell.is_blank() {
            continue;
        }
        let numbered = match cell.str() {
            Some(text) => {
                let head = text.split('=').next().unwrap_or("").trim();
                let head = head.trim_start_matches('(').trim_end_matches(')').trim();
                !head.is_empty() && head.chars().all(|c| c.is_ascii_digit())
            }
            None => {
                parse_number(cell).is_some_and(|n| n.fract() == 0.0 && (0.0..100.0).contains(&n))
            }
        };
        if !numbered {
            return false;
        }
        count += 1;
    }
    count >= 3
}

/// Whether `text` labels a total row: `Jumlah`, `Total`, `Jumlah Total`, `Grand Total`,
/// `Sub Total`, `Count=7` (a spreadsheet's subtotal row), any case. Asked of every row of a
/// list, so it allocates nothing.
pub(super) fn is_total_label(text: &str) -> bool {
    const LABELS: [&str; 10] = [
        "jumlah",
        "total",
        "jumlah total",
        "total keseluruhan",
        "jumlah keseluruhan",
        "grand total",
        "sub total",
        "subtotal",
        "jumlah (rp)",
        "total (rp)",
    ];
    let label = text.trim().trim_end_matches(':').trim_end();
    let count = label
        .get(..5)
        .is_some_and(|head| head.eq_ignore_ascii_case("count"))
        && label[5..].trim_start().starts_with('=');
    count || LABELS.iter().any(|l| label.eq_ignore_ascii_case(l))
}

/// Excel row numbers as runs: `9, 31-38`.
pub(super) fn runs(rows: &[u32]) -> String {
    spans(
        rows,
        |a, b| b == a + 1,
        |a, b| match a == b {
            true => a.to_string(),
            false => format!("{a}-{b}"),
        },
    )
}

/// The cells of `rows` (relative to the sheet) in `col`, consecutive rows as ranges:
/// `O14:O15, O17`.
pub(super) fn runs_of_cells(sheet: &Sheet, rows: &[usize], col: usize) -> String {
    spans(
        rows,
        |a, b| b == a + 1,
        |a, b| match a == b {
            true => sheet.a1(a, col),
            false => format!("{}:{}", sheet.a1(a, col), sheet.a1(b, col)),
        },
    )
}

/// `items` cut into runs where `next` holds between neighbours, each shown by `show(first,
/// last)`, joined by commas.
fn spans<T: Copy>(
    items: &[T],
    next: impl Fn(T, T) -> bool,
    show: impl Fn(T, T) -> String,
) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let mut j = i;
        while j + 1 < items.len() && next(items[j], items[j + 1]) {
            j += 1;
        }
        out.push(show(items[i], items[j]));
        i = j + 1;
    }
    out.join(", ")
}

#[cfg(test)]
mod tests {
    use super::{is_total_label, runs};

    #[test]
    fn rows_are_shown_as_runs() {
        assert_eq!(runs(&[9, 31, 32, 33, 40]), "9, 31-33, 40");
        assert_eq!(runs(&[]), "");
    }

    #[test]
    fn total_labels_are_known_whatever_their_case() {
        for label in [
            "Jumlah",
            "TOTAL",
            "Grand Total",
            "Count=7",
            "count = 12",
            "Jumlah :",
        ] {
            assert!(is_total_label(label), "{label}");
        }
        for label in ["Jumlah penduduk terlayani", "Totalitas", "Counter", "Pagu"] {
            assert!(!is_total_label(label), "{label}");
        }
    }
}
