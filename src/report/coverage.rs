//! Renders the clause matrix (`caselint coverage`) and the rule reference
//! (`caselint rules --format markdown`) for reviewers and accreditation assessors.

use crate::check::{CheckedRule, RuleSet};
use crate::coverage::{ClauseCoverage, FixtureProof, VerdictCounts, fixture_count, fixture_proof};
use crate::syntax::ast::{Lang, Severity};
use serde::Serialize;
use std::collections::BTreeMap;

/// Totals of the matrix, for the last line and the closing note.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CoverageSummary {
    /// Clauses, sections and items in the index.
    pub clauses: usize,
    /// Those with at least one rule.
    pub with_rules: usize,
    /// Those with a manual entry and no rule.
    pub manual_only: usize,
    /// Those accounted for only through their sub-clauses (headings).
    pub through_children: usize,
    /// Those with neither.
    pub unaccounted: usize,
    /// Rules.
    pub rules: usize,
    /// Fixture files.
    pub fixtures: usize,
    /// Manual entries.
    pub manual_entries: usize,
}

/// Computes the totals.
pub fn summary(rows: &[ClauseCoverage], rules: &RuleSet) -> CoverageSummary {
    CoverageSummary {
        clauses: rows.len(),
        with_rules: rows.iter().filter(|r| !r.rules.is_empty()).count(),
        manual_only: rows.iter().filter(|r| r.rules.is_empty() && r.manual.is_some()).count(),
        through_children: rows
            .iter()
            .filter(|r| r.rules.is_empty() && r.manual.is_none() && !r.through_children.is_empty())
            .count(),
        unaccounted: rows.iter().filter(|r| !r.accounted()).count(),
        rules: rules.rules.len(),
        fixtures: fixture_count(),
        manual_entries: rules.manual.len(),
    }
}

#[derive(Serialize)]
struct JsonClause<'a> {
    clause: &'a str,
    kind: &'a str,
    text: &'a str,
    rules: &'a [&'a str],
    manual: Option<JsonManual>,
    fixtures: &'a BTreeMap<&'a str, FixtureProof>,
    through_children: &'a [&'a str],
    #[serde(skip_serializing_if = "Option::is_none")]
    verdicts: Option<VerdictCounts>,
}

#[derive(Serialize)]
struct JsonManual {
    reason: super::json::Bilingual,
    inspect: super::json::Bilingual,
}

/// The matrix as JSON: `{ "clauses": [...], "summary": {...} }`.
pub fn coverage_json(rows: &[ClauseCoverage], rules: &RuleSet) -> String {
    let clauses: Vec<JsonClause> = rows
        .iter()
        .map(|row| JsonClause {
            clause: &row.clause.id,
            kind: &row.clause.kind,
            text: &row.clause.text,
            rules: &row.rules,
            manual: row.manual.map(|m| JsonManual {
                reason: super::json::Bilingual { zh: m.reason.zh.clone(), en: m.reason.en.clone() },
                inspect: super::json::Bilingual { zh: m.inspect.zh.clone(), en: m.inspect.en.clone() },
            }),
            fixtures: &row.fixtures,
            through_children: &row.through_children,
            verdicts: row.verdicts,
        })
        .collect();
    let document = serde_json::json!({ "clauses": clauses, "summary": summary(rows, rules) });
    serde_json::to_string_pretty(&document).unwrap_or_default() + "\n"
}

fn proof_marks(proof: &FixtureProof) -> String {
    let mark = |on: bool, c: char| if on { c } else { '-' };
    format!("{}{}{}", mark(proof.fires, 'F'), mark(proof.silent, 'S'), mark(proof.missing, 'U'))
}

fn status(row: &ClauseCoverage, lang: Lang) -> &'static str {
    let through_children = !row.through_children.is_empty();
    match (row.rules.is_empty(), row.manual.is_some(), through_children, lang) {
        (false, _, _, Lang::Zh) => "规则",
        (false, _, _, Lang::En) => "rule",
        (true, true, _, Lang::Zh) => "人工",
        (true, true, _, Lang::En) => "manual",
        (true, false, true, Lang::Zh) => "下级",
        (true, false, true, Lang::En) => "parts",
        (true, false, false, Lang::Zh) => "未覆盖",
        (true, false, false, Lang::En) => "UNACCOUNTED",
    }
}

/// The one-line count of the matrix ("条款 178 个：有规则 108 个，…").
pub fn summary_line(total: &CoverageSummary, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "条款 {} 个：有规则 {} 个，仅人工核查 {} 个，由下级条款覆盖 {} 个，未覆盖 {} 个；规则 {} 条，fixture {} 个，人工条目 {} 条",
            total.clauses,
            total.with_rules,
            total.manual_only,
            total.through_children,
            total.unaccounted,
            total.rules,
            total.fixtures,
            total.manual_entries
        ),
        Lang::En => format!(
            "{} clauses: {} with rules, {} manual only, {} through their sub-clauses, {} unaccounted; {} rules, {} fixtures, {} manual entries",
            total.clauses,
            total.with_rules,
            total.manual_only,
            total.through_children,
            total.unaccounted,
            total.rules,
            total.fixtures,
            total.manual_entries
        ),
    }
}

fn verdict_text(counts: &Option<VerdictCounts>) -> String {
    counts.map_or(String::new(), |v| format!("{}/{}/{}/{}", v.holds, v.violated, v.not_evaluable, v.not_yet_due))
}

