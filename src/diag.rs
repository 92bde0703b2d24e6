//! Problems found in the inputs, with where they are and what would fix them.
//!
//! Every stage collects problems instead of stopping at the first, so that an evaluator fixes a
//! file once. A problem is typed ([`ProblemKind`]) and rendered in the user's language.

use crate::lang::Lang;
use serde::Serialize;
use std::fmt::Write as _;
use std::sync::Arc;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Scoring goes on; the user should look.
    Warning,
    /// Nothing is written until it is fixed.
    Error,
}

/// Where a problem is: file, then sheet and cell where there are ones.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default, Serialize)]
pub struct Location {
    /// The file as the user named it (shared by the locations of one file).
    pub file: Arc<str>,
    /// The sheet, if any (shared likewise).
    pub sheet: Option<Arc<str>>,
    /// The cell, if any (shown in A1 notation).
    pub cell: Option<CellRef>,
}

/// A cell of a sheet by its absolute row and column, both from 0: eight bytes, spelt out in
/// A1 notation only when shown. A national run places millions of values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellRef {
    /// Row, from 0.
    pub row: u32,
    /// Column, from 0.
    pub col: u32,
}

impl CellRef {
    /// The cell at absolute `(row, col)`, both from 0.
    pub fn new(row: usize, col: usize) -> Self {
        CellRef {
            row: row as u32,
            col: col as u32,
        }
    }
}

impl std::fmt::Display for CellRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let letters = crate::ingest::column_letters(self.col as usize);
        write!(f, "{letters}{}", u64::from(self.row) + 1)
    }
}

impl Serialize for CellRef {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Location {
    /// A whole file.
    pub fn file(file: impl SharedName) -> Self {
        Location {
            file: file.shared(),
            ..Location::default()
        }
    }

    /// A cell of a sheet. Passing the file and sheet as `Arc<str>` shares them rather than
    /// copying: a national run places millions of values.
    pub fn cell(file: impl SharedName, sheet: impl SharedName, cell: CellRef) -> Self {
        Location {
            file: file.shared(),
            sheet: Some(sheet.shared()),
            cell: Some(cell),
        }
    }
}

/// A file or sheet name as a [`Location`] keeps it: an `Arc<str>` is shared, anything else
/// copied once.
pub trait SharedName {
    /// The name, shared.
    fn shared(self) -> Arc<str>;
}

impl SharedName for Arc<str> {
    fn shared(self) -> Arc<str> {
        self
    }
}

impl SharedName for &Arc<str> {
    fn shared(self) -> Arc<str> {
        self.clone()
    }
}

impl SharedName for &str {
    fn shared(self) -> Arc<str> {
        self.into()
    }
}

impl SharedName for String {
    fn shared(self) -> Arc<str> {
        self.into()
    }
}

impl SharedName for &String {
    fn shared(self) -> Arc<str> {
        self.as_str().into()
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.file)?;
        if let Some(sheet) = &self.sheet {
            write!(f, "!{sheet}")?;
        }
        if let Some(cell) = &self.cell {
            write!(f, "!{cell}")?;
        }
        Ok(())
    }
}

