//! Stage 5: turn findings and errors into what users read.
//!
//! Consumes [`Finding`]s, [`LoadError`]s and [`CheckError`]s; produces miette
//! diagnostics (human output) and the JSON contract. The only module that knows
//! languages and output formats.

pub mod calendar;
pub mod catalogue;
pub mod coverage;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod summary;
pub mod text;
pub mod waivers;

use crate::check::{CheckError, CheckedRule};
use crate::eval::{Absence, Finding, FindingLabel, Verdict, lang_index};
use crate::facts::LoadError;
use crate::source::SourceFile;
use crate::syntax::ast::{Lang, Severity};
use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode};
use std::fmt;
use std::sync::Arc;

/// One rendered-ready diagnostic: a finding, an input error or a rules error.
#[derive(Debug, Clone)]
pub struct Diag {
    /// Stable code (a rule id or `caselint::load::…`).
    pub code: String,
    /// Error or warning.
    pub severity: miette::Severity,
    /// The main line.
    pub message: String,
    /// What would satisfy the rule or fix the input.
    pub help: Option<String>,
    /// Underlines; the first is primary.
    pub labels: Vec<LabeledSpan>,
    /// The file the labels point into.
    pub source: NamedSource<Arc<str>>,
    /// Labels far from the primary one, shown as their own snippets so the excerpt stays short.
    pub related: Vec<Diag>,
    /// The source is an excerpt of a line too long to show whole ([`long_line_excerpt`]):
    /// its name says where it is, so the header shows no line and column of its own.
    pub excerpt: bool,
}

impl fmt::Display for Diag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diag {}

impl Diagnostic for Diag {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        if self.code.is_empty() { None } else { Some(Box::new(&self.code)) }
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() { None } else { Some(Box::new(self.labels.iter().cloned())) }
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() { None } else { Some(Box::new(self.related.iter().map(|d| d as &dyn Diagnostic))) }
    }
}

/// Whether a waiver problem fails the run (an unentitled approver) or only warns.
pub fn waiver_problem_is_error(problem: &crate::waivers::WaiverProblem) -> bool {
    use crate::waivers::WaiverProblem as P;
    matches!(problem, P::UnknownApprover | P::WrongDepartment { .. } | P::ApproverAudited { .. } | P::UnknownRule)
}

/// The main line of a waived finding shown with `--show-waived`.
pub fn waived_message(message: &str, waiver: &crate::waivers::Waiver, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("[已豁免，第 {} 条，至 {}] {message}", waiver.index + 1, waiver.expires),
        Lang::En => format!("[waived by waiver {}, until {}] {message}", waiver.index + 1, waiver.expires),
    }
}

/// The diagnostic of a waiver problem, against the register.
pub fn waiver_diag(
    waiver: &crate::waivers::Waiver,
    problem: &crate::waivers::WaiverProblem,
    source: &SourceFile,
    lang: Lang,
) -> Diag {
    let severity = if waiver_problem_is_error(problem) { miette::Severity::Error } else { miette::Severity::Warning };
    let span = source
        .slice(waiver.span)
        .find('\n')
        .map_or(waiver.span, |n| crate::source::Span::new(waiver.span.start, waiver.span.start + n));
    Diag {
        code: catalogue::waiver_code(problem),
        severity,
        message: catalogue::waiver_message(waiver, problem, lang),
        help: Some(catalogue::waiver_help(problem, lang)),
        labels: vec![LabeledSpan::new_primary_with_span(None, span)],
        source: miette::NamedSource::new(&source.name, source.text.clone()).with_language("toml"),
        related: Vec::new(),
        excerpt: false,
    }
}

/// Lines longer than this are not shown as a snippet.
const MAX_SNIPPET_LINE: usize = 400;

/// Secondary labels more than this many lines from the primary get their own snippet.
const NEAR_LINES: usize = 6;

/// "程序 4.2.8.1(1)；CNAS-CC01 9.6.2" — the citation line of a rule, every clause.
pub fn citation(rule: &CheckedRule, lang: Lang) -> String {
    citation_of(&rule.clauses.join(", "), &rule.cites.join(", "), lang)
}

