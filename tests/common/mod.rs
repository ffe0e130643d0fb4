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
use serde_json::Value;
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

/// Applies RFC 6902 operations (`add`, `remove`, `replace`) to a document.
pub fn apply_patch(doc: &mut Value, ops: &[Value]) -> Result<(), String> {
    for op in ops {
        let kind = op["op"].as_str().ok_or("op without `op`")?;
        let path = op["path"].as_str().ok_or("op without `path`")?;
        let (parent_path, key) = path.rsplit_once('/').ok_or_else(|| format!("bad path {path}"))?;
        let key = key.replace("~1", "/").replace("~0", "~");
        let parent = doc.pointer_mut(parent_path).ok_or_else(|| format!("no parent for {path}"))?;
        match (kind, parent) {
            ("remove", Value::Object(map)) => {
                map.remove(&key).ok_or_else(|| format!("nothing to remove at {path}"))?;
            }
            ("remove", Value::Array(items)) => {
                let index: usize = key.parse().map_err(|_| format!("bad index in {path}"))?;
                if index >= items.len() {
                    return Err(format!("nothing to remove at {path}"));
                }
                items.remove(index);
            }
            ("add" | "replace", Value::Object(map)) => {
                if kind == "replace" && !map.contains_key(&key) {
                    return Err(format!("nothing to replace at {path}"));
                }
                map.insert(key, op["value"].clone());
            }
            ("add", Value::Array(items)) if key == "-" => items.push(op["value"].clone()),
            ("add" | "replace", Value::Array(items)) => {
                let index: usize = key.parse().map_err(|_| format!("bad index in {path}"))?;
                if kind == "replace" {
                    *items.get_mut(index).ok_or_else(|| format!("nothing to replace at {path}"))? = op["value"].clone();
                } else if index <= items.len() {
                    items.insert(index, op["value"].clone());
                } else {
                    return Err(format!("index out of range in {path}"));
                }
            }
            (other, _) => return Err(format!("unsupported op `{other}` at {path}")),
        }
    }
    Ok(())
}

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
