//! Source files and byte spans, shared by rules files and case files.
//!
//! Every value caselint reads keeps the span it came from, so that any later stage
//! can underline it. One type serves both kinds of input.

use std::sync::Arc;

/// A named input text (a rules file, a case file, the staff registry).
///
/// Cheap to clone: diagnostics keep one and render it long after parsing.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown to users: the path as given on the command line.
    pub name: Arc<str>,
    /// The whole text, exactly as read (a BOM, if any, included).
    pub text: Arc<str>,
    /// Byte offsets where lines start, computed on first use.
    line_starts: Arc<std::sync::OnceLock<Vec<usize>>>,
}

impl SourceFile {
    /// Wraps a text under a display name.
    pub fn new(name: impl Into<Arc<str>>, text: impl Into<Arc<str>>) -> Self {
        Self { name: name.into(), text: text.into(), line_starts: Arc::default() }
    }

    /// 1-based line and column (in characters) of a byte offset, as editors count them.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        // memchr's vectorised search: a byte loop over every case file with a finding was a
        // twentieth of a whole-CB run.
        let starts = self.line_starts.get_or_init(|| {
            let breaks = memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1);
            std::iter::once(0).chain(breaks).collect()
        });
        let line = starts.partition_point(|&start| start <= offset).max(1);
        let line_start = starts.get(line - 1).copied().unwrap_or(0);
        let column = self.text.get(line_start..offset).map_or(0, |s| s.chars().count()) + 1;
        (line, column)
    }

    /// The text a span covers, for tests and messages that quote the input.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// A miette source for rendering diagnostics against this file.
    pub fn to_named_source(&self) -> miette::NamedSource<Arc<str>> {
        miette::NamedSource::new(&self.name, self.text.clone()).with_language("json")
    }
}

/// A half-open byte range `start..end` in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`; an inverted range is emptied rather than trusted.
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end: end.max(start) }
    }

    /// Number of bytes covered.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers nothing (a point, e.g. end of input).
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(span: Span) -> Self {
        (span.start, span.len()).into()
    }
}

impl From<pest::Span<'_>> for Span {
    fn from(span: pest::Span<'_>) -> Self {
        Span::new(span.start(), span.end())
    }
}