/// The citation line of a finding: the rule's clauses and imports of its case's schemes.
pub fn finding_citation(finding: &Finding, rule: &CheckedRule, lang: Lang) -> String {
    let clauses = finding.schemes.filter_clauses(&rule.clauses).join(", ");
    let cites = finding.schemes.filter_cites(&rule.cites).join(", ");
    citation_of(&clauses, &cites, lang)
}

fn citation_of(clauses: &str, cites: &str, lang: Lang) -> String {
    match (lang, cites.is_empty()) {
        (Lang::Zh, true) => format!("依据：程序 {clauses}"),
        (Lang::Zh, false) => format!("依据：程序 {clauses}；引用 {cites}"),
        (Lang::En, true) => format!("see: procedure {clauses}"),
        (Lang::En, false) => format!("see: procedure {clauses}; imports {cites}"),
    }
}

/// The main line of a finding in one language.
pub fn finding_message(finding: &Finding, rule: &CheckedRule, lang: Lang) -> String {
    let index = lang_index(lang);
    match &finding.verdict {
        Verdict::NotEvaluable { missing } => catalogue::not_evaluable(rule.title.get(lang), missing, lang).0,
        _ => text::render(&finding.message[index], lang),
    }
}

/// The help of a finding in one language, ending with the citation.
pub fn finding_help(finding: &Finding, rule: &CheckedRule, lang: Lang) -> String {
    let advice = match &finding.verdict {
        Verdict::NotEvaluable { missing } => catalogue::not_evaluable(rule.title.get(lang), missing, lang).1,
        _ => text::render(&finding.help[lang_index(lang)], lang),
    };
    format!("{advice}\n{}", finding_citation(finding, rule, lang))
}

/// A missing fact as users name it: a JSON pointer into the case, or prefixed with the
/// file it belongs in (`staff.json#/staff/T09`, `caselint.toml#/audit_time/itsms_table`).
pub fn missing_name(missing: &crate::eval::MissingFact) -> String {
    let pointer = if missing.pointer.is_empty() { "/" } else { missing.pointer.as_str() };
    match missing.origin {
        crate::facts::Origin::Case => pointer.to_string(),
        crate::facts::Origin::Staff => format!("staff.json#{pointer}"),
        crate::facts::Origin::Settings => format!("caselint.toml#{pointer}"),
        crate::facts::Origin::Waivers => format!("caselint.waivers.toml#{pointer}"),
    }
}

/// The caption of a label: the rule's, else a default for missing facts.
pub fn label_caption(label: &FindingLabel, lang: Lang) -> String {
    let caption = text::render(&label.caption[lang_index(lang)], lang);
    let Some(missing) = &label.missing else { return caption };
    let absent = match (missing.absence, lang) {
        (Absence::Key, Lang::Zh) => format!("此处缺少 `{}`", missing.key()),
        (Absence::Key, Lang::En) => format!("`{}` is missing here", missing.key()),
        (Absence::NoMatch, Lang::Zh) => "其中没有所需的记录".to_string(),
        (Absence::NoMatch, Lang::En) => "no record here matches".to_string(),
        (Absence::OutOfRange, Lang::Zh) => "此日期加减后超出日历范围".to_string(),
        (Absence::OutOfRange, Lang::En) => "date arithmetic on this date leaves the calendar".to_string(),
        // Never underlined in a case file (`MissingFact::underlined`).
        (Absence::OverBudget(_) | Absence::TooDeep(_), _) => String::new(),
    };
    match (caption.is_empty(), lang) {
        (true, _) => absent,
        (false, Lang::Zh) => format!("{caption}（{absent}）"),
        (false, Lang::En) => format!("{caption} ({absent})"),
    }
}

fn miette_severity(severity: Severity) -> miette::Severity {
    match severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
    }
}

