//! The rule language's semantics, one small rule at a time: dates, three-valued logic,
//! quantifiers, staff look-ups and derived facts.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail by panicking")]

mod common;

use caselint::check::load_rule_set;
use caselint::eval::{Verdict, evaluate_case};
use caselint::source::SourceFile;

/// A complete rule around a `require` expression, with optional extra top-level items.
fn rule_source(prelude: &str, require: &str) -> String {
    format!(
        r#"{prelude}
rule test/probe {{
    clause "3.2.1"
    severity error
    title.zh "测试" title.en "probe"
    require {require}
    message.zh "测试" message.en "probe"
    help.zh "测试" help.en "probe"
    doc.zh """测试""" doc.en """probe"""
}}"#
    )
}

/// Checks a rules text and evaluates it on a case given as JSON text, as of 2026-11-25.
fn evaluate_rules(rules_text: &str, case_json: &str) -> caselint::eval::CaseResult {
    let rules = load_rule_set(&[SourceFile::new("probe.rules", rules_text)])
        .unwrap_or_else(|e| panic!("probe does not check: {e:#?}"));
    let staff = common::staff();
    let case = common::case_from("probe.json", case_json, &staff);
    evaluate_case(&rules, &case, &staff, &caselint::facts::settings::Settings::defaults(), common::date("2026-11-25"))
}

/// Evaluates `require` on a case given as JSON text; returns the verdict of the probe rule.
fn verdict_with(prelude: &str, require: &str, case_json: &str) -> Verdict {
    let result = evaluate_rules(&rule_source(prelude, require), case_json);
    match result.findings.iter().find(|f| f.rule == "test/probe") {
        Some(finding) => finding.verdict.clone(),
        None => Verdict::Holds,
    }
}

fn verdict(require: &str, case_json: &str) -> Verdict {
    verdict_with("", require, case_json)
}

const CASE: &str = r#"{
  "case_id": "T-1", "schemes": ["ITSMS"],
  "audits": [
    { "id": "S1", "kind": "surveillance", "start": "2024-02-29", "end": "2024-02-29", "team": [{ "staff": "AU01", "role": "leader" }] },
    { "id": "S2", "kind": "surveillance", "start": "2025-02-28", "end": "2025-03-01" }
  ],
  "decision": { "date": "2024-01-31", "by": ["T01"], "outcome": "grant" }
}"#;

fn not_evaluable(verdict: &Verdict) -> Vec<String> {
    match verdict {
        Verdict::NotEvaluable { missing } => missing.iter().map(|m| m.pointer.clone()).collect(),
        other => panic!("expected not evaluable, got {other:?}"),
    }
}

