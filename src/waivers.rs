//! Governed waivers: findings the CB accepts on purpose, accountably.
//!
//! A waiver register (`caselint.waivers.toml`) names the case, the rule and optionally the
//! JSON pointer of a finding, with a required reason, the approver (a staff id), the
//! approval date and an expiry. A waiver applies only while it is valid and its approver
//! is entitled: the approver exists, belongs to the department the CB configures, and took
//! no part in that case's audits. Waived findings stay visible; expired waivers, waivers
//! that match nothing and waivers approved by someone not entitled are findings themselves.

use crate::eval::Finding;
use crate::facts::limits::{ConfigError, check_waiver};
use crate::facts::schema::{Shape, opt, req};
use crate::facts::settings::{Settings, load_toml};
use crate::facts::{Case, Fact, FactValue, Origin, StaffRegistry};
use crate::source::{SourceFile, Span};
use jiff::civil::Date;

static WAIVER: Shape = Shape::Object(&[
    req("case", Shape::Text, "the case_id of the case", "案卷的 case_id"),
    req("rule", Shape::Text, "the rule id of the finding", "所豁免发现的规则编号"),
    opt(
        "pointer",
        Shape::Text,
        "the finding's JSON pointer; without it the waiver covers every finding of the rule in the case",
    ),
    req("reason", Shape::Text, "why the CB accepts the finding", "机构接受该发现的理由"),
    req("approved_by", Shape::StaffId, "who approved it (a staff id)", "批准人（人员编号）"),
    req("approved", Shape::Date, "when it was approved", "批准日期"),
    req("expires", Shape::Date, "the last day it applies", "有效期最后一天"),
]);
static WAIVER_LIST: Shape = Shape::List(&WAIVER);

/// The shape of the waiver register.
pub static WAIVERS: Shape = Shape::Object(&[opt("waiver", WAIVER_LIST, "the waivers, one [[waiver]] table each")]);

/// One waiver, as registered.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiver {
    /// Position in the register (0-based), a stable key.
    pub index: usize,
    /// The case's `case_id`.
    pub case: String,
    /// The rule id.
    pub rule: String,
    /// The finding's pointer, or every finding of the rule in the case.
    pub pointer: Option<String>,
    /// Why.
    pub reason: String,
    /// The approver's staff id.
    pub approved_by: String,
    /// When approved.
    pub approved: Date,
    /// Last day it applies.
    pub expires: Date,
    /// The bytes of the `[[waiver]]` table, for diagnostics.
    pub span: Span,
}

/// The register file and its waivers.
#[derive(Debug, Clone)]
pub struct Register {
    /// The file.
    pub source: SourceFile,
    /// Its waivers, in file order.
    pub waivers: Vec<Waiver>,
}

/// Why a waiver does not apply, or that it matched nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum WaiverProblem {
    /// Its expiry lies before the as-of date.
    Expired,
    /// Its approval date lies after the as-of date.
    NotYetApproved,
    /// The approver is not in the staff registry.
    UnknownApprover,
    /// The approver is not in the department allowed to approve.
    WrongDepartment {
        /// The approver's department.
        department: String,
        /// The department required.
        required: String,
    },
    /// The approver took part in an audit of the case.
    ApproverAudited {
        /// The audits.
        audits: Vec<String>,
    },
    /// The case was checked and no finding matched the waiver.
    Unused,
    /// The rule id is not a rule of the rule set.
    UnknownRule,
}

/// A waiver that applied to a finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// The waiver's index in the register.
    pub waiver: usize,
}

impl Register {
    /// Reads and validates a register: a blank reason, approver, case or rule, or an expiry
    /// before the approval, is refused ([`crate::facts::limits::check_waiver`]).
    pub fn load(source: SourceFile) -> Result<Register, Vec<ConfigError>> {
        let root = load_toml(&source, &WAIVERS, Origin::Waivers)
            .map_err(|errors| errors.into_iter().map(ConfigError::Load).collect::<Vec<_>>())?;
        let entries = match root.get("waiver").map(|f| &f.value) {
            Some(FactValue::List(items)) => items.clone(),
            _ => Vec::new(),
        };
        let refused: Vec<ConfigError> = entries
            .iter()
            .enumerate()
            .flat_map(|(index, fact)| check_waiver(fact, index))
            .map(ConfigError::Refused)
            .collect();
        if !refused.is_empty() {
            return Err(refused);
        }
        let waivers = entries.iter().enumerate().filter_map(|(index, fact)| waiver(index, fact)).collect();
        Ok(Register { source, waivers })
    }
}

fn waiver(index: usize, fact: &Fact) -> Option<Waiver> {
    let text = |key: &str| fact.get(key).and_then(Fact::as_text).map(str::to_string);
    let date = |key: &str| match fact.get(key).map(|f| &f.value) {
        Some(FactValue::Date(d)) => Some(*d),
        _ => None,
    };
    Some(Waiver {
        index,
        case: text("case")?,
        rule: text("rule")?,
        pointer: text("pointer"),
        reason: text("reason")?,
        approved_by: text("approved_by")?,
        approved: date("approved")?,
        expires: date("expires")?,
        span: fact.span,
    })
}

