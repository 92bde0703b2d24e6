//! The input ledger: every file and folder met while looking for inputs is read, or passed over
//! with its reason, or an error. Nothing is dropped without a word.
//!
//! Folders are walked without following a link twice: each real file is read once, whatever
//! the links that lead to it, and a link that loops or points nowhere is listed, not followed.
//! Only regular files are ever opened, so a FIFO among the inputs cannot hang a run.

use crate::messages::{Diagnostics, FurnitureKind, IngestProblem, Location, SkipReason};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// What became of one file or folder.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Status {
    /// Read (its problems, if any, are among the run's problems).
    Read,
    /// Passed over.
    Skipped {
        /// Why.
        reason: SkipReason,
    },
    /// A sheet the workbook hides, read all the same (its path is `file!sheet`).
    HiddenSheet,
    /// Rows of a sheet passed over as form furniture, not data (its path is `file!sheet`).
    Furniture {
        /// What the rows are.
        rows_are: FurnitureKind,
        /// The rows, as Excel numbers them (`9, 31-38`).
        rows: String,
    },
}

/// One file or folder met.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// The path as named or found.
    pub path: String,
    /// What became of it.
    #[serde(flatten)]
    pub status: Status,
}

/// Every file and folder met, in the order met.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Ledger {
    /// The entries.
    pub entries: Vec<Entry>,
}

impl Ledger {
    fn read(&mut self, path: &Path) {
        self.entries.push(Entry {
            path: path.display().to_string(),
            status: Status::Read,
        });
    }

    fn skip(&mut self, path: &Path, reason: SkipReason) {
        self.entries.push(Entry {
            path: path.display().to_string(),
            status: Status::Skipped { reason },
        });
    }

    /// Renames every path the ledger holds through `rename` (see
    /// [`crate::evaluate::Evaluation::name_inputs_from`]).
    pub fn rename(&mut self, rename: &dyn Fn(&mut String)) {
        for entry in &mut self.entries {
            rename(&mut entry.path);
            if let Status::Skipped {
                reason:
                    SkipReason::SameFile { first }
                    | SkipReason::SameFolder { first }
                    | SkipReason::SameContent { first },
            } = &mut entry.status
            {
                rename(first);
            }
        }
    }

    /// Marks `path` skipped for `reason`, found once it was read (a copy, sakip's own output).
    pub fn skipped_after_reading(&mut self, path: &str, reason: SkipReason) {
        match self.entries.iter_mut().find(|e| e.path == path) {
            Some(entry) => entry.status = Status::Skipped { reason },
            None => self.entries.push(Entry {
                path: path.to_string(),
                status: Status::Skipped { reason },
            }),
        }
    }

    /// Adds an entry for a sheet of `file` (once), under the file's own entries.
    fn add_under_file(&mut self, file: &str, path: String, status: Status) {
        if self
            .entries
            .iter()
            .any(|e| e.path == path && e.status == status)
        {
            return;
        }
        let of_file = |e: &Entry| {
            let sheet = e.path.strip_prefix(file);
            e.path == file || sheet.is_some_and(|r| r.starts_with('!'))
        };
        let at = self
            .entries
            .iter()
            .rposition(of_file)
            .map_or(self.entries.len(), |i| i + 1);
        self.entries.insert(at, Entry { path, status });
    }

    /// Takes the skips that reading found in `diag` (problems [`IngestProblem::Skipped`] at a
    /// file) into the ledger, and the rows of each sheet passed over as furniture.
    pub fn note_skips(&mut self, diag: &Diagnostics) {
        for p in &diag.problems {
            if let (Some(IngestProblem::Furniture { rows_are, rows }), Some(at)) =
                (p.kind.ingest(), &p.location)
            {
                let status = Status::Furniture {
                    rows_are: *rows_are,
                    rows: rows.clone(),
                };
                self.add_under_file(&at.file, at.to_string(), status);
                continue;
            }
            if let (Some(IngestProblem::HiddenSheet), Some(at)) = (p.kind.ingest(), &p.location) {
                let path = at.to_string();
                if !self.entries.iter().any(|e| e.path == path) {
                    let status = Status::HiddenSheet;
                    self.entries.push(Entry { path, status });
                }
                continue;
            }
            let (Some(IngestProblem::Skipped { reason }), Some(at)) =
                (p.kind.ingest(), &p.location)
            else {
                continue;
            };
            self.skipped_after_reading(&at.file, reason.clone());
        }
    }

    /// How many files were read.
    pub fn read_count(&self) -> usize {
        let read = |e: &&Entry| e.status == Status::Read;
        self.entries.iter().filter(read).count()
    }

