//! Citations follow the case's schemes: a rule whose clauses are all one scheme's (4.1.x
//! ISMS, 4.2.x ITSMS) does not apply to a case of the other scheme, and a finding cites
//! only the clauses and imported standards of its case's schemes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail by panicking")]

mod common;

use caselint::check::{RuleSet, load_rule_set};
use caselint::eval::{CaseResult, Verdict, evaluate_case};
use caselint::report::json;
use caselint::source::SourceFile;
use caselint::syntax::ast::Lang;
use common::*;
use serde_json::Value;
use std::collections::BTreeMap;

/// A rule with the given clause and cites lists that never (or always) holds.
fn probe(clauses: &str, cites: &str, require: &str) -> RuleSet {
    let source = format!(
        r#"rule test/probe {{
    clause {clauses}
    cites {cites}
    severity error
    title.zh "测试" title.en "probe"
    require {require}
    message.zh "测试" message.en "probe"
    help.zh "测试" help.en "probe"
    doc.zh """测试""" doc.en """probe"""
}}"#
    );
    load_rule_set(&[SourceFile::new("probe.rules", source)]).unwrap_or_else(|e| panic!("probe does not check: {e:#?}"))
}

fn case_of(schemes: &str) -> String {
    format!(r#"{{ "case_id": "T-1", "schemes": {schemes}, "audits": [] }}"#)
}

fn run(rules: &RuleSet, schemes: &str) -> (caselint::facts::Case, CaseResult) {
    let staff = staff();
    let case = case_from("probe.json", &case_of(schemes), &staff);
    let result =
        evaluate_case(rules, &case, &staff, &caselint::facts::settings::Settings::defaults(), date("2026-01-01"));
    (case, result)
}

/// An ISMS-only rule is silent on an ITSMS case: no finding, and not counted as holding.
#[test]
fn one_scheme_rule_does_not_apply_to_the_other_scheme() {
    for (clause, own, other) in
        [(r#""4.1.4.1(2)""#, r#"["ISMS"]"#, r#"["ITSMS"]"#), (r#""4.2.5(2)""#, r#"["ITSMS"]"#, r#"["ISMS"]"#)]
    {
        let failing = probe(clause, r#""CNAS-CC01 9.3.1""#, "false");
        let (_, result) = run(&failing, other);
        assert!(result.findings.is_empty(), "{clause} on {other}: {:?}", result.findings);
        let (_, result) = run(&failing, own);
        assert_eq!(result.findings.first().map(|f| f.verdict.clone()), Some(Verdict::Violated), "{clause} on {own}");
        let (_, result) = run(&failing, r#"["ISMS", "ITSMS"]"#);
        assert_eq!(result.findings.len(), 1, "{clause} on a combined case");

        let holding = probe(clause, r#""CNAS-CC01 9.3.1""#, "true");
        let (_, result) = run(&holding, other);
        assert!(result.holds.iter().all(|n| *n == 0), "{clause} counted as holding on {other}");
        let (_, result) = run(&holding, own);
        assert_eq!(result.holds.first(), Some(&1), "{clause} holds on {own}");
    }
}

/// A finding cites the clauses and imports of its case's schemes: 4.2.x and ITSMS
/// standards on an ITSMS case, 4.1.x and ISMS standards on an ISMS case, both on a
/// combined case; shared chapters and CNAS-CC01 always.
#[test]
fn a_finding_cites_its_case_schemes() {
    let rules =
        probe(r#""4.1.6.1", "4.2.7", "6.9""#, r#""CNAS-CC01 9.5.1", "CNAS-CC170 9.5", "CNAS-CC175 9.5""#, "false");
    let rule = rules.rule("test/probe").unwrap();
    for (schemes, clauses, cites, line) in [
        (
            r#"["ITSMS"]"#,
            vec!["4.2.7", "6.9"],
            vec!["CNAS-CC01 9.5.1", "CNAS-CC175 9.5"],
            "依据：程序 4.2.7, 6.9；引用 CNAS-CC01 9.5.1, CNAS-CC175 9.5",
        ),
        (
            r#"["ISMS"]"#,
            vec!["4.1.6.1", "6.9"],
            vec!["CNAS-CC01 9.5.1", "CNAS-CC170 9.5"],
            "依据：程序 4.1.6.1, 6.9；引用 CNAS-CC01 9.5.1, CNAS-CC170 9.5",
        ),
        (
            r#"["ISMS", "ITSMS"]"#,
            vec!["4.1.6.1", "4.2.7", "6.9"],
            vec!["CNAS-CC01 9.5.1", "CNAS-CC170 9.5", "CNAS-CC175 9.5"],
            "依据：程序 4.1.6.1, 4.2.7, 6.9；引用 CNAS-CC01 9.5.1, CNAS-CC170 9.5, CNAS-CC175 9.5",
        ),
    ] {
        let (case, result) = run(&rules, schemes);
        let finding = result.findings.first().unwrap_or_else(|| panic!("no finding on {schemes}"));
        let filed = json::finding(finding, rule, &case.id, &case.source);
        assert_eq!(filed.clauses, clauses, "clauses on {schemes}");
        assert_eq!(filed.cites, cites, "cites on {schemes}");
        let help = caselint::report::finding_help(finding, rule, Lang::Zh);
        assert!(help.ends_with(line), "help on {schemes}: {help}");
    }
}

/// The clause matrix counts a verdict for the clauses of the case's schemes only.
#[test]
fn coverage_counts_a_verdict_for_its_case_schemes() {
    let rules = probe(r#""4.1.6.1", "4.2.7""#, r#""CNAS-CC01 9.5.1""#, "false");
    let mut counts = BTreeMap::new();
    let (_, result) = run(&rules, r#"["ITSMS"]"#);
    caselint::coverage::VerdictCounts::tally(&mut counts, &result, &rules);
    assert_eq!(counts.get("4.2.7").map(|c| c.violated), Some(1));
    assert!(!counts.contains_key("4.1.6.1"), "{counts:?}");
}

fn is_isms_clause(clause: &str) -> bool {
    clause == "4.1" || clause.starts_with("4.1.") || clause.starts_with("4.1(")
}

fn is_itsms_clause(clause: &str) -> bool {
    clause == "4.2" || clause.starts_with("4.2.") || clause.starts_with("4.2(")
}

/// Over every fixture of the bundled rules: a finding on an ITSMS case cites no ISMS
/// clause or standard, one on an ISMS case no ITSMS one, and one on a combined case
/// every clause of its rule.
#[test]
fn bundled_findings_cite_their_case_schemes() {
    let rules = bundled_rules();
    let staff = staff();
    let dir = root().join("tests/fixtures");
    let mut problems = Vec::new();
    let mut seen = BTreeMap::<&str, usize>::new();
    for path in files_with_extension(&dir, "json") {
        if path.starts_with(dir.join("_bases")) {
            continue;
        }
        let spec: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let Some(base) = spec["base"].as_str() else { continue };
        let base: &'static str = match base {
            "isms" => "isms",
            "itsms" => "itsms",
            _ => "ims",
        };
        let mut doc: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(format!("_bases/{base}.json"))).unwrap()).unwrap();
        if apply_patch(&mut doc, spec["patch"].as_array().map_or(&[][..], Vec::as_slice)).is_err() {
            continue;
        }
        // A fixture may change the schemes itself: judge by what the case says.
        let schemes: Vec<&str> =
            doc["schemes"].as_array().map_or(Vec::new(), |s| s.iter().filter_map(Value::as_str).collect());
        let text = serde_json::to_string_pretty(&doc).unwrap() + "\n";
        let case = case_from(&path.display().to_string(), &text, &staff);
        let as_of = spec["as_of"].as_str().unwrap_or(FIXTURE_AS_OF);
        let result = evaluate(&rules, &case, &staff, as_of);
        for finding in &result.findings {
            let rule = rules.rule(&finding.rule).unwrap();
            let filed = json::finding(finding, rule, &case.id, &case.source);
            let label = format!(
                "{} on {}: {}",
                finding.rule,
                path.strip_prefix(&dir).unwrap().display(),
                filed.clauses.join(", ")
            );
            let isms_cites = filed.cites.iter().any(|c| c.starts_with("CNAS-CC170") || c.starts_with("ISO/IEC 27006"));
            let itsms_cites =
                filed.cites.iter().any(|c| c.starts_with("CNAS-CC175") || c.starts_with("ISO/IEC 20000-6"));
            match (schemes.contains(&"ISMS"), schemes.contains(&"ITSMS")) {
                (false, true) => {
                    *seen.entry("itsms").or_default() += 1;
                    if filed.clauses.iter().any(|c| is_isms_clause(c)) || isms_cites {
                        problems.push(format!("ITSMS case cites ISMS: {label}"));
                    }
                }
                (true, false) => {
                    *seen.entry("isms").or_default() += 1;
                    if filed.clauses.iter().any(|c| is_itsms_clause(c)) || itsms_cites {
                        problems.push(format!("ISMS case cites ITSMS: {label}"));
                    }
                }
                _ => {
                    *seen.entry("both").or_default() += 1;
                    if filed.clauses != rule.clauses {
                        problems.push(format!("combined case leaves clauses out: {label}"));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(seen.values().all(|n| *n > 0) && seen.len() == 3, "fixtures of every kind of case: {seen:?}");
}
