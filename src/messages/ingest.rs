//! Problems found while finding and reading the input files: folders, workbooks, sheets, cells.
//!
//! Each variant carries the data its message needs; the words are in `messages/ingest.toml`.

use serde::Serialize;

/// What went wrong while reading the inputs.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum IngestProblem {
    /// A path named on the command line does not exist.
    InputMissing,
    /// A file named on the command line is of a kind that is not read.
    UnsupportedFile,
    /// No input file was found at all.
    NoInputs,
    /// The file cannot be opened as a workbook or CSV.
    Unreadable {
        /// The reader's own words (English, from the library that read the file).
        detail: String,
    },
    /// A workbook whose parts unpack to more bytes than the limit.
    TooBig {
        /// The bytes it would unpack to.
        found: u64,
        /// The limit (`--max-input-bytes`).
        limit: u64,
    },
    /// A sheet whose cells span a rectangle larger than the limit.
    SheetTooWide {
        /// The sheet.
        sheet: String,
        /// The rectangle, `A1:XFD1048576`.
        span: String,
        /// The cells it spans.
        cells: u64,
        /// The limit.
        limit: u64,
    },
    /// An .xlsx whose shared-strings part unpacks to more than its limit.
    SharedStringsTooBig {
        /// The bytes it would unpack to.
        found: u64,
        /// The limit.
        limit: u64,
    },
    /// A sheet that holds more cells than the limit.
    TooManyCells {
        /// The sheet.
        sheet: String,
        /// The limit.
        limit: u64,
    },
    /// A CSV file that is not UTF-8 text.
    NotUtf8,
    /// No sheet of the file has a header that is recognised.
    NoRecognisableSheet,
    /// No sheet of a program data file has the header of program data.
    NoProgramSheet,
    /// A file given as LKE answers is program data (a Renja form, a program list).
    ProgramDataAsLke,
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
    /// A value outside the words a field takes.
    NotInList {
        /// The field.
        field: String,
        /// What it holds.
        value: String,
        /// What it may hold.
        allowed: Vec<String>,
    },
    /// A number past what any budget or target reaches.
    TooLarge {
        /// The field.
        field: String,
        /// The value.
        value: f64,
        /// The largest allowed.
        limit: f64,
    },
    /// One column holding numbers whose dots read as thousands (`1.500`) and others whose dot
    /// reads as a decimal point (`1.5`): one of them is likely misread.
    AmbiguousDots {
        /// The field.
        field: String,
        /// The first value read with thousands (at the problem's cell).
        thousands: String,
        /// The first value read with a decimal point.
        decimal: String,
        /// Its cell.
        decimal_cell: String,
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
    /// A priority id that is not in the priorities file.
    UnknownPriority {
        /// The id as written.
        id: String,
        /// The known ids.
        known: Vec<String>,
    },
    /// An OPD given twice in one table.
    DuplicateOpd {
        /// The OPD.
        opd: String,
        /// Where the other row is.
        other: String,
    },
    /// An id given on two rows of one table (priorities, the registry).
    DuplicateId {
        /// The id.
        id: String,
        /// Where the first row with it is.
        other: String,
    },
    /// An id holding a list separator: a cell listing it could never name it.
    IdHasSeparator {
        /// The id.
        id: String,
    },
    /// A registry alias that is another OPD's name.
    AliasIsAnother {
        /// The alias.
        alias: String,
        /// The OPD it names.
        opd: String,
        /// Where that OPD's row is.
        other: String,
    },
    /// A file or folder passed over (an error under `--strict`, a warning where it matters:
    /// the same file named twice).
    Skipped {
        /// Why.
        reason: SkipReason,
    },
    /// A workbook with two sheets of one name (only a program, not Excel, writes one).
    DuplicateSheetName {
        /// The name.
        sheet: String,
    },
    /// A text longer than an Excel cell holds, cut to fit with a marker.
    TextTooLong {
        /// Its characters.
        chars: usize,
        /// What a cell holds.
        limit: usize,
    },
    /// A sheet the workbook hides, read all the same.
    HiddenSheet,
    /// A chart (or dialog, or macro) sheet: nothing to read in it.
    ChartSheet,
    /// A file whose sheets were recognised but hold no answer at all.
    NoAnswers,
    /// A row with values right of its table's header: fields a delimiter inside a text cut
    /// off, or values typed past the table.
    ExtraFields {
        /// The values, in order.
        fields: Vec<String>,
    },
    /// A file whose contents are not a workbook or a CSV, whatever its name says: a Word
    /// document, a PDF, a web page, a workbook locked with a password.
    NotAWorkbook {
        /// What it holds.
        content: Content,
    },
    /// A workbook whose extension names another kind of workbook (an .xlsx saved as `.xls`):
    /// read as what it holds.
    Misnamed {
        /// What it holds.
        content: Content,
    },
    /// Answers read from rows the workbook hides: counted in the scores, though nobody looking
    /// at the sheet sees them.
    HiddenRowAnswers {
        /// The hidden rows that hold answers (as Excel numbers them).
        rows: Vec<u32>,
        /// Their answer cells.
        cells: Vec<String>,
    },
    /// Activities read from rows the workbook hides: their budgets count in the indices,
    /// though nobody looking at the sheet sees them.
    HiddenRowActivities {
        /// The hidden rows that hold activities (as Excel numbers them).
        rows: Vec<u32>,
        /// The activities' first cells.
        cells: Vec<String>,
    },
    /// A budget of a program data form that is not the sum of the budgets it adds up (at the
    /// budget's cell): one of the two is wrong, and the indices would take one of them.
    SumMismatch {
        /// What it should be the sum of.
        of: SumOf,
        /// The budget, in rupiah as people write it.
        value: String,
        /// The sum of its parts.
        sum: String,
        /// The difference, unsigned.
        difference: String,
        /// The cells of the parts (`O14:O15, O17`).
        cells: String,
        /// The budget and the sum as numbers, for the audit (not in the message).
        #[serde(skip)]
        figures: (f64, f64),
    },
    /// Rows of a form that are not data (column numbers, labels, section and signature rows):
    /// passed over, and listed.
    Furniture {
        /// What the rows are.
        rows_are: FurnitureKind,
        /// The rows, as Excel numbers them (`9, 31-38`).
        rows: String,
    },
    /// One of several answer columns of an official sheet whose group header names no tier of
    /// the rubric.
    TierUnnamed {
        /// The group header above it ("" for none).
        group: String,
        /// The rubric's tiers.
        tiers: Vec<String>,
    },
    /// Two answer columns of one sheet for one tier.
    TierTwice {
        /// The tier.
        tier: String,
    },
    /// An answer column of a tier the rubric does not have (`VERVAL`), passed over.
    TierPassedOver {
        /// Its group header.
        group: String,
    },
    /// An official LKE row's `Pilihan Jawaban` offers other answers than the scale the rubric
    /// scores its criterion on.
    OptionsDiffer {
        /// The criterion.
        code: String,
        /// What the form offers, as written.
        offered: String,
        /// The rubric's scale, by name.
        scale: String,
        /// Its answers.
        answers: Vec<String>,
    },
    /// A workbook given to `rubric import` with no sheet in the official LKE layout (a `No`
    /// column, the criteria's text, an answer column) holding numbered rows.
    NoLkeTable,
    /// Criteria of a workbook given to `rubric import` whose scale nothing in the sheet tells
    /// (no value formula, answer options, drop-down list or answer), with no `--scale`.
    ScaleNotTold {
        /// Their codes.
        codes: Vec<String>,
        /// The library's scales, one of which `--scale` may name.
        scales: Vec<String>,
    },
    /// A settings file (`--settings`) that is not settings: a syntax error, or a key sakip
    /// does not know.
    BadSettings {
        /// The line, from 1 (0 when the parser does not tell).
        line: usize,
        /// The parser's words (English).
        detail: String,
    },
    /// A `--scale` that names no scale of the library.
    ScaleNotInLibrary {
        /// As given.
        scale: String,
        /// The library's scales.
        scales: Vec<String>,
    },
    /// Rows of an audited sheet whose codes are no node of the rubric: not compared.
    NotAudited {
        /// Their codes.
        codes: Vec<String>,
    },
    /// A count row ("- Jumlah ...") whose answer cell holds no number.
    CountNotNumber {
        /// The criterion it feeds.
        code: String,
        /// The count row's label.
        label: String,
        /// What the cell holds.
        found: String,
    },
    /// A program sheet whose OPD is named nowhere: no label, no title, no file name.
    NoOpdName,
    /// A Renja form without codes and budget formulas: its tree was taken from the sums alone.
    TreeFromSums,
    /// Activities name priorities but no priorities file was given.
    NoPriorities {
        /// How many activities name one.
        count: usize,
        /// The first priority named.
        example: String,
    },
    /// Program data without a priorities file: the alignment index is not assessed.
    PrioritiesNotGiven,
    /// A file among the program data is the priorities table, read as the priorities.
    PrioritiesAmongPrograms,
    /// Several priorities tables among the program data, and none named.
    SeveralPriorityTables {
        /// The files.
        files: Vec<String>,
    },
}