/// What went wrong, with the data needed to say it in either language.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProblemKind {
    /// A path named on the command line does not exist.
    InputMissing,
    /// A file named on the command line is of a kind that is not read.
    UnsupportedFile,
    /// No input file was found at all.
    NoInputs,
    /// The file cannot be opened as a workbook or CSV.
    Unreadable {
        /// The reader's own words.
        detail: String,
    },
    /// No sheet of the file has a header that is recognised.
    NoRecognisableSheet,
    /// A tidy header lacks a required column.
    MissingColumn {
        /// The column's name.
        column: String,
    },
    /// A required value is blank.
    EmptyValue {
        /// The field's name.
        field: String,
    },
    /// A cell holds a spreadsheet error such as `#REF!`.
    ErrorCell {
        /// The error as shown.
        value: String,
    },
    /// A formula whose result was never stored.
    UncachedFormula,
    /// A cell should hold a number.
    BadNumber {
        /// The field's name.
        field: String,
        /// What it holds.
        value: String,
    },
    /// The tier is not one of the rubric's.
    UnknownTier {
        /// What it holds.
        value: String,
        /// The rubric's tiers.
        known: Vec<String>,
    },
    /// The criterion code is not in the rubric.
    UnknownCode {
        /// The code given.
        code: String,
    },
    /// The answer is not on the criterion's scale.
    OffScale {
        /// The criterion.
        code: String,
        /// The answer given.
        answer: String,
        /// The codes allowed.
        allowed: Vec<String>,
    },
    /// Two answers of the same tier for the same OPD and criterion.
    DuplicateAnswer {
        /// The OPD.
        opd: String,
        /// The criterion.
        code: String,
        /// The tier.
        tier: String,
        /// Where the other answer is.
        other: String,
        /// The two answers (this one, the other) when they differ: a conflict.
        conflict: Option<(String, String)>,
        /// Whether the conflict was settled by taking the lower answer (`--conflict lowest`).
        resolved: bool,
    },
    /// Criteria of an OPD scored from a lower tier than the rubric's highest, for want of one.
    LowerTierScored {
        /// The OPD.
        opd: String,
        /// The tier the answers came from.
        tier: String,
        /// The criteria.
        codes: Vec<String>,
    },
    /// An OPD lacks answers for some criteria.
    MissingAnswers {
        /// The OPD.
        opd: String,
        /// The codes without an answer.
        codes: Vec<String>,
        /// Whether they were scored 0 (`--missing zero`).
        zeroed: bool,
    },
    /// An official-layout row's text differs from the rubric's criterion.
    TextDiffers {
        /// The criterion matched by numbering.
        code: String,
        /// The text in the sheet.
        found: String,
        /// The rubric's text.
        expected: String,
    },
    /// An official-layout row holds an answer but is not placed under a sub-component.
    UnplacedAnswer,
    /// An official-layout row's number is past the sub-component's criteria.
    NoSuchCriterion {
        /// The sub-component key, e.g. `1.a`.
        subcomponent: String,
        /// The row's number.
        number: String,
    },
    /// The output would overwrite an input.
    OutputIsInput,
    /// A value outside the words a field takes.
    NotInList {
        /// The field.
        field: String,
        /// What it holds.
        value: String,
        /// What it may hold.
        allowed: Vec<String>,
    },
    /// A number that may not be negative is.
    Negative {
        /// The field.
        field: String,
        /// The value.
        value: f64,
    },
    /// An OPD name that matches no known OPD.
    UnknownOpd {
        /// The name as written.
        name: String,
        /// The nearest known names.
        suggestions: Vec<String>,
    },
    /// A file in the history folder that is not a year's results of this engine.
    NotHistory {
        /// Why.
        detail: String,
    },
    /// A score above its maximum or below 0.
    OutOfRange {
        /// The field.
        field: String,
        /// The value.
        value: f64,
        /// Its maximum.
        max: f64,
    },
    /// A published predicate that is not the one the rubric's bands give the score.
    PredicateDiffers {
        /// The predicate given.
        given: String,
        /// The rubric's.
        computed: String,
        /// The score.
        score: f64,
    },
    /// Component scores that do not add up to the final score.
    SumDiffers {
        /// The final score.
        total: f64,
        /// The sum of the components.
        sum: f64,
    },
    /// An OPD given twice in one table.
    DuplicateOpd {
        /// The OPD.
        opd: String,
        /// Where the other row is.
        other: String,
    },
    /// A year held in the history under more than one rubric.
    SeveralRubrics {
        /// The year.
        year: i32,
        /// Its rubrics.
        rubrics: Vec<String>,
    },
    /// `--history` without LKE answers: there is no AKIP score to store.
    NothingToStore,
    /// No year of the history falls in the range asked for.
    EmptyHistory {
        /// The years present.
        years: Vec<i32>,
    },
    /// An OPD that is, through the registry's predecessors, its own predecessor.
    PredecessorCycle {
        /// The OPD.
        opd: String,
    },
    /// A priority id that is not in the priorities file.
    UnknownPriority {
        /// The id as written.
        id: String,
        /// The known ids.
        known: Vec<String>,
    },
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
}

impl Problem {
    /// An error at `location`.
    pub fn error(location: Option<Location>, kind: ProblemKind) -> Self {
        Problem {
            severity: Severity::Error,
            location,
            kind,
        }
    }

    /// A warning at `location`.
    pub fn warning(location: Option<Location>, kind: ProblemKind) -> Self {
        Problem {
            severity: Severity::Warning,
            location,
            kind,
        }
    }

