//! The JSON output contract (`--format json`), documented in the README.
//!
//! Field names and meanings are stable; new fields may be added.

use super::{catalogue, finding_help, finding_message, label_caption};
use crate::check::{CheckError, CheckedRule, RuleSet};
use crate::eval::{CaseResult, Finding, Verdict};
use crate::facts::{Case, LoadError};
use crate::source::SourceFile;
use crate::syntax::ast::{Lang, Severity};
use crate::waivers::{self, Ledger, Waiver, WaiverProblem};
use serde::Serialize;

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct JsonReport {
    /// caselint version.
    pub version: &'static str,
    /// The as-of date used for every deadline.
    pub as_of: String,
    /// Violated and not-evaluable findings, sorted by (file, offset, rule).
    pub findings: Vec<JsonFinding>,
    /// Requirements whose deadline lies after `as_of`.
    pub not_yet_due: Vec<JsonFinding>,
    /// Input and rules errors.
    pub errors: Vec<JsonError>,
    /// Input warnings (keys the schema does not know): the case was checked all the same.
    pub warnings: Vec<JsonWarning>,
    /// Waivers that could not apply or matched nothing.
    pub waiver_findings: Vec<JsonWaiverFinding>,
    /// Counts.
    pub summary: JsonSummary,
}

/// A waiver as attached to the finding it waives.
#[derive(Debug, Clone, Serialize)]
pub struct JsonWaiver {
    /// Position in the register (1-based, as people count).
    pub number: usize,
    /// Why the CB accepts the finding.
    pub reason: String,
    /// The approver's staff id.
    pub approved_by: String,
    /// Approval date.
    pub approved: String,
    /// Last day it applies.
    pub expires: String,
}

/// A waiver that is itself a finding.
#[derive(Debug, Clone, Serialize)]
pub struct JsonWaiverFinding {
    /// The register file.
    pub file: String,
    /// 1-based line of the `[[waiver]]` table.
    pub line: usize,
    /// Stable code, e.g. `caselint::waiver::expired`.
    pub code: String,
    /// `error` or `warning`.
    pub severity: &'static str,
    /// The waived case.
    pub case: String,
    /// The waived rule.
    pub rule: String,
    /// The message.
    pub message: Bilingual,
}

/// The JSON of the waiver that waived a finding.
pub fn waiver_entry(waiver: &Waiver) -> JsonWaiver {
    JsonWaiver {
        number: waiver.index + 1,
        reason: waiver.reason.clone(),
        approved_by: waiver.approved_by.clone(),
        approved: waiver.approved.to_string(),
        expires: waiver.expires.to_string(),
    }
}

/// The JSON of a waiver problem.
pub fn waiver_finding(waiver: &Waiver, problem: &WaiverProblem, source: &SourceFile) -> JsonWaiverFinding {
    JsonWaiverFinding {
        file: source.name.to_string(),
        line: source.line_column(waiver.span.start).0,
        code: catalogue::waiver_code(problem),
        severity: if super::waiver_problem_is_error(problem) { "error" } else { "warning" },
        case: waiver.case.clone(),
        rule: waiver.rule.clone(),
        message: Bilingual::of(|l| catalogue::waiver_message(waiver, problem, l)),
    }
}

/// Counts of a run.
#[derive(Debug, Clone, Serialize, Default)]
pub struct JsonSummary {
    /// Case files given.
    pub files: usize,
    /// Cases that loaded and were evaluated.
    pub cases_checked: usize,
    /// Violated findings.
    pub violated: usize,
    /// Not-evaluable findings.
    pub not_evaluable: usize,
    /// Not-yet-due requirements.
    pub not_yet_due: usize,
    /// Input and rules errors.
    pub errors: usize,
    /// Input warnings.
    pub warnings: usize,
    /// Findings waived by a valid waiver (listed in `findings` with `waived`).
    pub waived: usize,
}

/// A text in both languages.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Bilingual {
    /// Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Bilingual {
    fn of(f: impl Fn(Lang) -> String) -> Self {
        Self { zh: f(Lang::Zh), en: f(Lang::En) }
    }
}

