//! Catalogue wording that no end-to-end test reaches.

use super::*;
use crate::source::{SourceFile, Span};
use crate::syntax::ParseError;

/// A syntax error pest reports without naming what it expected (it did on 100,000
/// unclosed parentheses) is still worded, not "expected " with nothing after it.
#[test]
fn a_syntax_error_without_expectations_is_worded() {
    let parse = ParseError { expected: Vec::new(), span: Span::new(0, 1), too_deep: false, too_complex: false };
    let error = CheckError {
        problem: CheckProblem::Syntax(parse),
        file: SourceFile::new("a.rules", "("),
        span: Span::new(0, 1),
    };
    let en = check_wording(&error, Lang::En);
    assert_eq!(en.message, "syntax error: this cannot be read as rules");
    assert!(en.help.is_some_and(|help| help.contains("paired")));
    assert_eq!(check_wording(&error, Lang::Zh).message, "语法错误：此处的写法无法识别");
}
