//! Every file sakip writes goes through here: written whole or not at all, never over an input
//! of the same run, never over something that is not a regular file, one run at a time.
//!
//! A file is staged as a temporary file in its destination folder, flushed to disk (fsync) and
//! renamed into place only when the run commits; a folder (the scorecards) is built beside its
//! destination and swapped in whole, so that no file of an earlier run survives among the new
//! ones. A staged file or folder that is never committed is removed when it is dropped, so a run
//! that fails leaves the previous outputs as they were.

use super::ReportError;
use crate::messages::{Location, OutputProblem, Problem};
use std::path::{Path, PathBuf};

/// One file a run makes: its name and its bytes, built when asked. Every workbook and document
/// sakip writes is one (the feedback workbook, each scorecard, the trend workbook, the LHE
/// documents, the JSON), so that the command line, and a server after it, save them alike
/// through [`Destination`].
pub trait Output {
    /// The file's name in its folder.
    fn file_name(&self) -> String;

    /// Builds the file.
    ///
    /// # Errors
    /// [`ReportError`] when the content cannot be built.
    fn bytes(self) -> Result<Vec<u8>, ReportError>;
}

/// The inputs of one run, which none of its outputs may replace.
#[derive(Debug, Clone, Default)]
pub struct Destination {
    /// The inputs' real paths.
    inputs: Vec<PathBuf>,
}

impl Destination {
    /// The guard for a run that reads `inputs` (files; folders are the files found in them).
    pub fn new<P: AsRef<Path>>(inputs: impl IntoIterator<Item = P>) -> Self {
        let inputs = inputs
            .into_iter()
            .filter_map(|p| std::fs::canonicalize(p.as_ref()).ok())
            .collect();
        Destination { inputs }
    }

    /// Refuses `target` when it is one of the inputs, or exists and is not a regular file (a
    /// device, a FIFO, a folder, a link).
    ///
    /// # Errors
    /// [`ReportError::Refused`] saying which.
    pub fn check(&self, target: &Path) -> Result<(), ReportError> {
        self.guard(target, std::fs::FileType::is_file)
    }

    /// Refuses any file at `target`: a file the user keeps (a rubric, the settings), which a
    /// command that makes one does not replace.
    ///
    /// # Errors
    /// [`ReportError::Refused`] when something is there.
    pub fn check_new(&self, target: &Path) -> Result<(), ReportError> {
        match std::fs::symlink_metadata(target) {
            Ok(_) => Err(refused(target, OutputProblem::Exists)),
            Err(_) => self.check(target),
        }
    }

    /// Refuses to replace the folder `dir` whole when an input lies inside it, or it exists and
    /// is not a folder.
    ///
    /// # Errors
    /// [`ReportError::Refused`] saying which.
    pub fn check_folder(&self, dir: &Path) -> Result<(), ReportError> {
        self.guard(dir, std::fs::FileType::is_dir)
    }

    /// Refuses `path` when it exists and is not of the kind `expected` accepts, or when an
    /// input is it or lies inside it (for a file, only the file itself does: paths are
    /// compared component by component).
    fn guard(
        &self,
        path: &Path,
        expected: fn(&std::fs::FileType) -> bool,
    ) -> Result<(), ReportError> {
        if let Ok(meta) = std::fs::symlink_metadata(path) {
            if !expected(&meta.file_type()) {
                let what = kind_of(&meta.file_type()).to_string();
                return Err(refused(path, OutputProblem::NotAFile { what }));
            }
        }
        let real = real_path(path);
        match self.inputs.iter().find(|i| i.starts_with(&real)) {
            Some(input) => Err(refused(
                path,
                OutputProblem::OutputIsInput {
                    input: input.display().to_string(),
                },
            )),
            None => Ok(()),
        }
    }

    /// Stages `bytes` as `dir/name`, checked against the inputs first; creates `dir` if needed.
    /// Nothing is in place until [`Staged::commit`].
    ///
    /// # Errors
    /// [`ReportError::Refused`] for a target that may not be replaced; [`ReportError::Io`]
    /// naming the path that could not be written.
    pub fn stage(&self, dir: &Path, name: &str, bytes: &[u8]) -> Result<Staged, ReportError> {
        let target = dir.join(name);
        self.check(&target)?;
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let staged = Staged {
            temp,
            target,
            done: false,
        };
        write_synced(&staged.temp, bytes)?;
        Ok(staged)
    }

    /// Builds `output` and stages it as `dir/` its name (see [`Destination::stage`]).
    ///
    /// # Errors
    /// As [`Output::bytes`] and [`Destination::stage`].
    pub fn stage_output(&self, dir: &Path, output: impl Output) -> Result<Staged, ReportError> {
        let name = output.file_name();
        let bytes = output.bytes()?;
        self.stage(dir, &name, &bytes)
    }