    /// Whether it stops the run.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The problem as one line (plus a hint) in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let severity = match (self.severity, lang) {
            (Severity::Error, Lang::Id) => "GALAT",
            (Severity::Error, Lang::En) => "ERROR",
            (Severity::Warning, Lang::Id) => "PERINGATAN",
            (Severity::Warning, Lang::En) => "WARNING",
        };
        let mut out = String::new();
        let _ = write!(out, "{severity}");
        if let Some(location) = &self.location {
            let _ = write!(out, " {location}");
        }
        let (what, fix) = self.kind.describe(lang);
        let _ = write!(out, ": {what}");
        if let Some(fix) = fix {
            let _ = write!(out, "\n    -> {fix}");
        }
        out
    }
}

fn list(items: &[String]) -> String {
    items.join(", ")
}

impl ProblemKind {
    /// What happened, and what would fix it, in `lang`.
    pub fn describe(&self, lang: Lang) -> (String, Option<String>) {
        use ProblemKind as K;
        let id = lang == Lang::Id;
        let pick = |a: String, b: String| if id { a } else { b };
        match self {
            K::InputMissing => (
                pick("berkas atau folder tidak ditemukan".into(), "file or folder not found".into()),
                Some(pick("periksa ejaan jalurnya".into(), "check the path's spelling".into())),
            ),
            K::UnsupportedFile => (
                pick(
                    "jenis berkas tidak dikenal; yang dibaca: .xlsx, .xlsm, .xls, .ods, .csv".into(),
                    "unsupported file type; read are .xlsx, .xlsm, .xls, .ods, .csv".into(),
                ),
                Some(pick("simpan ulang sebagai .xlsx".into(), "save it again as .xlsx".into())),
            ),
            K::NoInputs => (
                pick("tidak ada berkas masukan yang ditemukan".into(), "no input file was found".into()),
                Some(pick(
                    "sebutkan berkas LKE (.xlsx, .xls, .ods, .csv) atau folder yang memuatnya".into(),
                    "name LKE files (.xlsx, .xls, .ods, .csv) or a folder holding them".into(),
                )),
            ),
            K::Unreadable { detail } => (
                pick(
                    format!("berkas tidak dapat dibaca sebagai lembar kerja: {detail}"),
                    format!("the file cannot be read as a workbook: {detail}"),
                ),
                Some(pick(
                    "buka di Excel dan simpan ulang sebagai .xlsx".into(),
                    "open it in Excel and save it again as .xlsx".into(),
                )),
            ),
            K::NoRecognisableSheet => (
                pick(
                    "tidak ada sheet dengan baris judul kolom yang dikenali".into(),
                    "no sheet has a recognisable header row".into(),
                ),
                Some(pick(
                    "beri judul kolom opd, kode, jawaban, atau gunakan format LKE resmi (No, Komponen/Sub Komponen/Kriteria, Jawaban)".into(),
                    "add the columns opd, kode, jawaban, or use the official LKE layout (No, Komponen/Sub Komponen/Kriteria, Jawaban)".into(),
                )),
            ),
            K::MissingColumn { column } => (
                pick(
                    format!("kolom wajib '{column}' tidak ada di baris judul"),
                    format!("the required column '{column}' is missing from the header row"),
                ),
                Some(pick(
                    format!("tambahkan kolom '{column}'"),
                    format!("add a '{column}' column"),
                )),
            ),
            K::EmptyValue { field } => (
                pick(format!("'{field}' kosong"), format!("'{field}' is blank")),
                Some(pick(format!("isi '{field}'"), format!("fill in '{field}'"))),
            ),
            K::ErrorCell { value } => (
                pick(
                    format!("sel berisi galat rumus {value}"),
                    format!("the cell holds the formula error {value}"),
                ),
                Some(pick(
                    "perbaiki rumusnya atau ketik nilainya".into(),
                    "fix the formula or type the value".into(),
                )),
            ),
            K::UncachedFormula => (
                pick(
                    "sel berisi rumus yang hasilnya tidak tersimpan di berkas".into(),
                    "the cell holds a formula whose result was never saved in the file".into(),
                ),
                Some(pick(
                    "buka berkas di Excel atau LibreOffice lalu simpan, agar hasil rumus tersimpan".into(),
                    "open the file in Excel or LibreOffice and save it, so that the results are stored".into(),
                )),
            ),
            K::BadNumber { field, value } => (
                pick(
                    format!("'{field}' harus angka, berisi '{value}'"),
                    format!("'{field}' must be a number, found '{value}'"),
                ),
                Some(pick("ketik angka saja, mis. 3".into(), "type a plain number, e.g. 3".into())),
            ),
            K::UnknownTier { value, known } => (
                pick(
                    format!("tahap '{value}' tidak dikenal"),
                    format!("unknown tier '{value}'"),
                ),
                Some(pick(
                    format!("gunakan salah satu: {}", list(known)),
                    format!("use one of: {}", list(known)),
                )),
            ),
            K::UnknownCode { code } => (
                pick(
                    format!("kode kriteria '{code}' tidak ada dalam rubrik"),
                    format!("criterion code '{code}' is not in the rubric"),
                ),
                Some(pick(
                    "periksa kodenya (mis. 1.b.8) atau pilih rubrik lain dengan --rubric".into(),
                    "check the code (e.g. 1.b.8) or choose another rubric with --rubric".into(),
                )),
            ),
            K::OffScale { code, answer, allowed } => (
                pick(
                    format!("jawaban '{answer}' untuk kriteria {code} tidak ada pada skalanya"),
                    format!("answer '{answer}' for criterion {code} is not on its scale"),
                ),
                Some(pick(
                    format!("gunakan salah satu: {}", list(allowed)),
                    format!("use one of: {}", list(allowed)),
                )),
            ),
            K::DuplicateAnswer { opd, code, tier, other, conflict, resolved } => {
                let (what_id, what_en) = match conflict {
                    Some((here, there)) => (
                        format!(" ('{here}' di sini, '{there}' di sana)"),
                        format!(" ('{here}' here, '{there}' there)"),
                    ),
                    None => (" (jawaban sama)".to_string(), " (the same answer)".to_string()),
                };
                let fix = match (conflict.is_some(), resolved) {
                    (false, true) => pick(
                        "dihitung sekali (--conflict lowest)".into(),
                        "counted once (--conflict lowest)".into(),
                    ),
                    (false, false) => pick("hapus salah satunya".into(), "remove one of them".into()),
                    (true, true) => pick(
                        "jawaban yang lebih rendah dinilai (--conflict lowest)".into(),
                        "the lower answer is scored (--conflict lowest)".into(),
                    ),
                    (true, false) => pick(
                        "sepakati satu jawaban, atau jalankan dengan --conflict lowest untuk mengambil yang lebih rendah".into(),
                        "agree on one answer, or run with --conflict lowest to take the lower".into(),
                    ),
                };
                (
                    pick(
                        format!("{opd} punya dua jawaban tahap {tier} untuk kriteria {code}; yang lain di {other}{what_id}"),
                        format!("{opd} has two {tier} answers for criterion {code}; the other is at {other}{what_en}"),
                    ),
                    Some(fix),
                )
            }
            K::LowerTierScored { opd, tier, codes } => (
                pick(
                    format!("{opd}: {} kriteria dinilai dari jawaban tahap {tier} karena belum ada penetapan: {}", codes.len(), list(codes)),
                    format!("{opd}: {} criteria scored from {tier} answers, for want of a final one: {}", codes.len(), list(codes)),
                ),
                Some(pick(
                    "lengkapi jawaban evaluator untuk kriteria ini".into(),
                    "have the evaluator answer these criteria".into(),
                )),
            ),
            K::MissingAnswers { opd, codes, zeroed } => (
                pick(
                    format!("{opd} belum menjawab {} kriteria: {}", codes.len(), list(codes)),
                    format!("{opd} has no answer for {} criteria: {}", codes.len(), list(codes)),
                ),
                Some(if *zeroed {
                    pick("dinilai 0 karena --missing zero".into(), "scored 0 because of --missing zero".into())
                } else {
                    pick(
                        "lengkapi jawabannya, atau jalankan dengan --missing zero untuk menilainya 0".into(),
                        "fill in the answers, or run with --missing zero to score them 0".into(),
                    )
                }),
            ),
            K::TextDiffers { code, found, expected } => (
                pick(
                    format!("teks baris ini berbeda jauh dari kriteria {code} rubrik: '{found}' vs '{expected}'"),
                    format!("this row's text differs markedly from the rubric's criterion {code}: '{found}' vs '{expected}'"),
                ),
                Some(pick(
                    "pastikan urutan kriteria sama dengan LKE resmi".into(),
                    "check that the criteria are in the official LKE order".into(),
                )),
            ),
            K::UnplacedAnswer => (
                pick(
                    "baris ini berisi jawaban tetapi tidak berada di bawah sub komponen mana pun".into(),
                    "this row holds an answer but is not under any sub-component".into(),
                ),
                Some(pick(
                    "beri nomor kriteria dan letakkan di bawah baris sub komponennya".into(),
                    "number the criterion and put it under its sub-component row".into(),
                )),
            ),
            K::NoSuchCriterion { subcomponent, number } => (
                pick(
                    format!("sub komponen {subcomponent} tidak punya kriteria nomor {number}"),
                    format!("sub-component {subcomponent} has no criterion number {number}"),
                ),
                Some(pick("periksa penomoran baris".into(), "check the row numbering".into())),
            ),
            K::NotInList { field, value, allowed } => (
                pick(
                    format!("'{field}' berisi '{value}', yang tidak dikenal"),
                    format!("'{field}' holds '{value}', which is not known"),
                ),
                Some(pick(
                    format!("gunakan salah satu: {}", list(allowed)),
                    format!("use one of: {}", list(allowed)),
                )),
            ),
            K::Negative { field, value } => (
                pick(
                    format!("'{field}' tidak boleh negatif, berisi {value}"),
                    format!("'{field}' may not be negative, found {value}"),
                ),
                Some(pick("periksa tanda minusnya".into(), "check the minus sign".into())),
            ),
            K::UnknownOpd { name, suggestions } => (
                pick(
                    format!("nama OPD '{name}' tidak cocok dengan OPD mana pun"),
                    format!("OPD name '{name}' matches no known OPD"),
                ),
                Some(if suggestions.is_empty() {
                    pick(
                        "tambahkan OPD ini ke daftar OPD (--opd-registry)".into(),
                        "add this OPD to the registry (--opd-registry)".into(),
                    )
                } else {
                    pick(
                        format!("mungkin maksudnya: {}; atau tambahkan alias di --opd-registry", list(suggestions)),
                        format!("did you mean: {}; or add an alias in --opd-registry", list(suggestions)),
                    )
                }),
            ),
            K::UnknownPriority { id, known } => (
                pick(
                    format!("prioritas '{id}' tidak ada di berkas prioritas"),
                    format!("priority '{id}' is not in the priorities file"),
                ),
                Some(pick(
                    format!("gunakan salah satu: {}", list(known)),
                    format!("use one of: {}", list(known)),
                )),
            ),
            K::NotHistory { detail } => (
                pick(
                    format!("berkas ini bukan hasil tahunan sakip ({detail})"),
                    format!("this file is not a sakip year's results ({detail})"),
                ),
                Some(pick(
                    "pindahkan berkas lain keluar dari folder riwayat".into(),
                    "move other files out of the history folder".into(),
                )),
            ),
            K::OutOfRange { field, value, max } => (
                pick(
                    format!("'{field}' berisi {value}, di luar rentang 0 sampai {max}"),
                    format!("'{field}' holds {value}, outside 0 to {max}"),
                ),
                Some(pick(
                    "periksa angkanya dan rubrik yang dipilih (--rubric)".into(),
                    "check the number and the rubric chosen (--rubric)".into(),
                )),
            ),
            K::PredicateDiffers { given, computed, score } => (
                pick(
                    format!("predikat tertulis {given}, tetapi nilai {score} menurut batas rubrik adalah {computed}; predikat tertulis dipakai"),
                    format!("the predicate given is {given}, but the rubric's bands make {score} a {computed}; the one given is kept"),
                ),
                Some(pick(
                    "periksa predikat yang diterbitkan atau batas predikat rubrik".into(),
                    "check the published predicate or the rubric's band edges".into(),
                )),
            ),
            K::SumDiffers { total, sum } => (
                pick(
                    format!("jumlah nilai komponen {sum} tidak sama dengan nilai akhir {total}"),
                    format!("the components add up to {sum}, not the final score {total}"),
                ),
                Some(pick("periksa angka komponennya".into(), "check the component figures".into())),
            ),
            K::DuplicateOpd { opd, other } => (
                pick(
                    format!("OPD '{opd}' sudah ada di {other}"),
                    format!("OPD '{opd}' is already given at {other}"),
                ),
                Some(pick("hapus salah satu baris".into(), "delete one of the rows".into())),
            ),
            K::SeveralRubrics { year, rubrics } => (
                pick(
                    format!("tahun {year} tersimpan dengan lebih dari satu rubrik: {}", list(rubrics)),
                    format!("year {year} is stored under more than one rubric: {}", list(rubrics)),
                ),
                Some(pick(
                    "pilih satu dengan --rubric, atau hapus berkas yang tidak dipakai".into(),
                    "choose one with --rubric, or delete the file not wanted".into(),
                )),
            ),
            K::EmptyHistory { years } => (
                pick(
                    if years.is_empty() {
                        "folder riwayat tidak berisi hasil tahunan".to_string()
                    } else {
                        format!("tidak ada tahun dalam rentang yang diminta; tersedia: {}", list(&years.iter().map(ToString::to_string).collect::<Vec<_>>()))
                    },
                    if years.is_empty() {
                        "the history folder holds no year's results".to_string()
                    } else {
                        format!("no year in the range asked for; present: {}", list(&years.iter().map(ToString::to_string).collect::<Vec<_>>()))
                    },
                ),
                Some(pick(
                    "simpan tahun dengan sakip score --year --history, atau sakip history import".into(),
                    "store years with sakip score --year --history, or sakip history import".into(),
                )),
            ),
            K::NothingToStore => (
                pick(
                    "--history menyimpan nilai AKIP, tetapi tidak ada jawaban LKE yang dinilai".into(),
                    "--history stores AKIP scores, but no LKE answers were scored".into(),
                ),
                Some(pick(
                    "sertakan berkas LKE, atau jalankan tanpa --history".into(),
                    "include the LKE files, or run without --history".into(),
                )),
            ),
            K::PredecessorCycle { opd } => (
                pick(
                    format!("OPD '{opd}' menjadi pendahulu dirinya sendiri melalui kolom pendahulu"),
                    format!("OPD '{opd}' is its own predecessor through the pendahulu column"),
                ),
                Some(pick(
                    "periksa kolom pendahulu di daftar OPD".into(),
                    "check the pendahulu column of the registry".into(),
                )),
            ),
            K::OutputIsInput => (
                pick(
                    "keluaran akan menimpa berkas masukan".into(),
                    "the output would overwrite an input file".into(),
                ),
                Some(pick("pilih folder lain dengan --out".into(), "choose another folder with --out".into())),
            ),
        }
    }
}

