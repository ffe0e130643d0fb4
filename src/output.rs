//! Where a report goes. A report file is written beside its target under a temporary name
//! and renamed over it once complete: an interrupted or failed run leaves the previous
//! report whole, never truncated or half-written. Temporary files and directories still
//! pending are removed on SIGINT, SIGTERM or SIGHUP ([`remove_on_signal`]).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Temporary paths to remove if the process is interrupted.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Registers a temporary path to be removed on interruption.
pub fn pending(path: &Path) {
    if let Ok(mut pending) = PENDING.lock() {
        pending.push(path.to_path_buf());
    }
}

/// Forgets a temporary path (renamed into place or removed).
pub fn settled(path: &Path) {
    if let Ok(mut pending) = PENDING.lock() {
        pending.retain(|p| p != path);
    }
}

/// On SIGINT, SIGTERM or SIGHUP, removes the pending temporary files and directories, then
/// exits with 130 (interrupted). The handler runs on a thread of its own (`ctrlc`), where
/// removing files is safe, unlike in a signal handler proper (which this crate's
/// `forbid(unsafe_code)` rules out anyway).
pub fn remove_on_signal() {
    let _ = ctrlc::set_handler(|| {
        if let Ok(pending) = PENDING.lock() {
            for path in pending.iter() {
                let _ = if path.is_dir() { std::fs::remove_dir_all(path) } else { std::fs::remove_file(path) };
            }
        }
        std::process::exit(130);
    });
}

/// A temporary name beside `target`: hidden, with the process id, so it never collides with
/// a report and is recognisable as caselint's.
pub fn temp_beside(target: &Path, suffix: &str) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = target.file_name().map_or_else(|| "report".into(), |n| n.to_string_lossy());
    let dir = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    dir.join(format!(".{name}.caselint-{}-{n}.{suffix}", std::process::id()))
}

/// The real path a report is written to: a link to a file is followed, so the file is
/// replaced, not the link.
fn resolve(target: &Path) -> PathBuf {
    match std::fs::symlink_metadata(target) {
        Ok(meta) if meta.file_type().is_symlink() => std::fs::canonicalize(target).unwrap_or_else(|_| target.into()),
        _ => target.to_path_buf(),
    }
}

/// A report file in the making.
pub struct ReportFile {
    file: BufWriter<File>,
    /// The temporary file, until it is renamed; `None` when writing straight into a target
    /// that is not a regular file (`/dev/stdout`, a pipe): there is nothing to preserve.
    temp: Option<PathBuf>,
    target: PathBuf,
}

impl ReportFile {
    /// Starts a report for `target`; nothing at `target` changes until [`ReportFile::commit`].
    pub fn create(target: &Path) -> std::io::Result<Self> {
        let existing = std::fs::metadata(target).ok();
        if existing.as_ref().is_some_and(|meta| !meta.is_file() && !meta.is_dir()) {
            let file = File::options().write(true).open(target)?;
            return Ok(ReportFile { file: BufWriter::new(file), temp: None, target: target.to_path_buf() });
        }
        let target = resolve(target);
        let temp = temp_beside(&target, "tmp");
        pending(&temp);
        let file = match File::options().write(true).create_new(true).open(&temp) {
            Ok(file) => file,
            Err(err) => {
                settled(&temp);
                return Err(err);
            }
        };
        // The new report keeps the permissions of the one it replaces.
        if let Some(meta) = existing {
            let _ = file.set_permissions(meta.permissions());
        }
        Ok(ReportFile { file: BufWriter::new(file), temp: Some(temp), target })
    }

    /// Puts the complete report in place of the target.
    pub fn commit(mut self) -> std::io::Result<()> {
        self.file.flush()?;
        let Some(temp) = self.temp.take() else { return Ok(()) };
        let result = self.file.get_ref().sync_all().and_then(|()| std::fs::rename(&temp, &self.target));
        if result.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        settled(&temp);
        result
    }
}

impl Write for ReportFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.file.write_all(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

impl Drop for ReportFile {
    /// A report never committed (a failed run) leaves no temporary file.
    fn drop(&mut self) {
        if let Some(temp) = self.temp.take() {
            let _ = std::fs::remove_file(&temp);
            settled(&temp);
        }
    }
}

/// Where a report goes: stdout, or a file put in place when complete.
pub enum Output {
    /// Standard output, buffered.
    Stdout(BufWriter<std::io::Stdout>),
    /// A report file.
    File(ReportFile),
}

impl Output {
    /// Stdout, or a report file for `path`.
    pub fn open(path: Option<&Path>) -> std::io::Result<Self> {
        Ok(match path {
            None => Output::Stdout(BufWriter::new(std::io::stdout())),
            Some(path) => Output::File(ReportFile::create(path)?),
        })
    }

    /// Flushes the report and, for a file, puts it in place.
    pub fn commit(self) -> std::io::Result<()> {
        match self {
            Output::Stdout(mut out) => out.flush(),
            Output::File(file) => file.commit(),
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Output::Stdout(out) => out.write(buf),
            Output::File(file) => file.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match self {
            Output::Stdout(out) => out.write_all(buf),
            Output::File(file) => file.write_all(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Output::Stdout(out) => out.flush(),
            Output::File(file) => file.flush(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_is_untouched_until_commit_and_nothing_is_left_without_it() {
        let dir = std::env::temp_dir().join(format!("caselint-output-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        assert!(std::fs::create_dir_all(&dir).is_ok());
        let target = dir.join("report.json");
        assert!(std::fs::write(&target, "previous").is_ok());
        let mut report = ReportFile::create(&target).ok();
        assert!(report.as_mut().is_some_and(|r| r.write_all(b"new, half").is_ok() && r.flush().is_ok()));
        assert_eq!(std::fs::read_to_string(&target).ok().as_deref(), Some("previous"));
        drop(report);
        assert_eq!(std::fs::read_dir(&dir).map(Iterator::count).ok(), Some(1));
        let report = ReportFile::create(&target).ok();
        let done = report.map(|mut r| r.write_all(b"new").and_then(|()| r.commit()));
        assert!(matches!(done, Some(Ok(()))));
        assert_eq!(std::fs::read_to_string(&target).ok().as_deref(), Some("new"));
        assert_eq!(std::fs::read_dir(&dir).map(Iterator::count).ok(), Some(1));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