/// What a budget is checked to be the sum of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SumOf {
    /// The rows under it (a program, a kegiatan, an urusan).
    Children,
    /// The rows a total row totals.
    Total,
    /// The activities under a program row.
    Activities,
    /// The quarters' realisations (a realisation total).
    Quarters,
}

/// Rows of a form passed over as not data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FurnitureKind {
    /// A row of column numbers: `(1) (2) (3) ...`.
    Numbering,
    /// A label row: `Perangkat Daerah : ...`.
    Label,
    /// A section row: text without a budget ("Urusan Wajib ...").
    Section,
    /// The footer under the table: place, date, the signing official.
    Signature,
    /// A total row: `Jumlah`, `Total`, `Count=7`.
    Total,
    /// A row whose code heads other rows' codes (an urusan, program or kegiatan above its
    /// sub kegiatan): the sum of its rows, not an activity.
    Parent,
}

/// A file's contents, as its first bytes and (for a zip or a compound file) its parts say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Content {
    /// An Excel workbook (Office Open XML).
    Xlsx,
    /// An Excel 97-2003 workbook.
    Xls,
    /// An OpenDocument spreadsheet.
    Ods,
    /// An Excel binary workbook (`.xlsb`), which is not read.
    Xlsb,
    /// A Word document (`.docx`).
    Docx,
    /// A Word 97-2003 document (`.doc`).
    Doc,
    /// A PowerPoint presentation.
    Presentation,
    /// An OpenDocument text or other non-spreadsheet document.
    OtherOpenDocument,
    /// A workbook protected with a password to open it (an encrypted compound file).
    Encrypted,
    /// A PDF.
    Pdf,
    /// A web page (HTML), as many web systems "export to Excel".
    Html,
    /// An Excel 2003 XML spreadsheet (SpreadsheetML).
    SpreadsheetXml,
    /// A zip archive of something else.
    Zip,
    /// None of these (the readers say why).
    Unknown,
}

