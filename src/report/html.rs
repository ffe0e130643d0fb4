//! The HTML report (`--format html`): one self-contained file a quality manager can open or
//! mail — inline CSS, inline SVG bar charts, no script, no external asset.
//!
//! Written by hand with `format!` and [`escape_html`] rather than a template crate: the page is
//! a handful of tables and lists produced by loops, every text passes through one escaping
//! function, and a template engine (askama, maud) would add a proc-macro dependency and a
//! second language for no gain in safety here.
//!
//! Contents, in order: title, as-of date and version; the totals; per responsible department
//! (SVG bar chart and table); per procedure clause (SVG bar chart and table, with the clause
//! text); per rule; per scheme; per audit team member; the cases with the most findings; the
//! evidence gaps; every finding grouped by case file (rule id, title, severity, verdict,
//! waiver, message, location `file:line:column`, JSON pointer, missing facts, clauses and
//! cites, help, and the case excerpt); requirements not yet due; waiver problems; input
//! errors; and the documentation of every rule a finding or not-yet-due requirement names.

use super::json::{Bilingual, JsonFinding, JsonReport};
use super::summary::{Counts, Summary, Words, counts_cells, totals_line, words};
use crate::check::RuleSet;
use crate::syntax::ast::{Lang, Severity};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use unicode_width::UnicodeWidthStr;

/// Escapes text for HTML and SVG text and attribute values (`&`, `<`, `>`, `"`, `'`).
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The lines `line - context ..= line + context` of a source text, numbered, the finding's
/// line marked with `>` — the form [`render_html`] expects in its `excerpts`.
pub fn excerpt(text: &str, line: usize, context: usize) -> String {
    let first = line.saturating_sub(context).max(1);
    let last = line.saturating_add(context);
    let width = last.to_string().len();
    let mut out = String::new();
    for (number, content) in text.lines().enumerate().map(|(i, l)| (i + 1, l)) {
        if number < first {
            continue;
        }
        if number > last {
            break;
        }
        let mark = if number == line { '>' } else { ' ' };
        let _ = writeln!(out, "{mark}{number:>width$} │ {content}");
    }
    out
}

struct HtmlWords {
    title: &'static str,
    as_of: &'static str,
    version: &'static str,
    contents: &'static str,
    totals: &'static str,
    cases_checked: &'static str,
    cases_with_findings: &'static str,
    waived: &'static str,
    not_yet_due: &'static str,
    errors: &'static str,
    all_findings: &'static str,
    no_findings: &'static str,
    location: &'static str,
    pointer: &'static str,
    missing: &'static str,
    clauses: &'static str,
    cites: &'static str,
    help: &'static str,
    excerpt: &'static str,
    waiver: &'static str,
    due: &'static str,
    message: &'static str,
    code: &'static str,
    waiver_problems: &'static str,
    rule_docs: &'static str,
    title_col: &'static str,
    clause_text: &'static str,
    chart_departments: &'static str,
    chart_clauses: &'static str,
    staff_note: &'static str,
    footer: &'static str,
}

fn html_words(lang: Lang) -> HtmlWords {
    match lang {
        Lang::Zh => HtmlWords {
            title: "认证案卷合规检查报告",
            as_of: "截至",
            version: "版本",
            contents: "目录",
            totals: "总览",
            cases_checked: "检查案卷",
            cases_with_findings: "有发现的案卷",
            waived: "已豁免",
            not_yet_due: "未到期",
            errors: "输入错误",
            all_findings: "全部发现",
            no_findings: "没有发现。",
            location: "位置",
            pointer: "JSON 指针",
            missing: "缺失的事实",
            clauses: "程序条款",
            cites: "引用",
            help: "如何满足",
            excerpt: "案卷摘录",
            waiver: "豁免",
            due: "到期日",
            message: "说明",
            code: "代码",
            waiver_problems: "豁免登记册的问题",
            rule_docs: "规则说明",
            title_col: "标题",
            clause_text: "条款原文",
            chart_departments: "各责任部门的发现数",
            chart_clauses: "各程序条款的发现数",
            staff_note: "按审核组成员统计：每项发现计入该案卷审核组的每位成员（人员编号见人员名录）。",
            footer: "由 caselint 生成；同样的输入得到同样的报告。",
        },
        Lang::En => HtmlWords {
            title: "Certification case compliance report",
            as_of: "as of",
            version: "version",
            contents: "Contents",
            totals: "Totals",
            cases_checked: "cases checked",
            cases_with_findings: "cases with findings",
            waived: "waived",
            not_yet_due: "not yet due",
            errors: "input errors",
            all_findings: "All findings",
            no_findings: "No findings.",
            location: "location",
            pointer: "JSON pointer",
            missing: "missing facts",
            clauses: "procedure clauses",
            cites: "imports",
            help: "what would satisfy the rule",
            excerpt: "case excerpt",
            waiver: "waiver",
            due: "due",
            message: "message",
            code: "code",
            waiver_problems: "Waiver register problems",
            rule_docs: "Rules",
            title_col: "title",
            clause_text: "clause text",
            chart_departments: "Findings per responsible department",
            chart_clauses: "Findings per procedure clause",
            staff_note: "Per audit team member: a finding counts for every member of its case's audit teams (staff ids of the registry).",
            footer: "Generated by caselint; the same inputs give the same report.",
        },
    }
}

