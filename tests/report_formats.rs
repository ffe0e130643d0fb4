//! The whole-CB report formats — summary, SARIF, JUnit, HTML — over the report of the
//! example cases, built through the library as the CLI builds it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail by panicking")]

mod common;

use caselint::check::RuleSet;
use caselint::eval::Verdict;
use caselint::facts::{Case, Fact, FactValue};
use caselint::report::html::{escape_html, excerpt, render_html};
use caselint::report::json::{self, Bilingual, JsonReport, JsonSummary, JsonWaiver};
use caselint::report::junit::{CheckedCase, render_junit, render_junit_cases};
use caselint::report::sarif::render_sarif;
use caselint::report::summary::{Department, render_summary, summarize};
use caselint::source::SourceFile;
use caselint::syntax::ast::Lang;
use serde_json::Value;
use std::collections::BTreeMap;

fn texts(fact: Option<&Fact>) -> Vec<String> {
    match fact.map(|f| &f.value) {
        Some(FactValue::List(items)) => items.iter().filter_map(|f| f.as_text().map(str::to_string)).collect(),
        _ => Vec::new(),
    }
}

/// The staff ids of every audit team of a case, sorted and without repeats.
fn auditors(case: &Case) -> Vec<String> {
    let mut ids = Vec::new();
    if let Some(FactValue::List(audits)) = case.root.get("audits").map(|f| &f.value) {
        for audit in audits {
            if let Some(FactValue::List(team)) = audit.get("team").map(|f| &f.value) {
                ids.extend(team.iter().filter_map(|m| m.get("staff").and_then(Fact::as_text)).map(str::to_string));
            }
        }
    }
    ids.sort();
    ids.dedup();
    ids
}

struct Run {
    rules: RuleSet,
    report: JsonReport,
    cases: Vec<CheckedCase>,
    sources: BTreeMap<String, String>,
}

/// Checks examples/cases as of 2025-12-31, and waives the ITSMS surveillance finding as
/// examples/waivers.toml does.
fn run() -> Run {
    let rules = common::bundled_rules();
    let staff = common::staff();
    let mut report = JsonReport {
        version: env!("CARGO_PKG_VERSION"),
        as_of: common::FIXTURE_AS_OF.to_string(),
        findings: Vec::new(),
        not_yet_due: Vec::new(),
        errors: Vec::new(),
        warnings: Vec::new(),
        waiver_findings: Vec::new(),
        summary: JsonSummary::default(),
    };
    let mut cases = Vec::new();
    let mut sources = BTreeMap::new();
    let dir = common::root().join("examples/cases");
    for path in common::files_with_extension(&dir, "json") {
        let name = format!("examples/cases/{}", path.file_name().unwrap().to_str().unwrap());
        let text = std::fs::read_to_string(&path).unwrap();
        let case = caselint::facts::load_case(SourceFile::new(name.as_str(), text.as_str()), &staff).unwrap();
        let result = common::evaluate(&rules, &case, &staff, common::FIXTURE_AS_OF);
        report.summary.files += 1;
        report.summary.cases_checked += 1;
        cases.push(CheckedCase { file: name.clone(), case_id: case.id.clone() });
        sources.insert(name, text);
        for finding in &result.findings {
            let rule = rules.rule(&finding.rule).unwrap();
            let mut entry = json::finding(finding, rule, &case.id, &case.source);
            entry.schemes = texts(case.root.get("schemes"));
            entry.auditors = auditors(&case);
            match finding.verdict {
                Verdict::NotYetDue { .. } => {
                    report.summary.not_yet_due += 1;
                    report.not_yet_due.push(entry);
                    continue;
                }
                Verdict::NotEvaluable { .. } => report.summary.not_evaluable += 1,
                _ => report.summary.violated += 1,
            }
            report.findings.push(entry);
        }
    }
    report.findings.sort_by(|a, b| (&a.file, a.line, a.column, &a.rule).cmp(&(&b.file, b.line, b.column, &b.rule)));
    let waived = report
        .findings
        .iter_mut()
        .find(|f| f.case_id == "ZQHX-2023-ITSMS-0087" && f.rule == "cycle/itsms-surveillance-interval")
        .expect("the example's late surveillance is found");
    waived.waived = Some(JsonWaiver {
        number: 1,
        reason: "客户 2025 年 5 月为监管检查封网期，经评审同意监督审核推迟至 6 月上旬".to_string(),
        approved_by: "T01".to_string(),
        approved: "2025-05-20".to_string(),
        expires: "2026-06-08".to_string(),
    });
    report.summary.violated -= 1;
    report.summary.waived += 1;
    Run { rules, report, cases, sources }
}