impl Content {
    /// The message key of a file refused for holding this.
    pub(super) fn key(self) -> &'static str {
        use Content as C;
        match self {
            C::Xlsx | C::Xls | C::Ods | C::Unknown => "content.unknown",
            C::Xlsb => "content.xlsb",
            C::Docx | C::Doc => "content.word",
            C::Presentation => "content.presentation",
            C::OtherOpenDocument => "content.other_open_document",
            C::Encrypted => "content.encrypted",
            C::Pdf => "content.pdf",
            C::Html => "content.html",
            C::SpreadsheetXml => "content.spreadsheet_xml",
            C::Zip => "content.zip",
        }
    }
}

/// Why a file or folder found among the inputs was not read.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SkipReason {
    /// A hidden file or folder (its name begins with a dot).
    Hidden,
    /// An Excel lock file (`~$name.xlsx`), left while a workbook is open.
    LockFile,
    /// A file of a kind that is not read.
    Unsupported {
        /// Its extension, lower case ("" for none).
        extension: String,
    },
    /// Something that is not a regular file: a FIFO, a socket, a device.
    NotAFile {
        /// Which.
        what: String,
    },
    /// A symbolic link whose target does not exist.
    BrokenLink {
        /// Where it points.
        target: String,
    },
    /// A symbolic link that leads back to itself.
    LinkLoop,
    /// A folder or file that could not be looked at (no permission, a path past PATH_MAX).
    Unreachable {
        /// The system's own words.
        detail: String,
    },
    /// The same file again, through a link or named twice.
    SameFile {
        /// The path it was read under.
        first: String,
    },
    /// A folder met again through a link (`sub/up -> ..`): not walked twice.
    SameFolder {
        /// The path it was walked under.
        first: String,
    },
    /// A file with the same bytes (SHA-256) as another, a copy.
    SameContent {
        /// The file read.
        first: String,
    },
    /// A workbook sakip wrote itself (feedback, scorecard, trend).
    OwnOutput {
        /// Which.
        what: String,
    },
    /// A priorities table among the program data, passed over for the one given with
    /// `--priorities`.
    OtherPriorities {
        /// The priorities file given.
        used: String,
    },
}

