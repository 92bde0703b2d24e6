//! The command line: flags (clap) are resolved once into settings, then the library is called.
//!
//! Output for people goes to standard error in the chosen language; standard output carries only
//! what a script asks for (`--json`, `inspect`, `rubric show`).

/// `eprintln!` that ends quietly when standard error is closed (`2>&1 | head`), instead of
/// panicking: messages for people are never worth a crash.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod inspect;
mod lhe;

pub use inspect::{inspect_programs_text, inspect_text};

use crate::evaluate::{evaluate, evaluate_with, Indices, Sources};
use crate::history::{self, trend};
use crate::ingest::tables::{read_opd_list, read_priorities};
use crate::ingest::Ledger;
use crate::ingest::{self, Limits};
use crate::lang::Lang;
use crate::messages::{Diagnostics, HistoryProblem};
use crate::report::output::Output;
use crate::report::output::{Destination, Lock};
use crate::report::page::Paper;
use crate::report::{self, FeedbackInput};
use crate::rubric::{Rubric, DEFAULT_RUBRIC};
use crate::score::{ConflictPolicy, MissingPolicy, Policies, RankBy};
use crate::Error;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

/// The name of the ranked workbook inside the output folder.
pub use report::FEEDBACK_FILE;

/// Scores SAKIP / AKIP evaluations and writes ranked Excel feedback workbooks.
#[derive(Debug, Parser)]
#[command(name = "sakip", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score LKE workbooks and write the ranked feedback workbook.
    Score(ScoreArgs),
    /// Run every read and check of `score` and write nothing: exit 0 without errors, 2 with.
    Validate(ValidateArgs),
    /// Show how input files are read: layout, header cells, every row with its cell.
    Inspect(InspectArgs),
    /// List, show or check rubrics.
    #[command(subcommand)]
    Rubric(RubricCommand),
    /// Write input templates with drop-down lists that prevent bad input.
    #[command(subcommand)]
    Template(TemplateCommand),
    /// Manage the year-over-year history.
    #[command(subcommand)]
    History(HistoryCommand),
    /// Write the year-over-year trend workbook from a history folder.
    Trend(TrendArgs),
    /// Recompute every node of LKE workbooks and list where their own values disagree.
    Audit(AuditArgs),
    /// Write a stored year's LHE documents again from the history (its stored answers).
    Lhe(lhe::LheArgs),
    /// Write a commented example settings file (government, signatory, report number, paper).
    Init {
        /// The file to write (one there already is not replaced).
        #[arg(long, default_value = "sakip.toml")]
        out: PathBuf,
        /// Language of the comments: id or en.
        #[arg(long, default_value = "id")]
        lang: Lang,
    },
}

/// `history` subcommands.
#[derive(Debug, Subcommand)]
pub enum HistoryCommand {
    /// Bring a past year that exists only as a published summary (opd, nilai, optional predikat
    /// and component scores) into the history.
    Import {
        /// The summary table (.xlsx, .xls, .ods, .csv).
        file: PathBuf,
        /// The year it evaluated (2000-2100).
        #[arg(long, value_parser = clap::value_parser!(i32).range(2000..=2100))]
        year: i32,
        /// The rubric it was scored under (e.g. akip-2015), for its maxima and bands.
        #[arg(long)]
        rubric: String,
        /// The history folder.
        #[arg(long)]
        history: PathBuf,
        /// OPD registry: its names are matched to stable ids.
        #[arg(long)]
        opd_registry: Option<PathBuf>,
        /// Language of messages: id or en.
        #[arg(long, default_value = "id")]
        lang: Lang,
    },
}

/// Flags of `trend`.
#[derive(Debug, Args)]
pub struct TrendArgs {
    /// The history folder.
    #[arg(long)]
    pub history: PathBuf,
    /// The workbook to write.
    #[arg(long, default_value = "trend.xlsx")]
    pub out: PathBuf,
    /// The first year.
    #[arg(long)]
    pub from: Option<i32>,
    /// The last year.
    #[arg(long)]
    pub to: Option<i32>,
    /// The rubric to take in a year stored under more than one.
    #[arg(long)]
    pub rubric: Option<String>,
    /// OPD registry: ids, aliases and predecessors carry series across restructurings.
    #[arg(long)]
    pub opd_registry: Option<PathBuf>,
    /// Also print the figures as JSON on standard output.
    #[arg(long)]
    pub json: bool,
    /// Language of the workbook and messages: id or en.
    #[arg(long, default_value = "id")]
    pub lang: Lang,
    /// The paper the workbook prints on: a4, or f4 (Folio, 215 x 330 mm).
    #[arg(long, value_enum, default_value_t = Paper::A4)]
    pub paper: Paper,
}

/// `template` subcommands.
#[derive(Debug, Subcommand)]
pub enum TemplateCommand {
    /// An official-layout LKE workbook, one protected sheet per OPD.
    Lke {
        /// The rubric whose criteria and scales the sheets hold.
        #[arg(long, default_value = DEFAULT_RUBRIC)]
        rubric: String,
        /// An OPD to give a sheet (repeatable).
        #[arg(long = "opd", required_unless_present = "opd_list")]
        opds: Vec<String>,
        /// A file listing the OPDs (a `nama` or `opd` column).
        #[arg(long)]
        opd_list: Option<PathBuf>,
        /// The workbook to write.
        #[arg(long)]
        out: PathBuf,
        /// Language of the instructions: id or en.
        #[arg(long, default_value = "id")]
        lang: Lang,
        /// The paper the workbook prints on: a4, or f4 (Folio, 215 x 330 mm).
        #[arg(long, value_enum, default_value_t = Paper::A4)]
        paper: Paper,
    },
    /// The tidy program-data sheet with drop-downs.
    Programs {
        /// The mayor's priorities (their ids become a drop-down).
        #[arg(long)]
        priorities: PathBuf,
        /// A file listing the OPDs (a `nama` or `opd` column).
        #[arg(long)]
        opd_list: Option<PathBuf>,
        /// The workbook to write.
        #[arg(long)]
        out: PathBuf,
        /// Language of the sheet names: id or en.
        #[arg(long, default_value = "id")]
        lang: Lang,
        /// The paper the workbook prints on: a4, or f4 (Folio, 215 x 330 mm).
        #[arg(long, value_enum, default_value_t = Paper::A4)]
        paper: Paper,
    },
}