/// Every problem found by one run, in the order found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Diagnostics {
    /// The problems.
    pub problems: Vec<Problem>,
}

impl Diagnostics {
    /// A single error for a failure inside the engine (a frame without its column), reported
    /// like an input problem so that the run still ends cleanly.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        let mut diag = Diagnostics::default();
        diag.error(
            None,
            ProblemKind::Unreadable {
                detail: format!("internal frame error: {detail}"),
            },
        );
        diag
    }

    /// Adds one.
    pub fn push(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    /// Adds an error.
    pub fn error(&mut self, location: Option<Location>, kind: ProblemKind) {
        self.push(Problem::error(location, kind));
    }

    /// Adds a warning.
    pub fn warning(&mut self, location: Option<Location>, kind: ProblemKind) {
        self.push(Problem::warning(location, kind));
    }

    /// Adds all of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.problems.extend(other.problems);
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
                file.unwrap_or(lang.pick("(semua berkas)", "(all files)"))
            );
            for p in list {
                let place = p.location.as_ref().map(|l| {
                    let mut place = l.sheet.as_deref().unwrap_or_default().to_string();
                    if let Some(cell) = &l.cell {
                        place = format!("{place}!{cell}");
                    }
                    place
                });
                let unplaced = Problem {
                    location: None,
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
        let errors = self.problems.iter().filter(|p| p.is_error()).count();
        let warnings = self.problems.len() - errors;
        let _ = writeln!(
            out,
            "{}",
            match lang {
                Lang::Id => format!("{errors} galat, {warnings} peringatan"),
                Lang::En => format!("{errors} error(s), {warnings} warning(s)"),
            }
        );
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

#[cfg(test)]
mod tests {
    use super::{CellRef, Location};

    #[test]
    fn a_cell_is_shown_and_serialised_in_a1_notation() {
        assert_eq!(CellRef::new(0, 0).to_string(), "A1");
        assert_eq!(CellRef::new(9, 26).to_string(), "AA10");
        assert_eq!(CellRef::new(1_048_575, 16_383).to_string(), "XFD1048576");
        let at = Location::cell("lke.xlsx", "LKE", CellRef::new(4, 2));
        assert_eq!(at.to_string(), "lke.xlsx!LKE!C5");
        let json = serde_json::to_value(&at).unwrap();
        assert_eq!(json["cell"], "C5");
    }
}