#[test]
fn the_examples_have_findings_of_both_verdicts() {
    let run = run();
    assert_eq!(run.cases.len(), 7);
    assert!(run.report.findings.iter().any(|f| f.verdict == "violated" && f.waived.is_none()));
    assert!(run.report.findings.iter().any(|f| f.verdict == "not_evaluable"));
    assert!(run.report.findings.iter().all(|f| !f.schemes.is_empty() && !f.auditors.is_empty()));
}

#[test]
fn summary_counts_add_up() {
    let run = run();
    let summary = summarize(&run.report, &run.rules);
    let counted: Vec<_> = run.report.findings.iter().filter(|f| f.waived.is_none()).collect();
    let t = &summary.totals;
    assert_eq!(t.findings.total, counted.len());
    assert_eq!(t.findings.violated, run.report.summary.violated);
    assert_eq!(t.findings.not_evaluable, run.report.summary.not_evaluable);
    assert_eq!(t.findings.violated + t.findings.not_evaluable, t.findings.total);
    assert_eq!(t.waived, 1);
    assert_eq!(t.cases_checked, 7);
    let total = |rows: &mut dyn Iterator<Item = usize>| rows.sum::<usize>();
    assert_eq!(total(&mut summary.by_rule.iter().map(|r| r.counts.total)), t.findings.total);
    assert_eq!(total(&mut summary.by_rule.iter().map(|r| r.counts.violated)), t.findings.violated);
    assert_eq!(total(&mut summary.by_department.iter().map(|r| r.counts.total)), t.findings.total);
    assert_eq!(summary.by_department.len(), 4);
    assert!(summary.top_cases.len() <= 10);
    assert_eq!(summary.top_cases.len(), t.cases_with_findings);
    assert_eq!(total(&mut summary.top_cases.iter().map(|r| r.counts.total)), t.findings.total);
    assert!(summary.top_cases.windows(2).all(|w| w[0].counts.total >= w[1].counts.total));
    // Every finding counts for each of its case's schemes and auditors, every clause of its rule.
    let per_finding = |f: fn(&json::JsonFinding) -> usize| counted.iter().map(|x| f(x)).sum::<usize>();
    assert_eq!(total(&mut summary.by_scheme.iter().map(|r| r.counts.total)), per_finding(|f| f.schemes.len()));
    assert_eq!(total(&mut summary.by_auditor.iter().map(|r| r.counts.total)), per_finding(|f| f.auditors.len()));
    assert_eq!(total(&mut summary.by_clause.iter().map(|r| r.counts.total)), per_finding(|f| f.clauses.len()));
    // Evidence gaps: every not-evaluable finding is in at least one pattern, no index remains.
    let gaps = total(&mut summary.evidence_gaps.iter().map(|g| g.findings));
    assert!(gaps >= t.findings.not_evaluable && t.findings.not_evaluable > 0);
    for gap in &summary.evidence_gaps {
        assert!(!gap.pattern.split('/').any(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())), "{gap:?}");
    }
    assert!(summary.evidence_gaps.iter().any(|g| g.pattern == "/audits/*/report/reviewed"));
    // The decision finding belongs to the technical department, the waived one to nobody.
    let technical = summary.by_department.iter().find(|d| d.department == Department::Technical).unwrap();
    assert!(technical.rules.iter().any(|r| r.starts_with("decision/")));
    assert!(summary.by_rule.iter().all(|r| r.rule != "cycle/itsms-surveillance-interval"));
    // The summary is JSON too.
    let value = serde_json::to_value(&summary).unwrap();
    assert_eq!(value["totals"]["total"], t.findings.total);
    assert_eq!(value["by_department"][0]["department"], "market");
}

#[test]
fn summary_text_zh() {
    let run = run();
    let text = render_summary(&summarize(&run.report, &run.rules), Lang::Zh);
    insta::with_settings!({snapshot_path => "snapshots/reports", prepend_module_to_snapshot => false, omit_expression => true}, {
        insta::assert_snapshot!("summary_zh", text);
    });
}

#[test]
fn summary_text_en() {
    let run = run();
    let text = render_summary(&summarize(&run.report, &run.rules), Lang::En);
    insta::with_settings!({snapshot_path => "snapshots/reports", prepend_module_to_snapshot => false, omit_expression => true}, {
        insta::assert_snapshot!("summary_en", text);
    });
}