const CSS: &str = r#"
:root { --violated: #d55e00; --unknown: #0072b2; --waived: #6b7280; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 24px; color: var(--ink); background: #fff;
  font: 14px/1.55 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 22px 0 8px; }
.meta, .note, footer { color: var(--muted); }
nav ol { columns: 2; padding-left: 20px; }
a { color: #0550ae; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Noto Sans Mono CJK SC", monospace; font-size: 12.5px; }
table { border-collapse: collapse; margin: 6px 0 12px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--bg); font-weight: 600; white-space: nowrap; }
td:first-child { white-space: nowrap; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 130px; background: var(--bg); }
.card b { display: block; font-size: 22px; }
.card.violated b { color: var(--violated); } .card.unknown b { color: var(--unknown); }
.chart { margin: 8px 0; max-width: 100%; height: auto; }
article.finding { border: 1px solid var(--line); border-left: 5px solid var(--violated); border-radius: 6px; padding: 10px 14px; margin: 10px 0; page-break-inside: avoid; }
article.finding.not_evaluable { border-left-color: var(--unknown); }
article.finding.waived { border-left-color: var(--waived); opacity: .85; }
article.finding > header { display: flex; flex-wrap: wrap; gap: 6px; align-items: baseline; }
.badge { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; color: #fff; background: var(--muted); }
.badge.error { background: #a40e26; } .badge.warning { background: #9a6700; }
.badge.violated { background: var(--violated); } .badge.not_evaluable { background: var(--unknown); } .badge.waived { background: var(--waived); }
.rule { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-weight: 600; }
.message { font-size: 15px; margin: 6px 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0; }
dt { color: var(--muted); } dd { margin: 0; }
pre { background: var(--bg); border: 1px solid var(--line); border-radius: 4px; padding: 8px; overflow-x: auto; white-space: pre-wrap; }
pre.excerpt { white-space: pre; }
pre.excerpt .hit { background: #fff1c2; display: inline-block; min-width: 100%; }
.doc { white-space: pre-wrap; }
@media print { nav { display: none; } body { max-width: none; padding: 0; } }
"#;

/// The stylesheet of this report, for other pages in the same style (the evidence pack).
pub fn stylesheet() -> &'static str {
    CSS
}

fn pick(text: &Bilingual, lang: Lang) -> &str {
    if lang == Lang::Zh { &text.zh } else { &text.en }
}

fn severity_word(severity: &str, w: &Words) -> &'static str {
    if severity == "error" { w.error } else { w.warning }
}

fn verdict_word(verdict: &str, w: &Words) -> &'static str {
    if verdict == "not_evaluable" { w.not_evaluable } else { w.violated }
}

/// An id attribute for an anchor: the text with ASCII alphanumerics, `-`, `.` and `/` kept
/// and every other byte written `_xx` (its hex), `_` included. One text gives one anchor on
/// every run, and two texts never share one (`a b.json` and `a_b.json` are `a_20b.json` and
/// `a_5fb.json`), so a link cannot lead to another case file.
fn anchor(prefix: &str, text: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + 1 + text.len());
    out.push_str(prefix);
    out.push('-');
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || "-./".contains(c) {
            out.push(c);
        } else {
            let mut bytes = [0; 4];
            for byte in c.encode_utf8(&mut bytes).bytes() {
                let _ = write!(out, "_{byte:02x}");
            }
        }
    }
    out
}

