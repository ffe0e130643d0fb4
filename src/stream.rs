//! Output written as cases are checked, so a run over many cases keeps only counts and
//! compact records in memory.
//!
//! Human output is written diagnostic by diagnostic. JSON output writes each finding as it
//! comes; not-yet-due entries, which the contract lists after the findings, wait in a
//! temporary file. The bytes are those of pretty-printing the whole report at once.

use serde::Serialize;
use std::fs::File;
use std::io::{BufWriter, Seek, Write};

/// Writes the `index`-th element of a JSON array that sits one level inside the report
/// object, indented as `serde_json::to_string_pretty` indents it there.
pub fn write_element<T: Serialize>(out: &mut impl Write, index: usize, value: &T) -> std::io::Result<()> {
    write_separator(out, index)?;
    out.write_all(b"    ")?;
    // Serialized straight into `out`, each line break followed by the extra indent: no
    // string per element to build, split into lines and copy again.
    let mut indented = Indent(out);
    serde_json::to_writer_pretty(&mut indented, value).map_err(std::io::Error::other)
}

/// An element as [`write_element`] writes it, without the separator: serialized ahead, on
/// a worker thread, and written later with [`write_element_bytes`].
pub fn element_bytes<T: Serialize>(value: &T) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    write_element(&mut bytes, 0, value)?;
    Ok(bytes)
}

/// Writes the `index`-th element from the bytes of [`element_bytes`].
pub fn write_element_bytes(out: &mut impl Write, index: usize, bytes: &[u8]) -> std::io::Result<()> {
    write_separator(out, index)?;
    out.write_all(bytes)
}

fn write_separator(out: &mut impl Write, index: usize) -> std::io::Result<()> {
    if index > 0 { out.write_all(b",\n") } else { Ok(()) }
}

/// Adds four spaces after every line break written through it.
struct Indent<W>(W);

impl<W: Write> Write for Indent<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let mut lines = bytes.split(|b| *b == b'\n');
        if let Some(first) = lines.next() {
            self.0.write_all(first)?;
        }
        for line in lines {
            self.0.write_all(b"\n    ")?;
            self.0.write_all(line)?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// A temporary file that holds one array's elements until the report reaches it.
pub struct Spool {
    file: BufWriter<File>,
    path: std::path::PathBuf,
    count: usize,
}

impl Spool {
    /// Creates the spool in the system's temporary directory.
    pub fn new() -> std::io::Result<Self> {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("caselint-{}-{n}.json-part", std::process::id()));
        let file = File::options().read(true).write(true).create_new(true).open(&path)?;
        Ok(Self { file: BufWriter::new(file), path, count: 0 })
    }

    /// Appends one element.
    pub fn push<T: Serialize>(&mut self, value: &T) -> std::io::Result<()> {
        write_element(&mut self.file, self.count, value)?;
        self.count += 1;
        Ok(())
    }

    /// Appends one element serialized ahead by [`element_bytes`].
    pub fn push_bytes(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        write_element_bytes(&mut self.file, self.count, bytes)?;
        self.count += 1;
        Ok(())
    }

    /// Writes the spooled array (`[...]`) to `out`; the file is removed when the spool drops.
    pub fn finish_into(&mut self, out: &mut impl Write) -> std::io::Result<()> {
        if self.count == 0 {
            return out.write_all(b"[]");
        }
        self.file.flush()?;
        let file = self.file.get_mut();
        file.rewind()?;
        out.write_all(b"[\n")?;
        std::io::copy(file, out)?;
        out.write_all(b"\n  ]")
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}