/// One finding.
#[derive(Debug, Clone, Serialize)]
pub struct JsonFinding {
    /// The case's `case_id`.
    pub case_id: String,
    /// The case file as given.
    pub file: String,
    /// Rule id.
    pub rule: String,
    /// Rule title.
    pub title: Bilingual,
    /// Procedure clauses, e.g. `"4.2.8.1(1)"`.
    pub clauses: Vec<String>,
    /// Imported standard clauses, e.g. `"CNAS-CC01 9.6.2"`.
    pub cites: Vec<String>,
    /// `violated`, `not_evaluable` or `not_yet_due`.
    pub verdict: &'static str,
    /// `error` or `warning`.
    pub severity: &'static str,
    /// JSON pointer of the primary value (or of the missing fact).
    pub pointer: String,
    /// 1-based line of the primary label.
    pub line: usize,
    /// 1-based column (characters) of the primary label.
    pub column: usize,
    /// The message.
    pub message: Bilingual,
    /// What would satisfy the rule, and the citation.
    pub help: Bilingual,
    /// For `not_evaluable`: pointers of the missing facts.
    pub missing: Vec<String>,
    /// For `not_yet_due`: the deadline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// Every label: the primary first.
    pub labels: Vec<JsonLabel>,
    /// The waiver that waives this finding, if any: it then does not count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waived: Option<JsonWaiver>,
    /// The case's schemes (`ISMS`, `ITSMS`), set by the caller.
    pub schemes: Vec<String>,
    /// Staff ids of the case's audit teams, set by the caller.
    pub auditors: Vec<String>,
}

/// One underlined value.
#[derive(Debug, Clone, Serialize)]
pub struct JsonLabel {
    /// JSON pointer.
    pub pointer: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Caption.
    pub text: Bilingual,
    /// For a cross-case finding, a label in the other case file: that file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// And that case's `case_id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case_id: Option<String>,
}

/// One input or rules error.
#[derive(Debug, Clone, Serialize)]
pub struct JsonError {
    /// The file.
    pub file: String,
    /// Stable code, e.g. `caselint::load::impossible_date`.
    pub code: String,
    /// JSON pointer of the bad value, if known.
    pub pointer: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The message.
    pub message: Bilingual,
}

/// An input warning: an error's fields and `severity: "warning"`.
#[derive(Debug, Clone, Serialize)]
pub struct JsonWarning {
    /// Where and what, as for an error.
    #[serde(flatten)]
    pub entry: JsonError,
    /// Always `warning`.
    pub severity: &'static str,
}

/// Converts an input warning.
pub fn load_warning(warning: &LoadError, source: &SourceFile) -> JsonWarning {
    JsonWarning { entry: load_error(warning, source), severity: "warning" }
}

/// Where a run files one finding once the case's waivers are applied.
pub enum Filed<'w> {
    /// A requirement whose deadline lies after the as-of date.
    NotYetDue,
    /// A finding a valid waiver covers.
    Waived(&'w Waiver),
    /// A violation or a not-evaluable finding that stands.
    Open,
}

/// One finding as filed: its position among the case's findings, the finding, its rule,
/// its JSON entry and where it goes.
pub struct Filing<'r, 'w> {
    /// Its position in the case's findings.
    pub index: usize,
    /// The finding.
    pub finding: &'r Finding,
    /// Its rule.
    pub rule: &'r CheckedRule,
    /// Its JSON entry (waiver attached).
    pub entry: JsonFinding,
    /// Where it goes.
    pub filed: Filed<'w>,
}

/// The JSON entry of every finding of one case (none for a rule the set lacks), with the
/// case's schemes and team. Pure, so it runs on the worker thread that evaluated the case.
pub fn case_entries(result: &CaseResult, case: &Case, rules: &RuleSet) -> Vec<Option<JsonFinding>> {
    let schemes = case.schemes();
    let auditors = case.team_staff();
    result
        .findings
        .iter()
        .map(|finding| {
            let rule = rules.rule(&finding.rule)?;
            let mut entry = self::finding(finding, rule, &case.id, &case.source);
            entry.schemes.clone_from(&schemes);
            entry.auditors.clone_from(&auditors);
            Some(entry)
        })
        .collect()
}

/// Files every finding of one case, given its entries ([`case_entries`]): where it goes, and
/// its count in `summary`; a waiver a finding meets is marked in `ledger`. `check` and
/// `pack` both file through here, so their reports count alike.
pub fn file_findings<'r, 'w>(
    result: &'r CaseResult,
    case_id: &str,
    entries: Vec<Option<JsonFinding>>,
    rules: &'r RuleSet,
    checked_waivers: &'w [(Waiver, Option<WaiverProblem>)],
    ledger: &mut Ledger,
    summary: &mut JsonSummary,
) -> Vec<Filing<'r, 'w>> {
    let mut filed = Vec::with_capacity(result.findings.len());
    for (index, (finding, entry)) in result.findings.iter().zip(entries).enumerate() {
        let (Some(rule), Some(mut entry)) = (rules.rule(&finding.rule), entry) else { continue };
        if matches!(finding.verdict, Verdict::NotYetDue { .. }) {
            summary.not_yet_due += 1;
            filed.push(Filing { index, finding, rule, entry, filed: Filed::NotYetDue });
            continue;
        }
        let waiver = checked_waivers.iter().find(|(w, _)| waivers::matches(w, case_id, finding));
        if let Some((waiver, problem)) = waiver {
            ledger.matched(waiver, problem);
            if problem.is_none() {
                entry.waived = Some(waiver_entry(waiver));
                summary.waived += 1;
                filed.push(Filing { index, finding, rule, entry, filed: Filed::Waived(waiver) });
                continue;
            }
        }
        match finding.verdict {
            Verdict::NotEvaluable { .. } => summary.not_evaluable += 1,
            _ => summary.violated += 1,
        }
        filed.push(Filing { index, finding, rule, entry, filed: Filed::Open });
    }
    filed
}