/// What is read and how: the flags `score` and `validate` share.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// LKE files (.xlsx, .xlsm, .xls, .ods, .csv) or folders holding them.
    #[arg(required_unless_present = "programs")]
    pub inputs: Vec<PathBuf>,
    /// OPD program data (tidy activities or the Renja evaluation form): files or folders.
    #[arg(long, num_args = 1..)]
    pub programs: Vec<PathBuf>,
    /// The mayor's priority programs: id, nama, misi, sasaran_rpjmd, opd_pengampu.
    #[arg(long)]
    pub priorities: Option<PathBuf>,
    /// OPD registry: id, nama, alias ... (stable ids and other names of each OPD).
    #[arg(long)]
    pub opd_registry: Option<PathBuf>,
    /// A built-in rubric id or a rubric TOML file.
    #[arg(long, default_value = DEFAULT_RUBRIC)]
    pub rubric: String,
    /// Language of the workbook and messages: id or en.
    #[arg(long, default_value = "id")]
    pub lang: Lang,
    /// What to do with unanswered criteria.
    #[arg(long, value_enum, default_value_t = Missing::Error)]
    pub missing: Missing,
    /// What to do with two different answers of the same tier (two evaluators disagreeing).
    #[arg(long, value_enum, default_value_t = Conflict::Error)]
    pub conflict: Conflict,
    /// Refuse a workbook whose parts unpack to more than this many bytes.
    #[arg(long, default_value_t = Limits::default().max_uncompressed_bytes)]
    pub max_input_bytes: u64,
    /// No progress bar on standard error.
    #[arg(long)]
    pub quiet: bool,
    /// Every file passed over (an unread kind, a link to nowhere, a copy; not hidden or lock
    /// files) is an error.
    #[arg(long)]
    pub strict: bool,
    /// A budget of program data that is not the sum of the rows it adds up (a program row, a
    /// total row, the quarters) is a warning instead of an error.
    #[arg(long)]
    pub lenient_sums: bool,
    /// Do not audit the official-layout workbooks' own values against sakip's (the feedback
    /// workbook's Audit sheet; `sakip audit` does it alone).
    #[arg(long)]
    pub no_audit: bool,
}

/// `--conflict` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Conflict {
    /// An error naming both cells.
    Error,
    /// Score the lower answer, with a warning.
    Lowest,
}

/// Flags of `score`.
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// What is read.
    #[command(flatten)]
    pub input: InputArgs,
    /// What the ranking is ordered by.
    #[arg(long, value_enum, default_value_t = RankByArg::Akip)]
    pub rank_by: RankByArg,
    /// The folder that receives feedback.xlsx.
    #[arg(long, default_value = "sakip-out")]
    pub out: PathBuf,
    /// Also print the ranking as JSON on standard output.
    #[arg(long)]
    pub json: bool,
    /// Also write one scorecard workbook per OPD into DIR/scorecards.
    #[arg(long)]
    pub scorecards: bool,
    /// The level of the rubric's tree the Komponen sheet shows, one column per node (1 the
    /// components only, 2 the sub-components; the Zona Integritas LKE's areas are at 3).
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(1..=9))]
    pub level: u8,
    /// The year evaluated, shown on the scorecards (default: the year of the run; 2000-2100).
    #[arg(long, value_parser = clap::value_parser!(i32).range(2000..=2100))]
    pub year: Option<i32>,
    /// Store this year's results in the history folder DIR (needs --year); scorecards then show
    /// each OPD's past years.
    #[arg(long, value_name = "DIR", requires = "year")]
    pub history: Option<PathBuf>,
    /// The paper the workbooks print on: a4, or f4 (Folio, 215 x 330 mm); default the
    /// settings' paper, else A4.
    #[arg(long, value_enum)]
    pub paper: Option<Paper>,
    /// The settings file (`sakip init` writes an example): the government's name heads every
    /// printed page; the letterhead and signatory of the LHE.
    #[arg(long, value_name = "FILE")]
    pub settings: Option<PathBuf>,
    /// Also write each OPD's Laporan Hasil Evaluasi (`DIR/lhe/NN-slug.docx`).
    #[arg(long)]
    pub lhe: bool,
}

/// Flags of `validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// What is read.
    #[command(flatten)]
    pub input: InputArgs,
    /// How problems are printed.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// `--format` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// Grouped by file, for people.
    Text,
    /// One JSON document, for scripts.
    Json,
}

/// `--missing` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Missing {
    /// List them as errors.
    Error,
    /// Score them 0, with a warning.
    Zero,
}

/// `--rank-by` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RankByArg {
    /// The AKIP score.
    Akip,
    /// The alignment index.
    Keselarasan,
    /// The collaboration index.
    Kolaborasi,
    /// The composite of the three (rubrics/composite.toml).
    Gabungan,
}

/// Flags of `inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Files or folders to inspect.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// The rubric official-layout rows are matched against.
    #[arg(long, default_value = DEFAULT_RUBRIC)]
    pub rubric: String,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Language of messages: id or en.
    #[arg(long, default_value = "id")]
    pub lang: Lang,
    /// Refuse a workbook whose parts unpack to more than this many bytes.
    #[arg(long, default_value_t = Limits::default().max_uncompressed_bytes)]
    pub max_input_bytes: u64,
}

/// `audit`'s arguments.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// LKE workbooks in the official layout, program data forms (their sums), or folders of
    /// them.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// The rubric: a built-in id or a TOML file (default: akip-2021-opd).
    #[arg(long, default_value = DEFAULT_RUBRIC)]
    pub rubric: String,
    /// Print the findings as JSON.
    #[arg(long)]
    pub json: bool,
    /// Language of the findings: id or en.
    #[arg(long, default_value = "id")]
    pub lang: Lang,
    /// Refuse a workbook whose parts unpack to more than this many bytes.
    #[arg(long, default_value_t = Limits::default().max_uncompressed_bytes)]
    pub max_input_bytes: u64,
}

/// `rubric` subcommands.
#[derive(Debug, Subcommand)]
pub enum RubricCommand {
    /// List the built-in rubrics.
    List,
    /// Show a rubric's tree with its weights.
    Show {
        /// A built-in id or a TOML file.
        rubric: String,
        /// Language of names: id or en.
        #[arg(long, default_value = "id")]
        lang: Lang,
    },
    /// Check a rubric file and list every problem.
    Check {
        /// The TOML file.
        file: PathBuf,
        /// Language of the problems: id or en.
        #[arg(long, default_value = "id")]
        lang: Lang,
    },
    /// Write a tree rubric from an LKE workbook's own criteria table (official layout): nodes,
    /// weights, scales, tiers and aggregations as the sheet shows them, each guess a comment.
    Import {
        /// The workbook.
        workbook: PathBuf,
        /// The sheet holding the table (default: the first in the official layout).
        #[arg(long)]
        sheet: Option<String>,
        /// The new rubric's id.
        #[arg(long, default_value = "lke-daerah")]
        id: String,
        /// The rubric file to write (an existing file is not replaced).
        #[arg(long)]
        out: PathBuf,
        /// A TOML file of `[[bands]]` (with their gates, if any) to use instead of the
        /// PermenPAN-RB 88/2021 bands.
        #[arg(long)]
        bands: Option<PathBuf>,
        /// The library scale (see `rubric show`'s scales: yt, aa_e, ...) of the criteria that
        /// nothing in the sheet gives one: no formula, answer options, drop-down or answer.
        #[arg(long)]
        scale: Option<String>,
        /// Language of the summary and problems: id or en.
        #[arg(long, default_value = "id")]
        lang: Lang,
    },
}