/// The diagnostic of a finding, against its case file.
pub fn finding_diag(finding: &Finding, rule: &CheckedRule, source: &SourceFile, lang: Lang) -> Diag {
    let mut labels = Vec::new();
    let mut related = Vec::new();
    let caption = |label: &FindingLabel| Some(label_caption(label, lang)).filter(|c| !c.is_empty());
    // A missing fact's parent may be a large object: mark its opening brace, not every line.
    let span_of = |label: &FindingLabel| match &label.missing {
        Some(_) if source.slice(label.span).contains('\n') => {
            crate::source::Span::new(label.span.start, label.span.start + 1)
        }
        _ => label.span,
    };
    let primary_line = finding.primary.as_ref().map(|p| source.line_column(p.span.start).0);
    if let Some(primary) = &finding.primary {
        labels.push(LabeledSpan::new_primary_with_span(caption(primary), span_of(primary)));
    }
    for label in &finding.secondary {
        let line = source.line_column(label.span.start).0;
        let near = primary_line.is_none_or(|p| p.abs_diff(line) <= NEAR_LINES);
        if near {
            labels.push(LabeledSpan::new_with_span(caption(label), span_of(label)));
        } else {
            let message = caption(label).unwrap_or_else(|| label.pointer.clone());
            related.push(Diag {
                code: String::new(),
                severity: miette::Severity::Advice,
                message: format!("{}: `{}`", if lang == Lang::Zh { "相关事实" } else { "related fact" }, label.pointer),
                help: None,
                labels: vec![LabeledSpan::new_primary_with_span(Some(message), span_of(label))],
                source: source.to_named_source(),
                related: Vec::new(),
                excerpt: false,
            });
        }
    }
    if let Some(elsewhere) = &finding.elsewhere {
        let other = &elsewhere.source;
        let mut labels = Vec::new();
        for (n, label) in elsewhere.labels.iter().enumerate() {
            let span = crate::source::Span::new(label.span.start, label.span.end.min(other.text.len()));
            let caption = caption(label);
            labels.push(if n == 0 {
                LabeledSpan::new_primary_with_span(caption, span)
            } else {
                LabeledSpan::new_with_span(caption, span)
            });
        }
        related.push(Diag {
            code: String::new(),
            severity: miette::Severity::Advice,
            message: match lang {
                Lang::Zh => format!("另一案卷 {}（{}）", elsewhere.case_id, other.name),
                Lang::En => format!("the other case, {} ({})", elsewhere.case_id, other.name),
            },
            help: None,
            labels,
            source: other.to_named_source(),
            related: Vec::new(),
            excerpt: false,
        });
    }
    Diag {
        related,
        excerpt: false,
        code: finding.rule.clone(),
        severity: miette_severity(finding.severity),
        message: finding_message(finding, rule, lang),
        help: Some(finding_help(finding, rule, lang)),
        labels,
        source: source.to_named_source(),
    }
}

/// The diagnostic of an input error.
pub fn load_diag(error: &LoadError, source: &SourceFile, lang: Lang) -> Diag {
    let mut wording = catalogue::load_wording(error, lang);
    if source.text.is_empty() && !source.name.is_empty() {
        // No text to point into (a file that cannot be read): the message names the file.
        wording.message = format!("{}: {}", source.name, wording.message);
    }
    let mut labels = Vec::new();
    let (line, column) = source.line_column(error.span.start);
    let line_length = source.text.lines().nth(line.saturating_sub(1)).map_or(0, str::len);
    let mut named = source.to_named_source();
    let mut excerpt = false;
    if line_length > MAX_SNIPPET_LINE {
        // A snippet of a line this long (a minified or hostile file, 10,000 nested arrays)
        // would bury the message: the snippet is a window of the lines around the error.
        wording.message = match lang {
            Lang::Zh => format!("{}（第 {line} 行第 {column} 列）", wording.message),
            Lang::En => format!("{} (line {line}, column {column})", wording.message),
        };
        let (text, span) = long_line_excerpt(&source.text, error.span, line, column);
        let caption = Some(wording.label.clone()).filter(|c| !c.is_empty());
        labels.push(LabeledSpan::new_primary_with_span(caption, span));
        named = NamedSource::new(format!("{}:{line}:{column}", source.name), Arc::from(text));
        excerpt = true;
    } else if !source.text.is_empty() {
        let caption = Some(wording.label.clone()).filter(|c| !c.is_empty());
        labels.push(LabeledSpan::new_primary_with_span(caption, error.span));
        let first = match &error.problem {
            crate::facts::LoadProblem::DuplicateKey { first, .. } => Some(*first),
            crate::facts::LoadProblem::DuplicateStaffId { first, .. } => Some(*first),
            _ => None,
        };
        if let Some(first) = first {
            let caption = if lang == Lang::Zh { "首次出现" } else { "first here" };
            labels.push(LabeledSpan::new_with_span(Some(caption.to_string()), first));
        }
    }
    let severity = if error.is_warning() { miette::Severity::Warning } else { miette::Severity::Error };
    Diag {
        code: wording.code,
        severity,
        message: wording.message,
        help: wording.help,
        labels,
        source: named,
        related: Vec::new(),
        excerpt,
    }
}

