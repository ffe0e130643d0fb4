//! The accreditation view: every clause of the procedure is enforced by a rule or
//! accounted for by a manual entry, every rule is proven by fixtures, and the generated
//! reference documents are current.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail by panicking")]

mod common;

use caselint::coverage::{clause_matrix, fixture_proof};
use caselint::report::coverage::{coverage_json, coverage_markdown, rules_markdown};
use caselint::syntax::ast::Lang;

/// No clause is silently dropped: each has a rule or a manual entry saying why not.
#[test]
fn every_clause_is_accounted_for() {
    let rules = common::bundled_rules();
    let rows = clause_matrix(&rules, None);
    let missing: Vec<String> =
        rows.iter().filter(|r| !r.accounted()).map(|r| format!("{} {}", r.clause.id, r.clause.text)).collect();
    assert!(
        missing.is_empty(),
        "{} clauses have neither a rule nor a manual entry:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

/// Every rule has a firing and a silent fixture in the build-time index.
#[test]
fn every_rule_is_proven_by_fixtures() {
    let rules = common::bundled_rules();
    let unproven: Vec<&str> = rules
        .rules
        .iter()
        .filter(|r| {
            let proof = fixture_proof(&r.id);
            !(proof.fires && proof.silent)
        })
        .map(|r| r.id.as_str())
        .collect();
    assert!(unproven.is_empty(), "rules without a firing and a silent fixture: {unproven:?}");
}

/// The JSON form is the documented contract.
#[test]
fn coverage_json_shape() {
    let rules = common::bundled_rules();
    let rows = clause_matrix(&rules, None);
    let json: serde_json::Value = serde_json::from_str(&coverage_json(&rows, &rules)).unwrap();
    let clauses = json["clauses"].as_array().unwrap();
    assert_eq!(clauses.len(), rows.len());
    for clause in clauses {
        for key in ["clause", "text", "rules", "manual", "fixtures"] {
            assert!(clause.get(key).is_some(), "clause lacks `{key}`: {clause}");
        }
    }
    let with_rule = clauses.iter().find(|c| c["clause"] == "4.2.8.1(1)").unwrap();
    assert!(with_rule["rules"].as_array().unwrap().iter().any(|r| r == "cycle/itsms-surveillance-interval"));
    let proof = &with_rule["fixtures"]["cycle/itsms-surveillance-interval"];
    assert_eq!(
        (proof["fires"].as_bool(), proof["silent"].as_bool(), proof["missing"].as_bool()),
        (Some(true), Some(true), Some(true))
    );
}

/// docs/rules.md and docs/coverage*.md are what the commands generate.
#[test]
fn generated_docs_are_current() {
    let rules = common::bundled_rules();
    let rows = clause_matrix(&rules, None);
    let expected = [
        ("docs/rules.md", rules_markdown(&rules)),
        ("docs/coverage.md", coverage_markdown(&rows, &rules, Lang::Zh)),
        ("docs/coverage.en.md", coverage_markdown(&rows, &rules, Lang::En)),
    ];
    let mut stale = Vec::new();
    for (path, text) in &expected {
        let file = common::root().join(path);
        if std::fs::read_to_string(&file).unwrap_or_default() != *text {
            if std::env::var_os("CASELINT_BLESS").is_some() {
                std::fs::write(&file, text).unwrap();
            } else {
                stale.push(*path);
            }
        }
    }
    assert!(stale.is_empty(), "stale generated docs {stale:?}: run `CASELINT_BLESS=1 cargo test --test coverage`");
}