    /// The entries passed over, with their reasons, the quiet ones (hidden and lock files) too.
    pub fn skips(&self) -> impl Iterator<Item = (&str, &SkipReason)> {
        self.entries.iter().filter_map(|e| match &e.status {
            Status::Skipped { reason } => Some((e.path.as_str(), reason)),
            Status::Read | Status::HiddenSheet | Status::Furniture { .. } => None,
        })
    }

    /// The ledger in one line, for the end of a run: how many files were read and passed
    /// over, and why the first few that matter were.
    pub fn summary(&self, lang: crate::Lang) -> String {
        let skips: Vec<(&str, &SkipReason)> = self.skips().collect();
        let counts = serde_json::json!({ "read": self.read_count(), "skipped": skips.len() });
        let mut line = crate::messages::word("ledger_summary", &counts, lang);
        let loud: Vec<String> = skips
            .iter()
            .filter(|(_, r)| !r.is_quiet())
            .map(|(path, r)| format!("{path} ({})", r.describe(lang).0))
            .collect();
        const SHOWN: usize = 5;
        if !loud.is_empty() {
            line.push_str(": ");
            line.push_str(&loud[..loud.len().min(SHOWN)].join("; "));
        }
        if loud.len() > SHOWN {
            let more = serde_json::json!({ "count": loud.len() - SHOWN });
            line.push_str(&format!(
                "; {}",
                crate::messages::word("ledger_more", &more, lang)
            ));
        }
        line
    }

    /// Every entry, one a line: the path, then `dibaca` or why it was passed over.
    pub fn render(&self, lang: crate::Lang) -> String {
        let null = serde_json::Value::Null;
        let mut out = format!("{}\n", crate::messages::word("ledger_heading", &null, lang));
        for e in &self.entries {
            let status = match &e.status {
                Status::Read => crate::messages::word("ledger_read", &null, lang),
                Status::HiddenSheet => crate::messages::word("ledger_hidden_sheet", &null, lang),
                Status::Skipped { reason } => reason.describe(lang).0,
                Status::Furniture { rows_are, rows } => {
                    let kind = IngestProblem::Furniture {
                        rows_are: *rows_are,
                        rows: rows.clone(),
                    };
                    crate::messages::ProblemKind::from(kind).describe(lang).0
                }
            };
            out.push_str(&format!("  {}: {status}\n", e.path));
        }
        out
    }

    /// Under `--strict`: every skip that is not quiet, as an error at its path.
    pub fn strict(&self, diag: &mut Diagnostics) {
        let already: Vec<String> = diag
            .problems
            .iter()
            .filter(|p| matches!(p.kind.ingest(), Some(IngestProblem::Skipped { .. })))
            .filter_map(|p| p.location.as_ref().map(|l| l.file.to_string()))
            .collect();
        for (path, reason) in self.skips().filter(|(_, r)| !r.is_quiet()) {
            if !already.iter().any(|a| a == path) {
                let reason = reason.clone();
                diag.error(
                    Some(Location::file(path)),
                    IngestProblem::Skipped { reason },
                );
            }
        }
        for p in &mut diag.problems {
            if matches!(p.kind.ingest(), Some(IngestProblem::Skipped { .. })) {
                p.severity = crate::Severity::Error;
            }
        }
    }
}

/// What one path is, looked at without opening it.
enum Found {
    Dir(PathBuf),
    File(PathBuf),
    Skip(SkipReason),
}

/// Looks at `path`, following a link once: a folder, a regular file, or a reason to pass it by.
fn look(path: &Path) -> Found {
    let unreachable = |e: std::io::Error| {
        Found::Skip(SkipReason::Unreachable {
            detail: e.to_string(),
        })
    };
    let own = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) => return unreachable(e),
    };
    let meta = match (own.file_type().is_symlink(), std::fs::metadata(path)) {
        (false, _) => own,
        (true, Ok(meta)) => meta,
        (true, Err(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            let target = std::fs::read_link(path)
                .map_or_else(|_| String::new(), |t| t.display().to_string());
            return Found::Skip(SkipReason::BrokenLink { target });
        }
        (true, Err(e)) if is_loop(&e) => return Found::Skip(SkipReason::LinkLoop),
        (true, Err(e)) => return unreachable(e),
    };
    let kind = meta.file_type();
    if kind.is_dir() {
        return Found::Dir(path.to_path_buf());
    }
    if kind.is_file() {
        return Found::File(path.to_path_buf());
    }
    Found::Skip(SkipReason::NotAFile {
        what: special_kind(&kind).to_string(),
    })
}

/// Whether an error is the system's "too many levels of symbolic links".
fn is_loop(e: &std::io::Error) -> bool {
    // ELOOP is 40 on Linux, 62 on the BSDs and macOS.
    let eloop = if cfg!(target_os = "linux") { 40 } else { 62 };
    e.raw_os_error() == Some(eloop) || e.to_string().contains("symbolic links")
}