/// Characters of a long line shown on either side of the error.
const EXCERPT_HALF: usize = 40;

/// A window of the lines around an error on a line too long to show: the line before, the
/// line and the line after (those two whole when short), the long ones cut to the columns
/// around the error (`…` where cut), placed after as many empty lines as precede them so the
/// gutter shows their real numbers; and the error's span in that text. `line` and `column`
/// are 1-based, the column in characters.
fn long_line_excerpt(
    text: &str,
    span: crate::source::Span,
    line: usize,
    column: usize,
) -> (String, crate::source::Span) {
    let first = line.saturating_sub(2);
    let lines: Vec<&str> = text.lines().skip(first).take(if line >= 2 { 3 } else { 2 }).collect();
    let from = column.saturating_sub(1).saturating_sub(EXCERPT_HALF);
    let to = column.saturating_sub(1) + EXCERPT_HALF;
    let cut = |l: &str| -> String {
        let l = l.trim_end_matches('\r');
        let count = l.chars().count();
        if count <= 2 * EXCERPT_HALF {
            return l.to_string();
        }
        let mut out = String::new();
        if from > 0 && count > 0 {
            out.push('…');
        }
        out.extend(l.chars().skip(from).take(to - from));
        if count > to {
            out.push('…');
        }
        out
    };
    let mut out = "\n".repeat(first);
    let mut start = 0;
    for (n, l) in lines.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        if first + n + 1 == line {
            // The error's character, counted from the window's start.
            let line_text = l.trim_end_matches('\r');
            let before: String = line_text.chars().skip(from).take(column.saturating_sub(1) - from).collect();
            start = out.len() + if from > 0 && !line_text.is_empty() { '…'.len_utf8() } else { 0 } + before.len();
        }
        out.push_str(&cut(l));
    }
    let length = span.end.saturating_sub(span.start).min(out.len().saturating_sub(start)).min(EXCERPT_HALF);
    (out, crate::source::Span::new(start, start + length))
}

/// The diagnostic of a settings file or waiver register error: malformed, or a value the
/// procedure does not allow (with the band before, or the approval date, as a second label).
pub fn config_diag(error: &crate::facts::limits::ConfigError, source: &SourceFile, lang: Lang) -> Diag {
    use crate::facts::limits::{ConfigError, Refusal};
    let refused = match error {
        ConfigError::Load(error) => return load_diag(error, source, lang),
        ConfigError::Refused(refused) => refused,
    };
    let wording = catalogue::refusal_wording(refused, lang);
    let mut labels = vec![LabeledSpan::new_primary_with_span(Some(wording.label), refused.span)];
    let other = match &refused.refusal {
        Refusal::BandNotFollowing { previous: Some(previous), .. } => Some(*previous),
        Refusal::ExpiresBeforeApproval { approved_at, .. } => Some(*approved_at),
        _ => None,
    };
    if let (Some(span), Some(caption)) = (other, catalogue::refusal_other_label(&refused.refusal, lang)) {
        labels.push(LabeledSpan::new_with_span(Some(caption.to_string()), span));
    }
    Diag {
        code: wording.code,
        severity: miette::Severity::Error,
        message: wording.message,
        help: wording.help,
        labels,
        source: miette::NamedSource::new(&source.name, source.text.clone()).with_language("toml"),
        related: Vec::new(),
        excerpt: false,
    }
}

