//! The whole-CB summary of a run: counts per rule, clause, scheme, responsible department
//! and auditor, the cases with the most findings and the evidence gaps.
//!
//! A pure function of the JSON report ([`summarize`]) and its plain-text rendering
//! ([`render_summary`]), printed after the human output and embedded in the HTML report.
//!
//! Waived findings are excluded from every count (they are counted apart, in
//! [`Totals::waived`]); not-yet-due requirements are not findings.
//!
//! # Responsible department
//!
//! Each rule is mapped to the department of procedure section 3 that owns the step it checks
//! ([`department_of`]):
//!
//! 1. the first clause of section 3 the rule cites decides: `3.1`/`3.1.x` → market (市场部),
//!    `3.2`/`3.2.x` → audit (审核部), `3.3`/`3.3.x` → technical (技术部), `3.4`/`3.4.x` →
//!    general (综合部);
//! 2. otherwise rules whose id starts with `decision/` → technical (3.3.1: the certification
//!    decision), `certificate/` → general (3.4.3: certificates and notices);
//! 3. everything else — application review, programme, audit time, team, plan, audit conduct,
//!    reports, nonconformities, records, sampling, surveillance, cycle — → audit (3.2: the
//!    audit department manages audit implementation).
//!
//! Step 1 before step 2 means `certificate/reported-to-cnca`, which cites 3.2.2 (the audit
//! department reports certificate information to CNCA), counts for audit, not general.

use super::json::{Bilingual, JsonFinding, JsonReport};
use crate::check::RuleSet;
use crate::syntax::ast::{Lang, Severity};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use unicode_width::UnicodeWidthStr;

/// How many cases [`Summary::top_cases`] lists.
pub const TOP_CASES: usize = 10;

/// The department of procedure section 3 responsible for a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Department {
    /// 3.1 市场部: applications, contracts, client service.
    Market,
    /// 3.2 审核部: application review, programme, audit time, teams, audits, CNCA reporting.
    Audit,
    /// 3.3 技术部: certification decisions.
    Technical,
    /// 3.4 综合部: certificates, notices, publication.
    General,
}

impl Department {
    /// All four, in the procedure's order.
    pub const ALL: [Department; 4] =
        [Department::Market, Department::Audit, Department::Technical, Department::General];

    /// The stable code, as in the staff registry (`market`, `audit`, `technical`, `general`).
    pub fn code(self) -> &'static str {
        match self {
            Department::Market => "market",
            Department::Audit => "audit",
            Department::Technical => "technical",
            Department::General => "general",
        }
    }

    /// The clause of procedure section 3 that lists the department's duties.
    pub fn clause(self) -> &'static str {
        match self {
            Department::Market => "3.1",
            Department::Audit => "3.2",
            Department::Technical => "3.3",
            Department::General => "3.4",
        }
    }

    /// The department's name in one language (市场部, market department…).
    pub fn name(self, lang: Lang) -> &'static str {
        super::catalogue::term(self.code(), lang)
    }
}

/// The department of section 3 that owns a rule's step (see the module documentation).
pub fn department_of(rule_id: &str, clauses: &[String]) -> Department {
    let section3 = clauses.iter().find_map(|clause| {
        Department::ALL.into_iter().find(|d| {
            clause == d.clause()
                || clause.strip_prefix(d.clause()).is_some_and(|rest| rest.starts_with(['.', '(', '-']))
        })
    });
    match section3 {
        Some(department) => department,
        None if rule_id.starts_with("decision/") => Department::Technical,
        None if rule_id.starts_with("certificate/") => Department::General,
        None => Department::Audit,
    }
}

/// Violated and not-evaluable findings (waived excluded).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Violated findings.
    pub violated: usize,
    /// Not-evaluable findings (missing evidence).
    pub not_evaluable: usize,
    /// Both.
    pub total: usize,
}

impl Counts {
    fn add(&mut self, finding: &JsonFinding) {
        if finding.verdict == "not_evaluable" {
            self.not_evaluable += 1;
        } else {
            self.violated += 1;
        }
        self.total += 1;
    }
}

