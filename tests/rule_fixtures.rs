//! Every rule proven on fixtures: it fires on the violation, stays silent on the
//! compliant case, and reports missing evidence as "not evaluable".
//!
//! A fixture is `tests/fixtures/<rule id>/<fail|pass|unknown>-<name>.json`: a JSON patch
//! on a compliant base case (`tests/fixtures/_bases/`) and the findings it must produce.
//! The rendered zh diagnostics of fail and unknown fixtures are snapshots.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail by panicking")]

mod common;

use caselint::eval::Verdict;
use caselint::syntax::ast::Lang;
use common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

struct Fixture {
    path: PathBuf,
    rule: String,
    outcome: String,
    name: String,
    spec: Value,
}

fn fixtures() -> Vec<Fixture> {
    let dir = root().join("tests/fixtures");
    files_with_extension(&dir, "json")
        .into_iter()
        .filter(|p| !p.starts_with(dir.join("_bases")))
        .map(|path| {
            let relative = path.strip_prefix(&dir).unwrap();
            let rule = relative.parent().unwrap().to_string_lossy().replace('\\', "/");
            let stem = relative.file_stem().unwrap().to_string_lossy().to_string();
            let (outcome, name) = stem.split_once('-').unwrap_or((&stem, ""));
            let spec: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            Fixture { rule, outcome: outcome.to_string(), name: name.to_string(), spec, path }
        })
        .collect()
}

