//! What a run reads, found and opened safely: the walk of case directories (each file once,
//! whatever links lead to it; loops said, never followed), regular files only (a FIFO or a
//! device named `*.json` is refused before it is opened, so it cannot hang the run), and a
//! rules directory that holds rules.
//!
//! Files are told apart by (device, inode), so two paths to one file are one input.

use std::collections::HashMap;
use std::io::{ErrorKind, Read};
use std::os::unix::fs::{FileTypeExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// The largest input file caselint reads (a case, a staff registry, settings, waivers, a
/// rules file): a real case is tens of kilobytes; this bounds memory on hostile input.
pub const MAX_INPUT_BYTES: usize = 16 << 20;

/// What a path that is not a regular file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A named pipe.
    Fifo,
    /// A Unix socket.
    Socket,
    /// A block device.
    BlockDevice,
    /// A character device (a terminal, `/dev/zero`).
    CharDevice,
    /// A directory.
    Directory,
    /// A symbolic link (where links are not followed).
    Symlink,
    /// Anything else.
    Other,
}

impl FileKind {
    /// What a file type is, when it is not a regular file.
    pub fn of(file_type: std::fs::FileType) -> Option<FileKind> {
        Some(if file_type.is_file() {
            return None;
        } else if file_type.is_dir() {
            FileKind::Directory
        } else if file_type.is_symlink() {
            FileKind::Symlink
        } else if file_type.is_fifo() {
            FileKind::Fifo
        } else if file_type.is_socket() {
            FileKind::Socket
        } else if file_type.is_block_device() {
            FileKind::BlockDevice
        } else if file_type.is_char_device() {
            FileKind::CharDevice
        } else {
            FileKind::Other
        })
    }

    /// The English name, as `std::io::Error` messages carry it.
    pub fn name_en(self) -> &'static str {
        match self {
            FileKind::Fifo => "a named pipe (FIFO)",
            FileKind::Socket => "a socket",
            FileKind::BlockDevice => "a block device",
            FileKind::CharDevice => "a character device",
            FileKind::Directory => "a directory",
            FileKind::Symlink => "a symbolic link",
            FileKind::Other => "not a regular file",
        }
    }

    /// The Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            FileKind::Fifo => "命名管道（FIFO）",
            FileKind::Socket => "套接字",
            FileKind::BlockDevice => "块设备",
            FileKind::CharDevice => "字符设备",
            FileKind::Directory => "目录",
            FileKind::Symlink => "符号链接",
            FileKind::Other => "特殊文件",
        }
    }
}

/// The error of opening something that is not a regular file: kind `InvalidInput`, which
/// the catalogue words as "not a regular file".
#[derive(Debug)]
pub struct NotRegular(pub FileKind);

impl std::fmt::Display for NotRegular {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "not a regular file but {}", self.0.name_en())
    }
}

impl std::error::Error for NotRegular {}

fn not_regular(kind: FileKind) -> std::io::Error {
    std::io::Error::new(ErrorKind::InvalidInput, NotRegular(kind))
}

/// Opens a regular file for reading, following links; anything else (a FIFO, a device, a
/// socket, a directory) is an error before it is opened. The open does not block (so a FIFO
/// swapped in meanwhile cannot hang it) and the opened file is checked again.
pub fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    let meta = std::fs::metadata(path)?;
    if let Some(kind) = FileKind::of(meta.file_type()) {
        return Err(match kind {
            FileKind::Directory => std::io::Error::new(ErrorKind::IsADirectory, "is a directory"),
            kind => not_regular(kind),
        });
    }
    let file = std::fs::File::options().read(true).custom_flags(libc::O_NONBLOCK).open(path)?;
    if let Some(kind) = FileKind::of(file.metadata()?.file_type()) {
        return Err(not_regular(kind));
    }
    Ok(file)
}

