//! The rules embedded in the binary are exactly the files of `rules/`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail by panicking")]

mod common;

use caselint::bundled::BUNDLED_RULES;

/// A rules file added to `rules/` but not to `src/bundled.rs` would silently not run.
#[test]
fn bundled_list_matches_rules_directory() {
    let on_disk: Vec<String> = common::files_with_extension(&common::root().join("rules"), "rules")
        .iter()
        .map(|p| p.strip_prefix(common::root()).unwrap().display().to_string())
        .collect();
    let bundled: Vec<String> = BUNDLED_RULES.iter().map(|(name, _)| (*name).to_string()).collect();
    assert_eq!(bundled, on_disk);
    for (name, text) in BUNDLED_RULES {
        assert_eq!(*text, std::fs::read_to_string(common::root().join(name)).unwrap(), "{name}");
    }
}

/// Every rule cites at least one clause, and every cited clause is in the procedure index.
#[test]
fn every_rule_cites_indexed_clauses() {
    for rule in common::bundled_rules().rules {
        assert!(!rule.clauses.is_empty(), "{} cites no clause", rule.id);
        for clause in &rule.clauses {
            assert!(caselint::procedure::clause(clause).is_some(), "{} cites unknown {clause}", rule.id);
        }
        for (lang, doc) in [("zh", &rule.doc.zh), ("en", &rule.doc.en)] {
            assert!(doc.len() > 40, "{} has no real doc.{lang}", rule.id);
        }
    }
}
