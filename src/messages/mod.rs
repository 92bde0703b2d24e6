//! Problems found in the inputs, with where they are and what would fix them.
//!
//! Every stage collects problems instead of stopping at the first, so that an evaluator fixes a
//! file once. Each stage has its own problem enum ([`IngestProblem`], [`ScoreProblem`],
//! [`HistoryProblem`], [`OutputProblem`]) under the umbrella [`ProblemKind`]; their words, in
//! Indonesian and English, are data in `messages/*.toml`, one file per stage.

pub mod catalogue;
mod history;
mod ingest;
mod location;
mod output;
mod rubric;
mod score;

pub use catalogue::word;
pub use history::HistoryProblem;
pub use ingest::{Content, FurnitureKind, IngestProblem, SkipReason, SumOf};
pub use location::{column_letters, CellRef, Location, SharedName};
pub use output::OutputProblem;
pub use rubric::RubricProblem;
pub use score::ScoreProblem;

use crate::lang::Lang;
use serde::Serialize;
use std::fmt::Write as _;
use std::sync::Arc;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Said for the record: an input passed over on purpose.
    Info,
    /// Scoring goes on; the user should look.
    Warning,
    /// Nothing is written until it is fixed.
    Error,
}

impl Severity {
    /// The word shown before a message: KESALAHAN, PERINGATAN, INFO.
    pub fn word(self, lang: Lang) -> String {
        let key = match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        catalogue::word(key, &serde_json::Value::Null, lang)
    }
}

/// What went wrong, by the stage that found it, with the data needed to say it in either
/// language. Serialised as its stage's problem: `{"kind": "off_scale", "code": ...}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ProblemKind {
    /// Finding and reading the input files.
    Ingest(IngestProblem),
    /// Checking the answers against the rubric.
    Score(ScoreProblem),
    /// The history folder, published summaries, lineage.
    History(HistoryProblem),
    /// Where outputs would be written.
    Output(OutputProblem),
    /// A rubric file.
    Rubric(RubricProblem),
}

/// Each stage's problem becomes a [`ProblemKind`], compares with one, and is looked up in one
/// (`kind.ingest()`), so that code and tests name problems by their stage's enum.
macro_rules! stage {
    ($variant:ident, $problem:ty, $getter:ident) => {
        impl From<$problem> for ProblemKind {
            fn from(kind: $problem) -> Self {
                ProblemKind::$variant(kind)
            }
        }

        impl PartialEq<$problem> for ProblemKind {
            fn eq(&self, other: &$problem) -> bool {
                matches!(self, ProblemKind::$variant(k) if k == other)
            }
        }

        impl ProblemKind {
            #[doc = concat!("The problem, when it is one of `", stringify!($problem), "`.")]
            pub fn $getter(&self) -> Option<&$problem> {
                match self {
                    ProblemKind::$variant(k) => Some(k),
                    _ => None,
                }
            }
        }
    };
}

stage!(Ingest, IngestProblem, ingest);
stage!(Score, ScoreProblem, score);
stage!(History, HistoryProblem, history);
stage!(Output, OutputProblem, output);
stage!(Rubric, RubricProblem, rubric);

impl ProblemKind {
    /// The key of its message in the catalogue.
    fn key(&self) -> &'static str {
        match self {
            ProblemKind::Ingest(k) => k.key(),
            ProblemKind::Score(k) => k.key(),
            ProblemKind::History(k) => k.key(),
            ProblemKind::Output(k) => k.key(),
            ProblemKind::Rubric(k) => k.key(),
        }
    }

    /// What happened, and what would fix it, in `lang`.
    pub fn describe(&self, lang: Lang) -> (String, Option<String>) {
        let fields = serde_json::to_value(self).unwrap_or_default();
        catalogue::message(self.key(), &fields, lang)
    }
}

/// Whether `c` shows as nothing: zero-width spaces and joiners, the word joiner, the byte-order
/// mark, the soft hyphen. Pasted from the web or from Word, they make two equal-looking names
/// differ.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}'
    )
}

/// A number as a person would type it: `3`, not `3.0`.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// An amount of rupiah as people write it: thousands with dots, whole rupiah unless there are
/// cents (`1.234.567`, `1.234.567,50`).
pub fn rupiah(amount: f64) -> String {
    let cents = (amount.abs() * 100.0).round() as u128;
    let (whole, cents) = (cents / 100, cents % 100);
    let digits = whole.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    if cents > 0 {
        out.push_str(&format!(",{cents:02}"));
    }
    match amount < 0.0 && (whole > 0 || cents > 0) {
        true => format!("-{out}"),
        false => out,
    }
}