/// Converts a finding.
pub fn finding(finding: &Finding, rule: &CheckedRule, case_id: &str, source: &SourceFile) -> JsonFinding {
    let (line, column) = source.line_column(finding.offset());
    let json_label = |label: &crate::eval::FindingLabel, source: &SourceFile| {
        let (line, column) = source.line_column(label.span.start);
        JsonLabel {
            pointer: label.pointer.clone(),
            line,
            column,
            text: Bilingual::of(|l| label_caption(label, l)),
            file: None,
            case_id: None,
        }
    };
    let mut labels: Vec<JsonLabel> =
        finding.primary.iter().chain(&finding.secondary).map(|label| json_label(label, source)).collect();
    if let Some(elsewhere) = &finding.elsewhere {
        labels.extend(elsewhere.labels.iter().map(|label| JsonLabel {
            file: Some(elsewhere.source.name.to_string()),
            case_id: Some(elsewhere.case_id.clone()),
            ..json_label(label, &elsewhere.source)
        }));
    }
    let (missing, due) = match &finding.verdict {
        Verdict::NotEvaluable { missing } => {
            (missing.iter().filter(|m| m.absent()).map(super::missing_name).collect(), None)
        }
        Verdict::NotYetDue { due } => (Vec::new(), Some(due.to_string())),
        _ => (Vec::new(), None),
    };
    JsonFinding {
        case_id: case_id.to_string(),
        file: source.name.to_string(),
        rule: finding.rule.clone(),
        title: Bilingual::of(|l| rule.title.get(l).clone()),
        clauses: finding.schemes.filter_clauses(&rule.clauses).into_iter().map(str::to_string).collect(),
        cites: finding.schemes.filter_cites(&rule.cites).into_iter().map(str::to_string).collect(),
        verdict: finding.verdict.as_str(),
        severity: match finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        pointer: finding.pointer().to_string(),
        line,
        column,
        message: Bilingual::of(|l| finding_message(finding, rule, l)),
        help: Bilingual::of(|l| finding_help(finding, rule, l)),
        missing,
        due,
        labels,
        waived: None,
        schemes: Vec::new(),
        auditors: Vec::new(),
    }
}

/// Converts an input error.
pub fn load_error(error: &LoadError, source: &SourceFile) -> JsonError {
    let (line, column) = source.line_column(error.span.start);
    JsonError {
        file: source.name.to_string(),
        code: catalogue::load_wording(error, Lang::En).code,
        pointer: error.pointer.clone(),
        line,
        column,
        message: Bilingual::of(|l| catalogue::load_wording(error, l).message),
    }
}

/// Converts an input path error.
pub fn input_error(error: &crate::inputs::InputError) -> JsonError {
    JsonError {
        file: error.path.display().to_string(),
        code: catalogue::inputs::input_wording(error, Lang::En).code,
        pointer: String::new(),
        line: 1,
        column: 1,
        message: Bilingual::of(|l| catalogue::inputs::input_wording(error, l).message),
    }
}

/// A note about the inputs, as the report's `notes` list it.
#[derive(Debug, Clone, Serialize)]
pub struct JsonNote {
    /// Stable code, e.g. `caselint::input::link_loop`.
    pub code: &'static str,
    /// The path concerned.
    pub file: String,
    /// The message.
    pub message: Bilingual,
}

/// Converts the notes about the inputs.
pub fn input_notes(notes: &[crate::inputs::InputNote]) -> Vec<JsonNote> {
    use crate::inputs::InputNote;
    let file = |note: &InputNote| match note {
        InputNote::Loop { link: path, .. }
        | InputNote::SameDirectory { path, .. }
        | InputNote::SameFile { path, .. }
        | InputNote::FromParent { path, .. } => path.display().to_string(),
    };
    notes
        .iter()
        .map(|note| JsonNote {
            code: catalogue::inputs::note_code(note),
            file: file(note),
            message: Bilingual::of(|l| catalogue::inputs::note_text(note, l)),
        })
        .collect()
}

/// Converts a rules error.
pub fn check_error(error: &CheckError) -> JsonError {
    let (line, column) = error.file.line_column(error.span.start);
    JsonError {
        file: error.file.name.to_string(),
        code: catalogue::check_wording(error, Lang::En).code,
        pointer: String::new(),
        line,
        column,
        message: Bilingual::of(|l| catalogue::check_wording(error, l).message),
    }
}