/// A horizontal stacked bar chart (violated, then not evaluable) as inline SVG.
fn bar_chart(caption: &str, rows: &[(String, Counts)], w: &Words) -> String {
    const ROW: f64 = 24.0;
    const BAR_AREA: f64 = 420.0;
    const TOP: f64 = 30.0;
    let label_width = rows.iter().map(|(label, _)| label.width()).max().unwrap_or(0).clamp(4, 40) as f64 * 7.5 + 16.0;
    let width = label_width + BAR_AREA + 60.0;
    let height = TOP + ROW * rows.len().max(1) as f64 + 8.0;
    let max = rows.iter().map(|(_, c)| c.total).max().unwrap_or(0).max(1) as f64;
    let mut svg = format!(
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"{label}\" \
         width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" \
         font-family=\"system-ui, sans-serif\" font-size=\"12\">\n<title>{label}</title>\n",
        label = escape_html(caption)
    );
    let _ = writeln!(
        svg,
        "<rect x=\"{label_width:.0}\" y=\"6\" width=\"12\" height=\"12\" fill=\"#d55e00\"/>\
         <text x=\"{:.0}\" y=\"16\">{}</text>\
         <rect x=\"{:.0}\" y=\"6\" width=\"12\" height=\"12\" fill=\"#0072b2\"/>\
         <text x=\"{:.0}\" y=\"16\">{}</text>",
        label_width + 16.0,
        escape_html(w.violated),
        label_width + 110.0,
        label_width + 126.0,
        escape_html(w.not_evaluable)
    );
    for (i, (label, counts)) in rows.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        let violated = counts.violated as f64 / max * BAR_AREA;
        let unknown = counts.not_evaluable as f64 / max * BAR_AREA;
        let _ = writeln!(
            svg,
            "<g><title>{label}: {vw} {v}, {nw} {n}</title>\
             <text x=\"{lx:.0}\" y=\"{ty:.1}\" text-anchor=\"end\">{label}</text>\
             <rect x=\"{x0:.1}\" y=\"{y:.1}\" width=\"{violated:.1}\" height=\"16\" fill=\"#d55e00\"/>\
             <rect x=\"{x1:.1}\" y=\"{y:.1}\" width=\"{unknown:.1}\" height=\"16\" fill=\"#0072b2\"/>\
             <text x=\"{x2:.1}\" y=\"{ty:.1}\">{total}</text></g>",
            label = escape_html(label),
            vw = escape_html(w.violated),
            nw = escape_html(w.not_evaluable),
            v = counts.violated,
            n = counts.not_evaluable,
            lx = label_width - 8.0,
            ty = y + 12.5,
            x0 = label_width,
            x1 = label_width + violated,
            x2 = label_width + violated + unknown + 6.0,
            total = counts.total,
        );
    }
    svg.push_str("</svg>\n");
    svg
}

/// A table, or `none` as a note when there are no rows.
fn table(headers: &[&str], rows: &[Vec<String>], numeric: &[usize], none: &str) -> String {
    if rows.is_empty() {
        return format!("<p class=\"note\">{}</p>\n", escape_html(none));
    }
    html_table(headers, rows, numeric)
}