/// The diagnostic of an input path that cannot be used (its path is in the message).
pub fn input_diag(error: &crate::inputs::InputError, lang: Lang) -> Diag {
    let wording = catalogue::inputs::input_wording(error, lang);
    Diag {
        code: wording.code,
        severity: miette::Severity::Error,
        message: wording.message,
        help: wording.help,
        labels: Vec::new(),
        source: miette::NamedSource::new(error.path.display().to_string(), Arc::from("")),
        related: Vec::new(),
        excerpt: false,
    }
}

/// The one missing fact of a not-evaluable finding, if it lacks exactly one key of the
/// case file (not a date that leaves the calendar, a budget or a list without a match,
/// whose findings say more than "record it").
pub fn single_missing(finding: &Finding) -> Option<&str> {
    match &finding.verdict {
        crate::eval::Verdict::NotEvaluable { missing } if missing.len() == 1 => missing
            .first()
            .filter(|m| m.absence == crate::eval::value::Absence::Key && m.origin == crate::facts::Origin::Case)
            .map(|m| m.pointer.as_str()),
        _ => None,
    }
}

/// One evidence gap: several rules of a case not evaluable for want of the same fact
/// (`/audits/0/combined_with`), shown once with the rules that need it, at the first
/// finding's place.
pub fn evidence_gap_diag(
    finding: &Finding,
    rule: &CheckedRule,
    pointer: &str,
    rules: &[&CheckedRule],
    source: &SourceFile,
    lang: Lang,
) -> Diag {
    let mut diag = finding_diag(finding, rule, source, lang);
    let severity =
        if rules.iter().any(|r| r.severity == Severity::Error) { Severity::Error } else { Severity::Warning };
    let listed: Vec<(String, String, String)> =
        rules.iter().map(|r| (r.id.clone(), r.clauses.join(", "), r.title.get(lang).to_string())).collect();
    let (message, help) = catalogue::evidence_gap(pointer, &listed, lang);
    diag.code = "caselint::evidence_gap".into();
    diag.severity = miette_severity(severity);
    diag.message = message;
    diag.help = Some(help);
    diag
}

/// The diagnostic of a rules-file error.
pub fn check_diag(error: &CheckError, lang: Lang) -> Diag {
    let mut wording = catalogue::check_wording(error, lang);
    let source = &error.file;
    let (line, column) = source.line_column(error.span.start);
    let line_length = source.text.lines().nth(line.saturating_sub(1)).map_or(0, str::len);
    let mut named = miette::NamedSource::new(&source.name, source.text.clone()).with_language("caselint");
    let mut span = error.span;
    let excerpt = line_length > MAX_SNIPPET_LINE;
    if excerpt {
        // A generated or hostile rules file (10,000 nested parentheses on one line): the
        // snippet is a window of the lines around the error, as for case files.
        wording.message = match lang {
            Lang::Zh => format!("{}（第 {line} 行第 {column} 列）", wording.message),
            Lang::En => format!("{} (line {line}, column {column})", wording.message),
        };
        let (text, window) = long_line_excerpt(&source.text, error.span, line, column);
        named = NamedSource::new(format!("{}:{line}:{column}", source.name), Arc::from(text));
        span = window;
    }
    Diag {
        code: wording.code,
        severity: miette::Severity::Error,
        message: wording.message,
        help: wording.help,
        labels: vec![LabeledSpan::new_primary_with_span(Some(wording.label), span)],
        source: named,
        related: Vec::new(),
        excerpt,
    }
}