impl SkipReason {
    /// The message's key in the catalogue.
    pub(super) fn key(&self) -> &'static str {
        use SkipReason as R;
        match self {
            R::Hidden => "skip.hidden",
            R::LockFile => "skip.lock_file",
            R::Unsupported { .. } => "skip.unsupported",
            R::NotAFile { .. } => "skip.not_a_file",
            R::BrokenLink { .. } => "skip.broken_link",
            R::LinkLoop => "skip.link_loop",
            R::Unreachable { .. } => "skip.unreachable",
            R::SameFile { .. } => "skip.same_file",
            R::SameFolder { .. } => "skip.same_folder",
            R::SameContent { .. } => "skip.same_content",
            R::OwnOutput { .. } => "skip.own_output",
            R::OtherPriorities { .. } => "skip.other_priorities",
        }
    }

    /// Whether it is passed over without a word (still in the ledger): hidden and lock files.
    pub fn is_quiet(&self) -> bool {
        matches!(self, SkipReason::Hidden | SkipReason::LockFile)
    }

    /// Why, in `lang`, and what would have it read.
    pub fn describe(&self, lang: crate::Lang) -> (String, Option<String>) {
        let fields = serde_json::json!({ "reason": self });
        super::catalogue::message(self.key(), &fields, lang)
    }

    /// One of each reason, for the catalogue's tests.
    #[cfg(test)]
    pub(super) fn examples() -> Vec<Self> {
        use SkipReason as R;
        let s = |t: &str| t.to_string();
        vec![
            R::Hidden,
            R::LockFile,
            R::Unsupported {
                extension: s("pdf"),
            },
            R::NotAFile { what: s("fifo") },
            R::BrokenLink {
                target: s("lama.xlsx"),
            },
            R::LinkLoop,
            R::Unreachable { detail: s("x") },
            R::SameFile { first: s("a.xlsx") },
            R::SameFolder { first: s("lke") },
            R::SameContent { first: s("a.xlsx") },
            R::OwnOutput {
                what: s("feedback"),
            },
            R::OtherPriorities {
                used: s("prioritas.csv"),
            },
        ]
    }
}