#[test]
fn sarif_is_a_2_1_0_log_of_every_finding() {
    let run = run();
    let text = render_sarif(&run.report, &run.rules, Lang::Zh);
    // The log reads back into the SARIF object model.
    serde_json::from_str::<serde_sarif::sarif::Sarif>(&text).unwrap();
    let log: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run0 = &runs[0];
    let driver = &run0["tool"]["driver"];
    assert_eq!(driver["name"], "caselint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(run0["columnKind"], "unicodeCodePoints");
    let descriptors = driver["rules"].as_array().unwrap();
    assert_eq!(descriptors.len(), run.rules.rules.len());
    for (descriptor, rule) in descriptors.iter().zip(&run.rules.rules) {
        assert_eq!(descriptor["id"], rule.id.as_str());
        assert_eq!(descriptor["shortDescription"]["text"], rule.title.zh.as_str());
        assert!(!descriptor["fullDescription"]["text"].as_str().unwrap().is_empty());
        assert!(!descriptor["help"]["text"].as_str().unwrap().is_empty());
        assert_eq!(descriptor["properties"]["clauses"], serde_json::json!(rule.clauses));
        let level = descriptor["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(level == "error" || level == "warning");
    }
    let results = run0["results"].as_array().unwrap();
    assert_eq!(results.len(), run.report.findings.len());
    for (result, finding) in results.iter().zip(&run.report.findings) {
        let id = result["ruleId"].as_str().unwrap();
        assert!(run.rules.rule(id).is_some(), "{id} is not a rule");
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(descriptors[index]["id"], id);
        assert_eq!(result["level"], descriptors[index]["defaultConfiguration"]["level"]);
        assert_eq!(result["message"]["text"], finding.message.zh.as_str());
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], finding.file.as_str());
        assert_eq!(location["region"]["startLine"], finding.line);
        assert_eq!(location["region"]["startColumn"], finding.column);
        assert_eq!(result["properties"]["verdict"], finding.verdict);
        assert_eq!(result["properties"]["pointer"], finding.pointer.as_str());
        match &finding.waived {
            Some(waiver) => {
                let suppressions = result["suppressions"].as_array().unwrap();
                assert_eq!(suppressions.len(), 1);
                assert_eq!(suppressions[0]["kind"], "external");
                assert_eq!(suppressions[0]["status"], "accepted");
                assert_eq!(suppressions[0]["justification"], waiver.reason.as_str());
            }
            None => assert!(result.get("suppressions").is_none()),
        }
    }
    assert!(results.iter().any(|r| r["properties"]["verdict"] == "not_evaluable"));
    assert!(results.iter().any(|r| r.get("suppressions").is_some()));
    assert_eq!(run0["invocations"][0]["executionSuccessful"], true);
    // English messages with --lang en.
    let en: Value = serde_json::from_str(&render_sarif(&run.report, &run.rules, Lang::En)).unwrap();
    assert_eq!(en["runs"][0]["results"][0]["message"]["text"], run.report.findings[0].message.en.as_str());
}

#[test]
fn junit_has_a_suite_per_case() {
    let run = run();
    let text = render_junit_cases(&run.report, &run.cases, Lang::Zh);
    assert!(balanced(&text), "unbalanced XML:\n{text}");
    let junit = quick_junit::Report::deserialize_from_str(&text).unwrap();
    assert_eq!(junit.test_suites.len(), run.cases.len());
    let counted = run.report.findings.iter().filter(|f| f.waived.is_none()).count();
    assert_eq!(junit.failures, counted);
    assert_eq!(junit.skipped, 1);
    for case in &run.cases {
        let suite = junit.test_suites.iter().find(|s| s.name.as_str() == case.file).unwrap();
        let findings: Vec<_> = run.report.findings.iter().filter(|f| f.file == case.file).collect();
        if findings.is_empty() {
            assert_eq!(suite.test_cases.len(), 1, "{}", case.file);
            assert!(matches!(suite.test_cases[0].status, quick_junit::TestCaseStatus::Success { .. }));
        } else {
            assert_eq!(suite.test_cases.len(), findings.len());
            for (test, finding) in suite.test_cases.iter().zip(&findings) {
                assert_eq!(test.name.as_str(), format!("{} {}", finding.rule, finding.pointer));
            }
        }
    }
    // Without the list of checked cases, only the cases with findings appear.
    let partial = quick_junit::Report::deserialize_from_str(&render_junit(&run.report, Lang::En)).unwrap();
    let files: std::collections::BTreeSet<_> = run.report.findings.iter().map(|f| &f.file).collect();
    assert_eq!(partial.test_suites.len(), files.len());
}

