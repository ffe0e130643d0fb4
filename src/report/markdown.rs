//! Values placed in Markdown (the evidence pack's `report/*.md` and `clauses.md`).
//!
//! A case value, a waiver reason or a file name is text, never markup: without escaping, a
//! client name could open an HTML tag, a newline in a reason could start a heading, a `|`
//! could break a table row and `[x](javascript:…)` would be a link. [`inline`] makes any
//! text a literal run of a paragraph, list item or table cell; [`lines`] does the same line
//! by line for a multi-line block; [`code`] puts text in a code span whatever backticks it
//! holds. Hidden characters are first written [visibly](super::text::visible).

/// ASCII punctuation that can start or end Markdown markup inside a line (CommonMark lets
/// any ASCII punctuation be escaped with a backslash; these are the ones that matter inline,
/// `|` included for GFM tables).
fn is_markup(c: char) -> bool {
    matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '~' | '!' | '#' | '$')
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        if is_markup(c) {
            out.push('\\');
        }
        out.push(c);
    }
}

/// Literal text inside a line (after a list item's label, in a table cell): line breaks
/// become spaces, so the text cannot start a block, and markup characters are escaped.
pub fn inline(text: &str) -> String {
    let text = super::text::visible(text);
    let one_line: String = text.chars().map(|c| if matches!(c, '\n' | '\r') { ' ' } else { c }).collect();
    let mut out = String::with_capacity(one_line.len() + 8);
    escape_into(&mut out, &one_line);
    out
}

fn escape_line(out: &mut String, line: &str) {
    let trimmed = line.trim_start();
    let indent = line.get(..line.len() - trimmed.len()).unwrap_or("");
    out.push_str(indent);
    // A line starting with `-`, `+`, `=` or digits and `.`/`)` would be a list item or a
    // setext underline; escaping its first character keeps it text.
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    let after_digits = trimmed.get(digits..).and_then(|rest| rest.chars().next());
    let starts_block = matches!(trimmed.chars().next(), Some('-' | '+' | '='))
        || (digits > 0 && matches!(after_digits, Some('.' | ')')));
    if starts_block && digits > 0 {
        out.push_str(trimmed.get(..digits).unwrap_or(""));
        out.push('\\');
        escape_into(out, trimmed.get(digits..).unwrap_or(""));
    } else if starts_block {
        out.push('\\');
        escape_into(out, trimmed);
    } else {
        escape_into(out, trimmed);
    }
}

/// Literal text over several lines, each prefixed with `indent` (a list item's continuation).
pub fn lines(text: &str, indent: &str) -> String {
    let text = super::text::visible(text);
    let mut out = String::with_capacity(text.len() + 16);
    for (n, line) in text.trim_end().lines().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        out.push_str(indent);
        escape_line(&mut out, line);
    }
    out
}

/// A code span holding `text` literally: the fence is one backtick longer than the longest
/// run of backticks inside, with a space inside the fence when the text starts or ends with
/// a backtick. Line breaks become spaces. In a GFM table cell, escape `|` as well
/// ([`cell_code`]).
pub fn code(text: &str) -> String {
    let text = super::text::visible(text);
    let text: String = text.chars().map(|c| if matches!(c, '\n' | '\r') { ' ' } else { c }).collect();
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// A code span in a GFM table cell, where `|` must be escaped even inside code.
pub fn cell_code(text: &str) -> String {
    code(text).replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_stay_text() {
        assert_eq!(inline("<script>alert(1)</script>"), "\\<script\\>alert(1)\\</script\\>");
        assert_eq!(inline("客户\n# 标题"), "客户 \\# 标题");
        assert_eq!(inline("a | b"), "a \\| b");
        assert_eq!(inline("[点此](javascript:alert(1))"), "\\[点此\\](javascript:alert(1))");
        assert_eq!(inline("`x` *y* _z_"), "\\`x\\` \\*y\\* \\_z\\_");
        assert_eq!(inline("4.2.8.1(1) - 2024"), "4.2.8.1(1) - 2024");
        assert_eq!(inline("&lt;b&gt; \u{1b}]0;t\u{7}"), "\\&lt;b\\&gt; \\\\u{1b}\\]0;t\\\\u{7}");
        assert_eq!(
            inline("上海汇通智联信息技术服务有限公司 2024-05-21"),
            "上海汇通智联信息技术服务有限公司 2024-05-21"
        );
    }

    #[test]
    fn blocks_keep_their_lines_but_start_none() {
        assert_eq!(
            lines("first\n# heading\n> quote\n1) item", "  "),
            "  first\n  \\# heading\n  \\> quote\n  1\\) item"
        );
        assert_eq!(lines("- item\n+ item\n2024. year\n===", ""), "\\- item\n\\+ item\n2024\\. year\n\\===");
    }

    #[test]
    fn code_spans_hold_any_backticks() {
        assert_eq!(code("cases/a.json"), "`cases/a.json`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("``x"), "``` ``x ```");
        assert_eq!(code("a|b\nc"), "`a|b c`");
        assert_eq!(cell_code("a|b"), "`a\\|b`");
    }
}