/// Reads a regular file (see [`open_regular`]), refusing more than `limit` bytes before
/// reading them all.
pub fn read_regular(path: &Path, limit: usize) -> std::io::Result<Vec<u8>> {
    let file = open_regular(path)?;
    read_limited(file, limit)
}

/// Reads at most `limit` bytes; more is an error of kind `FileTooLarge`.
pub fn read_limited(reader: impl Read, limit: usize) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader.take(limit as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() > limit {
        let message = format!("larger than {} MiB", limit >> 20);
        return Err(std::io::Error::new(ErrorKind::FileTooLarge, message));
    }
    Ok(bytes)
}

/// A file's identity: (device, inode).
pub type FileId = (u64, u64);

/// The identity of the file a path leads to (links followed), if it exists.
pub fn file_id(path: &Path) -> Option<FileId> {
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// Something about the inputs that is not an error but must be said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputNote {
    /// A link through which the walk came back into a directory it is walking: not followed.
    Loop {
        /// The link (the nearest on the path that closed the loop).
        link: PathBuf,
        /// The directory it leads back to, as first walked.
        target: PathBuf,
    },
    /// A directory reached a second time (through a link or a second argument): walked once.
    SameDirectory {
        /// The second path.
        path: PathBuf,
        /// The path it was walked by.
        first: PathBuf,
    },
    /// A case file reached a second time: checked once.
    SameFile {
        /// The second path.
        path: PathBuf,
        /// The path it is checked by.
        first: PathBuf,
    },
    /// A settings file or waiver register found in a parent of the working directory.
    FromParent {
        /// `caselint.toml` or `caselint.waivers.toml`.
        what: Discovered,
        /// The file used.
        path: PathBuf,
    },
}

/// The files caselint looks for in the working directory and its parents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Discovered {
    /// `caselint.toml`.
    Settings,
    /// `caselint.waivers.toml`.
    Waivers,
}

/// An input that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The path as given or found.
    pub path: PathBuf,
    /// What is wrong with it.
    pub problem: InputProblem,
}

/// What is wrong with an input path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputProblem {
    /// A directory whose entries cannot be listed: its cases would go unchecked.
    UnreadableDirectory {
        /// The error's kind.
        kind: ErrorKind,
        /// The system's message.
        message: String,
    },
    /// A file that cannot be read.
    Unreadable {
        /// The error's kind.
        kind: ErrorKind,
        /// The system's message.
        message: String,
    },
    /// A rules directory without a `*.rules` file: no rule would be checked.
    NoRules,
    /// A report file that cannot be written.
    Unwritable {
        /// The error's kind.
        kind: ErrorKind,
        /// The system's message.
        message: String,
    },
    /// An input of `pack` outside the working directory (`pack --verify` would refuse it).
    OutsideBase,
    /// `--output` names one of the run's inputs.
    OutputIsInput {
        /// Which input.
        input: PathBuf,
    },
}

impl InputProblem {
    /// An unreadable file from its IO error.
    pub fn unreadable(err: &std::io::Error) -> Self {
        InputProblem::Unreadable { kind: err.kind(), message: err.to_string() }
    }
}

/// The case files under the command-line paths.
#[derive(Debug, Default)]
pub struct Walk {
    /// Every case file once, sorted (so any order of paths gives the same report).
    pub files: Vec<PathBuf>,
    /// Directories that could not be listed.
    pub errors: Vec<InputError>,
    /// Loops and paths seen twice.
    pub notes: Vec<InputNote>,
}

/// Expands the command-line paths into case files: files as given, directories walked for
/// every `*.json` but `staff.json` and hidden names.
pub fn case_files(paths: &[PathBuf]) -> Walk {
    walk_with(paths, |dir| std::fs::read_dir(dir)?.map(|entry| entry.map(|e| e.path())).collect())
}