/// `score`'s flags, resolved.
pub struct ScoreSettings {
    /// The rubric.
    pub rubric: Rubric,
    /// The rubric as named: a built-in id or a file (which no output may replace).
    pub rubric_source: String,
    /// The indices' definitions.
    pub indices: Indices,
    /// What is read.
    pub sources: Sources,
    /// What the ranking is ordered by.
    pub rank_by: RankBy,
    /// The output folder.
    pub out: PathBuf,
    /// The language.
    pub lang: Lang,
    /// Whether to print JSON.
    pub json: bool,
    /// Whether to write per-OPD scorecards.
    pub scorecards: bool,
    /// The level of the tree the Komponen sheet shows.
    pub level: usize,
    /// The year evaluated.
    pub year: i32,
    /// The history folder, when this year is stored.
    pub history: Option<PathBuf>,
    /// The paper the workbooks print on.
    pub paper: Paper,
    /// The government's name from the settings, for the pages' header and Ringkasan.
    pub government: Option<String>,
    /// The settings file, when given (an input no output may replace).
    pub settings_file: Option<PathBuf>,
    /// The settings read from it (or none).
    pub settings: crate::settings::Settings,
    /// Whether to write the LHE documents.
    pub lhe: bool,
    /// Whether to draw no progress bar.
    pub quiet: bool,
    /// Missing-answer and conflict policies.
    pub policies: Policies,
    /// The run's time, Unix seconds.
    pub run_time_unix: i64,
}

impl ScoreSettings {
    /// How the workbooks' pages print (as [`FeedbackInput::print`] gives it).
    fn print(&self) -> report::page::Print {
        let (year, lang) = (self.year, self.lang);
        let government = self.government.as_deref();
        report::page::Print::new(&self.rubric, government, self.paper, year, lang)
    }

    /// Resolves flags: loads the rubric, fixes the run time.
    ///
    /// # Errors
    /// [`Error::Rubric`] when the rubric cannot be loaded.
    pub fn from_args(args: ScoreArgs) -> Result<Self, Error> {
        let rubric_source = args.input.rubric.clone();
        let settings = match &args.settings {
            Some(path) => match crate::settings::Settings::load(path) {
                Ok(settings) => settings,
                Err(diag) => {
                    print_diagnostics(&diag, args.input.lang);
                    return Err(Error::Input(diag));
                }
            },
            None => crate::settings::Settings::default(),
        };
        let (rubric, indices, mut sources, lang, policies) = resolve_input(args.input)?;
        let quiet = sources.progress.is_none();
        // A year stored in the history keeps its answers beside it (for `sakip lhe`).
        sources.keep_answers = args.history.is_some();
        Ok(ScoreSettings {
            rubric,
            rubric_source,
            indices,
            sources,
            rank_by: match args.rank_by {
                RankByArg::Akip => RankBy::Akip,
                RankByArg::Keselarasan => RankBy::Keselarasan,
                RankByArg::Kolaborasi => RankBy::Kolaborasi,
                RankByArg::Gabungan => RankBy::Gabungan,
            },
            out: args.out,
            lang,
            json: args.json,
            scorecards: args.scorecards,
            level: usize::from(args.level),
            year: args.year.unwrap_or_else(|| year_of(run_time_unix())),
            history: args.history,
            paper: args.paper.or(settings.report.paper).unwrap_or_default(),
            government: settings.government.name.clone(),
            settings_file: args.settings,
            settings,
            lhe: args.lhe,
            quiet,
            policies,
            run_time_unix: run_time_unix(),
        })
    }
}

/// The shared input flags, resolved: rubric and index definitions loaded, sources and limits.
fn resolve_input(args: InputArgs) -> Result<(Rubric, Indices, Sources, Lang, Policies), Error> {
    let sources = Sources {
        lke: args.inputs,
        programs: args.programs,
        priorities: args.priorities,
        registry: args.opd_registry,
        limits: Limits::with_max_input_bytes(args.max_input_bytes),
        progress: (!args.quiet).then(|| report::label("progress_reading", args.lang).to_string()),
        strict: args.strict,
        lenient_sums: args.lenient_sums,
        audit: !args.no_audit,
        keep_answers: false,
    };
    let policies = Policies {
        missing: match args.missing {
            Missing::Error => MissingPolicy::Error,
            Missing::Zero => MissingPolicy::Zero,
        },
        conflict: match args.conflict {
            Conflict::Error => ConflictPolicy::Error,
            Conflict::Lowest => ConflictPolicy::Lowest,
        },
    };
    Ok((
        Rubric::load(&args.rubric)?,
        Indices::builtin()?,
        sources,
        args.lang,
        policies,
    ))
}

/// The calendar year of a Unix time (UTC).
fn year_of(unix: i64) -> i32 {
    crate::calendar::civil_date(unix).0 as i32
}

/// `SOURCE_DATE_EPOCH` when set (reproducible builds of reports), else now.
pub fn run_time_unix() -> i64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        })
}

/// Runs one command.
///
/// # Errors
/// [`Error`]: input problems (already printed), rubric problems, or a report that could not be
/// written.
pub fn run(cli: Cli) -> Result<(), Error> {
    let lang = cli.command.lang();
    // A rubric's problems are the user's to fix: listed in their language, like the inputs'.
    let result = dispatch(cli);
    match result {
        Err(Error::Rubric(e)) => {
            let diag = e.diagnostics();
            print_diagnostics(&diag, lang);
            Err(Error::Input(diag))
        }
        other => other,
    }
}

impl Command {
    /// The language the command speaks (`--lang`).
    fn lang(&self) -> Lang {
        match self {
            Command::Score(args) => args.input.lang,
            Command::Validate(args) => args.input.lang,
            Command::Inspect(args) => args.lang,
            Command::Rubric(RubricCommand::List) => Lang::default(),
            Command::Rubric(RubricCommand::Show { lang, .. })
            | Command::Rubric(RubricCommand::Check { lang, .. })
            | Command::Rubric(RubricCommand::Import { lang, .. }) => *lang,
            Command::Template(TemplateCommand::Lke { lang, .. })
            | Command::Template(TemplateCommand::Programs { lang, .. }) => *lang,
            Command::History(HistoryCommand::Import { lang, .. }) => *lang,
            Command::Trend(args) => args.lang,
            Command::Audit(args) => args.lang,
            Command::Lhe(args) => args.lang,
            Command::Init { lang, .. } => *lang,
        }
    }
}

