//! Formatting computed values in the reader's language.

use crate::eval::{Shown, ShownPiece};
use crate::syntax::ast::Lang;

/// Formats one value: dates ISO, durations as "12 个月 19 天" / "12 months 19 days".
pub fn format_value(value: &Shown, lang: Lang) -> String {
    match value {
        Shown::Bool(b) => match (lang, b) {
            (Lang::Zh, true) => "是".into(),
            (Lang::Zh, false) => "否".into(),
            (Lang::En, true) => "yes".into(),
            (Lang::En, false) => "no".into(),
        },
        Shown::Number(n) => format_number(*n),
        Shown::Text(t) | Shown::Object(t) => t.clone(),
        Shown::Term(term) => super::catalogue::term(term, lang).to_string(),
        Shown::Date(d) => d.to_string(),
        Shown::Duration { months, days } => format_duration(*months, *days, lang),
        Shown::List(items) => {
            let separator = if lang == Lang::Zh { "、" } else { ", " };
            let parts: Vec<String> = items.iter().map(|i| format_value(i, lang)).collect();
            if parts.is_empty() {
                if lang == Lang::Zh { "无".into() } else { "none".into() }
            } else {
                parts.join(separator)
            }
        }
        Shown::Unknown => {
            if lang == Lang::Zh {
                "（未记录）".into()
            } else {
                "(not recorded)".into()
            }
        }
    }
}

/// Whole numbers without a decimal point; others with at most two decimals.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        let text = format!("{n:.2}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// "12 个月 19 天", "1 month 3 days", "0 天".
pub fn format_duration(months: i64, days: i64, lang: Lang) -> String {
    let mut parts = Vec::new();
    let plural = |n: i64, one: &str, many: &str| format!("{n} {}", if n.abs() == 1 { one } else { many });
    if months != 0 {
        parts.push(match lang {
            Lang::Zh => format!("{months} 个月"),
            Lang::En => plural(months, "month", "months"),
        });
    }
    if days != 0 || months == 0 {
        parts.push(match lang {
            Lang::Zh => format!("{days} 天"),
            Lang::En => plural(days, "day", "days"),
        });
    }
    parts.join(" ")
}

/// Renders a computed template.
pub fn render(pieces: &[ShownPiece], lang: Lang) -> String {
    pieces
        .iter()
        .map(|piece| match piece {
            ShownPiece::Text(text) => text.clone(),
            ShownPiece::Value(value) => format_value(value, lang),
        })
        .collect()
}

/// Whether a character must not reach a reader's terminal as it is: a C0 control other
/// than line feed and tab, DEL, a C1 control (ESC and CSI start the sequences that retitle,
/// recolour or rewrite a terminal), or a bidirectional formatting character (U+202E and its
/// kin reorder what the reader sees).
pub fn is_hidden_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The text with every [hidden character](is_hidden_char) written visibly as a Rust
/// escape (`\u{1b}`), so a value from a case file, a settings file or a file name can
/// neither drive the terminal nor hide what it says. Every human-readable output passes its
/// text through here (miette diagnostics in [`super::render_human`], the other listings
/// before they are printed); machine formats escape by their own rules.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_hidden_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        push_visible(&mut out, c);
    }
    std::borrow::Cow::Owned(out)
}

fn push_visible(out: &mut String, c: char) {
    if is_hidden_char(c) {
        out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
    } else {
        out.push(c);
    }
}

/// A source text made [visible](visible) for a snippet, with the offset map its spans need.
pub struct VisibleSource {
    /// The text, hidden characters escaped (a `\r` ending a line is kept).
    pub text: String,
    /// (original offset just after an escaped character, bytes added up to there), ascending.
    shifts: Vec<(usize, usize)>,
}

impl VisibleSource {
    /// Where an original byte offset lies in the escaped text.
    pub fn offset(&self, original: usize) -> usize {
        let index = self.shifts.partition_point(|&(after, _)| after <= original);
        original + index.checked_sub(1).and_then(|i| self.shifts.get(i)).map_or(0, |&(_, added)| added)
    }
}

/// The source text with hidden characters escaped, or `None` when it has none (the usual
/// case: the text is shown as it is). A `\r` before a line feed is a line ending, not hidden.
pub fn visible_source(text: &str) -> Option<VisibleSource> {
    let hidden = |(i, c): &(usize, char)| {
        is_hidden_char(*c) && !(*c == '\r' && text.get(i + 1..).is_some_and(|rest| rest.starts_with('\n')))
    };
    text.char_indices().find(hidden)?;
    let mut out = String::with_capacity(text.len() + 16);
    let mut shifts = Vec::new();
    for (i, c) in text.char_indices() {
        if hidden(&(i, c)) {
            let before = out.len();
            push_visible(&mut out, c);
            let added = out.len() - before - c.len_utf8();
            let total = shifts.last().map_or(0, |&(_, t)| t) + added;
            shifts.push((i + c.len_utf8(), total));
        } else {
            out.push(c);
        }
    }
    Some(VisibleSource { text: out, shifts })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_are_written_visibly() {
        assert_eq!(visible("a\u{1b}]0;x\u{7}b"), "a\\u{1b}]0;x\\u{7}b");
        assert_eq!(visible("\u{9b}31m \u{7f} \u{202e}txt.exe \r"), "\\u{9b}31m \\u{7f} \\u{202e}txt.exe \\u{d}");
        assert!(matches!(visible("审核\n\t“引号”"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn source_offsets_follow_the_escapes() {
        assert!(visible_source("{\r\n  \"a\": 1\r\n}").is_none());
        let text = "{\"a\": \"x\u{1b}y\", \"b\": \"\u{202e}z\"}";
        let shown = visible_source(text).unwrap();
        let b = text.find("\"b\"").unwrap();
        let z = text.find('z').unwrap();
        assert_eq!(shown.text.get(shown.offset(b)..shown.offset(b) + 3), Some("\"b\""));
        assert_eq!(shown.text.get(shown.offset(z)..shown.offset(z) + 1), Some("z"));
        assert_eq!(shown.offset(0), 0);
    }
}