/// A table: header cells and rows of already-escaped HTML cells; columns in `numeric` align right.
pub fn html_table(headers: &[&str], rows: &[Vec<String>], numeric: &[usize]) -> String {
    let class = |i: usize| if numeric.contains(&i) { " class=\"n\"" } else { "" };
    let mut out = String::from("<table>\n<thead><tr>");
    for (i, header) in headers.iter().enumerate() {
        let _ = write!(out, "<th{}>{}</th>", class(i), escape_html(header));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let _ = write!(out, "<td{}>{cell}</td>", class(i));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

fn code(text: &str) -> String {
    format!("<code>{}</code>", escape_html(text))
}

fn rule_link(rule: &str) -> String {
    format!("<a class=\"rule\" href=\"#{}\">{}</a>", escape_html(&anchor("rule", rule)), escape_html(rule))
}

fn render_excerpt(text: &str) -> String {
    let mut out = String::from("<pre class=\"excerpt\">");
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if line.starts_with('>') {
            let _ = write!(out, "<span class=\"hit\">{}</span>", escape_html(line));
        } else {
            out.push_str(&escape_html(line));
        }
    }
    out.push_str("</pre>\n");
    out
}

fn finding_article(
    number: usize,
    finding: &JsonFinding,
    excerpts: &BTreeMap<(String, usize), String>,
    lang: Lang,
    w: &Words,
    h: &HtmlWords,
) -> String {
    let waived = if finding.waived.is_some() { " waived" } else { "" };
    let mut out = format!(
        "<article class=\"finding {} {}{waived}\" id=\"f-{number}\">\n<header>{} <span class=\"badge {}\">{}</span> \
         <span class=\"badge {}\">{}</span>",
        escape_html(finding.verdict),
        escape_html(finding.severity),
        rule_link(&finding.rule),
        escape_html(finding.severity),
        escape_html(severity_word(finding.severity, w)),
        escape_html(finding.verdict),
        escape_html(verdict_word(finding.verdict, w)),
    );
    if finding.waived.is_some() {
        let _ = write!(out, " <span class=\"badge waived\">{}</span>", escape_html(h.waived));
    }
    let _ = writeln!(out, " <span>{}</span></header>", escape_html(pick(&finding.title, lang)));
    let _ = writeln!(out, "<p class=\"message\">{}</p>", escape_html(pick(&finding.message, lang)));
    out.push_str("<dl>\n");
    let _ = writeln!(
        out,
        "<dt>{}</dt><dd>{}</dd>",
        escape_html(h.location),
        code(&format!("{}:{}:{}", finding.file, finding.line, finding.column))
    );
    let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", escape_html(h.pointer), code(&finding.pointer));
    if !finding.missing.is_empty() {
        let missing: Vec<String> = finding.missing.iter().map(|m| code(m)).collect();
        let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", escape_html(h.missing), missing.join(", "));
    }
    let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", escape_html(h.clauses), escape_html(&finding.clauses.join(", ")));
    if !finding.cites.is_empty() {
        let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", escape_html(h.cites), escape_html(&finding.cites.join(", ")));
    }
    if let Some(waiver) = &finding.waived {
        let text = match lang {
            Lang::Zh => format!(
                "第 {} 条：{}（批准人 {}，{} 批准，至 {}）",
                waiver.number, waiver.reason, waiver.approved_by, waiver.approved, waiver.expires
            ),
            Lang::En => format!(
                "#{}: {} (approved by {} on {}, until {})",
                waiver.number, waiver.reason, waiver.approved_by, waiver.approved, waiver.expires
            ),
        };
        let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", escape_html(h.waiver), escape_html(&text));
    }
    out.push_str("</dl>\n");
    let _ = writeln!(
        out,
        "<p><b>{}</b></p>\n<pre class=\"help\">{}</pre>",
        escape_html(h.help),
        escape_html(pick(&finding.help, lang))
    );
    if let Some(text) = excerpts.get(&(finding.file.clone(), finding.line)) {
        let _ = writeln!(out, "<p><b>{}</b></p>", escape_html(h.excerpt));
        out.push_str(&render_excerpt(text));
    }
    // A cross-case finding also shows the other case file where it meets this one.
    if let Some(label) = finding.labels.iter().find(|l| l.file.is_some())
        && let Some(file) = &label.file
        && let Some(text) = excerpts.get(&(file.clone(), label.line))
    {
        let _ = writeln!(out, "<p><b>{} — {}</b></p>", escape_html(h.excerpt), escape_html(file));
        out.push_str(&render_excerpt(text));
    }
    out.push_str("</article>\n");
    out
}

/// Renders the whole report as one self-contained HTML page.
///
/// `excerpts` maps (file, line) of a finding to the case lines around it (as [`excerpt`]
/// makes them); a finding without an entry is shown without excerpt.
pub fn render_html(
    report: &JsonReport,
    summary: &Summary,
    rules: &RuleSet,
    lang: Lang,
    excerpts: &BTreeMap<(String, usize), String>,
) -> String {
    let w = words(lang);
    let h = html_words(lang);
    let t = &summary.totals;
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"caselint {}\">\n<title>{} — {} {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        if lang == Lang::Zh { "zh-CN" } else { "en" },
        escape_html(report.version),
        escape_html(h.title),
        escape_html(h.as_of),
        escape_html(&report.as_of)
    );
    let _ = writeln!(
        out,
        "<header>\n<h1>{}</h1>\n<p class=\"meta\">{} {} · caselint {} {}</p>\n<p>{}</p>\n</header>",
        escape_html(h.title),
        escape_html(h.as_of),
        escape_html(&report.as_of),
        escape_html(h.version),
        escape_html(report.version),
        escape_html(&totals_line(summary, lang))
    );

    let sections: [(&str, &str); 10] = [
        ("totals", h.totals),
        ("departments", w.by_department),
        ("clauses", w.by_clause),
        ("rules", w.by_rule),
        ("schemes", w.by_scheme),
        ("auditors", w.by_auditor),
        ("cases", w.top_cases),
        ("gaps", w.gaps),
        ("findings", h.all_findings),
        ("rule-docs", h.rule_docs),
    ];
    let _ = write!(out, "<nav><h2>{}</h2><ol>", escape_html(h.contents));
    for (id, heading) in sections {
        let _ = write!(out, "<li><a href=\"#{id}\">{}</a></li>", escape_html(heading));
    }
    out.push_str("</ol></nav>\n");

    // Totals.
    let _ = writeln!(out, "<section id=\"totals\">\n<h2>{}</h2>\n<div class=\"cards\">", escape_html(h.totals));
    let cards: [(&str, &str, usize); 7] = [
        ("", h.cases_checked, t.cases_checked),
        ("", h.cases_with_findings, t.cases_with_findings),
        ("violated", w.violated, t.findings.violated),
        ("unknown", w.not_evaluable, t.findings.not_evaluable),
        ("", h.waived, t.waived),
        ("", h.not_yet_due, t.not_yet_due),
        ("", h.errors, t.errors),
    ];
    for (class, label, value) in cards {
        let _ = writeln!(out, "<div class=\"card {class}\"><b>{value}</b>{}</div>", escape_html(label));
    }
    out.push_str("</div>\n</section>\n");

    // Departments.
    let _ = writeln!(out, "<section id=\"departments\">\n<h2>{}</h2>", escape_html(w.by_department));
    let chart_rows: Vec<(String, Counts)> = summary
        .by_department
        .iter()
        .map(|row| (format!("{} {}", row.clause, pick(&row.name, lang)), row.counts))
        .collect();
    out.push_str(&bar_chart(h.chart_departments, &chart_rows, &w));
    let rows: Vec<Vec<String>> = summary
        .by_department
        .iter()
        .map(|row| {
            let [v, n, total] = counts_cells(&row.counts);
            let rules: Vec<String> = row.rules.iter().map(|r| rule_link(r)).collect();
            vec![escape_html(row.clause), escape_html(pick(&row.name, lang)), v, n, total, rules.join(", ")]
        })
        .collect();
    out.push_str(&table(
        &[w.clause, w.department, w.violated, w.not_evaluable, w.total, w.rules],
        &rows,
        &[2, 3, 4],
        w.none,
    ));
    out.push_str("</section>\n");

    // Clauses.
    let _ = writeln!(out, "<section id=\"clauses\">\n<h2>{}</h2>", escape_html(w.by_clause));
    if !summary.by_clause.is_empty() {
        let chart_rows: Vec<(String, Counts)> =
            summary.by_clause.iter().map(|row| (row.clause.clone(), row.counts)).collect();
        out.push_str(&bar_chart(h.chart_clauses, &chart_rows, &w));
    }
    let rows: Vec<Vec<String>> = summary
        .by_clause
        .iter()
        .map(|row| {
            let [v, n, total] = counts_cells(&row.counts);
            let text = crate::procedure::clause(&row.clause).map_or("", |c| c.text.as_str());
            let short: String = text.chars().take(80).collect();
            let short = if short.len() < text.len() { format!("{short}…") } else { short };
            vec![escape_html(&row.clause), escape_html(&short), v, n, total]
        })
        .collect();
    out.push_str(&table(&[w.clause, h.clause_text, w.violated, w.not_evaluable, w.total], &rows, &[2, 3, 4], w.none));
    out.push_str("</section>\n");

    // Rules.
    let _ = writeln!(out, "<section id=\"rules\">\n<h2>{}</h2>", escape_html(w.by_rule));
    let rows: Vec<Vec<String>> = summary
        .by_rule
        .iter()
        .map(|row| {
            let [v, n, total] = counts_cells(&row.counts);
            vec![
                rule_link(&row.rule),
                escape_html(pick(&row.title, lang)),
                escape_html(severity_word(row.severity, &w)),
                escape_html(&row.clauses.join(", ")),
                escape_html(row.department.name(lang)),
                v,
                n,
                total,
            ]
        })
        .collect();
    let headers = [w.rule, h.title_col, w.severity, w.clause, w.department, w.violated, w.not_evaluable, w.total];
    out.push_str(&table(&headers, &rows, &[5, 6, 7], w.none));
    out.push_str("</section>\n");

    // Schemes.
    let _ = writeln!(out, "<section id=\"schemes\">\n<h2>{}</h2>", escape_html(w.by_scheme));
    let rows: Vec<Vec<String>> = summary
        .by_scheme
        .iter()
        .map(|row| {
            let [v, n, total] = counts_cells(&row.counts);
            vec![escape_html(&row.scheme), v, n, total]
        })
        .collect();
    out.push_str(&table(&[w.scheme, w.violated, w.not_evaluable, w.total], &rows, &[1, 2, 3], w.none));
    out.push_str("</section>\n");

    // Auditors.
    let _ = writeln!(
        out,
        "<section id=\"auditors\">\n<h2>{}</h2>\n<p class=\"note\">{}</p>",
        escape_html(w.by_auditor),
        escape_html(h.staff_note)
    );
    let rows: Vec<Vec<String>> = summary
        .by_auditor
        .iter()
        .map(|row| {
            let [v, n, total] = counts_cells(&row.counts);
            vec![code(&row.auditor), row.cases.to_string(), v, n, total]
        })
        .collect();
    out.push_str(&table(&[w.auditor, w.cases, w.violated, w.not_evaluable, w.total], &rows, &[1, 2, 3, 4], w.none));
    out.push_str("</section>\n");

    // Top cases.
    let _ = writeln!(out, "<section id=\"cases\">\n<h2>{}</h2>", escape_html(w.top_cases));
    let rows: Vec<Vec<String>> = summary
        .top_cases
        .iter()
        .map(|row| {
            let [v, n, total] = counts_cells(&row.counts);
            let link =
                format!("<a href=\"#{}\">{}</a>", escape_html(&anchor("case", &row.file)), escape_html(&row.case_id));
            vec![link, v, n, total, code(&row.file)]
        })
        .collect();
    out.push_str(&table(&[w.case, w.violated, w.not_evaluable, w.total, w.file], &rows, &[1, 2, 3], w.none));
    out.push_str("</section>\n");

    // Evidence gaps.
    let _ = writeln!(out, "<section id=\"gaps\">\n<h2>{}</h2>", escape_html(w.gaps));
    let rows: Vec<Vec<String>> = summary
        .evidence_gaps
        .iter()
        .map(|row| {
            let rules: Vec<String> = row.rules.iter().map(|r| rule_link(r)).collect();
            vec![code(&row.pattern), row.findings.to_string(), row.cases.to_string(), rules.join(", ")]
        })
        .collect();
    out.push_str(&table(&[w.missing_fact, w.findings, w.cases, w.rules], &rows, &[1, 2], w.none));
    out.push_str("</section>\n");

    // Every finding, by case file.
    let _ = writeln!(out, "<section id=\"findings\">\n<h2>{}</h2>", escape_html(h.all_findings));
    if report.findings.is_empty() {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", escape_html(h.no_findings));
    }
    let mut current: Option<&str> = None;
    for (i, finding) in report.findings.iter().enumerate() {
        if current != Some(finding.file.as_str()) {
            current = Some(&finding.file);
            let _ = writeln!(
                out,
                "<h3 id=\"{}\">{} <small>{}</small></h3>",
                escape_html(&anchor("case", &finding.file)),
                escape_html(&finding.case_id),
                code(&finding.file)
            );
        }
        out.push_str(&finding_article(i + 1, finding, excerpts, lang, &w, &h));
    }
    out.push_str("</section>\n");

    // Not yet due, waiver problems, input errors: only when there are any.
    if !report.not_yet_due.is_empty() {
        let _ = writeln!(out, "<section id=\"not-yet-due\">\n<h2>{}</h2>", escape_html(h.not_yet_due));
        let rows: Vec<Vec<String>> = report
            .not_yet_due
            .iter()
            .map(|f| {
                vec![
                    escape_html(&f.case_id),
                    rule_link(&f.rule),
                    escape_html(f.due.as_deref().unwrap_or("")),
                    escape_html(pick(&f.message, lang)),
                    code(&format!("{}:{}:{}", f.file, f.line, f.column)),
                ]
            })
            .collect();
        out.push_str(&table(&[w.case, w.rule, h.due, h.message, h.location], &rows, &[], w.none));
        out.push_str("</section>\n");
    }
    if !report.waiver_findings.is_empty() {
        let _ = writeln!(out, "<section id=\"waiver-problems\">\n<h2>{}</h2>", escape_html(h.waiver_problems));
        let rows: Vec<Vec<String>> = report
            .waiver_findings
            .iter()
            .map(|f| {
                vec![
                    code(&format!("{}:{}", f.file, f.line)),
                    escape_html(severity_word(f.severity, &w)),
                    code(&f.code),
                    escape_html(&f.case),
                    escape_html(&f.rule),
                    escape_html(pick(&f.message, lang)),
                ]
            })
            .collect();
        let headers = [h.location, w.severity, h.code, w.case, w.rule, h.message];
        out.push_str(&table(&headers, &rows, &[], w.none));
        out.push_str("</section>\n");
    }
    if !report.errors.is_empty() {
        let _ = writeln!(out, "<section id=\"errors\">\n<h2>{}</h2>", escape_html(h.errors));
        let rows: Vec<Vec<String>> = report
            .errors
            .iter()
            .map(|e| {
                vec![
                    code(&format!("{}:{}:{}", e.file, e.line, e.column)),
                    code(&e.code),
                    code(&e.pointer),
                    escape_html(pick(&e.message, lang)),
                ]
            })
            .collect();
        out.push_str(&table(&[h.location, h.code, h.pointer, h.message], &rows, &[], w.none));
        out.push_str("</section>\n");
    }

    // The rules that findings (waived ones included) and not-yet-due requirements link to,
    // documented, in the rule set's order.
    let cited: std::collections::BTreeSet<&str> =
        report.findings.iter().chain(&report.not_yet_due).map(|f| f.rule.as_str()).collect();
    let _ = writeln!(out, "<section id=\"rule-docs\">\n<h2>{}</h2>", escape_html(h.rule_docs));
    if cited.is_empty() {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", escape_html(w.none));
    }
    for rule in rules.rules.iter().filter(|r| cited.contains(r.id.as_str())) {
        let severity = match rule.severity {
            Severity::Error => w.error,
            Severity::Warning => w.warning,
        };
        let _ = writeln!(
            out,
            "<article id=\"{}\">\n<h3><span class=\"rule\">{}</span> {}</h3>\n<p>{} · {}</p>",
            escape_html(&anchor("rule", &rule.id)),
            escape_html(&rule.id),
            escape_html(rule.title.get(lang)),
            escape_html(severity),
            escape_html(&super::citation(rule, lang))
        );
        out.push_str("<dl>\n");
        for clause in &rule.clauses {
            let text = crate::procedure::clause(clause).map_or("", |c| c.text.as_str());
            let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", escape_html(clause), escape_html(text));
        }
        out.push_str("</dl>\n");
        let _ = writeln!(out, "<div class=\"doc\">{}</div>\n</article>", escape_html(rule.doc.get(lang).trim()));
    }
    out.push_str("</section>\n");
    let _ = writeln!(
        out,
        "<footer><p>{} caselint {}</p></footer>\n</body>\n</html>",
        escape_html(h.footer),
        escape_html(report.version)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(escape_html(r#"<a href="x">&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
    }

    #[test]
    fn anchors_are_unique_and_stable() {
        let names =
            ["cases/a b.json", "cases/a_b.json", "cases/a?b.json", "cases/a_3fb.json", "案卷一.json", "案卷二.json"];
        let anchors: Vec<String> = names.iter().map(|n| anchor("case", n)).collect();
        let distinct: std::collections::BTreeSet<&String> = anchors.iter().collect();
        assert_eq!(distinct.len(), names.len(), "{anchors:?}");
        assert_eq!(anchor("case", "cases/a b.json"), "case-cases/a_20b.json");
        assert_eq!(anchor("case", "cases/a_b.json"), "case-cases/a_5fb.json");
        assert_eq!(anchor("rule", "cycle/itsms-surveillance-interval"), "rule-cycle/itsms-surveillance-interval");
        assert!(anchors.iter().all(|a| !a.contains(char::is_whitespace)));
    }

    #[test]
    fn excerpt_marks_the_line() {
        let text = "a\nb\nc\nd\ne\n";
        assert_eq!(excerpt(text, 3, 1), " 2 │ b\n>3 │ c\n 4 │ d\n");
        assert_eq!(excerpt(text, 1, 1), ">1 │ a\n 2 │ b\n");
        assert_eq!(excerpt(text, 9, 1), "");
    }
}