/// Runs the command named.
fn dispatch(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Score(args) => score_command(ScoreSettings::from_args(args)?),
        Command::Validate(args) => validate_command(args),
        Command::Inspect(args) => inspect::inspect_command(args),
        Command::Rubric(cmd) => rubric_command(cmd),
        Command::Template(cmd) => template_command(cmd),
        Command::History(cmd) => history_command(cmd),
        Command::Trend(args) => trend_command(args),
        Command::Audit(args) => audit_command(args),
        Command::Lhe(args) => lhe::lhe_command(args),
        Command::Init { out, lang } => init_command(&out, lang),
    }
}

/// The files a run of `score` reads, which none of its outputs may replace: the inputs found
/// in its folders, the priorities, the registry, a rubric given as a file.
fn score_inputs(settings: &ScoreSettings, rubric: &str) -> Destination {
    let sources = &settings.sources;
    let mut named = expand(&sources.lke);
    named.extend(expand(&sources.programs));
    named.extend(sources.priorities.iter().cloned());
    named.extend(sources.registry.iter().cloned());
    named.extend(settings.settings_file.iter().cloned());
    named.push(PathBuf::from(rubric));
    Destination::new(named)
}

/// A write's result as the command's: a refused output, or one the system would not write, is
/// printed in `lang` and ends the run like an input problem (exit 2, nothing written).
fn written<T>(result: Result<T, report::ReportError>, lang: Lang) -> Result<T, Error> {
    let problem = match result {
        Ok(value) => return Ok(value),
        Err(report::ReportError::Refused(problem)) => *problem,
        Err(report::ReportError::Io { path, source }) => crate::Problem::error(
            Some(crate::Location::file(path)),
            crate::OutputProblem::CannotWrite {
                detail: source.to_string(),
            },
        ),
        Err(e) => return Err(e.into()),
    };
    let diag = Diagnostics {
        problems: vec![problem],
    };
    print_diagnostics(&diag, lang);
    Err(Error::Input(diag))
}

