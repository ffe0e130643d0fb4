//! Bounded property tests: arbitrary and mutated inputs never panic, and a valid case
//! always loads. The coverage-guided harness for longer runs is in fuzz/ (see README).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail by panicking")]

mod common;

use caselint::check::load_rule_set;
use caselint::eval::evaluate_case;
use caselint::facts::load_case;
use caselint::facts::settings::Settings;
use caselint::source::SourceFile;
use proptest::prelude::*;
use serde_json::Value;
use std::sync::LazyLock;

static BASE: LazyLock<Value> = LazyLock::new(|| {
    let text = std::fs::read_to_string(common::root().join("tests/fixtures/_bases/ims.json")).unwrap();
    serde_json::from_str(&text).unwrap()
});
static RULES: LazyLock<caselint::check::RuleSet> = LazyLock::new(common::bundled_rules);
static STAFF: LazyLock<caselint::facts::StaffRegistry> = LazyLock::new(common::staff);

/// Every pointer to a value in a JSON document.
fn pointers(value: &Value, prefix: String, out: &mut Vec<String>) {
    out.push(prefix.clone());
    match value {
        Value::Object(map) => map.iter().for_each(|(k, v)| pointers(v, format!("{prefix}/{k}"), out)),
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| pointers(v, format!("{prefix}/{i}"), out)),
        _ => {}
    }
}

fn replacement() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}".prop_map(Value::String),
        ".{0,12}".prop_map(Value::String),
        Just(Value::Array(vec![])),
        Just(Value::Object(Default::default())),
        prop_oneof![Just("T01"), Just("AU01"), Just("G01"), Just("stage2"), Just("ISMS")]
            .prop_map(|s| Value::String(s.into())),
    ]
}

/// Loads and, if it loads, evaluates a case text; must never panic.
fn check_text(text: &str) {
    if let Ok(case) = load_case(SourceFile::new("fuzz.json", text), &STAFF) {
        let result = evaluate_case(&RULES, &case, &STAFF, &Settings::defaults(), common::date("2025-12-31"));
        for finding in &result.findings {
            let rule = RULES.rule(&finding.rule).unwrap();
            let diag = caselint::report::finding_diag(finding, rule, &case.source, caselint::syntax::ast::Lang::Zh);
            let _ = caselint::report::render_human(&[diag], false);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    /// Arbitrary bytes never panic the loader.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let source = caselint::facts::load::read_source("fuzz.json", Ok(bytes));
        if let Ok(source) = source {
            check_text(&source.text);
        }
    }

    /// Replacing any value of a valid case with any other value never panics, and the
    /// loader either loads it or reports an error.
    #[test]
    fn mutated_cases_never_panic(index in any::<prop::sample::Index>(), value in replacement()) {
        let mut doc = BASE.clone();
        let mut all = Vec::new();
        pointers(&doc, String::new(), &mut all);
        let pointer = index.get(&all).clone();
        if let Some(target) = doc.pointer_mut(&pointer) {
            *target = value;
        }
        check_text(&serde_json::to_string_pretty(&doc).unwrap());
    }

    /// Deleting any value of a valid case never panics.
    #[test]
    fn deleted_facts_never_panic(index in any::<prop::sample::Index>()) {
        let mut doc = BASE.clone();
        let mut all = Vec::new();
        pointers(&doc, String::new(), &mut all);
        let pointer = index.get(&all).clone();
        if let Some((parent, key)) = pointer.rsplit_once('/') {
            match doc.pointer_mut(parent) {
                Some(Value::Object(map)) => { map.remove(key); }
                Some(Value::Array(items)) => {
                    if let Ok(i) = key.parse::<usize>() && i < items.len() {
                        items.remove(i);
                    }
                }
                _ => {}
            }
        }
        check_text(&serde_json::to_string_pretty(&doc).unwrap());
    }

    /// Truncating a valid case at any byte never panics.
    #[test]
    fn truncated_cases_never_panic(cut in 0usize..20_000) {
        let text = serde_json::to_string_pretty(&*BASE).unwrap();
        let mut end = cut.min(text.len());
        while !text.is_char_boundary(end) { end -= 1; }
        check_text(&text[..end]);
    }

    /// Arbitrary text never panics the rules parser and checker.
    #[test]
    fn arbitrary_rules_never_panic(text in ".{0,400}") {
        let _ = load_rule_set(&[SourceFile::new("fuzz.rules", text)]);
    }

    /// Mutating a real rules file never panics the parser and checker.
    #[test]
    fn mutated_rules_never_panic(cut in 0usize..4000, insert in "[ (){}\"a-z.=<>0-9]{0,8}") {
        let (_, original) = caselint::bundled::BUNDLED_RULES[5];
        let mut at = cut.min(original.len());
        while !original.is_char_boundary(at) { at -= 1; }
        let text = format!("{}{}{}", &original[..at], insert, &original[at..]);
        let _ = load_rule_set(&[SourceFile::new("fuzz.rules", text)]);
    }
}

/// The bases load; a valid case always loads.
#[test]
fn valid_cases_always_load() {
    for name in ["isms", "itsms", "ims"] {
        let text = std::fs::read_to_string(common::root().join(format!("tests/fixtures/_bases/{name}.json"))).unwrap();
        assert!(load_case(SourceFile::new(name, text), &STAFF).is_ok(), "{name}");
    }
}