/// [`case_files`] with the listing of a directory given: a test injects failures through it.
pub fn walk_with(paths: &[PathBuf], read_dir: impl Fn(&Path) -> std::io::Result<Vec<PathBuf>>) -> Walk {
    let mut walker = Walker { read_dir, walk: Walk::default(), files: HashMap::new(), dirs: HashMap::new() };
    let mut paths = paths.to_vec();
    paths.sort();
    for path in &paths {
        if path == Path::new("-") {
            if !walker.walk.files.contains(path) {
                walker.walk.files.push(path.clone());
            }
            continue;
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walker.directory(path, &meta, None, &mut Vec::new()),
            Ok(meta) => walker.file(path, &meta),
            // Reading it says what is wrong (missing, a broken link).
            Err(_) => walker.walk.files.push(path.clone()),
        }
    }
    let mut walk = walker.walk;
    walk.files.sort();
    walk
}

struct Walker<F> {
    read_dir: F,
    walk: Walk,
    /// Case files found, by identity, with the path they are checked by.
    files: HashMap<FileId, PathBuf>,
    /// Directories walked, by identity, with the path they were walked by.
    dirs: HashMap<FileId, PathBuf>,
}

impl<F: Fn(&Path) -> std::io::Result<Vec<PathBuf>>> Walker<F> {
    fn file(&mut self, path: &Path, meta: &std::fs::Metadata) {
        // A FIFO or device is kept: reading it reports it, without opening it.
        if !meta.is_file() {
            self.walk.files.push(path.to_path_buf());
            return;
        }
        match self.files.get(&(meta.dev(), meta.ino())) {
            Some(first) => {
                let note = InputNote::SameFile { path: path.to_path_buf(), first: first.clone() };
                self.walk.notes.push(note);
            }
            None => {
                self.files.insert((meta.dev(), meta.ino()), path.to_path_buf());
                self.walk.files.push(path.to_path_buf());
            }
        }
    }

    /// Walks a directory once; `via` is the nearest link on its path, `open` holds the
    /// directories being walked around it.
    fn directory(&mut self, dir: &Path, meta: &std::fs::Metadata, via: Option<&Path>, open: &mut Vec<FileId>) {
        let id = (meta.dev(), meta.ino());
        if let Some(first) = self.dirs.get(&id) {
            let note = if open.contains(&id) {
                InputNote::Loop { link: via.unwrap_or(dir).to_path_buf(), target: first.clone() }
            } else {
                InputNote::SameDirectory { path: dir.to_path_buf(), first: first.clone() }
            };
            self.walk.notes.push(note);
            return;
        }
        self.dirs.insert(id, dir.to_path_buf());
        let mut entries = match (self.read_dir)(dir) {
            Ok(entries) => entries,
            Err(err) => {
                let problem = InputProblem::UnreadableDirectory { kind: err.kind(), message: err.to_string() };
                self.walk.errors.push(InputError { path: dir.to_path_buf(), problem });
                return;
            }
        };
        entries.sort();
        open.push(id);
        for path in entries {
            let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else { continue };
            if name.starts_with('.') {
                continue;
            }
            let is_case = name.ends_with(".json") && name != "staff.json";
            match std::fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => {
                    let link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
                    let via = if link { Some(path.as_path()) } else { via };
                    self.directory(&path, &meta, via, open);
                }
                Ok(meta) if is_case => self.file(&path, &meta),
                // A broken link named like a case: reading it says so.
                Err(_) if is_case => self.walk.files.push(path),
                _ => {}
            }
        }
        open.pop();
    }
}

/// The `*.rules` files of a rules directory, in name order; a directory without any is an
/// error (an empty rule set would pass every case).
pub fn rules_files(dir: &Path) -> Result<Vec<PathBuf>, InputError> {
    let error = |problem| InputError { path: dir.to_path_buf(), problem };
    let unreadable = |err: std::io::Error| error(InputProblem::unreadable(&err));
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(unreadable)? {
        let path = entry.map_err(unreadable)?.path();
        if path.extension().is_some_and(|x| x == "rules") {
            paths.push(path);
        }
    }
    if paths.is_empty() {
        return Err(error(InputProblem::NoRules));
    }
    paths.sort();
    Ok(paths)
}

