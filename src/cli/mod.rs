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

mod args;
mod audit;
mod history;
mod init;
mod inspect;
mod lhe;
mod rubric;
mod score;
mod serve;
mod template;
mod trend;
mod validate;

pub use args::InputArgs;
pub use score::ScoreArgs;

use crate::lang::Lang;
use crate::messages::Diagnostics;
use crate::report;
use crate::report::output::Destination;
use crate::Error;
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;

/// The name of the ranked workbook inside the output folder.
pub use report::FEEDBACK_FILE;

/// Scores SAKIP / AKIP evaluations and writes ranked Excel feedback workbooks.
#[derive(Debug, Parser)]
#[command(name = "sakip", version, about)]
pub struct Cli {
    /// Language of the workbooks, documents and messages: id or en.
    #[arg(long, global = true, default_value = "id")]
    pub lang: Lang,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands, each in a file of its own.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score LKE workbooks and write the ranked feedback workbook.
    Score(score::ScoreArgs),
    /// Run every read and check of `score` and write nothing: exit 0 without errors, 2 with.
    Validate(validate::ValidateArgs),
    /// Show how input files are read: layout, header cells, every row with its cell.
    Inspect(inspect::InspectArgs),
    /// List, show or check rubrics.
    #[command(subcommand)]
    Rubric(rubric::RubricCommand),
    /// Write input templates with drop-down lists that prevent bad input.
    #[command(subcommand)]
    Template(template::TemplateCommand),
    /// Manage the year-over-year history.
    #[command(subcommand)]
    History(history::HistoryCommand),
    /// Write the year-over-year trend workbook from a history folder.
    Trend(trend::TrendArgs),
    /// Recompute every node of LKE workbooks and list where their own values disagree.
    Audit(audit::AuditArgs),
    /// Write a stored year's LHE documents again from the history (its stored answers).
    Lhe(lhe::LheArgs),
    /// Serve the engine as a page in a browser (this machine, or the office network with a
    /// token).
    Serve(serve::ServeArgs),
    /// Write a commented example settings file (government, signatory, report number, paper).
    Init {
        /// The file to write (one there already is not replaced).
        #[arg(long, default_value = "sakip.toml")]
        out: PathBuf,
    },
}

pub use crate::calendar::run_time_unix;
use crate::calendar::year_of;

/// Runs one command.
///
/// # Errors
/// [`Error`]: input problems (already printed), rubric problems, or a report that could not be
/// written.
pub fn run(cli: Cli) -> Result<(), Error> {
    let lang = cli.lang;
    // A rubric's problems are the user's to fix: listed in their language, like the inputs'.
    let result = dispatch(cli.command, lang);
    match result {
        Err(Error::Rubric(e)) => {
            let diag = e.diagnostics();
            print_diagnostics(&diag, lang);
            Err(Error::Input(diag))
        }
        other => other,
    }
}

/// Runs the command named, speaking `lang`.
fn dispatch(command: Command, lang: Lang) -> Result<(), Error> {
    match command {
        Command::Score(args) => score::score_command(score::settings_from_args(args, lang)?),
        Command::Validate(args) => validate::validate_command(args, lang),
        Command::Inspect(args) => inspect::inspect_command(args, lang),
        Command::Rubric(cmd) => rubric::rubric_command(cmd, lang),
        Command::Template(cmd) => template::template_command(cmd, lang),
        Command::History(cmd) => history::history_command(cmd, lang),
        Command::Trend(args) => trend::trend_command(args, lang),
        Command::Audit(args) => audit::audit_command(args, lang),
        Command::Lhe(args) => lhe::lhe_command(args, lang),
        Command::Serve(args) => serve::serve_command(args, lang),
        Command::Init { out } => init::init_command(&out, lang),
    }
}

/// A write's result as the command's: a refused output, or one the system would not write, is
/// printed in `lang` and ends the run like an input problem (exit 2, nothing written).
fn written<T>(result: Result<T, report::ReportError>, lang: Lang) -> Result<T, Error> {
    printed(crate::jobs::output(result), lang)
}

/// A job's result as the command's: its input problems (which a job never prints) printed in
/// `lang`, the result passed on.
fn printed<T>(result: Result<T, Error>, lang: Lang) -> Result<T, Error> {
    result.inspect_err(|e| {
        if let Error::Input(diag) = e {
            print_diagnostics(diag, lang);
        }
    })
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

/// Prints the problems and stops when any is an error.
fn fail_on_errors(diag: Diagnostics, lang: Lang) -> Result<(), Error> {
    print_diagnostics(&diag, lang);
    if diag.has_errors() {
        return Err(Error::Input(diag));
    }
    Ok(())
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