/// Calendar arithmetic clamps to the month's end: 2024-02-29 + 12 months = 2025-02-28.
#[test]
fn month_arithmetic_clamps_to_month_end() {
    assert_eq!(verdict(r#"date("2024-02-29") + 12 months == date("2025-02-28")"#, CASE), Verdict::Holds);
    assert_eq!(verdict(r#"date("2024-01-31") + 1 month == date("2024-02-29")"#, CASE), Verdict::Holds);
    assert_eq!(verdict(r#"date("2024-03-31") - 1 month == date("2024-02-29")"#, CASE), Verdict::Holds);
    assert_eq!(verdict(r#"date("2024-02-29") + 1 year == date("2025-02-28")"#, CASE), Verdict::Holds);
    assert_eq!(verdict(r#"date("2024-12-31") + 30 days == date("2025-01-30")"#, CASE), Verdict::Holds);
}

/// Days and months between dates, and the combined elapsed duration.
#[test]
fn differences_between_dates() {
    assert_eq!(verdict(r#"days_between(date("2024-02-01"), date("2024-03-01")) == 29"#, CASE), Verdict::Holds);
    assert_eq!(verdict(r#"months_between(date("2024-05-21"), date("2025-06-10")) == 12"#, CASE), Verdict::Holds);
    assert_eq!(verdict(r#"days_between(date("2025-06-10"), date("2025-05-21")) == -20"#, CASE), Verdict::Holds);
}

/// A missing fact makes the verdict not evaluable and names the root missing pointer.
#[test]
fn missing_fact_is_not_evaluable_and_named() {
    let v = verdict("case.decision.evidence.internal_audit", CASE);
    assert_eq!(not_evaluable(&v), vec!["/decision/evidence"]);
    let v = verdict("case.certificate.expires > as_of", CASE);
    assert_eq!(not_evaluable(&v), vec!["/certificate"]);
}

/// Kleene logic: a known answer wins over an unknown operand; otherwise unknown spreads.
#[test]
fn three_valued_logic() {
    assert_eq!(verdict("false and case.decision.evidence.internal_audit", CASE), Verdict::Violated);
    assert_eq!(verdict("case.decision.evidence.internal_audit or true", CASE), Verdict::Holds);
    assert_eq!(
        not_evaluable(&verdict("true and case.decision.evidence.internal_audit", CASE)),
        vec!["/decision/evidence"]
    );
    assert_eq!(verdict("not exists(case.decision.evidence)", CASE), Verdict::Holds);
}

/// Quantifiers: a false element decides `all`; an unknown one leaves it unknown.
#[test]
fn quantifiers_over_collections() {
    assert_eq!(verdict(r#"all(a in case.audits, a.kind == "surveillance")"#, CASE), Verdict::Holds);
    assert_eq!(verdict(r#"count(a in case.audits, a.start > date("2025-01-01")) == 1"#, CASE), Verdict::Holds);
    assert_eq!(verdict(r#"none(a in case.audits, a.kind == "stage1")"#, CASE), Verdict::Holds);
    assert_eq!(not_evaluable(&verdict("all(a in case.audits, len(a.team) > 0)", CASE)), vec!["/audits/1/team"]);
    assert_eq!(verdict("any(a in case.audits, len(a.team) > 0)", CASE), Verdict::Holds);
    assert_eq!(verdict(r#"first(sort_by(a in case.audits, a.end)).id == "S1""#, CASE), Verdict::Holds);
}

/// Consecutive pairs of a sorted list, the shape of "audits at most 12 months apart".
#[test]
fn consecutive_pairs() {
    let require = "all(p in pairs(case.audits), p.next.start <= p.prev.end + 12 months)";
    assert_eq!(verdict(require, CASE), Verdict::Holds);
    let late = CASE.replace("2025-02-28\", \"end\": \"2025-03-01", "2025-03-01\", \"end\": \"2025-03-02");
    assert_eq!(verdict(require, &late), Verdict::Violated);
}

/// No matching element is "not evaluable" at the list, unless tested with exists().
#[test]
fn no_match_is_unknown_at_the_list() {
    let v = verdict(r#"first(a in case.audits, a.kind == "stage2").start < as_of"#, CASE);
    assert_eq!(not_evaluable(&v), vec!["/audits"]);
    assert_eq!(verdict(r#"not exists(first(a in case.audits, a.kind == "stage2"))"#, CASE), Verdict::Holds);
}

/// Staff look-ups: department, auditor registration.
#[test]
fn staff_lookups() {
    assert_eq!(verdict(r#"staff(first(case.decision.by)).department == "technical""#, CASE), Verdict::Holds);
    assert_eq!(verdict(r#"staff(first(first(case.audits).team).staff).department == "audit""#, CASE), Verdict::Holds);
    assert_eq!(verdict(r#"len(staff("AU01").auditor.schemes) > 0"#, CASE), Verdict::Holds);
}

/// Named derived facts are shared and may be defined in any order.
#[test]
fn derived_facts_in_any_order() {
    let prelude = "let deadline = last_end + 12 months;\nlet last_end = max(a in case.audits, a.end);";
    assert_eq!(verdict_with(prelude, r#"deadline == date("2026-03-01")"#, CASE), Verdict::Holds);
}

/// The verdict of a probe that never holds and is due on `due`, judged as of `as_of`.
fn unmet_with_deadline(due: &str, as_of: &str) -> Verdict {
    let source = rule_source("", "false").replace("require false", &format!("require false\n    due {due}"));
    let rules = load_rule_set(&[SourceFile::new("probe.rules", source)]).unwrap();
    let staff = common::staff();
    let case = common::case_from("probe.json", CASE, &staff);
    let settings = caselint::facts::settings::Settings::defaults();
    evaluate_case(&rules, &case, &staff, &settings, common::date(as_of)).findings[0].verdict.clone()
}

/// A deadline is the last day allowed: an unmet requirement is "not yet due" up to and
/// including the deadline, and late from the day after.
#[test]
fn not_yet_due_until_the_deadline_day() {
    let due = common::date("2027-01-01");
    assert_eq!(unmet_with_deadline(r#"date("2027-01-01")"#, "2026-11-25"), Verdict::NotYetDue { due });
    assert_eq!(unmet_with_deadline(r#"date("2027-01-01")"#, "2026-12-31"), Verdict::NotYetDue { due });
    assert_eq!(unmet_with_deadline(r#"date("2027-01-01")"#, "2027-01-01"), Verdict::NotYetDue { due });
    assert_eq!(unmet_with_deadline(r#"date("2027-01-01")"#, "2027-01-02"), Verdict::Violated);
}

/// `if … then … else …` picks a branch; an unknown condition makes the result unknown.
#[test]
fn conditional_expression() {
    assert_eq!(verdict(r#"(if len(case.audits) == 2 then "two" else "other") == "two""#, CASE), Verdict::Holds);
    let v = verdict("if case.decision.evidence.internal_audit then true else false", CASE);
    assert_eq!(not_evaluable(&v), vec!["/decision/evidence"]);
}

/// Rules read CB settings; a setting without a default is unknown until the CB sets it.
#[test]
fn settings_are_facts() {
    assert_eq!(
        verdict(
            r#"settings.surveillance.max_interval_months == 12 and settings.surveillance.first_anchor == "decision""#,
            CASE
        ),
        Verdict::Holds
    );
    let v = verdict("len(settings.audit_time.itsms_table) > 0", CASE);
    match v {
        Verdict::NotEvaluable { missing } => assert_eq!(missing[0].pointer, "/audit_time/itsms_table"),
        other => panic!("expected not evaluable, got {other:?}"),
    }
}

/// An unmet requirement whose deadline is unknown is not evaluable: it may not be late yet.
#[test]
fn unknown_deadline_is_not_evaluable() {
    assert_eq!(not_evaluable(&unmet_with_deadline("case.certificate.expires", "2026-11-25")), vec!["/certificate"]);
}

/// A cross-case probe rule with the given body items (between the header and the texts).
fn cross_rule(items: &str) -> String {
    format!(
        r#"rule test/cross {{
    clause "3.2.1"
    severity error
    title.zh "测试" title.en "probe"
    {items}
    message.zh "测试" message.en "probe"
    help.zh "测试" help.en "probe"
    doc.zh """测试""" doc.en """probe"""
}}"#
    )
}

/// The codes of the errors a rules text gets, in order.
fn check_codes(text: &str) -> Vec<String> {
    match load_rule_set(&[SourceFile::new("probe.rules", text)]) {
        Ok(_) => Vec::new(),
        Err(errors) => errors
            .iter()
            .map(|e| caselint::report::catalogue::check_wording(e, caselint::syntax::ast::Lang::En).code)
            .collect(),
    }
}

#[test]
fn cross_case_rules_are_checked_before_any_case() {
    // (body items, the error codes they get)
    let cases: &[(&str, &[&str])] = &[
        (
            "across cases\n for a in case.audits\n let start = a.start\n key a.id\n period a.start, a.end\n require this.start == other.start and key != \"\" and this.case_id != other.case_id",
            &[],
        ),
        // The cross-case items need `across cases`, and a cross-case rule needs a key.
        ("for a in case.audits\n key a.id\n require true", &["caselint::rules::population_item"]),
        ("across cases\n for a in case.audits\n require true", &["caselint::rules::missing_item"]),
        // The requirement compares two claims: the case is not in scope, nor an unknown field.
        (
            "across cases\n for a in case.audits\n key a.id\n require case.case_id == \"x\"",
            &["caselint::rules::out_of_scope"],
        ),
        (
            "across cases\n for a in case.audits\n let start = a.start\n key a.id\n require this.strat == other.start",
            &["caselint::rules::unknown_field"],
        ),
        // A claim keeps plain values; no deadlines across cases; keys are plain; roles for `between`.
        (
            "across cases\n for a in case.audits\n let audit = a\n key a.id\n require true",
            &["caselint::rules::not_capturable"],
        ),
        (
            "across cases\n for a in case.audits\n key a.id\n require true\n due a.start",
            &["caselint::rules::population_item"],
        ),
        ("across cases\n for a in case.audits\n key a\n require true", &["caselint::rules::type_mismatch"]),
        (
            "across cases\n for a in case.audits\n key a.id\n between \"x\" and \"y\"\n require true",
            &["caselint::rules::missing_item"],
        ),
    ];
    for (items, want) in cases {
        assert_eq!(check_codes(&cross_rule(items)), *want, "{items}");
    }
}

#[test]
fn nested_for_walks_every_inner_element() {
    let source = r#"
rule test/nested {
    clause "3.2.1"
    severity error
    title.zh "测试" title.en "probe"
    for a in case.audits
    for t in a.team
    require t.role != "leader"
    at t.staff
    message.zh "测试" message.en "probe"
    help.zh "测试" help.en "probe"
    doc.zh """测试""" doc.en """probe"""
}"#;
    let result = evaluate_rules(source, CASE);
    let found: Vec<(String, String)> =
        result.findings.iter().map(|f| (f.verdict.as_str().to_string(), f.pointer().to_string())).collect();
    // S1's leader violates; S2 records no team, so it cannot be walked.
    assert_eq!(
        found,
        [
            ("violated".to_string(), "/audits/0/team/0/staff".to_string()),
            ("not_evaluable".to_string(), "/audits/1/team".to_string())
        ]
    );
}