    /// Builds `output` and writes it whole as `dir/` its name.
    ///
    /// # Errors
    /// As [`Destination::stage_output`] and [`Staged::commit`].
    pub fn save(&self, dir: &Path, output: impl Output) -> Result<PathBuf, ReportError> {
        self.stage_output(dir, output)?.commit()
    }

    /// [`Destination::stage`] and [`Staged::commit`] at once: `dir/name` written whole.
    ///
    /// # Errors
    /// As [`Destination::stage`] and [`Staged::commit`].
    pub fn write(&self, dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, ReportError> {
        self.stage(dir, name, bytes)?.commit()
    }

    /// A new folder beside `dir`, to be filled and swapped in for `dir` whole by
    /// [`StagedFolder::commit`].
    ///
    /// # Errors
    /// [`ReportError::Refused`] when `dir` holds an input or is not a folder;
    /// [`ReportError::Io`] when the new folder cannot be made.
    pub fn stage_folder(&self, dir: &Path) -> Result<StagedFolder, ReportError> {
        self.check_folder(dir)?;
        let name = dir.file_name().map_or_else(
            || "keluaran".to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let parent = dir.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(io(parent))?;
        let temp = parent.join(format!(".{name}.{}.tmp", std::process::id()));
        let _ = std::fs::remove_dir_all(&temp);
        std::fs::create_dir(&temp).map_err(io(&temp))?;
        Ok(StagedFolder {
            temp,
            target: dir.to_path_buf(),
            done: false,
        })
    }
}

/// A file written beside its target, renamed into place on commit, removed if dropped.
#[derive(Debug)]
pub struct Staged {
    temp: PathBuf,
    target: PathBuf,
    done: bool,
}

impl Staged {
    /// Renames the staged file into place and flushes its folder.
    ///
    /// # Errors
    /// [`ReportError::Io`] naming the target.
    pub fn commit(mut self) -> Result<PathBuf, ReportError> {
        std::fs::rename(&self.temp, &self.target).map_err(io(&self.target))?;
        self.done = true;
        sync_folder(&self.target);
        Ok(std::mem::take(&mut self.target))
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

/// A folder filled beside its target and swapped in whole on commit, removed if dropped.
#[derive(Debug)]
pub struct StagedFolder {
    temp: PathBuf,
    target: PathBuf,
    done: bool,
}

impl StagedFolder {
    /// Where its files are written before the swap.
    pub fn path(&self) -> &Path {
        &self.temp
    }

    /// The folder it replaces.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Swaps the new folder in for the old, which is then removed.
    ///
    /// # Errors
    /// [`ReportError::Io`] naming the folder; the old one is put back when the new one cannot
    /// be moved in.
    pub fn commit(mut self) -> Result<PathBuf, ReportError> {
        let old = self.temp.with_extension("old");
        let had_old = self.target.exists();
        if had_old {
            let _ = std::fs::remove_dir_all(&old);
            std::fs::rename(&self.target, &old).map_err(io(&self.target))?;
        }
        if let Err(e) = std::fs::rename(&self.temp, &self.target) {
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(io(&self.target)(e));
        }
        self.done = true;
        if had_old {
            let _ = std::fs::remove_dir_all(&old);
        }
        sync_folder(&self.target);
        Ok(std::mem::take(&mut self.target))
    }
}

impl Drop for StagedFolder {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.temp);
        }
    }
}

/// Writes `bytes` to `dir/name` as it is, for a folder the run owns alone (a
/// [`StagedFolder`], swapped in whole later): no temporary file and no flush per file, which
/// 22,000 scorecards would pay for nothing.
///
/// # Errors
/// [`ReportError::Io`] naming the file.
pub fn write_into(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, ReportError> {
    let path = dir.join(name);
    std::fs::write(&path, bytes).map_err(io(&path))?;
    Ok(path)
}

/// One run's hold on a folder it writes into: a `.sakip.lock` file with the holder's process
/// id, removed when dropped. A second run refuses rather than interleave; a lock whose process
/// is gone (a run that was killed) is taken over.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
}

/// The lock file's name in a folder.
pub const LOCK_FILE: &str = ".sakip.lock";

impl Lock {
    /// Takes the lock on `dir`, creating the folder if needed.
    ///
    /// # Errors
    /// [`ReportError::Refused`] naming the process that holds it; [`ReportError::Io`].
    pub fn take(dir: &Path) -> Result<Lock, ReportError> {
        use std::io::Write;
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let path = dir.join(LOCK_FILE);
        for _ in 0..2 {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut file) => {
                    let _ = writeln!(file, "{}", std::process::id());
                    return Ok(Lock { path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let holder = std::fs::read_to_string(&path).unwrap_or_default();
                    let pid: Option<u32> = holder.trim().parse().ok();
                    if pid.is_some_and(alive) {
                        let pid = pid.unwrap_or_default();
                        return Err(refused(dir, OutputProblem::Locked { pid }));
                    }
                    // The holder is gone: its lock is stale.
                    let _ = std::fs::remove_file(&path);
                }
                Err(e) => return Err(io(&path)(e)),
            }
        }
        Err(refused(dir, OutputProblem::Locked { pid: 0 }))
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Whether process `pid` is running.
fn alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

/// `bytes` written to `path` and flushed to disk.
fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), ReportError> {
    use std::io::Write;
    let result = std::fs::File::create(path).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    result.map_err(|e| {
        let _ = std::fs::remove_file(path);
        io(path)(e)
    })
}

/// Flushes the folder holding `path`, so that a rename survives a power cut.
fn sync_folder(path: &Path) {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Ok(dir) = std::fs::File::open(dir) {
            let _ = dir.sync_all();
        }
    }
}

/// The real path of `path`, which may not exist yet: its folder's real path and its name.
fn real_path(path: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
    let parent = parent.map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    match (std::fs::canonicalize(&parent), path.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => path.to_path_buf(),
    }
}

/// A file type's name, for a refusal.
fn kind_of(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_char_device() || kind.is_block_device() {
            return "device";
        }
        if kind.is_fifo() {
            return "FIFO";
        }
        if kind.is_socket() {
            return "socket";
        }
    }
    if kind.is_symlink() {
        "symlink"
    } else if kind.is_dir() {
        "folder"
    } else {
        "special"
    }
}