/// One problem.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// Where it is, if it has a place.
    pub location: Option<Location>,
    /// What it is.
    #[serde(flatten)]
    pub kind: ProblemKind,
    /// The same problem met in more cells of the sheet (see [`Diagnostics::fold_repeats`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeats: Option<Box<Repeats>>,
}

/// One problem met in many cells of one sheet: reported once, at the range of those cells.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Repeats {
    /// In how many cells.
    pub count: usize,
    /// The range's first cell (top left).
    pub first: CellRef,
    /// The range's last cell (bottom right).
    pub last: CellRef,
}

impl Problem {
    /// An error at `location`.
    pub fn error(location: Option<Location>, kind: impl Into<ProblemKind>) -> Self {
        Problem {
            severity: Severity::Error,
            location,
            kind: kind.into(),
            repeats: None,
        }
    }

    /// A warning at `location`.
    pub fn warning(location: Option<Location>, kind: impl Into<ProblemKind>) -> Self {
        Problem {
            severity: Severity::Warning,
            location,
            kind: kind.into(),
            repeats: None,
        }
    }

    /// A note at `location`: something passed over on purpose.
    pub fn info(location: Option<Location>, kind: impl Into<ProblemKind>) -> Self {
        Problem {
            severity: Severity::Info,
            location,
            kind: kind.into(),
            repeats: None,
        }
    }

    /// Where it is as shown: the location, with the range of cells and their count when the
    /// problem repeats.
    fn place(&self, lang: Lang) -> Option<String> {
        let location = self.location.as_ref()?;
        Some(match &self.repeats {
            None => location.to_string(),
            Some(r) => {
                let place = Location {
                    cell: Some(r.first),
                    ..location.clone()
                };
                let count =
                    catalogue::word("repeats", &serde_json::json!({ "count": r.count }), lang);
                format!("{place}:{} ({count})", r.last)
            }
        })
    }

    /// Whether it stops the run.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The problem as one line (plus a hint) in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let severity = self.severity.word(lang);
        let mut out = String::new();
        let _ = write!(out, "{severity}");
        if let Some(place) = self.place(lang) {
            let _ = write!(out, " {place}");
        }
        let (what, fix) = self.kind.describe(lang);
        let _ = write!(out, ": {what}");
        if let Some(fix) = fix {
            let _ = write!(out, "\n    -> {fix}");
        }
        out
    }
}

/// Every problem found by one run, in the order found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Diagnostics {
    /// The problems.
    pub problems: Vec<Problem>,
}

impl Diagnostics {
    /// Adds one.
    pub fn push(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    /// Adds an error.
    pub fn error(&mut self, location: Option<Location>, kind: impl Into<ProblemKind>) {
        self.push(Problem::error(location, kind));
    }

    /// Adds a warning.
    pub fn warning(&mut self, location: Option<Location>, kind: impl Into<ProblemKind>) {
        self.push(Problem::warning(location, kind));
    }

    /// Adds all of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.problems.extend(other.problems);
    }

    /// The same problem at several cells of one sheet becomes one problem at the range of those
    /// cells, with their count, where the first of them was (an OPD name unknown on every row
    /// of a sheet is one problem, not one per row). Problems without a cell stay as they are.
    pub fn fold_repeats(&mut self) {
        // Keyed by the problem spelt out (kinds are data, not hashable) and its sheet.
        type Key = (Severity, Arc<str>, Option<Arc<str>>, String);
        let mut first: foldhash::HashMap<Key, usize> = foldhash::HashMap::default();
        let mut kept: Vec<Problem> = Vec::with_capacity(self.problems.len());
        for p in std::mem::take(&mut self.problems) {
            let (Some(location), None) = (&p.location, &p.repeats) else {
                kept.push(p);
                continue;
            };
            let Some(cell) = location.cell else {
                kept.push(p);
                continue;
            };
            let key = (
                p.severity,
                location.file.clone(),
                location.sheet.clone(),
                format!("{:?}", p.kind),
            );
            match first.get(&key) {
                None => {
                    first.insert(key, kept.len());
                    kept.push(p);
                }
                Some(&i) => {
                    let kept = &mut kept[i];
                    let at = kept.location.as_ref().and_then(|l| l.cell).unwrap_or(cell);
                    let r = kept.repeats.get_or_insert_with(|| {
                        Box::new(Repeats {
                            count: 1,
                            first: at,
                            last: at,
                        })
                    });
                    r.count += 1;
                    r.first = CellRef {
                        row: r.first.row.min(cell.row),
                        col: r.first.col.min(cell.col),
                    };
                    r.last = CellRef {
                        row: r.last.row.max(cell.row),
                        col: r.last.col.max(cell.col),
                    };
                }
            }
        }
        self.problems = kept;
    }