/// Prints `text` on standard output; a reader that stopped early (`| head`) ends it quietly.
fn print_out(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

fn print_diagnostics(diag: &Diagnostics, lang: Lang) {
    if !diag.problems.is_empty() {
        say!("{}", diag.render(lang));
    }
}

fn score_command(settings: ScoreSettings) -> Result<(), Error> {
    let lang = settings.lang;
    let guard = score_inputs(&settings, &settings.rubric_source);
    let cards_dir = settings.out.join("scorecards");
    let lhe_dir = settings.out.join("lhe");
    if settings.lhe {
        written(guard.check_folder(&lhe_dir), lang)?;
        written(
            guard.check(&settings.out.join(report::lhe::CITY_LHE_FILE)),
            lang,
        )?;
    }
    written(guard.check(&settings.out.join(FEEDBACK_FILE)), lang)?;
    if settings.scorecards {
        written(guard.check_folder(&cards_dir), lang)?;
    }
    // With program data, the Kriteria sheet is filled while the program data is linked and
    // scored (see `evaluate_with`); without, beside the workbook's other sheets.
    let ahead = !settings.sources.programs.is_empty();
    let print = settings.print();
    let result = evaluate_with(
        &settings.sources,
        &settings.rubric,
        &settings.indices,
        settings.policies,
        settings.rank_by,
        |akip| ahead.then(|| report::CriteriaAhead::fill(&settings.rubric, &print, akip)),
    );
    let (evaluation, ahead) = match result {
        Ok(evaluation) => evaluation,
        Err(Error::Input(diag)) => {
            print_diagnostics(&diag, lang);
            return Err(Error::Input(diag));
        }
        Err(e) => return Err(e),
    };
    print_diagnostics(&evaluation.diagnostics, lang);
    let (past, year) = match &settings.history {
        Some(dir) => {
            let (past, result) = prepare_year(&settings, &evaluation, dir)?;
            (Some(past), Some((dir, result)))
        }
        None => (None, None),
    };
    // Every check has passed: from here the run holds its folders, builds every output beside
    // its place, and puts them all in place at the end.
    let _out_lock = written(Lock::take(&settings.out), lang)?;
    let same = |a: &std::path::Path, b: &std::path::Path| {
        a.canonicalize()
            .ok()
            .is_some_and(|a| b.canonicalize().ok() == Some(a))
    };
    let year = match year {
        // One folder for both is held once: a second lock would be refused by the first.
        Some((dir, result)) if same(dir, &settings.out) => Some((dir, result, None)),
        Some((dir, result)) => Some((dir, result, Some(written(Lock::take(dir), lang)?))),
        None => None,
    };
    let input = FeedbackInput {
        rubric: &settings.rubric,
        ranking: &evaluation.ranking,
        akip: evaluation.akip.as_ref(),
        programs: evaluation.programs.as_ref(),
        indices: &settings.indices,
        reconciliation: evaluation.reconciliation.as_ref(),
        next_steps: &evaluation.next_steps,
        files: &evaluation.files,
        ledger: Some(&evaluation.ledger),
        run_time_unix: settings.run_time_unix,
        lang,
        year: settings.year,
        past: past.as_ref(),
        level: settings.level,
        audit: &evaluation.audit,
        paper: settings.paper,
        government: settings.government.as_deref(),
    };
    let ahead = ahead.flatten().transpose()?;
    let workbook = report::Feedback {
        input: &input,
        ahead,
    };
    let feedback = written(guard.stage_output(&settings.out, workbook), lang)?;
    crate::timing::mark("build and write feedback.xlsx");
    // What the scorecards and the LHE read, gathered once for both.
    let facts = match input.akip {
        Some(akip) if settings.scorecards || settings.lhe => {
            Some(report::per_opd::Context::new(&input, akip)?)
        }
        _ => None,
    };
    let cards = match settings.scorecards {
        true => Some(scorecards(&settings, facts.as_ref(), &guard, &cards_dir)?),
        false => None,
    };
    let lhe = match (settings.lhe, &facts) {
        (false, _) => None,
        // An LHE reports an LKE evaluation: program data alone has none to report.
        (true, None) => {
            let said = lang.pick(
                "LHE tidak ditulis: tidak ada jawaban LKE yang dievaluasi",
                "No LHE written: there are no LKE answers evaluated",
            );
            say!("{said}");
            None
        }
        (true, Some(facts)) => {
            let staged = written(guard.stage_folder(&lhe_dir), lang)?;
            let docs = report::lhe::write_lhe(facts, &settings.settings, staged.path())?;
            let city = report::lhe::CityLhe {
                facts,
                settings: &settings.settings,
            };
            let city = written(guard.stage_output(&settings.out, city), lang)?;
            crate::timing::mark("write LHE");
            Some((staged, docs.len(), city))
        }
    };
    let year = match year {
        Some((dir, result, lock)) => {
            let bytes = history::to_bytes(&result)?;
            let name = result.meta.file_name();
            let staged = written(guard.stage(dir, &name, &bytes), lang)?;
            // The answers beside the results, so that the year's documents can be written
            // again from the history (`sakip lhe`).
            let answers = match &evaluation.answers {
                Some(answers) => {
                    let records = answers.records(0..answers.len());
                    let meta = history::answers::AnswersMeta::new(
                        settings.year,
                        &settings.rubric.id,
                        rubric_text(&settings.rubric_source),
                        settings.policies,
                    );
                    let bytes = history::answers::to_bytes(&meta, &records)?;
                    let name = history::answers::file_name(&result.meta);
                    Some(written(guard.stage(dir, &name, &bytes), lang)?)
                }
                None => None,
            };
            Some((staged, answers, lock))
        }
        None => None,
    };
    let json = match settings.json {
        true => Some(report::Json { input: &input }.bytes()?),
        false => None,
    };
    // Committed last and together: the workbook, the scorecards, then the history year.
    let path = written(feedback.commit(), lang)?;
    if let Some((staged, count)) = cards {
        let dir = written(staged.commit(), lang)?;
        let label = lang.pick("Kartu nilai", "Scorecards");
        say!("{label}: {} ({count} OPD)", dir.display());
    }
    if let Some((staged, count, city)) = lhe {
        let dir = written(staged.commit(), lang)?;
        let city = written(city.commit(), lang)?;
        let label = lang.pick("Laporan Hasil Evaluasi", "Evaluation reports");
        say!(
            "{label}: {} ({count} OPD), {}",
            dir.display(),
            city.display()
        );
    }
    if let Some((staged, answers, _lock)) = year {
        let path = written(staged.commit(), lang)?;
        if let Some(answers) = answers {
            written(answers.commit(), lang)?;
        }
        say!("{}: {}", lang.pick("Riwayat", "History"), path.display());
    }
    if let Some(json) = json {
        print_out(&String::from_utf8_lossy(&json));
    }
    say!("{}", evaluation.ledger.summary(lang));
    let opds = evaluation.ranking.height();
    say!(
        "{}: {} ({opds} OPD)",
        lang.pick("Ditulis", "Written"),
        path.display()
    );
    Ok(())
}

/// Every OPD's scorecard, written into a folder beside `dir` to be swapped in for it whole;
/// with how many were written.
fn scorecards(
    settings: &ScoreSettings,
    facts: Option<&report::per_opd::Context>,
    guard: &Destination,
    dir: &std::path::Path,
) -> Result<(report::output::StagedFolder, usize), Error> {
    let lang = settings.lang;
    let staged = written(guard.stage_folder(dir), lang)?;
    // Without LKE answers the folder is there, and empty.
    let Some(facts) = facts else {
        return Ok((staged, 0));
    };
    let total = facts.opds.len();
    let label = report::label("progress_scorecards", lang);
    let progress = crate::progress::Progress::new(label, total, settings.quiet);
    let cards = report::scorecard::write_scorecards(facts, staged.path(), &progress)?;
    crate::timing::mark("write scorecards");
    Ok((staged, cards.len()))
}

/// The text of the rubric named `source` when it is a file (a built-in rubric is found again
/// by its id).
fn rubric_text(source: &str) -> Option<String> {
    if Rubric::builtin_ids().contains(&source) {
        return None;
    }
    std::fs::read_to_string(source).ok()
}

/// This year's results for the history folder `dir`, and each OPD's own years with them.
/// The folder's other years are read and followed first, so that a folder with a problem stops
/// the run before anything is written; the year is stored only once the workbooks are.
fn prepare_year(
    settings: &ScoreSettings,
    evaluation: &crate::evaluate::Evaluation,
    dir: &std::path::Path,
) -> Result<(history::PastYears, history::YearResult), Error> {
    let lang = settings.lang;
    let mut diag = Diagnostics::default();
    if evaluation.akip.is_none() {
        diag.error(None, HistoryProblem::NothingToStore);
    }
    let years = history::load(dir, &mut diag);
    if diag.has_errors() {
        print_diagnostics(&diag, lang);
        return Err(Error::Input(diag));
    }
    let lineage = &evaluation.lineage;
    let result = history::YearResult::from_ranking(
        &settings.rubric,
        settings.year,
        &evaluation.ranking,
        |opd| lineage.id_of(opd),
    )?;
    // The past as the scorecards will show it, worked out before anything is written: a past
    // year's OPD that the registry does not know stops the run with nothing stored.
    let opds = crate::frame::strings(&evaluation.ranking, crate::frame::OPD)?;
    let past = own_past(years, result.clone(), lineage, &opds, &mut diag);
    if diag.has_errors() {
        print_diagnostics(&diag, lang);
        return Err(Error::Input(diag));
    }
    Ok((past, result))
}

/// Each of `opds`' own years up to `result`'s, as the scorecards and the LHE show them: the
/// history's `years` before it under the same rubric, followed through `lineage` (a past
/// year's OPD the registry does not know is an error in `diag`).
fn own_past(
    mut years: Vec<history::YearResult>,
    result: history::YearResult,
    lineage: &history::lineage::Lineage,
    opds: &[String],
    diag: &mut Diagnostics,
) -> history::PastYears {
    let (year, rubric) = (result.meta.year, result.meta.rubric.clone());
    years.retain(|y| y.meta.year < year);
    years.push(result);
    let options = trend::TrendOptions {
        from: None,
        to: Some(year),
        rubric: Some(rubric),
    };
    let selected = trend::select_years(years, &options, diag);
    let figures = trend::trend(&selected, lineage, diag);
    trend::own_years(&figures, lineage, opds)
}

fn history_command(cmd: HistoryCommand) -> Result<(), Error> {
    let HistoryCommand::Import {
        file,
        year,
        rubric,
        history: dir,
        opd_registry,
        lang,
    } = cmd;
    let rubric = Rubric::load(&rubric)?;
    let limits = Limits::default();
    let mut diag = Diagnostics::default();
    let lineage = read_lineage(opd_registry.as_deref(), &limits, &mut diag);
    let result = history::import::import(&file, year, &rubric, &lineage, &limits, &mut diag);
    if diag.has_errors() {
        print_diagnostics(&diag, lang);
        return Err(Error::Input(diag));
    }
    print_diagnostics(&diag, lang);
    let Some(result) = result else {
        return Err(Error::Input(diag));
    };
    let guard = Destination::new(std::iter::once(&file).chain(opd_registry.iter()));
    let _lock = written(Lock::take(&dir), lang)?;
    let bytes = history::to_bytes(&result)?;
    let path = written(guard.write(&dir, &result.meta.file_name(), &bytes), lang)?;
    // Answers stored by a scored run of the year replaced do not belong to the summary.
    let stale = dir.join(history::answers::file_name(&result.meta));
    if stale.is_file() {
        std::fs::remove_file(&stale).map_err(|e| report::ReportError::Io {
            path: stale.display().to_string(),
            source: e,
        })?;
    }
    say!(
        "{}: {} ({} OPD)",
        lang.pick("Ditulis", "Written"),
        path.display(),
        result.rows.len()
    );
    Ok(())
}

/// The registry's lineage, or names alone without one.
fn read_lineage(
    registry: Option<&std::path::Path>,
    limits: &Limits,
    diag: &mut Diagnostics,
) -> history::lineage::Lineage {
    match registry {
        Some(path) => {
            let entries = crate::ingest::tables::read_registry(path, limits, &mut Vec::new(), diag);
            history::lineage::Lineage::from_registry(&entries, diag)
        }
        None => history::lineage::Lineage::by_name(),
    }
}

fn trend_command(args: TrendArgs) -> Result<(), Error> {
    let lang = args.lang;
    let mut diag = Diagnostics::default();
    let lineage = read_lineage(args.opd_registry.as_deref(), &Limits::default(), &mut diag);
    let years = history::load(&args.history, &mut diag);
    let options = trend::TrendOptions {
        from: args.from,
        to: args.to,
        rubric: args.rubric,
    };
    let selected = trend::select_years(years, &options, &mut diag);
    let figures = trend::trend(&selected, &lineage, &mut diag);
    print_diagnostics(&diag, lang);
    if diag.has_errors() {
        return Err(Error::Input(diag));
    }
    // The header names the trend and its last year.
    let print = report::page::Print {
        paper: args.paper,
        heading: report::label("trend_title", lang).to_string(),
        year: figures.years.last().map_or(0, |y| y.year),
        lang,
    };
    let workbook = report::TrendWorkbook {
        trend: &figures,
        print: &print,
        run_time_unix: run_time_unix(),
    };
    let bytes = workbook.bytes()?;
    let mut read: Vec<PathBuf> = std::fs::read_dir(&args.history)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    read.extend(args.opd_registry.iter().cloned());
    let guard = Destination::new(read);
    let path = write_output(&guard, &args.out, "trend.xlsx", &bytes, lang)?;
    if args.json {
        let json = serde_json::to_string_pretty(&figures).unwrap_or_default();
        print_out(&format!("{json}\n"));
    }
    say!(
        "{}: {} ({} {}, {} OPD)",
        lang.pick("Ditulis", "Written"),
        path.display(),
        figures.years.len(),
        lang.pick("tahun", "years"),
        figures.series.len()
    );
    Ok(())
}

/// Writes `bytes` to the file `out` whole or not at all (in `.` when `out` names no folder),
/// never over one of `guard`'s inputs.
fn write_output(
    guard: &Destination,
    out: &std::path::Path,
    fallback: &str,
    bytes: &[u8],
    lang: Lang,
) -> Result<PathBuf, Error> {
    let dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let name = out.file_name().and_then(|n| n.to_str()).unwrap_or(fallback);
    written(guard.write(dir, name, bytes), lang)
}

/// `init`: the commented example settings file, never over one that is there.
fn init_command(out: &std::path::Path, lang: Lang) -> Result<(), Error> {
    written(Destination::default().check_new(out), lang)?;
    let bytes = crate::settings::Settings::example(lang).as_bytes();
    let path = write_output(&Destination::default(), out, "sakip.toml", bytes, lang)?;
    say!("{}: {}", lang.pick("Ditulis", "Written"), path.display());
    Ok(())
}

/// The files a list of inputs expands to, without reporting problems (those come later).
fn expand(inputs: &[PathBuf]) -> Vec<PathBuf> {
    ingest::collect_inputs(inputs, &mut Ledger::default(), &mut Diagnostics::default())
}

/// The ledger of `sources` (their folders walked again, which is cheap), with what reading
/// found in `diag`: for `validate`, whose evaluation may have stopped on an error.
fn ledger_of(sources: &Sources, diag: &Diagnostics) -> Ledger {
    let mut ledger = Ledger::default();
    let mut ignored = Diagnostics::default();
    for paths in [&sources.lke, &sources.programs] {
        if !paths.is_empty() {
            ingest::collect_inputs(paths, &mut ledger, &mut ignored);
        }
    }
    ledger.note_skips(diag);
    ledger
}

fn validate_command(args: ValidateArgs) -> Result<(), Error> {
    let format = args.format;
    let (rubric, indices, sources, lang, policies) = resolve_input(args.input)?;
    // An evaluation that stopped on an error has no ledger to give: it is walked again.
    let (diag, ledger) = match evaluate(&sources, &rubric, &indices, policies, RankBy::Akip) {
        Ok(evaluation) => (evaluation.diagnostics, evaluation.ledger),
        Err(Error::Input(diag)) => {
            let ledger = ledger_of(&sources, &diag);
            (diag, ledger)
        }
        Err(e) => return Err(e),
    };
    match format {
        Format::Text => {
            let mut out = std::io::stdout().lock();
            let _ = write!(out, "{}", ledger.render(lang));
            let _ = write!(out, "{}", diag.render_grouped(lang));
        }
        Format::Json => {
            let mut json = diag.to_json(lang);
            json["ledger"] = serde_json::to_value(&ledger).unwrap_or_default();
            let json = serde_json::to_string_pretty(&json).unwrap_or_default();
            print_out(&format!("{json}\n"));
        }
    }
    if diag.has_errors() {
        return Err(Error::Input(diag));
    }
    Ok(())
}

fn template_command(cmd: TemplateCommand) -> Result<(), Error> {
    // What the template is made from, which it may not be written over.
    let read: Vec<PathBuf> = match &cmd {
        TemplateCommand::Lke {
            rubric, opd_list, ..
        } => opd_list.iter().cloned().chain([rubric.into()]).collect(),
        TemplateCommand::Programs {
            priorities,
            opd_list,
            ..
        } => opd_list
            .iter()
            .cloned()
            .chain([priorities.clone()])
            .collect(),
    };
    let limits = Limits::default();
    let mut diag = Diagnostics::default();
    let mut files = Vec::new();
    let mut opd_list = |path: &Option<PathBuf>, diag: &mut Diagnostics| match path {
        Some(p) => read_opd_list(p, &limits, &mut files, diag),
        None => Vec::new(),
    };
    let (bytes, out, lang) = match cmd {
        TemplateCommand::Lke {
            rubric,
            mut opds,
            opd_list: list,
            out,
            lang,
            paper,
        } => {
            let rubric = Rubric::load(&rubric)?;
            opds.extend(opd_list(&list, &mut diag));
            fail_on_errors(diag, lang)?;
            let year = year_of(run_time_unix());
            let print = report::page::Print::new(&rubric, None, paper, year, lang);
            let template = report::template::LkeTemplate {
                rubric: &rubric,
                opds: &opds,
                print: &print,
            };
            (template.bytes()?, out, lang)
        }
        TemplateCommand::Programs {
            priorities,
            opd_list: list,
            out,
            lang,
            paper,
        } => {
            let indices = Indices::builtin()?;
            let opds = opd_list(&list, &mut diag);
            let priorities = read_priorities(&priorities, &limits, &mut Vec::new(), &mut diag);
            fail_on_errors(diag, lang)?;
            let print = report::page::Print {
                paper,
                heading: report::label("template_programs_sheet", lang).to_string(),
                year: year_of(run_time_unix()),
                lang,
            };
            let bytes = report::template::ProgramsTemplate {
                opds: &opds,
                priorities: &priorities,
                rubrics: (&indices.alignment, &indices.collaboration),
                columns: indices.program_columns,
                print: &print,
            }
            .bytes()?;
            (bytes, out, lang)
        }
    };
    let guard = Destination::new(read);
    let path = write_output(&guard, &out, "template.xlsx", &bytes, lang)?;
    say!("{}: {}", lang.pick("Ditulis", "Written"), path.display());
    Ok(())
}

/// Prints the problems and stops when any is an error.
fn fail_on_errors(diag: Diagnostics, lang: Lang) -> Result<(), Error> {
    print_diagnostics(&diag, lang);
    if diag.has_errors() {
        return Err(Error::Input(diag));
    }
    Ok(())
}

/// `audit`: each workbook's findings, a line each (or JSON); exit 0 with findings, 2 when a
/// file cannot be read.
fn audit_command(args: AuditArgs) -> Result<(), Error> {
    let rubric = Rubric::load(&args.rubric)?;
    let indices = Indices::builtin()?;
    let rules = crate::ingest::programs::ProgramRules {
        alignment: &indices.alignment,
        collaboration: &indices.collaboration,
        columns: indices.program_columns,
        lenient_sums: true,
    };
    let mut findings = Vec::new();
    let mut diag = Diagnostics::default();
    // A file without a criteria table is passed over with that reason (a folder holds tidy
    // lists too); none with one at all is an error.
    let mut audited = 0;
    let mut passed_over = Vec::new();
    for file in expand(&args.inputs) {
        let at = Some(crate::messages::Location::file(file.display().to_string()));
        let limits = Limits::with_max_input_bytes(args.max_input_bytes);
        match crate::score::audit::audit(&rubric, &file, &limits) {
            Ok(found) => {
                audited += 1;
                findings.extend(found.findings);
                for (sheet, codes) in found.not_audited {
                    let at = crate::messages::Location::sheet(file.display().to_string(), sheet);
                    diag.warning(
                        Some(at),
                        crate::messages::IngestProblem::NotAudited { codes },
                    );
                }
            }
            // No criteria table: a program data form's sums are audited instead.
            Err(kind @ crate::messages::IngestProblem::NoLkeTable) => {
                match crate::score::audit::program_sums(&file, rules, &limits) {
                    Some(sums) => {
                        audited += 1;
                        findings.extend(sums);
                    }
                    None => passed_over.push((at, kind)),
                }
            }
            Err(kind) => diag.error(at, kind),
        }
    }
    for (at, kind) in passed_over {
        match audited {
            0 => diag.error(at, kind),
            _ => diag.warning(at, kind),
        }
    }
    fail_on_errors(diag, args.lang)?;
    let mut stdout = std::io::stdout().lock();
    if args.json {
        let json = serde_json::to_string_pretty(&findings).unwrap_or_default();
        let _ = writeln!(stdout, "{json}");
        return Ok(());
    }
    for f in &findings {
        let _ = writeln!(stdout, "{}", f.describe(args.lang));
    }
    let _ = writeln!(
        stdout,
        "{} {}",
        findings.len(),
        args.lang.pick("temuan", "finding(s)")
    );
    Ok(())
}

fn rubric_command(cmd: RubricCommand) -> Result<(), Error> {
    let mut stdout = std::io::stdout().lock();
    match cmd {
        RubricCommand::List => {
            for id in Rubric::builtin_ids() {
                let rubric = Rubric::load(id)?;
                let _ = writeln!(stdout, "{:<16} {} ({})", id, rubric.title.id, rubric.regime);
            }
        }
        RubricCommand::Show { rubric, lang } => {
            let rubric = Rubric::load(&rubric)?;
            let _ = write!(stdout, "{}", rubric_tree(&rubric, lang));
        }
        RubricCommand::Import {
            workbook,
            sheet,
            id,
            out,
            bands,
            scale,
            lang,
        } => {
            let options = crate::ingest::rubric_import::ImportOptions {
                sheet: sheet.as_deref(),
                id: &id,
                bands: bands.as_deref(),
                scale: scale.as_deref(),
            };
            let imported = match crate::ingest::rubric_import::import(&workbook, options) {
                Ok(imported) => imported,
                Err(diag) => {
                    print_diagnostics(&diag, lang);
                    return Err(Error::Input(diag));
                }
            };
            // A rubric there already (perhaps edited by hand) is not replaced.
            written(Destination::default().check_new(&out), lang)?;
            // The workbook read is an input no output may replace.
            let guard = Destination::new(expand(std::slice::from_ref(&workbook)));
            write_output(&guard, &out, "rubrik.toml", imported.toml.as_bytes(), lang)?;
            let _ = write!(stdout, "{}", import_summary(&imported, &out, lang));
        }
        RubricCommand::Check { file, .. } => {
            let rubric = Rubric::load(&file.display().to_string())?;
            let _ = writeln!(
                stdout,
                "OK {}: {} components, {} criteria, {} bands",
                rubric.id,
                rubric.components.len(),
                rubric.criterion_count(),
                rubric.bands.len()
            );
        }
    }
    Ok(())
}

/// What `rubric import` says of the rubric it wrote: levels, nodes per level, criteria per
/// scale, tiers, and what it guessed.
fn import_summary(
    i: &crate::ingest::rubric_import::Imported,
    out: &std::path::Path,
    lang: Lang,
) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} {} ({} {})",
        lang.pick("Ditulis:", "Written:"),
        out.display(),
        lang.pick("dari sheet", "from sheet"),
        i.sheet
    );
    let levels: Vec<String> = i
        .per_level
        .iter()
        .enumerate()
        .map(|(l, n)| format!("{}: {n}", l + 1))
        .collect();
    let _ = writeln!(
        s,
        "  {} {} ({})",
        i.per_level.len(),
        lang.pick("tingkat; simpul per tingkat", "levels; nodes per level"),
        levels.join(", ")
    );
    let scales: Vec<String> = i
        .per_scale
        .iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    let _ = writeln!(
        s,
        "  {}: {}",
        lang.pick("kriteria per skala", "criteria per scale"),
        scales.join(", ")
    );
    let _ = writeln!(
        s,
        "  {}: {}",
        lang.pick("tahap", "tiers"),
        i.tiers.join(", ")
    );
    let _ = writeln!(
        s,
        "  {} ({}):",
        lang.pick(
            "ditebak, periksa komentarnya di berkas",
            "guessed, check their comments in the file"
        ),
        i.guesses.len()
    );
    // The same guess at many nodes is one line naming them.
    let mut grouped: Vec<(&str, Vec<&str>)> = Vec::new();
    for g in &i.guesses {
        let (head, what) = g.split_once(": ").unwrap_or(("", g));
        match grouped.iter_mut().find(|(w, _)| *w == what) {
            Some((_, heads)) => heads.push(head),
            None => grouped.push((what, vec![head])),
        }
    }
    for (what, heads) in grouped {
        match heads.as_slice() {
            [head] => {
                let _ = writeln!(s, "    {head}: {what}");
            }
            _ => {
                let _ = writeln!(s, "    {what} ({}): {}", heads.len(), heads.join(", "));
            }
        }
    }
    if !i.totals.is_empty() {
        let rows: Vec<String> = i
            .totals
            .iter()
            .map(|(row, label)| format!("{row} {label}"))
            .collect();
        let _ = writeln!(
            s,
            "  {}: {}",
            lang.pick(
                "nilai akhir dan predikat lembar kerja itu sendiri (bukan bagian rubrik; diperiksa oleh sakip audit)",
                "the workbook's own final score and predicate (no nodes; sakip audit checks them)"
            ),
            rows.join(", ")
        );
    }
    if !i.passed_over.is_empty() {
        let rows: Vec<String> = i.passed_over.iter().map(usize::to_string).collect();
        let _ = writeln!(
            s,
            "  {} ({}): {}",
            lang.pick(
                "dilewati: baris tanpa nomor dan tanpa jawaban (judul, catatan, tanda tangan)",
                "passed over: rows without a number or an answer (titles, notes, signatures)"
            ),
            rows.len(),
            rows.join(", ")
        );
    }
    s
}