/// Totals of the run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Case files given.
    pub files: usize,
    /// Cases that loaded and were evaluated.
    pub cases_checked: usize,
    /// Cases with at least one (unwaived) finding.
    pub cases_with_findings: usize,
    /// Findings, violated and not evaluable (waived excluded).
    #[serde(flatten)]
    pub findings: Counts,
    /// Findings waived by a valid waiver (excluded from every other count).
    pub waived: usize,
    /// Requirements not yet due.
    pub not_yet_due: usize,
    /// Input and rules errors.
    pub errors: usize,
}

/// Counts of one rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleRow {
    /// Rule id.
    pub rule: String,
    /// Rule title.
    pub title: Bilingual,
    /// `error` or `warning`.
    pub severity: &'static str,
    /// Procedure clauses the rule enforces.
    pub clauses: Vec<String>,
    /// The responsible department.
    pub department: Department,
    /// Its findings.
    #[serde(flatten)]
    pub counts: Counts,
}

/// Counts of one procedure clause (a finding counts for every clause its rule cites).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClauseRow {
    /// Clause id, e.g. `4.2.8.1(1)`.
    pub clause: String,
    /// Findings of rules citing it.
    #[serde(flatten)]
    pub counts: Counts,
}

/// Counts of one scheme (a finding counts for every scheme of its case).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchemeRow {
    /// `ISMS`, `ITSMS`, …
    pub scheme: String,
    /// Findings in cases of the scheme.
    #[serde(flatten)]
    pub counts: Counts,
}

/// Counts of one department of procedure section 3.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DepartmentRow {
    /// The department.
    pub department: Department,
    /// Its clause of section 3.
    pub clause: &'static str,
    /// Its name.
    pub name: Bilingual,
    /// Findings of the rules it owns.
    #[serde(flatten)]
    pub counts: Counts,
    /// Ids of the rules with findings that it owns.
    pub rules: Vec<String>,
}

/// Counts of one auditor (a finding counts for every member of its case's audit teams).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditorRow {
    /// Staff id.
    pub auditor: String,
    /// Findings in cases the auditor audited.
    #[serde(flatten)]
    pub counts: Counts,
    /// Cases with findings the auditor audited.
    pub cases: usize,
}

/// Counts of one case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseRow {
    /// The case's `case_id`.
    pub case_id: String,
    /// The case file.
    pub file: String,
    /// Its findings.
    #[serde(flatten)]
    pub counts: Counts,
}

/// Not-evaluable findings missing facts of one pattern.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GapRow {
    /// The missing fact's pointer with array indices replaced by `*`, e.g.
    /// `/audits/*/report/reviewed` or `staff.json#/staff/*/registrations`.
    pub pattern: String,
    /// Not-evaluable findings missing a fact of this pattern.
    pub findings: usize,
    /// Cases with such findings.
    pub cases: usize,
    /// Rules that needed the fact.
    pub rules: Vec<String>,
}

/// The whole-CB summary of a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// The as-of date of the run.
    pub as_of: String,
    /// Totals.
    pub totals: Totals,
    /// Per rule with findings: most findings first.
    pub by_rule: Vec<RuleRow>,
    /// Per procedure clause with findings, in the procedure's order.
    pub by_clause: Vec<ClauseRow>,
    /// Per scheme with findings, by name.
    pub by_scheme: Vec<SchemeRow>,
    /// Per department of section 3: all four, in the procedure's order.
    pub by_department: Vec<DepartmentRow>,
    /// Per auditor with findings: most findings first.
    pub by_auditor: Vec<AuditorRow>,
    /// The cases with the most findings (at most [`TOP_CASES`]).
    pub top_cases: Vec<CaseRow>,
    /// Not-evaluable findings grouped by missing-fact pattern: most findings first.
    pub evidence_gaps: Vec<GapRow>,
}

/// A JSON pointer (optionally prefixed `file#`) with every array index replaced by `*`.
pub fn pointer_pattern(pointer: &str) -> String {
    let (prefix, path) = match pointer.split_once('#') {
        Some((file, path)) => (format!("{file}#"), path),
        None => (String::new(), pointer),
    };
    let segments: Vec<&str> = path
        .split('/')
        .enumerate()
        .map(|(i, s)| if i > 0 && !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) { "*" } else { s })
        .collect();
    format!("{prefix}{}", segments.join("/"))
}