    /// Whether any is an error.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(Problem::is_error)
    }

    /// The warnings only.
    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| !p.is_error())
    }

    /// Every problem grouped by file (problems without a file first), each with its sheet and
    /// cell, severity and fix; a closing line counts errors and warnings.
    pub fn render_grouped(&self, lang: Lang) -> String {
        let mut groups: Vec<(Option<&str>, Vec<&Problem>)> = Vec::new();
        for p in &self.problems {
            let file = p.location.as_ref().map(|l| &*l.file);
            match groups.iter_mut().find(|(f, _)| *f == file) {
                Some((_, list)) => list.push(p),
                None => groups.push((file, vec![p])),
            }
        }
        groups.sort_by_key(|(f, _)| f.is_some());
        let mut out = String::new();
        for (file, mut list) in groups {
            list.sort_by_key(|p| std::cmp::Reverse(p.severity));
            let _ = writeln!(
                out,
                "{}",
                file.map_or_else(
                    || catalogue::word("all_files", &serde_json::Value::Null, lang),
                    str::to_string
                )
            );
            for p in list {
                // The place without its file, which heads the group.
                let place = p.location.as_ref().and_then(|l| {
                    let full = p.place(lang)?;
                    let file = format!("{}!", l.file);
                    Some(
                        full.strip_prefix(&file)
                            .map_or(String::new(), str::to_string),
                    )
                });
                let unplaced = Problem {
                    location: None,
                    repeats: None,
                    ..p.clone()
                };
                let line = unplaced.render(lang);
                match place.filter(|s| !s.is_empty()) {
                    Some(place) => {
                        let _ = writeln!(out, "  {place} {}", line.replacen('\n', "\n  ", 1));
                    }
                    None => {
                        let _ = writeln!(out, "  {}", line.replacen('\n', "\n  ", 1));
                    }
                }
            }
        }
        let count = |s: Severity| self.problems.iter().filter(|p| p.severity == s).count();
        let (errors, warnings, notes) = (
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info),
        );
        let key = match notes {
            0 => "tally",
            _ => "tally.notes",
        };
        let fields = serde_json::json!({ "errors": errors, "warnings": warnings, "notes": notes });
        let _ = writeln!(out, "{}", catalogue::word(key, &fields, lang));
        out
    }

    /// The problems as JSON: severity, location, kind and its data, and the message and fix in
    /// `lang`.
    pub fn to_json(&self, lang: Lang) -> serde_json::Value {
        let problems: Vec<serde_json::Value> = self
            .problems
            .iter()
            .map(|p| {
                let mut value = serde_json::to_value(p).unwrap_or_default();
                let (message, fix) = p.kind.describe(lang);
                if let Some(object) = value.as_object_mut() {
                    object.insert("message".into(), message.into());
                    object.insert("fix".into(), fix.into());
                }
                value
            })
            .collect();
        let errors = self.problems.iter().filter(|p| p.is_error()).count();
        serde_json::json!({
            "errors": errors,
            "warnings": self.problems.len() - errors,
            "problems": problems,
        })
    }

    /// All problems, errors first, grouped by file in the order found, one per paragraph.
    pub fn render(&self, lang: Lang) -> String {
        let mut sorted: Vec<&Problem> = self.problems.iter().collect();
        let file = |p: &Problem| p.location.as_ref().map(|l| l.file.clone());
        sorted.sort_by(|a, b| b.severity.cmp(&a.severity).then(file(a).cmp(&file(b))));
        sorted
            .iter()
            .map(|p| p.render(lang))
            .collect::<Vec<_>>()
            .join("\n")
    }
}