/// The input that `output` is, if it is one: the same file by (device, inode), so a link
/// or another spelling of the path is caught too. A path that does not exist is no input.
pub fn input_at(output: &Path, inputs: impl IntoIterator<Item = PathBuf>) -> Option<PathBuf> {
    let id = file_id(output)?;
    inputs.into_iter().find(|input| file_id(input) == Some(id))
}

/// Reads the rules files of a directory as (path, text).
pub fn read_rules_dir(dir: &Path) -> Result<Vec<(PathBuf, String)>, InputError> {
    let mut files = Vec::new();
    for path in rules_files(dir)? {
        let text = read_regular(&path, MAX_INPUT_BYTES)
            .and_then(|bytes| String::from_utf8(bytes).map_err(|e| std::io::Error::new(ErrorKind::InvalidData, e)))
            .map_err(|err| InputError { path: path.clone(), problem: InputProblem::unreadable(&err) })?;
        files.push((path, text));
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("caselint-inputs-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        assert!(std::fs::create_dir_all(&dir).is_ok());
        dir
    }

    /// A subdirectory that cannot be listed is an error naming it, whoever runs the test:
    /// the failure is injected through the listing (root can list a `chmod 000` directory).
    #[test]
    fn an_unreadable_subdirectory_is_an_error() {
        let dir = scratch("unreadable");
        assert!(std::fs::create_dir_all(dir.join("locked")).is_ok());
        assert!(std::fs::write(dir.join("a.json"), "{}").is_ok());
        assert!(std::fs::write(dir.join("locked/b.json"), "{}").is_ok());
        let locked = dir.join("locked");
        let walk = walk_with(std::slice::from_ref(&dir), |path| {
            if path == locked {
                return Err(std::io::Error::from(ErrorKind::PermissionDenied));
            }
            std::fs::read_dir(path)?.map(|entry| entry.map(|e| e.path())).collect()
        });
        assert_eq!(walk.files, vec![dir.join("a.json")]);
        assert_eq!(walk.errors.len(), 1);
        assert_eq!(walk.errors.first().map(|e| &e.path), Some(&locked));
        assert!(matches!(
            walk.errors.first().map(|e| &e.problem),
            Some(InputProblem::UnreadableDirectory { kind: ErrorKind::PermissionDenied, .. })
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Links back up the tree are said once each and never followed: ten of them in a
    /// chain of directories do not make the walk exponential.
    #[test]
    fn loops_are_walked_once() {
        let dir = scratch("loops");
        let mut deep = dir.clone();
        for level in 0..10 {
            deep = deep.join(format!("d{level}"));
            assert!(std::fs::create_dir_all(&deep).is_ok());
            assert!(std::os::unix::fs::symlink(&dir, deep.join("up")).is_ok());
            assert!(std::os::unix::fs::symlink(".", deep.join("here")).is_ok());
            assert!(std::fs::write(deep.join(format!("c{level}.json")), "{}").is_ok());
        }
        let walk = case_files(std::slice::from_ref(&dir));
        assert_eq!(walk.files.len(), 10);
        assert_eq!(walk.notes.iter().filter(|n| matches!(n, InputNote::Loop { .. })).count(), 20);
        assert!(walk.errors.is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_file_given_twice_is_one_input() {
        let dir = scratch("twice");
        assert!(std::fs::write(dir.join("a.json"), "{}").is_ok());
        assert!(std::fs::hard_link(dir.join("a.json"), dir.join("b.json")).is_ok());
        let walk = case_files(&[dir.join("a.json"), dir.clone()]);
        assert_eq!(walk.files, vec![dir.join("a.json")]);
        assert_eq!(walk.notes.len(), 2, "{:?}", walk.notes);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