/// Whether a waiver may apply to this case on the as-of date, and if not, why.
pub fn entitlement(
    waiver: &Waiver,
    case: &Case,
    staff: &StaffRegistry,
    settings: &Settings,
    as_of: Date,
) -> Option<WaiverProblem> {
    if waiver.expires < as_of {
        return Some(WaiverProblem::Expired);
    }
    if waiver.approved > as_of {
        return Some(WaiverProblem::NotYetApproved);
    }
    let Some(person) = staff.get(&waiver.approved_by) else { return Some(WaiverProblem::UnknownApprover) };
    let required = settings
        .root
        .get("waivers")
        .and_then(|w| w.get("approver_department"))
        .and_then(Fact::as_text)
        .unwrap_or("technical");
    let department = person.get("department").and_then(Fact::as_text).unwrap_or("");
    if department != required {
        return Some(WaiverProblem::WrongDepartment {
            department: department.to_string(),
            required: required.to_string(),
        });
    }
    let audits = audits_of(case, &waiver.approved_by);
    if !audits.is_empty() {
        return Some(WaiverProblem::ApproverAudited { audits });
    }
    None
}

/// The ids of the case's audits whose team includes the person.
fn audits_of(case: &Case, staff_id: &str) -> Vec<String> {
    let Some(FactValue::List(audits)) = case.root.get("audits").map(|f| &f.value) else { return Vec::new() };
    audits
        .iter()
        .filter(|audit| match audit.get("team").map(|t| &t.value) {
            Some(FactValue::List(team)) => {
                team.iter().any(|m| m.get("staff").and_then(Fact::as_text) == Some(staff_id))
            }
            _ => false,
        })
        .filter_map(|audit| audit.get("id").and_then(Fact::as_text).map(str::to_string))
        .collect()
}

/// Whether a waiver names this finding.
pub fn matches(waiver: &Waiver, case_id: &str, finding: &Finding) -> bool {
    waiver.case == case_id
        && waiver.rule == finding.rule
        && waiver.pointer.as_deref().is_none_or(|pointer| pointer == finding.pointer())
}

/// The waivers naming one case, each with why it cannot apply (`None` when it can).
pub fn for_case(
    register: Option<&Register>,
    case: &Case,
    rules: &crate::check::RuleSet,
    staff: &StaffRegistry,
    settings: &Settings,
    as_of: Date,
) -> Vec<(Waiver, Option<WaiverProblem>)> {
    let Some(register) = register else { return Vec::new() };
    register
        .waivers
        .iter()
        .filter(|w| w.case == case.id)
        .map(|waiver| {
            let problem = if rules.rule(&waiver.rule).is_none() {
                Some(WaiverProblem::UnknownRule)
            } else {
                entitlement(waiver, case, staff, settings, as_of)
            };
            (waiver.clone(), problem)
        })
        .collect()
}

/// What happened to each waiver of the register over a run: whether a checked case
/// concerned it, and the first reason it could not apply or that it matched nothing.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    slots: Vec<(Option<WaiverProblem>, bool)>,
}

impl Ledger {
    /// An empty ledger for a register.
    pub fn new(register: Option<&Register>) -> Self {
        Self { slots: register.map_or_else(Vec::new, |r| vec![(None, false); r.waivers.len()]) }
    }

    /// A waiver matched a finding; `problem` says why it could not apply, if it could not.
    pub fn matched(&mut self, waiver: &Waiver, problem: &Option<WaiverProblem>) {
        if let Some(slot) = self.slots.get_mut(waiver.index) {
            slot.1 = true;
            // A cross-case finding meets its waiver after the case was finished.
            if slot.0 == Some(WaiverProblem::Unused) {
                slot.0 = None;
            }
            if problem.is_some() && slot.0.is_none() {
                slot.0 = problem.clone();
            }
        }
    }

    /// After a case: a waiver of that case that matched nothing is a finding itself, and so
    /// is one that could not apply.
    pub fn finish_case(&mut self, checked: Vec<(Waiver, Option<WaiverProblem>)>) {
        for (waiver, problem) in checked {
            if let Some(slot) = self.slots.get_mut(waiver.index) {
                if !slot.1 {
                    slot.0 = problem.or(Some(WaiverProblem::Unused));
                }
                slot.1 = true;
            }
        }
    }

    /// The waivers that are findings, in register order.
    pub fn problems<'r>(&self, register: &'r Register) -> Vec<(&'r Waiver, WaiverProblem)> {
        register.waivers.iter().zip(&self.slots).filter_map(|(w, (p, _))| p.clone().map(|p| (w, p))).collect()
    }
}
