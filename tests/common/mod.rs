//! Helpers shared by the integration tests: one way to load rules, staff and cases.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail by panicking")]
#![allow(dead_code, reason = "each test binary uses a different subset")]

use caselint::bundled::BUNDLED_RULES;
use caselint::check::{RuleSet, load_rule_set};
use caselint::eval::{CaseResult, evaluate_case};
use caselint::facts::{Case, StaffRegistry, load_case, load_staff};
use caselint::report::{finding_diag, render_human};
use caselint::source::SourceFile;
use caselint::syntax::ast::Lang;

use std::path::{Path, PathBuf};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled rules, checked.
pub fn bundled_rules() -> RuleSet {
    let files: Vec<SourceFile> = BUNDLED_RULES.iter().map(|(n, t)| SourceFile::new(*n, *t)).collect();
    match load_rule_set(&files) {
        Ok(rules) => rules,
        Err(errors) => {
            let diags: Vec<_> = errors.iter().map(|e| caselint::report::check_diag(e, Lang::En)).collect();
            panic!("bundled rules do not check:\n{}", render_human(&diags, false))
        }
    }
}

/// The example staff registry, which fixtures use too.
pub fn staff() -> StaffRegistry {
    let path = root().join("examples/staff.json");
    let text = std::fs::read_to_string(&path).unwrap();
    load_staff(SourceFile::new("examples/staff.json", text)).unwrap()
}

/// The as-of date every fixture uses unless it says otherwise.
pub const FIXTURE_AS_OF: &str = "2025-12-31";

/// Parses a date literal of a test.
pub fn date(text: &str) -> jiff::civil::Date {
    caselint::facts::load::parse_date(text).unwrap()
}

/// Loads a case from text.
pub fn case_from(name: &str, text: &str, staff: &StaffRegistry) -> Case {
    match load_case(SourceFile::new(name, text), staff) {
        Ok(case) => case,
        Err(errors) => panic!("{name} does not load: {errors:#?}"),
    }
}

/// Evaluates and renders the findings of one rule as the CLI prints them (no colour).
pub fn render_findings(rules: &RuleSet, case: &Case, result: &CaseResult, rule_id: &str, lang: Lang) -> String {
    let diags: Vec<_> = result
        .findings
        .iter()
        .filter(|f| f.rule == rule_id)
        .filter_map(|f| rules.rule(&f.rule).map(|r| finding_diag(f, r, &case.source, lang)))
        .collect();
    render_human(&diags, false)
}

/// Evaluates a case.
pub fn evaluate(rules: &RuleSet, case: &Case, staff: &StaffRegistry, as_of: &str) -> CaseResult {
    evaluate_case(rules, case, staff, &caselint::facts::settings::Settings::defaults(), date(as_of))
}

/// Applies RFC 6902 operations (`add`, `remove`, `replace`): the generator's, so fixtures
/// and generated cases are patched the same way.
#[allow(unused_imports, reason = "each test binary uses a different subset")]
pub use caselint::generate::apply_patch;

/// Every file under a directory with the extension, sorted.
pub fn files_with_extension(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == extension) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}