fn severity_code(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// Where a clause stands in the procedure (unknown clauses last).
fn clause_position(id: &str) -> usize {
    crate::procedure::clauses().position(|c| c.id == id).unwrap_or(usize::MAX)
}

/// A case as (file, case id).
type CaseKey<'a> = (&'a str, &'a str);

/// A gap being counted: findings, cases, rules.
type Gap<'a> = (usize, BTreeSet<CaseKey<'a>>, BTreeSet<&'a str>);

/// Computes the summary of a report.
pub fn summarize(report: &JsonReport, rules: &RuleSet) -> Summary {
    let counted: Vec<&JsonFinding> = report.findings.iter().filter(|f| f.waived.is_none()).collect();
    let mut totals = Totals {
        files: report.summary.files,
        cases_checked: report.summary.cases_checked,
        waived: report.findings.len() - counted.len(),
        not_yet_due: report.summary.not_yet_due,
        errors: report.errors.len(),
        ..Totals::default()
    };
    let mut by_rule: BTreeMap<&str, RuleRow> = BTreeMap::new();
    let mut by_clause: BTreeMap<&str, Counts> = BTreeMap::new();
    let mut by_scheme: BTreeMap<&str, Counts> = BTreeMap::new();
    let mut by_department: BTreeMap<Department, (Counts, BTreeSet<&str>)> = BTreeMap::new();
    let mut by_auditor: BTreeMap<&str, (Counts, BTreeSet<CaseKey>)> = BTreeMap::new();
    let mut by_case: BTreeMap<(&str, &str), Counts> = BTreeMap::new();
    let mut gaps: BTreeMap<String, Gap> = BTreeMap::new();

    for finding in &counted {
        totals.findings.add(finding);
        let rule = rules.rule(&finding.rule);
        let clauses = rule.map_or(&finding.clauses, |r| &r.clauses);
        let department = department_of(&finding.rule, clauses);
        by_rule
            .entry(&finding.rule)
            .or_insert_with(|| RuleRow {
                rule: finding.rule.clone(),
                title: rule.map_or_else(
                    || finding.title.clone(),
                    |r| Bilingual { zh: r.title.zh.clone(), en: r.title.en.clone() },
                ),
                severity: rule.map_or(finding.severity, |r| severity_code(r.severity)),
                clauses: clauses.clone(),
                department,
                counts: Counts::default(),
            })
            .counts
            .add(finding);
        let unique_clauses: BTreeSet<&str> = finding.clauses.iter().map(String::as_str).collect();
        for clause in unique_clauses {
            by_clause.entry(clause).or_default().add(finding);
        }
        let schemes: BTreeSet<&str> = finding.schemes.iter().map(String::as_str).collect();
        for scheme in schemes {
            by_scheme.entry(scheme).or_default().add(finding);
        }
        let entry = by_department.entry(department).or_default();
        entry.0.add(finding);
        entry.1.insert(&finding.rule);
        let case = (finding.file.as_str(), finding.case_id.as_str());
        let auditors: BTreeSet<&str> = finding.auditors.iter().map(String::as_str).collect();
        for auditor in auditors {
            let entry = by_auditor.entry(auditor).or_default();
            entry.0.add(finding);
            entry.1.insert(case);
        }
        by_case.entry(case).or_default().add(finding);
        if finding.verdict == "not_evaluable" {
            let mut patterns: BTreeSet<String> = finding.missing.iter().map(|m| pointer_pattern(m)).collect();
            if patterns.is_empty() {
                patterns.insert(pointer_pattern(&finding.pointer));
            }
            for pattern in patterns {
                let entry = gaps.entry(pattern).or_default();
                entry.0 += 1;
                entry.1.insert(case);
                entry.2.insert(&finding.rule);
            }
        }
    }
    totals.cases_with_findings = by_case.len();

    let mut by_rule: Vec<RuleRow> = by_rule.into_values().collect();
    by_rule.sort_by(|a, b| b.counts.total.cmp(&a.counts.total).then_with(|| a.rule.cmp(&b.rule)));
    let mut by_clause: Vec<ClauseRow> =
        by_clause.into_iter().map(|(clause, counts)| ClauseRow { clause: clause.to_string(), counts }).collect();
    by_clause.sort_by_cached_key(|row| (clause_position(&row.clause), row.clause.clone()));
    let by_scheme =
        by_scheme.into_iter().map(|(scheme, counts)| SchemeRow { scheme: scheme.to_string(), counts }).collect();
    let by_department = Department::ALL
        .into_iter()
        .map(|department| {
            let (counts, rules) = by_department.remove(&department).unwrap_or_default();
            DepartmentRow {
                department,
                clause: department.clause(),
                name: Bilingual {
                    zh: department.name(Lang::Zh).to_string(),
                    en: department.name(Lang::En).to_string(),
                },
                counts,
                rules: rules.into_iter().map(str::to_string).collect(),
            }
        })
        .collect();
    let mut by_auditor: Vec<AuditorRow> = by_auditor
        .into_iter()
        .map(|(auditor, (counts, cases))| AuditorRow { auditor: auditor.to_string(), counts, cases: cases.len() })
        .collect();
    by_auditor.sort_by(|a, b| b.counts.total.cmp(&a.counts.total).then_with(|| a.auditor.cmp(&b.auditor)));
    let mut top_cases: Vec<CaseRow> = by_case
        .into_iter()
        .map(|((file, case_id), counts)| CaseRow { case_id: case_id.to_string(), file: file.to_string(), counts })
        .collect();
    top_cases.sort_by(|a, b| b.counts.total.cmp(&a.counts.total).then_with(|| a.file.cmp(&b.file)));
    top_cases.truncate(TOP_CASES);
    let mut evidence_gaps: Vec<GapRow> = gaps
        .into_iter()
        .map(|(pattern, (findings, cases, rules))| GapRow {
            pattern,
            findings,
            cases: cases.len(),
            rules: rules.into_iter().map(str::to_string).collect(),
        })
        .collect();
    evidence_gaps.sort_by(|a, b| b.findings.cmp(&a.findings).then_with(|| a.pattern.cmp(&b.pattern)));

    Summary {
        as_of: report.as_of.clone(),
        totals,
        by_rule,
        by_clause,
        by_scheme,
        by_department,
        by_auditor,
        top_cases,
        evidence_gaps,
    }
}

/// The headings and labels of the summary, in one language.
pub(crate) struct Words {
    pub title: &'static str,
    pub by_department: &'static str,
    pub by_clause: &'static str,
    pub by_rule: &'static str,
    pub by_scheme: &'static str,
    pub by_auditor: &'static str,
    pub top_cases: &'static str,
    pub gaps: &'static str,
    pub department: &'static str,
    pub clause: &'static str,
    pub rule: &'static str,
    pub severity: &'static str,
    pub scheme: &'static str,
    pub auditor: &'static str,
    pub case: &'static str,
    pub file: &'static str,
    pub violated: &'static str,
    pub not_evaluable: &'static str,
    pub total: &'static str,
    pub cases: &'static str,
    pub missing_fact: &'static str,
    pub findings: &'static str,
    pub rules: &'static str,
    pub none: &'static str,
    pub error: &'static str,
    pub warning: &'static str,
}

pub(crate) fn words(lang: Lang) -> Words {
    match lang {
        Lang::Zh => Words {
            title: "全机构汇总",
            by_department: "按责任部门（程序第 3 章）",
            by_clause: "按程序条款",
            by_rule: "按规则",
            by_scheme: "按认证方案",
            by_auditor: "按审核组成员",
            top_cases: "发现最多的案卷（前 10 个）",
            gaps: "证据缺口（无法评估，按缺失的事实）",
            department: "部门",
            clause: "条款",
            rule: "规则",
            severity: "级别",
            scheme: "方案",
            auditor: "人员",
            case: "案卷",
            file: "文件",
            violated: "违规",
            not_evaluable: "无法评估",
            total: "合计",
            cases: "案卷数",
            missing_fact: "缺失的事实",
            findings: "发现数",
            rules: "规则",
            none: "（无）",
            error: "错误",
            warning: "警告",
        },
        Lang::En => Words {
            title: "Whole-CB summary",
            by_department: "By responsible department (procedure section 3)",
            by_clause: "By procedure clause",
            by_rule: "By rule",
            by_scheme: "By scheme",
            by_auditor: "By audit team member",
            top_cases: "Cases with the most findings (top 10)",
            gaps: "Evidence gaps (not evaluable, by missing fact)",
            department: "department",
            clause: "clause",
            rule: "rule",
            severity: "severity",
            scheme: "scheme",
            auditor: "staff",
            case: "case",
            file: "file",
            violated: "violated",
            not_evaluable: "not evaluable",
            total: "total",
            cases: "cases",
            missing_fact: "missing fact",
            findings: "findings",
            rules: "rules",
            none: "(none)",
            error: "error",
            warning: "warning",
        },
    }
}

/// The line with the totals.
pub(crate) fn totals_line(summary: &Summary, lang: Lang) -> String {
    let t = &summary.totals;
    match lang {
        Lang::Zh => format!(
            "截至 {}：检查案卷 {} 个，其中 {} 个有发现；违规 {} 项，无法评估 {} 项（合计 {} 项）；已豁免 {} 项，未到期 {} 项，输入错误 {} 个",
            summary.as_of,
            t.cases_checked,
            t.cases_with_findings,
            t.findings.violated,
            t.findings.not_evaluable,
            t.findings.total,
            t.waived,
            t.not_yet_due,
            t.errors
        ),
        Lang::En => format!(
            "as of {}: {} cases checked, {} with findings; {} violated, {} not evaluable ({} in all); {} waived, {} not yet due, {} input errors",
            summary.as_of,
            t.cases_checked,
            t.cases_with_findings,
            t.findings.violated,
            t.findings.not_evaluable,
            t.findings.total,
            t.waived,
            t.not_yet_due,
            t.errors
        ),
    }
}

/// A plain-text table: columns padded to their display width (CJK characters count two),
/// columns listed in `right` aligned right.
/// Cells are made [visible](super::text::visible) before they are measured.
fn text_table(headers: &[&str], rows: &[Vec<String>], right: &[usize]) -> String {
    let rows: Vec<Vec<std::borrow::Cow<'_, str>>> =
        rows.iter().map(|row| row.iter().map(|cell| super::text::visible(cell)).collect()).collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.width()).collect();
    for row in &rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.width());
            }
        }
    }
    let line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut out = String::from(" ");
        for (i, cell) in cells.enumerate() {
            let pad = " ".repeat(widths.get(i).copied().unwrap_or(0).saturating_sub(cell.width()));
            out.push(' ');
            if right.contains(&i) {
                out.push_str(&pad);
                out.push_str(cell);
            } else {
                out.push_str(cell);
                out.push_str(&pad);
            }
            out.push(' ');
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    };
    let mut out = line(&mut headers.iter().copied());
    let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
    out.push_str(&line(&mut rule.iter().map(String::as_str)));
    for row in &rows {
        out.push_str(&line(&mut row.iter().map(|cell| cell.as_ref())));
    }
    out
}

