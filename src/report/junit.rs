//! JUnit XML output (`--format junit`), written with `quick-junit`.
//!
//! One `<testsuite>` per case file (named by the file, with the case id as a property), one
//! `<testcase>` per finding, named `rule pointer`, with the case id as `classname`:
//! - a violated or not-evaluable finding is a `<failure>` whose `type` is the verdict and
//!   severity (`violated/error`), whose message is the finding's message and whose text is
//!   the location, the help and the citation;
//! - a waived finding is `<skipped>`, its message the waiver's reason: the CB accepted it, so
//!   it does not fail the run (as with the exit code);
//! - an input error is an `<error>` test case `caselint::load…` in the suite of its file.
//!
//! A checked case without findings gets one passing test case, `caselint`, when the caller
//! lists the checked cases ([`render_junit_cases`]): the JSON report does not list them.
//! Nothing time-dependent (timestamps, durations, ids) is written, so output is reproducible.
//!
//! Every text is made [visible](super::text::visible) first (quick-junit would silently drop
//! an ESC sequence from a value, and the reader would see a different client name), and line
//! breaks inside attributes are written `&#10;` (a parser turns a raw one into a space).

use super::json::{Bilingual, JsonFinding, JsonReport};
use crate::syntax::ast::Lang;
use quick_junit::{NonSuccessKind, Property, Report, TestCase, TestCaseStatus, TestSuite};
use std::collections::BTreeMap;

/// A case that was checked: its file and `case_id`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CheckedCase {
    /// The case file as given.
    pub file: String,
    /// The case's `case_id`.
    pub case_id: String,
}

fn pick(text: &Bilingual, lang: Lang) -> String {
    shown(if lang == Lang::Zh { &text.zh } else { &text.en })
}

/// A text as the XML carries it: hidden characters written visibly, and a tab as a space
/// (quick-junit would drop it and join the words on either side).
fn shown(text: &str) -> String {
    super::text::visible(text).replace('\t', " ")
}

/// The XML with line breaks and tabs inside tags (attribute values: quick-xml escapes `<`
/// and `>` in values, so a raw `<` always opens a tag) written as character references,
/// which survive attribute-value normalization; text content keeps its line breaks.
fn attribute_breaks(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut in_tag = false;
    for c in xml.chars() {
        match (in_tag, c) {
            (false, '<') => in_tag = true,
            (true, '>') => in_tag = false,
            (true, '\n') => {
                out.push_str("&#10;");
                continue;
            }
            (true, '\r') => {
                out.push_str("&#13;");
                continue;
            }
            (true, '\t') => {
                out.push_str("&#9;");
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

fn finding_case(finding: &JsonFinding, lang: Lang) -> TestCase {
    let name = shown(&format!("{} {}", finding.rule, finding.pointer));
    let status = match &finding.waived {
        Some(waiver) => {
            let mut status = TestCaseStatus::skipped();
            let label = match lang {
                Lang::Zh => {
                    format!("已豁免（第 {} 条，至 {}）：{}", waiver.number, waiver.expires, shown(&waiver.reason))
                }
                Lang::En => {
                    format!("waived (waiver {}, until {}): {}", waiver.number, waiver.expires, shown(&waiver.reason))
                }
            };
            status.set_message(label).set_type("waived");
            status.set_description(pick(&finding.message, lang));
            status
        }
        None => {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status
                .set_message(pick(&finding.message, lang))
                .set_type(format!("{}/{}", finding.verdict, finding.severity));
            status.set_description(format!(
                "{}:{}:{}\n{}",
                shown(&finding.file),
                finding.line,
                finding.column,
                pick(&finding.help, lang)
            ));
            status
        }
    };
    let mut case = TestCase::new(name, status);
    case.set_classname(shown(&finding.case_id));
    case.add_property(Property::new("rule", shown(&finding.rule)));
    case.add_property(Property::new("pointer", shown(&finding.pointer)));
    case.add_property(Property::new("severity", finding.severity));
    case.add_property(Property::new("verdict", finding.verdict));
    case.add_property(Property::new("clauses", finding.clauses.join(", ")));
    case
}

/// Renders the report as JUnit XML; only case files with findings or errors appear, since the
/// report does not list clean cases (see [`render_junit_cases`]).
pub fn render_junit(report: &JsonReport, lang: Lang) -> String {
    render_junit_cases(report, &[], lang)
}

/// Renders the report as JUnit XML, with a passing test case for every checked case in
/// `cases` that has no finding.
pub fn render_junit_cases(report: &JsonReport, cases: &[CheckedCase], lang: Lang) -> String {
    // file → (case id, test cases)
    let mut suites: BTreeMap<&str, (Option<&str>, Vec<TestCase>)> = BTreeMap::new();
    for case in cases {
        suites.entry(&case.file).or_default().0 = Some(&case.case_id);
    }
    for finding in &report.findings {
        let suite = suites.entry(&finding.file).or_default();
        suite.0 = Some(&finding.case_id);
        suite.1.push(finding_case(finding, lang));
    }
    for error in &report.errors {
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
        status.set_message(pick(&error.message, lang)).set_type(error.code.clone());
        status.set_description(shown(&format!("{}:{}:{} {}", error.file, error.line, error.column, error.pointer)));
        let mut case = TestCase::new(error.code.clone(), status);
        case.set_classname(shown(&error.file));
        suites.entry(&error.file).or_default().1.push(case);
    }
    let mut junit = Report::new("caselint");
    for (file, (case_id, mut tests)) in suites {
        if tests.is_empty() {
            let mut case = TestCase::new("caselint", TestCaseStatus::success());
            case.set_classname(shown(case_id.unwrap_or(file)));
            tests.push(case);
        }
        let mut suite = TestSuite::new(shown(file));
        if let Some(case_id) = case_id {
            suite.add_property(Property::new("case_id", shown(case_id)));
        }
        suite.add_property(Property::new("as_of", report.as_of.clone()));
        suite.add_test_cases(tests);
        junit.add_test_suite(suite);
    }
    attribute_breaks(&junit.to_string().unwrap_or_default())
}