fn base(name: &str) -> Value {
    let path = root().join(format!("tests/fixtures/_bases/{name}.json"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// Each fixture produces exactly the findings it declares for its rule, and fail and
/// unknown fixtures render as the reviewed snapshot.
#[test]
fn fixtures_produce_declared_findings() {
    let rules = bundled_rules();
    let staff = staff();
    let mut problems = Vec::new();
    for fixture in fixtures() {
        let label = fixture.path.strip_prefix(root()).unwrap().display().to_string();
        if fixture.spec.get("cases").is_some() {
            problems.extend(check_population_fixture(&fixture, &label, &rules, &staff));
            continue;
        }
        let mut doc = base(fixture.spec["base"].as_str().unwrap_or("isms"));
        let ops = fixture.spec["patch"].as_array().cloned().unwrap_or_default();
        if let Err(err) = apply_patch(&mut doc, &ops) {
            problems.push(format!("{label}: patch does not apply: {err}"));
            continue;
        }
        let text = serde_json::to_string_pretty(&doc).unwrap() + "\n";
        let case = case_from(&format!("{}/{}-{}.json", fixture.rule, fixture.outcome, fixture.name), &text, &staff);
        let as_of = fixture.spec["as_of"].as_str().unwrap_or(FIXTURE_AS_OF);
        let result = evaluate(&rules, &case, &staff, as_of);
        let got: BTreeSet<(String, String)> = result
            .findings
            .iter()
            .filter(|f| f.rule == fixture.rule)
            .map(|f| (f.verdict.as_str().to_string(), f.pointer().to_string()))
            .collect();
        let want: BTreeSet<(String, String)> = fixture.spec["expect"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|e| (e["verdict"].as_str().unwrap_or("").to_string(), e["pointer"].as_str().unwrap_or("").to_string()))
            .collect();
        let verdict_ok = match fixture.outcome.as_str() {
            "pass" => want.is_empty(),
            "fail" => !want.is_empty() && want.iter().all(|(v, _)| v == "violated" || v == "not_yet_due"),
            "unknown" => !want.is_empty() && want.iter().all(|(v, _)| v == "not_evaluable"),
            other => {
                problems.push(format!("{label}: unknown outcome `{other}`"));
                continue;
            }
        };
        if !verdict_ok {
            problems.push(format!("{label}: its `expect` does not match its `{}` outcome", fixture.outcome));
        }
        if got != want {
            problems.push(format!("{label}: expected {want:?}, got {got:?}"));
            continue;
        }
        if fixture.outcome != "pass" {
            let rendered = render_findings(&rules, &case, &result, &fixture.rule, Lang::Zh);
            let snapshot = format!("{}__{}-{}", fixture.rule.replace('/', "__"), fixture.outcome, fixture.name);
            insta::with_settings!({snapshot_path => "snapshots/fixtures", prepend_module_to_snapshot => false, omit_expression => true, description => fixture.spec["note"].as_str().unwrap_or("")}, {
                insta::assert_snapshot!(snapshot, rendered);
            });
        }
    }
    assert!(problems.is_empty(), "fixture problems:\n{}", problems.join("\n"));
}

/// A cross-case fixture's finding: verdict, case position, pointer, and for a pair the
/// other case's position and pointer.
type CrossEntry = (String, u64, String, Option<(u64, String)>);

/// A fixture of a cross-case rule: `cases` lists several patched bases, `expect` the
/// findings with the case (by position) they are filed under and, for a pair, the other
/// case and pointer. Returns the problems found.
fn check_population_fixture(
    fixture: &Fixture,
    label: &str,
    rules: &caselint::check::RuleSet,
    staff: &caselint::facts::StaffRegistry,
) -> Vec<String> {
    use caselint::eval::claims::ClaimBook;
    use caselint::eval::population::findings_by_case;
    let mut cases = Vec::new();
    for (index, spec) in fixture.spec["cases"].as_array().cloned().unwrap_or_default().iter().enumerate() {
        let mut doc = base(spec["base"].as_str().unwrap_or("isms"));
        if let Err(err) = apply_patch(&mut doc, spec["patch"].as_array().map_or(&[][..], Vec::as_slice)) {
            return vec![format!("{label}: patch of case {index} does not apply: {err}")];
        }
        let text = serde_json::to_string_pretty(&doc).unwrap() + "\n";
        let name = format!("{}/{}-{}/{index}.json", fixture.rule, fixture.outcome, fixture.name);
        cases.push(case_from(&name, &text, staff));
    }
    let as_of = fixture.spec["as_of"].as_str().unwrap_or(FIXTURE_AS_OF);
    let mut claims = ClaimBook::default();
    let mut got: BTreeSet<CrossEntry> = BTreeSet::new();
    let mut filed: BTreeMap<usize, Vec<caselint::eval::Finding>> = BTreeMap::new();
    for (index, case) in cases.iter().enumerate() {
        let result = evaluate(rules, case, staff, as_of);
        claims.add(index, &case.id, &result.claims);
        for finding in result.findings.into_iter().filter(|f| f.rule == fixture.rule) {
            got.insert((finding.verdict.as_str().to_string(), index as u64, finding.pointer().to_string(), None));
            filed.entry(index).or_default().push(finding);
        }
    }
    let settings = caselint::facts::settings::Settings::defaults();
    let cross = findings_by_case(rules, &claims, &settings, date(as_of), |i| cases.get(i).map(|c| c.source.clone()));
    for (index, findings) in cross {
        for finding in findings.into_iter().filter(|f| f.rule == fixture.rule) {
            let other = finding.elsewhere.as_ref().map(|e| {
                let position = cases.iter().position(|c| c.id == e.case_id).unwrap_or(usize::MAX) as u64;
                (position, e.labels.first().map(|l| l.pointer.clone()).unwrap_or_default())
            });
            got.insert((finding.verdict.as_str().to_string(), index as u64, finding.pointer().to_string(), other));
            filed.entry(index).or_default().push(finding);
        }
    }
    let want: BTreeSet<CrossEntry> = fixture.spec["expect"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|e| {
            let other = e
                .get("other")
                .map(|o| (o["case"].as_u64().unwrap_or(u64::MAX), o["pointer"].as_str().unwrap_or("").to_string()));
            (
                e["verdict"].as_str().unwrap_or("").to_string(),
                e["case"].as_u64().unwrap_or(0),
                e["pointer"].as_str().unwrap_or("").to_string(),
                other,
            )
        })
        .collect();
    let mut problems = Vec::new();
    let verdict_ok = match fixture.outcome.as_str() {
        "pass" => want.is_empty(),
        "fail" => !want.is_empty() && want.iter().all(|(v, ..)| v == "violated"),
        "unknown" => !want.is_empty() && want.iter().all(|(v, ..)| v == "not_evaluable"),
        other => return vec![format!("{label}: unknown outcome `{other}`")],
    };
    if !verdict_ok {
        problems.push(format!("{label}: its `expect` does not match its `{}` outcome", fixture.outcome));
    }
    if got != want {
        problems.push(format!("{label}: expected {want:?}, got {got:?}"));
        return problems;
    }
    if fixture.outcome != "pass" {
        let rule = rules.rule(&fixture.rule).unwrap();
        let mut diags = Vec::new();
        for (index, findings) in &filed {
            for finding in findings {
                diags.push(caselint::report::finding_diag(finding, rule, &cases[*index].source, Lang::Zh));
            }
        }
        let rendered = caselint::report::render_human(&diags, false);
        let snapshot = format!("{}__{}-{}", fixture.rule.replace('/', "__"), fixture.outcome, fixture.name);
        insta::with_settings!({snapshot_path => "snapshots/fixtures", prepend_module_to_snapshot => false, omit_expression => true, description => fixture.spec["note"].as_str().unwrap_or("")}, {
            insta::assert_snapshot!(snapshot, rendered);
        });
    }
    problems
}

/// Every rule has a firing, a silent and a missing-evidence fixture, and every fixture
/// directory names a rule.
#[test]
fn every_rule_has_fail_pass_and_unknown_fixtures() {
    let rules = bundled_rules();
    let mut outcomes: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for fixture in fixtures() {
        outcomes.entry(fixture.rule.clone()).or_default().insert(fixture.outcome.clone());
    }
    let ids: BTreeSet<String> = rules.rules.iter().map(|r| r.id.clone()).collect();
    let mut problems = Vec::new();
    for id in &ids {
        for outcome in ["fail", "pass", "unknown"] {
            if !outcomes.get(id).is_some_and(|o| o.contains(outcome)) {
                problems.push(format!("rule {id} has no `{outcome}-*.json` fixture"));
            }
        }
    }
    for rule in outcomes.keys() {
        if !ids.contains(rule) {
            problems.push(format!("tests/fixtures/{rule} names no rule"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The bases fixtures patch are compliant: no rule is violated or not evaluable on them
/// (obligations that fall due after the as-of date are not findings).
#[test]
fn bases_are_compliant() {
    let rules = bundled_rules();
    let staff = staff();
    for name in ["isms", "itsms", "ims", "isms-renewal"] {
        let path = root().join(format!("tests/fixtures/_bases/{name}.json"));
        let text = std::fs::read_to_string(&path).unwrap();
        let case = case_from(&path.display().to_string(), &text, &staff);
        let result = evaluate(&rules, &case, &staff, FIXTURE_AS_OF);
        let findings: Vec<String> = result
            .findings
            .iter()
            .filter(|f| !matches!(f.verdict, Verdict::NotYetDue { .. }))
            .map(|f| format!("{} {} {}", f.rule, f.verdict.as_str(), f.pointer()))
            .collect();
        assert!(findings.is_empty(), "base {name} is not compliant: {findings:#?}");
        assert!(!matches!(result.findings.first().map(|f| &f.verdict), Some(Verdict::Holds)));
    }
}
