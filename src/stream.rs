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
    // Serialized straight into `out` by a formatter that starts two levels deep: no string
    // per element to build, split into lines and copy again.
    let nested = Nested { depth: 2, has_value: false };
    nested.line(out, b"")?;
    let mut serializer = serde_json::Serializer::with_formatter(out, nested);
    value.serialize(&mut serializer).map_err(std::io::Error::other)
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

/// serde_json's pretty layout (two spaces a level) for a value that starts `depth` levels
/// into the document. `PrettyFormatter` always starts at the left margin, and re-indenting
/// its output by scanning every write for line breaks was a fortieth of a whole-CB run.
struct Nested {
    depth: usize,
    has_value: bool,
}

impl Nested {
    /// `separator`, then the indentation of the current depth.
    fn line<W: ?Sized + Write>(&self, out: &mut W, separator: &[u8]) -> std::io::Result<()> {
        const SPACES: &[u8] = &[b' '; 64];
        out.write_all(separator)?;
        let mut width = self.depth * 2;
        while width > 0 {
            let run = width.min(SPACES.len());
            out.write_all(SPACES.get(..run).unwrap_or_default())?;
            width -= run;
        }
        Ok(())
    }

    fn open<W: ?Sized + Write>(&mut self, out: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        out.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, out: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth = self.depth.saturating_sub(1);
        if self.has_value {
            self.line(out, b"\n")?;
        }
        out.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.open(out, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.close(out, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> std::io::Result<()> {
        self.line(out, if first { b"\n" } else { b",\n" })
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.open(out, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.close(out, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> std::io::Result<()> {
        self.line(out, if first { b"\n" } else { b",\n" })
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// A temporary file that holds one array's elements until the report reaches it. Its name
/// is removed as soon as it is created: the open file lives on until the spool drops, and
/// nothing is left in the temporary directory however the process ends (even `kill -9`).
pub struct Spool {
    file: BufWriter<File>,
    count: usize,
}

impl Spool {
    /// Creates the spool in the system's temporary directory.
    pub fn new() -> std::io::Result<Self> {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("caselint-{}-{n}.json-part", std::process::id()));
        let file = File::options().read(true).write(true).create_new(true).open(&path)?;
        std::fs::remove_file(&path)?;
        Ok(Self { file: BufWriter::new(file), count: 0 })
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

    /// Writes the spooled array (`[...]`) to `out`.
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn elements_written_one_by_one_read_as_the_whole_report_pretty_printed() {
        let mut deep = json!("bottom");
        for level in 0..40 {
            deep = if level % 2 == 0 { json!([deep, level]) } else { json!({ "next": deep }) };
        }
        let elements = [
            json!({ "rule": "a/b", "message": ["line\none", "二"], "labels": [], "extra": {}, "n": 1.5 }),
            json!({ "nested": { "list": [1, [2, []], { "k": null }] }, "deep": deep }),
            json!([]),
        ];
        let expected = serde_json::to_string_pretty(&json!({ "findings": elements }));
        let mut out = b"{\n  \"findings\": [\n".to_vec();
        for (index, element) in elements.iter().enumerate() {
            assert!(write_element(&mut out, index, element).is_ok());
        }
        out.extend_from_slice(b"\n  ]\n}");
        assert_eq!(String::from_utf8(out).ok(), expected.ok());
    }
}