/// The three counts every summary table shows (text and HTML), as cells.
pub(super) fn counts_cells(counts: &Counts) -> [String; 3] {
    [counts.violated.to_string(), counts.not_evaluable.to_string(), counts.total.to_string()]
}

/// A table row: its leading cells, then the three counts.
fn counted(mut cells: Vec<String>, counts: &Counts) -> Vec<String> {
    cells.extend(counts_cells(counts));
    cells
}

fn section(out: &mut String, heading: &str, headers: &[&str], rows: &[Vec<String>], right: &[usize], none: &str) {
    out.push('\n');
    out.push_str(heading);
    out.push('\n');
    if rows.is_empty() {
        out.push_str("  ");
        out.push_str(none);
        out.push('\n');
    } else {
        out.push_str(&text_table(headers, rows, right));
    }
}

/// The summary as plain-text tables, with headings in `lang`.
pub fn render_summary(summary: &Summary, lang: Lang) -> String {
    let w = words(lang);
    let mut out = format!("{}\n{}\n", w.title, totals_line(summary, lang));
    let rows: Vec<_> = summary
        .by_department
        .iter()
        .map(|row| counted(vec![row.clause.to_string(), row.department.name(lang).to_string()], &row.counts))
        .collect();
    let headers = [w.clause, w.department, w.violated, w.not_evaluable, w.total];
    section(&mut out, w.by_department, &headers, &rows, &[2, 3, 4], w.none);

    let rows: Vec<_> = summary.by_clause.iter().map(|row| counted(vec![row.clause.clone()], &row.counts)).collect();
    section(&mut out, w.by_clause, &[w.clause, w.violated, w.not_evaluable, w.total], &rows, &[1, 2, 3], w.none);

    let rows: Vec<_> = summary
        .by_rule
        .iter()
        .map(|row| {
            let severity = if row.severity == "error" { w.error } else { w.warning };
            counted(vec![row.rule.clone(), severity.to_string(), row.department.name(lang).to_string()], &row.counts)
        })
        .collect();
    let headers = [w.rule, w.severity, w.department, w.violated, w.not_evaluable, w.total];
    section(&mut out, w.by_rule, &headers, &rows, &[3, 4, 5], w.none);

    let rows: Vec<_> = summary.by_scheme.iter().map(|row| counted(vec![row.scheme.clone()], &row.counts)).collect();
    section(&mut out, w.by_scheme, &[w.scheme, w.violated, w.not_evaluable, w.total], &rows, &[1, 2, 3], w.none);

    let rows: Vec<_> = summary
        .by_auditor
        .iter()
        .map(|row| counted(vec![row.auditor.clone(), row.cases.to_string()], &row.counts))
        .collect();
    let headers = [w.auditor, w.cases, w.violated, w.not_evaluable, w.total];
    section(&mut out, w.by_auditor, &headers, &rows, &[1, 2, 3, 4], w.none);

    let rows: Vec<_> = summary
        .top_cases
        .iter()
        .map(|row| {
            let mut cells = counted(vec![row.case_id.clone()], &row.counts);
            cells.push(row.file.clone());
            cells
        })
        .collect();
    let headers = [w.case, w.violated, w.not_evaluable, w.total, w.file];
    section(&mut out, w.top_cases, &headers, &rows, &[1, 2, 3], w.none);

    let rows: Vec<Vec<String>> = summary
        .evidence_gaps
        .iter()
        .map(|row| vec![row.pattern.clone(), row.findings.to_string(), row.cases.to_string(), row.rules.join(", ")])
        .collect();
    section(&mut out, w.gaps, &[w.missing_fact, w.findings, w.cases, w.rules], &rows, &[1, 2], w.none);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_replace_indices_only() {
        assert_eq!(pointer_pattern("/audits/3/report/reviewed"), "/audits/*/report/reviewed");
        assert_eq!(pointer_pattern("staff.json#/staff/12/registrations/0"), "staff.json#/staff/*/registrations/*");
        assert_eq!(pointer_pattern("/client/sites/3a"), "/client/sites/3a");
        assert_eq!(pointer_pattern("/"), "/");
        assert_eq!(pointer_pattern(""), "");
    }

    #[test]
    fn departments_follow_section_3() {
        let c = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(department_of("roles/application-received-by-market", &c(&["3.1", "3.1.1"])), Department::Market);
        assert_eq!(department_of("roles/decision-by-technical", &c(&["3.3.1"])), Department::Technical);
        assert_eq!(department_of("decision/override-justified", &c(&["4.1.6.3"])), Department::Technical);
        assert_eq!(department_of("certificate/published", &c(&["3.4.4"])), Department::General);
        assert_eq!(department_of("certificate/validity", &c(&["4.1.2.1"])), Department::General);
        assert_eq!(department_of("certificate/reported-to-cnca", &c(&["3.2.2"])), Department::Audit);
        assert_eq!(department_of("cycle/itsms-surveillance-interval", &c(&["4.2.8.1(1)"])), Department::Audit);
        assert_eq!(department_of("time/itsms-table-days", &c(&["3.2.1", "5.3"])), Department::Audit);
        // 3.10 would not be 3.1.
        assert_eq!(department_of("x/y", &c(&["3.10"])), Department::Audit);
    }
}