impl IngestProblem {
    /// The message's key in the catalogue.
    pub(super) fn key(&self) -> &'static str {
        use IngestProblem as K;
        match self {
            K::InputMissing => "input_missing",
            K::UnsupportedFile => "unsupported_file",
            K::NoInputs => "no_inputs",
            K::Unreadable { .. } => "unreadable",
            K::TooBig { .. } => "too_big",
            K::SheetTooWide { .. } => "sheet_too_wide",
            K::TooManyCells { .. } => "too_many_cells",
            K::SharedStringsTooBig { .. } => "shared_strings_too_big",
            K::NotUtf8 => "not_utf8",
            K::NoRecognisableSheet => "no_recognisable_sheet",
            K::NoProgramSheet => "no_program_sheet",
            K::OptionsDiffer { .. } => "options_differ",
            K::CountNotNumber { .. } => "count_not_number",
            K::NoLkeTable => "no_lke_table",
            K::NotAudited { .. } => "not_audited",
            K::ScaleNotTold { .. } => "scale_not_told",
            K::BadSettings { .. } => "bad_settings",
            K::ScaleNotInLibrary { .. } => "scale_not_in_library",
            K::TierUnnamed { .. } => "tier_unnamed",
            K::TierTwice { .. } => "tier_twice",
            K::TierPassedOver { .. } => "tier_passed_over",
            K::ProgramDataAsLke => "program_data_as_lke",
            K::MissingColumn { .. } => "missing_column",
            K::EmptyValue { .. } => "empty_value",
            K::ErrorCell { .. } => "error_cell",
            K::UncachedFormula => "uncached_formula",
            K::BadNumber { .. } => "bad_number",
            K::UnknownTier { .. } => "unknown_tier",
            K::TextDiffers { .. } => "text_differs",
            K::UnplacedAnswer => "unplaced_answer",
            K::NoSuchCriterion { .. } => "no_such_criterion",
            K::NotInList { .. } => "not_in_list",
            K::Negative { .. } => "negative",
            K::TooLarge { .. } => "too_large",
            K::AmbiguousDots { .. } => "ambiguous_dots",
            K::UnknownOpd { suggestions, .. } if suggestions.is_empty() => "unknown_opd.alone",
            K::UnknownOpd { .. } => "unknown_opd",
            K::UnknownPriority { .. } => "unknown_priority",
            K::DuplicateOpd { .. } => "duplicate_opd",
            K::DuplicateId { .. } => "duplicate_id",
            K::IdHasSeparator { .. } => "id_has_separator",
            K::AliasIsAnother { .. } => "alias_is_another",
            K::Skipped { reason } => reason.key(),
            K::NoAnswers => "no_answers",
            K::DuplicateSheetName { .. } => "duplicate_sheet_name",
            K::HiddenSheet => "hidden_sheet",
            K::TextTooLong { .. } => "text_too_long",
            K::ChartSheet => "chart_sheet",
            K::ExtraFields { .. } => "extra_fields",
            K::NotAWorkbook { content } => content.key(),
            K::Misnamed { .. } => "misnamed",
            K::HiddenRowAnswers { .. } => "hidden_row_answers",
            K::HiddenRowActivities { .. } => "hidden_row_activities",
            K::SumMismatch { of, .. } => match of {
                SumOf::Children => "sum_mismatch.children",
                SumOf::Total => "sum_mismatch.total",
                SumOf::Activities => "sum_mismatch.activities",
                SumOf::Quarters => "sum_mismatch.quarters",
            },
            K::Furniture { rows_are, .. } => match rows_are {
                FurnitureKind::Numbering => "furniture.numbering",
                FurnitureKind::Label => "furniture.label",
                FurnitureKind::Section => "furniture.section",
                FurnitureKind::Signature => "furniture.signature",
                FurnitureKind::Total => "furniture.total",
                FurnitureKind::Parent => "furniture.parent",
            },
            K::NoOpdName => "no_opd_name",
            K::TreeFromSums => "tree_from_sums",
            K::NoPriorities { .. } => "no_priorities",
            K::PrioritiesNotGiven => "priorities_not_given",
            K::PrioritiesAmongPrograms => "priorities_among_programs",
            K::SeveralPriorityTables { .. } => "several_priority_tables",
        }
    }

    /// One of each message, for the catalogue's tests.
    #[cfg(test)]
    pub(super) fn examples() -> Vec<Self> {
        use IngestProblem as K;
        let s = |t: &str| t.to_string();
        vec![
            K::InputMissing,
            K::UnsupportedFile,
            K::NoInputs,
            K::Unreadable { detail: s("x") },
            K::TooBig {
                found: 2000,
                limit: 1000,
            },
            K::SheetTooWide {
                sheet: s("LKE"),
                span: s("A1:XFD1048576"),
                cells: 17_179_869_184,
                limit: 20_000_000,
            },
            K::TooManyCells {
                sheet: s("LKE"),
                limit: 20_000_000,
            },
            K::SharedStringsTooBig {
                found: 700_000_000,
                limit: 104_857_600,
            },
            K::NotUtf8,
            K::NoRecognisableSheet,
            K::NoProgramSheet,
            K::TierUnnamed {
                group: s("Nilai"),
                tiers: vec![s("usulan"), s("penetapan")],
            },
            K::TierTwice {
                tier: s("penetapan"),
            },
            K::TierPassedOver { group: s("VERVAL") },
            K::OptionsDiffer {
                code: s("1.b.1"),
                offered: s("A/B/C/D"),
                scale: s("Nilai AA sampai E"),
                answers: vec![s("AA"), s("A")],
            },
            K::NoLkeTable,
            K::NotAudited {
                codes: vec![s("A.I.1")],
            },
            K::ScaleNotTold {
                codes: vec![s("1.a.1")],
                scales: vec![s("yt"), s("aa_e")],
            },
            K::BadSettings {
                line: 3,
                detail: s("unknown field `nama`"),
            },
            K::ScaleNotInLibrary {
                scale: s("ya_tidak"),
                scales: vec![s("yt"), s("aa_e")],
            },
            K::CountNotNumber {
                code: s("A.II.1.i.a"),
                label: s("- Jumlah Agen Perubahan"),
                found: s("dua belas"),
            },
            K::ProgramDataAsLke,
            K::MissingColumn { column: s("kode") },
            K::EmptyValue { field: s("opd") },
            K::ErrorCell { value: s("#REF!") },
            K::UncachedFormula,
            K::BadNumber {
                field: s("pagu"),
                value: s("tujuh"),
            },
            K::UnknownTier {
                value: s("awal"),
                known: vec![s("usulan"), s("penetapan")],
            },
            K::TextDiffers {
                code: s("1.a.1"),
                found: s("Rencana"),
                expected: s("Renstra"),
            },
            K::UnplacedAnswer,
            K::NoSuchCriterion {
                subcomponent: s("1.a"),
                number: s("9"),
            },
            K::NotInList {
                field: s("horizon"),
                value: s("lama"),
                allowed: vec![s("tahunan"), s("menengah")],
            },
            K::Negative {
                field: s("pagu"),
                value: -5.0,
            },
            K::TooLarge {
                field: s("pagu"),
                value: 1e300,
                limit: 1e15,
            },
            K::AmbiguousDots {
                field: s("target"),
                thousands: s("1.500"),
                decimal: s("1.5"),
                decimal_cell: s("E5"),
            },
            K::UnknownOpd {
                name: s("Dinas X"),
                suggestions: vec![s("Dinas Y")],
            },
            K::UnknownOpd {
                name: s("Dinas X"),
                suggestions: vec![],
            },
            K::UnknownPriority {
                id: s("P9"),
                known: vec![s("P1")],
            },
            K::DuplicateOpd {
                opd: s("Dinas X"),
                other: s("a.csv!a!A2"),
            },
            K::DuplicateId {
                id: s("P1"),
                other: s("prioritas.csv!prioritas!A2"),
            },
            K::IdHasSeparator { id: s("P1,P2") },
            K::AliasIsAnother {
                alias: s("Dinas A"),
                opd: s("Dinas A"),
                other: s("opd.csv!opd!B2"),
            },
            K::NoAnswers,
            K::DuplicateSheetName { sheet: s("LKE") },
            K::HiddenSheet,
            K::TextTooLong {
                chars: 40_000,
                limit: 32_767,
            },
            K::ChartSheet,
            K::ExtraFields {
                fields: vec![s("lengkapi bukti dukung")],
            },
            K::Misnamed {
                content: Content::Xlsx,
            },
            K::HiddenRowAnswers {
                rows: vec![12, 15],
                cells: vec![s("D12"), s("D15")],
            },
            K::HiddenRowActivities {
                rows: vec![9],
                cells: vec![s("A9")],
            },
            K::NoOpdName,
            K::TreeFromSums,
            K::NoPriorities {
                count: 12,
                example: s("P1"),
            },
            K::PrioritiesNotGiven,
            K::PrioritiesAmongPrograms,
            K::SeveralPriorityTables {
                files: vec![s("a.csv"), s("b.csv")],
            },
        ]
        .into_iter()
        .chain(
            [
                SumOf::Children,
                SumOf::Total,
                SumOf::Activities,
                SumOf::Quarters,
            ]
            .map(|of| K::SumMismatch {
                of,
                value: s("1.000.000"),
                sum: s("900.000"),
                difference: s("100.000"),
                cells: s("O14:O15, O17"),
                figures: (1_000_000.0, 900_000.0),
            }),
        )
        .chain(
            [
                FurnitureKind::Numbering,
                FurnitureKind::Label,
                FurnitureKind::Section,
                FurnitureKind::Signature,
                FurnitureKind::Total,
                FurnitureKind::Parent,
            ]
            .map(|rows_are| K::Furniture {
                rows_are,
                rows: s("9, 31-38"),
            }),
        )
        .chain(
            [
                Content::Xlsb,
                Content::Docx,
                Content::Presentation,
                Content::OtherOpenDocument,
                Content::Encrypted,
                Content::Pdf,
                Content::Html,
                Content::SpreadsheetXml,
                Content::Zip,
                Content::Unknown,
            ]
            .map(|content| K::NotAWorkbook { content }),
        )
        .collect()
    }
}