/// A line break in a message or waiver reason survives in a JUnit attribute (`&#10;`, which
/// attribute-value normalization keeps), an ESC sequence is shown, not dropped, and a tab
/// does not join two words.
#[test]
fn junit_attributes_keep_line_breaks_and_show_escapes() {
    let mut run = run();
    let finding = run.report.findings.iter_mut().find(|f| f.waived.is_none()).unwrap();
    finding.message.zh = "第一行\n第二行\t南京\u{1b}]0;pwned\u{7}公司".to_string();
    let rule = finding.rule.clone();
    let waived = run.report.findings.iter_mut().find(|f| f.waived.is_some()).unwrap();
    waived.waived.as_mut().unwrap().reason = "理由一\r\n理由二".to_string();
    let text = render_junit_cases(&run.report, &run.cases, Lang::Zh);
    let mut rest = text.as_str();
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').unwrap();
        let tag = &rest[start..start + end];
        assert!(!tag.contains(['\n', '\r', '\t']), "a raw line break inside a tag: {tag}");
        rest = &rest[start + end..];
    }
    assert!(text.contains("第一行&#10;第二行 南京\\u{1b}]0;pwned\\u{7}公司"), "{text}");
    assert!(text.contains("理由一\\u{d}&#10;理由二"), "{text}");
    let junit = quick_junit::Report::deserialize_from_str(&text).unwrap();
    let case =
        junit.test_suites.iter().flat_map(|s| &s.test_cases).find(|c| c.name.as_str().starts_with(&rule)).unwrap();
    let quick_junit::TestCaseStatus::NonSuccess { message, .. } = &case.status else { panic!("not a failure") };
    assert_eq!(message.as_ref().unwrap().as_str(), "第一行\n第二行 南京\\u{1b}]0;pwned\\u{7}公司");
}

/// Whether the elements of an XML or HTML text nest properly (a crude well-formedness check;
/// HTML void elements are skipped).
fn balanced(xml: &str) -> bool {
    let mut stack = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find('<') {
        let Some(end) = rest[start..].find('>') else { return false };
        let tag = &rest[start + 1..start + end];
        rest = &rest[start + end + 1..];
        if tag.starts_with('?') || tag.starts_with('!') || tag.ends_with('/') {
            continue;
        }
        let name = tag.trim_start_matches('/').split_whitespace().next().unwrap_or("");
        if ["meta", "br", "hr", "img", "input", "link"].contains(&name) {
            continue;
        }
        if tag.starts_with('/') {
            if stack.pop() != Some(name) {
                return false;
            }
        } else {
            stack.push(name);
        }
    }
    stack.is_empty()
}

#[test]
fn html_is_one_self_contained_page() {
    let mut run = run();
    // A hostile message must come out as text.
    run.report.findings[0].message =
        Bilingual { zh: "<script>alert('x')</script> & <b>".to_string(), en: "<script>".to_string() };
    let summary = summarize(&run.report, &run.rules);
    let excerpts: BTreeMap<(String, usize), String> = run
        .report
        .findings
        .iter()
        .map(|f| ((f.file.clone(), f.line), excerpt(&run.sources[&f.file], f.line, 2)))
        .collect();
    let html = render_html(&run.report, &summary, &run.rules, Lang::Zh, &excerpts);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    assert!(balanced(&html), "unbalanced HTML");
    assert!(!html.contains("<script"), "a script reached the page");
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;"));
    for external in ["<link", " src=", "@import", "url("] {
        assert!(!html.contains(external), "external asset: {external}");
    }
    assert!(html.matches("<svg").count() >= 2, "the department and clause charts");
    assert!(html.contains("截至 2025-12-31"));
    for finding in &run.report.findings {
        assert!(html.contains(&escape_html(&finding.rule)), "{}", finding.rule);
        assert!(html.contains(&format!("{}:{}:{}", finding.file, finding.line, finding.column)));
        let line = format!(">{} │", finding.line);
        assert!(html.contains(&escape_html(&line)), "excerpt of {}:{}", finding.file, finding.line);
    }
    // Every internal link has its target.
    for link in html.split("href=\"#").skip(1) {
        let target = &link[..link.find('"').unwrap()];
        assert!(html.contains(&format!("id=\"{target}\"")), "broken link #{target}");
    }
    for department in Department::ALL {
        assert!(html.contains(department.name(Lang::Zh)));
    }
    let en = render_html(&run.report, &summary, &run.rules, Lang::En, &BTreeMap::new());
    assert!(en.contains("<html lang=\"en\">") && en.contains("By responsible department"));
}