/// Renders diagnostics as text, the way the CLI prints them and snapshots record them.
///
/// Related snippets (far labels) are rendered right after their diagnostic as snippets of
/// their own: miette would otherwise either prefix them with an English "Advice:" or wrap
/// their source lines.
pub fn render_human(diags: &[Diag], color: bool) -> String {
    let theme = if color { miette::GraphicalTheme::unicode() } else { miette::GraphicalTheme::unicode_nocolor() };
    let handler = miette::GraphicalReportHandler::new_themed(theme.clone()).with_width(100).with_links(false);
    // An excerpt's name already holds its line and column.
    let excerpt_handler = miette::GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false)
        .without_primary_span_start();
    let mut out = String::new();
    for diag in diags {
        let main = Diag { related: Vec::new(), ..diag.clone() };
        for part in std::iter::once(&main).chain(&diag.related) {
            let part = made_visible(part);
            let handler = if part.excerpt { &excerpt_handler } else { &handler };
            if handler.render_report(&mut out, part.as_ref()).is_err() {
                out.push_str(&part.message);
            }
        }
        out.push('\n');
    }
    out
}
/// The diagnostic with every text a value can reach (message, help, labels, the file's
/// name and the snippet's source) made [visible](text::visible): a value or file name
/// carrying ESC sequences or bidi overrides is shown, never obeyed. Colour comes from miette
/// afterwards, so it is untouched. The usual diagnostic has nothing to escape and is borrowed.
fn made_visible(diag: &Diag) -> std::borrow::Cow<'_, Diag> {
    use std::borrow::Cow;
    let name = text::visible(diag.source.name());
    let source = text::visible_source(diag.source.inner());
    let texts = std::iter::once(diag.message.as_str())
        .chain(diag.help.as_deref())
        .chain(diag.labels.iter().filter_map(LabeledSpan::label));
    let texts_hidden = texts.flat_map(str::chars).any(text::is_hidden_char);
    if !texts_hidden && source.is_none() && matches!(name, Cow::Borrowed(_)) {
        return Cow::Borrowed(diag);
    }
    let offset = |original: usize| source.as_ref().map_or(original, |s| s.offset(original));
    let labels = diag
        .labels
        .iter()
        .map(|label| {
            let caption = label.label().map(|c| text::visible(c).into_owned());
            let start = offset(label.offset());
            let span = miette::SourceSpan::new(start.into(), offset(label.offset() + label.len()) - start);
            if label.primary() {
                LabeledSpan::new_primary_with_span(caption, span)
            } else {
                LabeledSpan::new_with_span(caption, span)
            }
        })
        .collect();
    let text: Arc<str> = match source {
        Some(shown) => shown.text.into(),
        None => diag.source.inner().clone(),
    };
    Cow::Owned(Diag {
        code: diag.code.clone(),
        severity: diag.severity,
        message: text::visible(&diag.message).into_owned(),
        help: diag.help.as_deref().map(|h| text::visible(h).into_owned()),
        labels,
        source: NamedSource::new(name, text),
        related: Vec::new(),
        excerpt: diag.excerpt,
    })
}

/// The text of `caselint explain`: title, citation, clause text, doc, facts read.
pub fn explain(rule: &CheckedRule, graph: &crate::graph::FactGraph, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let mut out = format!("{}  {}\n", rule.id, rule.title.get(lang));
    out.push_str(&format!("{}\n", citation(rule, lang)));
    let severity = match (rule.severity, zh) {
        (Severity::Error, true) => "错误",
        (Severity::Error, false) => "error",
        (Severity::Warning, true) => "警告",
        (Severity::Warning, false) => "warning",
    };
    out.push_str(&format!("{}{severity}\n\n", if zh { "级别：" } else { "severity: " }));
    out.push_str(if zh { "条款原文：\n" } else { "clause text (zh, quoted from the procedure):\n" });
    for id in &rule.clauses {
        let text = crate::procedure::clause(id).map_or("", |c| c.text.as_str());
        out.push_str(&format!("  {id}  {text}\n"));
    }
    out.push('\n');
    out.push_str(rule.doc.get(lang));
    out.push_str("\n\n");
    let (facts, derived) = graph.reads_of_rule(&rule.id);
    out.push_str(if zh { "读取的案卷事实：\n" } else { "case facts read:\n" });
    for fact in &facts {
        out.push_str(&format!("  {fact}\n"));
    }
    if !derived.is_empty() {
        out.push_str(if zh { "经由派生事实：\n" } else { "through derived facts:\n" });
        for name in &derived {
            out.push_str(&format!("  {name}\n"));
        }
    }
    out
}