/// The name of a file type that is neither a folder nor a regular file.
fn special_kind(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "FIFO";
        }
        if kind.is_socket() {
            return "socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "device";
        }
    }
    let _ = kind;
    "special"
}

/// The walk's state: the real paths already taken, so that each is read once.
#[derive(Default)]
struct Walk {
    files: Vec<PathBuf>,
    /// Real path -> the path it was first met under.
    seen: foldhash::HashMap<PathBuf, PathBuf>,
}

impl Walk {
    /// Takes `path` once: the real path already seen is a [`SkipReason::SameFile`] (or
    /// [`SkipReason::SameFolder`]).
    fn first_time(&mut self, path: &Path) -> Result<(), SkipReason> {
        let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        match self.seen.get(&real) {
            Some(first) if real.is_dir() => Err(SkipReason::SameFolder {
                first: first.display().to_string(),
            }),
            Some(first) => Err(SkipReason::SameFile {
                first: first.display().to_string(),
            }),
            None => {
                self.seen.insert(real, path.to_path_buf());
                Ok(())
            }
        }
    }
}

/// Expands files and folders into the input files, sorted within each folder, and lists every
/// file and folder met in `ledger`. A named path that is missing, not a regular file or of a
/// kind not read is an error; inside a folder, such files are passed over with their reason.
/// The same file met twice is read once, with a warning naming both paths.
pub fn collect_inputs(
    paths: &[PathBuf],
    ledger: &mut Ledger,
    diag: &mut Diagnostics,
) -> Vec<PathBuf> {
    let mut walk = Walk::default();
    for path in paths {
        let at = || Some(Location::file(path.display().to_string()));
        if std::fs::symlink_metadata(path).is_err() {
            diag.error(at(), IngestProblem::InputMissing);
            continue;
        }
        match look(path) {
            Found::Dir(dir) => match walk.first_time(&dir) {
                Ok(()) => walk_dir(&dir, &mut walk, ledger, diag),
                Err(reason) => same(path, reason, ledger, diag),
            },
            Found::File(file) if !super::sheet::is_supported(&file) => {
                diag.error(at(), IngestProblem::UnsupportedFile);
            }
            Found::File(file) => match walk.first_time(&file) {
                Ok(()) => {
                    ledger.read(&file);
                    walk.files.push(file);
                }
                Err(reason) => same(path, reason, ledger, diag),
            },
            Found::Skip(reason) => {
                ledger.skip(path, reason.clone());
                diag.error(at(), IngestProblem::Skipped { reason });
            }
        }
    }
    if walk.files.is_empty() && !diag.has_errors() {
        diag.error(None, IngestProblem::NoInputs);
    }
    walk.files
}

/// The same file or folder met again: listed, and a warning naming both paths.
fn same(path: &Path, reason: SkipReason, ledger: &mut Ledger, diag: &mut Diagnostics) {
    ledger.skip(path, reason.clone());
    diag.warning(
        Some(Location::file(path.display().to_string())),
        IngestProblem::Skipped { reason },
    );
}

/// Walks `dir`: a folder met again (through a link) is listed, not walked again; a file met
/// again is listed with a warning.
fn walk_dir(dir: &Path, walk: &mut Walk, ledger: &mut Ledger, diag: &mut Diagnostics) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            let detail = e.to_string();
            return ledger.skip(dir, SkipReason::Unreachable { detail });
        }
    };
    let mut paths = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => paths.push(entry.path()),
            Err(e) => {
                let detail = e.to_string();
                ledger.skip(dir, SkipReason::Unreachable { detail });
            }
        }
    }
    paths.sort();
    for path in paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        if name.starts_with('.') {
            ledger.skip(&path, SkipReason::Hidden);
            continue;
        }
        if name.starts_with("~$") {
            ledger.skip(&path, SkipReason::LockFile);
            continue;
        }
        match look(&path) {
            Found::Dir(sub) => match walk.first_time(&sub) {
                Ok(()) => walk_dir(&sub, walk, ledger, diag),
                Err(reason) => ledger.skip(&path, reason),
            },
            Found::File(file) if !super::sheet::is_supported(&file) => {
                let extension = file
                    .extension()
                    .map(|e| e.to_string_lossy().to_lowercase())
                    .unwrap_or_default();
                ledger.skip(&file, SkipReason::Unsupported { extension });
            }
            Found::File(file) => match walk.first_time(&file) {
                Ok(()) => {
                    ledger.read(&file);
                    walk.files.push(file);
                }
                Err(reason) => same(&file, reason, ledger, diag),
            },
            Found::Skip(reason) => ledger.skip(&path, reason),
        }
    }
}