/// The matrix as a terminal table.
pub fn coverage_table(rows: &[ClauseCoverage], rules: &RuleSet, lang: Lang) -> String {
    let mut out = String::new();
    let with_verdicts = rows.iter().any(|r| r.verdicts.is_some());
    let header = match lang {
        Lang::Zh => "条款              状态    规则（fixture：F 触发 S 不触发 U 无法评估）",
        Lang::En => "clause            status  rules (fixtures: F fires, S silent, U not evaluable)",
    };
    out.push_str(header);
    if with_verdicts {
        out.push_str(if lang == Lang::Zh {
            "  判定 符合/违规/无法评估/未到期"
        } else {
            "  verdicts holds/violated/not-evaluable/not-yet-due"
        });
    }
    out.push('\n');
    for row in rows {
        let rules_text: Vec<String> = row
            .rules
            .iter()
            .map(|id| format!("{id} [{}]", proof_marks(&row.fixtures.get(id).copied().unwrap_or_default())))
            .collect();
        let detail = if rules_text.is_empty() && row.manual.is_none() && !row.through_children.is_empty() {
            row.through_children.join(", ")
        } else if rules_text.is_empty() {
            row.manual.map_or(String::new(), |m| m.reason.get(lang).lines().next().unwrap_or("").to_string())
        } else {
            rules_text.join(", ")
        };
        out.push_str(&format!("{:<17} {:<7} {}", row.clause.id, status(row, lang), detail));
        if with_verdicts {
            out.push_str(&format!("  {}", verdict_text(&row.verdicts)));
        }
        out.push('\n');
    }
    out.push_str(&summary_line(&summary(rows, rules), lang));
    out.push('\n');
    out
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The matrix as Markdown (committed as `docs/coverage.md`).
pub fn coverage_markdown(rows: &[ClauseCoverage], rules: &RuleSet, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let mut out = String::new();
    out.push_str(if zh { "# 条款覆盖矩阵\n\n" } else { "# Clause coverage matrix\n\n" });
    out.push_str(if zh {
        "由 `caselint coverage --format markdown` 生成，请勿手工编辑。fixture：F 触发、S 不触发、U 证据缺失时无法评估。\n\n"
    } else {
        "Generated by `caselint coverage --format markdown --lang en`; do not edit. Fixtures: F fires, S stays silent, U not evaluable when evidence is missing.\n\n"
    });
    out.push_str(&format!("{}\n\n", summary_line(&summary(rows, rules), lang)));
    out.push_str(if zh {
        "| 条款 | 原文 | 规则 | 人工核查 |\n|---|---|---|---|\n"
    } else {
        "| clause | text (zh) | rules | manual check |\n|---|---|---|---|\n"
    });
    for row in rows {
        let rules_text: Vec<String> = row
            .rules
            .iter()
            .map(|id| {
                format!(
                    "[`{id}`](rules.md#{}) {}",
                    anchor(id),
                    proof_marks(&row.fixtures.get(id).copied().unwrap_or_default())
                )
            })
            .collect();
        let manual = match row.manual {
            Some(m) => {
                let inspect = if zh { "核查" } else { "inspect" };
                format!("{} ({inspect}: {})", m.reason.get(lang), m.inspect.get(lang))
            }
            None if row.rules.is_empty() && !row.through_children.is_empty() => {
                format!(
                    "{} {}",
                    if zh { "由下级条款覆盖：" } else { "through its parts:" },
                    row.through_children.join(", ")
                )
            }
            None => String::new(),
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            row.clause.id,
            cell(&row.clause.text),
            cell(&rules_text.join("<br>")),
            cell(&manual)
        ));
    }
    out
}

/// A Markdown heading anchor for a rule id (GitHub style).
fn anchor(id: &str) -> String {
    id.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '/').filter(|c| *c != '/').collect()
}

fn severity_name(severity: Severity, lang: Lang) -> &'static str {
    match (severity, lang) {
        (Severity::Error, Lang::Zh) => "错误",
        (Severity::Error, Lang::En) => "error",
        (Severity::Warning, Lang::Zh) => "警告",
        (Severity::Warning, Lang::En) => "warning",
    }
}

fn rule_section(rule: &CheckedRule) -> String {
    let proof = fixture_proof(&rule.id);
    let mut out = format!("## {}\n\n", rule.id);
    out.push_str(&format!("- 程序条款 / procedure clauses: {}\n", rule.clauses.join(", ")));
    if !rule.cites.is_empty() {
        out.push_str(&format!("- 引用 / imports: {}\n", rule.cites.join(", ")));
    }
    out.push_str(&format!(
        "- 级别 / severity: {} / {}\n",
        severity_name(rule.severity, Lang::Zh),
        severity_name(rule.severity, Lang::En)
    ));
    out.push_str(&format!("- 标题 / title: {} / {}\n", rule.title.zh, rule.title.en));
    out.push_str(&format!("- fixtures: {}\n\n", proof_marks(&proof)));
    out.push_str(&format!("{}\n\n{}\n\n", rule.doc.zh, rule.doc.en));
    out
}

/// The rule reference, bilingual (committed as `docs/rules.md`).
pub fn rules_markdown(rules: &RuleSet) -> String {
    let mut out = String::from("# 规则参考 / Rule reference\n\n");
    out.push_str("由 `caselint rules --format markdown` 生成，请勿手工编辑。 / Generated by `caselint rules --format markdown`; do not edit.\n\n");
    out.push_str(&format!("{} 条规则 / {} rules.\n\n", rules.rules.len(), rules.rules.len()));
    for rule in &rules.rules {
        out.push_str(&rule_section(rule));
    }
    out
}
