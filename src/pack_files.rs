//! The files of an evidence pack on disk, trusted in nothing: `pack --verify` reads only
//! regular files, the inputs its manifest names only below the directory it is run from
//! (the pack's base: the directory the pack was made in), and everything with a size limit.
//! An absolute path, a `..` escape, a link leading out of the base, a link inside the pack,
//! a FIFO or a device is refused with the manifest entry or pack file named.

use crate::inputs::{FileKind, NotRegular, read_regular};
use std::collections::BTreeMap;
use std::io::ErrorKind;
use std::path::{Component, Path, PathBuf};

/// The largest file of a pack that verification reads (findings of a large CB run).
pub const MAX_PACK_FILE_BYTES: usize = 256 << 20;

/// Why verification refused to read a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// An absolute path in the manifest.
    Absolute,
    /// A path that leaves the base (`..`, or a link leading out).
    Escapes,
    /// A symbolic link inside the pack.
    Link,
    /// Not a regular file.
    NotRegular(FileKind),
    /// Larger than the limit (in bytes).
    TooLarge(usize),
    /// Cannot be read.
    Unreadable {
        /// The error's kind.
        kind: ErrorKind,
        /// The system's message.
        message: String,
    },
}

/// A manifest entry or pack file that verification refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// The manifest entry (`inputs: case cases/a.json`) or the pack file.
    pub entry: String,
    /// Why.
    pub refusal: Refusal,
}

fn refusal_of(err: &std::io::Error, limit: usize) -> Refusal {
    if let Some(NotRegular(kind)) = err.get_ref().and_then(|e| e.downcast_ref::<NotRegular>()) {
        return Refusal::NotRegular(*kind);
    }
    match err.kind() {
        ErrorKind::FileTooLarge => Refusal::TooLarge(limit),
        ErrorKind::IsADirectory => Refusal::NotRegular(FileKind::Directory),
        kind => Refusal::Unreadable { kind, message: err.to_string() },
    }
}

/// A path recorded in a manifest, below `base`, or why it may not be read. Links are
/// resolved and the real path must still lie below the base.
pub fn recorded_path(base: &Path, recorded: &str) -> Result<PathBuf, Refusal> {
    let path = Path::new(recorded);
    if path.has_root() {
        return Err(Refusal::Absolute);
    }
    if path.components().any(|c| !matches!(c, Component::Normal(_) | Component::CurDir)) {
        return Err(Refusal::Escapes);
    }
    let unreadable = |err: std::io::Error| refusal_of(&err, 0);
    let real_base = std::fs::canonicalize(base).map_err(unreadable)?;
    let real = std::fs::canonicalize(base.join(path)).map_err(unreadable)?;
    if !real.starts_with(&real_base) {
        return Err(Refusal::Escapes);
    }
    Ok(real)
}

/// Reads a regular file a manifest names, below `base`, up to `limit` bytes.
pub fn read_recorded(base: &Path, recorded: &str, limit: usize) -> Result<Vec<u8>, Refusal> {
    let real = recorded_path(base, recorded)?;
    read_regular(&real, limit).map_err(|err| refusal_of(&err, limit))
}

/// Every file of the pack directory by its path relative to `dir` (`/` separators), and
/// what was refused in it: links, FIFOs, devices, files over [`MAX_PACK_FILE_BYTES`].
pub fn read_pack_dir(dir: &Path) -> (BTreeMap<String, Vec<u8>>, Vec<Refused>) {
    let mut files = BTreeMap::new();
    let mut refused = Vec::new();
    read_tree(dir, dir, &mut files, &mut refused);
    (files, refused)
}

fn read_tree(root: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>, refused: &mut Vec<Refused>) {
    let name = |path: &Path| crate::pack::portable_path(path.strip_prefix(root).unwrap_or(path), root);
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            refused.push(Refused { entry: name(dir), refusal: refusal_of(&err, 0) });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|entry| entry.path()).collect();
    paths.sort();
    for path in paths {
        let Ok(meta) = std::fs::symlink_metadata(&path) else { continue };
        let kind = meta.file_type();
        if kind.is_symlink() {
            refused.push(Refused { entry: name(&path), refusal: Refusal::Link });
        } else if kind.is_dir() {
            read_tree(root, &path, files, refused);
        } else {
            match read_regular(&path, MAX_PACK_FILE_BYTES) {
                Ok(bytes) => {
                    files.insert(name(&path), bytes);
                }
                Err(err) => {
                    refused.push(Refused { entry: name(&path), refusal: refusal_of(&err, MAX_PACK_FILE_BYTES) })
                }
            }
        }
    }
}