/// One node of a rubric as a line of its tree: a part with its weight, aggregation and (when
/// its criteria share one) scale; a criterion with its text, and its weight and scale where
/// they are its own.
fn node_line(rubric: &Rubric, i: usize, lang: Lang) -> String {
    let node = &rubric.nodes[i];
    let indent = "  ".repeat(node.level - 1);
    let number = crate::messages::format_number;
    if node.is_leaf() {
        let mut line = format!("{indent}{:<7} {}", node.code, node.name.get(lang));
        if let Some(w) = node.weight {
            line.push_str(&format!(" [{}]", number(w)));
        }
        let shared = node.parent.and_then(|p| shared_scale(rubric, p));
        if shared.is_none() {
            line.push_str(&format!(" ({})", node.scale.as_deref().unwrap_or("")));
        }
        return line;
    }
    let name = match node.level {
        1 => node.name.get(lang),
        _ => node.short.get(lang),
    };
    let weight = node
        .weight
        .map_or_else(|| "-".to_string(), |w| w.to_string());
    if node.level == 1 {
        return format!("{indent}{} {name} [{weight}]", node.code);
    }
    let mut line = format!(
        "{indent}{} {name} [{weight}] {}",
        node.code,
        node.aggregation.as_str()
    );
    if let Some(scale) = shared_scale(rubric, i) {
        line.push_str(&format!(" / {scale}"));
    }
    line
}