fn refused(path: &Path, kind: OutputProblem) -> ReportError {
    let at = Location::file(path.display().to_string());
    ReportError::Refused(Box::new(Problem::error(Some(at), kind)))
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ReportError {
    let path = path.display().to_string();
    move |source| ReportError::Io { path, source }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_staged_file_that_is_never_committed_leaves_the_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let guard = Destination::default();
        guard.write(dir.path(), "a.xlsx", b"lama").unwrap();
        drop(guard.stage(dir.path(), "a.xlsx", b"baru").unwrap());
        assert_eq!(std::fs::read(dir.path().join("a.xlsx")).unwrap(), b"lama");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "the temporary file is gone");
    }

    #[test]
    fn a_folder_is_swapped_whole() {
        let dir = tempfile::tempdir().unwrap();
        let cards = dir.path().join("scorecards");
        std::fs::create_dir(&cards).unwrap();
        std::fs::write(cards.join("09-lama.xlsx"), b"x").unwrap();
        let staged = Destination::default().stage_folder(&cards).unwrap();
        std::fs::write(staged.path().join("01-baru.xlsx"), b"y").unwrap();
        staged.commit().unwrap();
        let names: Vec<String> = std::fs::read_dir(&cards)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["01-baru.xlsx"]);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn inputs_devices_and_folders_holding_inputs_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("opd.csv");
        std::fs::write(&input, b"nama\n").unwrap();
        let guard = Destination::new([&input]);
        let is = |r: Result<(), ReportError>, kind: &str| match r {
            Err(ReportError::Refused(p)) => {
                let json = serde_json::to_value(&p.kind).unwrap();
                assert_eq!(json["kind"], kind);
            }
            other => panic!("{other:?}"),
        };
        is(guard.check(&input), "output_is_input");
        // The same file by another spelling of its path.
        is(
            guard.check(&dir.path().join(".").join("opd.csv")),
            "output_is_input",
        );
        is(guard.check(Path::new("/dev/null")), "not_a_file");
        is(guard.check_folder(dir.path()), "output_is_input");
        assert!(guard.check(&dir.path().join("lain.xlsx")).is_ok());
    }

    #[test]
    fn a_lock_is_refused_while_held_and_taken_over_when_stale() {
        let dir = tempfile::tempdir().unwrap();
        let held = Lock::take(dir.path()).unwrap();
        match Lock::take(dir.path()) {
            Err(ReportError::Refused(p)) => {
                assert_eq!(
                    p.kind,
                    OutputProblem::Locked {
                        pid: std::process::id()
                    }
                )
            }
            other => panic!("{other:?}"),
        }
        drop(held);
        assert!(!dir.path().join(LOCK_FILE).exists());
        // A lock left by a process that is gone (past Linux's largest process id, 4,194,304).
        std::fs::write(dir.path().join(LOCK_FILE), "4294967\n").unwrap();
        let taken = Lock::take(dir.path()).unwrap();
        let holder = std::fs::read_to_string(dir.path().join(LOCK_FILE)).unwrap();
        assert_eq!(holder.trim(), std::process::id().to_string());
        drop(taken);
    }
}