/// The scale every child of node `i` has, when they are criteria and share one.
fn shared_scale(rubric: &Rubric, i: usize) -> Option<&str> {
    let node = &rubric.nodes[i];
    let mut scales = node.children.iter().map(|&c| {
        let child = &rubric.nodes[c];
        child.is_leaf().then_some(child.scale.as_deref()).flatten()
    });
    let first = scales.next()??;
    scales.all(|s| s == Some(first)).then_some(first)
}

/// A rubric as an indented tree with weights, methods, scales and bands.
pub fn rubric_tree(rubric: &Rubric, lang: Lang) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} ({}), max {}",
        rubric.id,
        rubric.title.get(lang),
        rubric.regime,
        rubric.max_score
    );
    for i in 0..rubric.nodes.len() {
        let _ = writeln!(out, "{}", node_line(rubric, i, lang));
    }
    let _ = writeln!(out, "{}:", lang.pick("Skala jawaban", "Answer scales"));
    for (id, scale) in &rubric.scales {
        let codes: Vec<String> = match scale.number {
            Some(n) => vec![n.describe()],
            None => scale
                .codes
                .iter()
                .map(|c| format!("{} = {}", c.code, crate::messages::format_number(c.value)))
                .collect(),
        };
        let _ = writeln!(
            out,
            "  {id:<6} {}: {}",
            scale.name.get(lang),
            codes.join(", ")
        );
    }
    let _ = writeln!(out, "{}:", lang.pick("Predikat", "Grades"));
    for band in &rubric.bands {
        let _ = writeln!(
            out,
            "  {:<3} {}{} .. {}{}  {}",
            band.grade,
            if band.lower_inclusive { "[" } else { "(" },
            band.lower,
            band.upper,
            if band.upper_inclusive { "]" } else { ")" },
            band.label.get(lang)
        );
        for r in &band.requires {
            let _ = writeln!(out, "        {}", r.describe(lang));
        }
    }
    if !rubric.rules.is_empty() {
        let _ = writeln!(
            out,
            "{}:",
            lang.pick("Aturan konsistensi", "Consistency rules")
        );
    }
    for (i, rule) in rubric.rules.iter().enumerate() {
        let what = match &rule.kind {
            crate::rubric::RuleKind::Implies {
                when,
                is,
                then,
                at_most,
            } => format!(
                "{when} = {} => {} <= {at_most}",
                is.join("/"),
                then.join(", ")
            ),
            crate::rubric::RuleKind::NotAbove { node, not_above } => {
                format!("{node} <= {not_above}")
            }
        };
        let own = match rule.own {
            true => " (sakip)",
            false => "",
        };
        let _ = writeln!(out, "  {}.{own} {what}: {}", i + 1, rule.why.get(lang));
    }
    out
}

/// The exit code for a run's result.
pub fn exit_code(result: &Result<(), Error>) -> u8 {
    match result {
        Ok(()) => 0,
        Err(e) => e.exit_code(),
    }
}

#[cfg(test)]
mod tests {
    use super::year_of;

    #[test]
    fn years_of_unix_times() {
        assert_eq!(year_of(0), 1970);
        assert_eq!(year_of(951_782_400), 2000); // 2000-02-29
        assert_eq!(year_of(1_764_374_400), 2025); // 2025-11-29
        assert_eq!(year_of(1_767_225_599), 2025); // 2025-12-31 23:59:59
        assert_eq!(year_of(1_767_225_600), 2026);
    }
}
