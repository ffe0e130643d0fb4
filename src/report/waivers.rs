//! The waiver register as people read it (`caselint waivers`).

use crate::facts::settings::Settings;
use crate::facts::{Fact, StaffRegistry};
use crate::syntax::ast::Lang;
use crate::waivers::Register;
use jiff::civil::Date;
use serde::Serialize;

/// One waiver with its approver and standing on the as-of date.
#[derive(Debug, Clone, Serialize)]
pub struct RegisterRow {
    /// 1-based position.
    pub number: usize,
    /// The case.
    pub case: String,
    /// The rule.
    pub rule: String,
    /// The pointer, if the waiver is that narrow.
    pub pointer: Option<String>,
    /// Why.
    pub reason: String,
    /// Approver's staff id.
    pub approved_by: String,
    /// Approver's name, if the registry knows them.
    pub approver_name: Option<String>,
    /// Approver's department.
    pub approver_department: Option<String>,
    /// Approval date.
    pub approved: String,
    /// Expiry.
    pub expires: String,
    /// `in_force`, `expired`, `not_yet_approved`, `unknown_approver`, `approver_department`.
    pub status: &'static str,
}

/// The rows of the register; whether the approver audited the case is checked per case by `check`.
pub fn register_rows(
    register: &Register,
    staff: Option<&StaffRegistry>,
    settings: &Settings,
    as_of: Date,
) -> Vec<RegisterRow> {
    let required = settings
        .root
        .get("waivers")
        .and_then(|w| w.get("approver_department"))
        .and_then(Fact::as_text)
        .unwrap_or("technical")
        .to_string();
    register
        .waivers
        .iter()
        .map(|w| {
            let person = staff.and_then(|s| s.get(&w.approved_by));
            let name = person.and_then(|p| p.get("name")).and_then(Fact::as_text).map(str::to_string);
            let department = person.and_then(|p| p.get("department")).and_then(Fact::as_text).map(str::to_string);
            let status = if w.expires < as_of {
                "expired"
            } else if w.approved > as_of {
                "not_yet_approved"
            } else if staff.is_some() && person.is_none() {
                "unknown_approver"
            } else if department.as_ref().is_some_and(|d| *d != required) {
                "approver_department"
            } else {
                "in_force"
            };
            RegisterRow {
                number: w.index + 1,
                case: w.case.clone(),
                rule: w.rule.clone(),
                pointer: w.pointer.clone(),
                reason: w.reason.clone(),
                approved_by: w.approved_by.clone(),
                approver_name: name,
                approver_department: department,
                approved: w.approved.to_string(),
                expires: w.expires.to_string(),
                status,
            }
        })
        .collect()
}

fn status_text(status: &str, lang: Lang) -> &'static str {
    match (status, lang) {
        ("in_force", Lang::Zh) => "有效",
        ("in_force", Lang::En) => "in force",
        ("expired", Lang::Zh) => "已过期",
        ("expired", Lang::En) => "expired",
        ("not_yet_approved", Lang::Zh) => "尚未批准",
        ("not_yet_approved", Lang::En) => "not yet approved",
        ("unknown_approver", Lang::Zh) => "批准人不在名册",
        ("unknown_approver", Lang::En) => "unknown approver",
        (_, Lang::Zh) => "批准人无权批准",
        (_, Lang::En) => "approver not entitled",
    }
}

/// The register as text, one waiver per block.
pub fn register_table(rows: &[RegisterRow], lang: Lang) -> String {
    let mut out = String::new();
    for row in rows {
        let approver = match (&row.approver_name, &row.approver_department) {
            (Some(name), Some(department)) => {
                format!("{} {name}（{}）", row.approved_by, super::catalogue::term(department, lang))
            }
            _ => row.approved_by.clone(),
        };
        let (status_label, approver_label, dates_label, reason_label) = match lang {
            Lang::Zh => ("状态", "批准人", "批准/到期", "理由"),
            Lang::En => ("status", "approver", "approved/expires", "reason"),
        };
        out.push_str(&format!(
            "#{} {} {}{}\n  {status_label}: {}\n  {approver_label}: {approver}\n  {dates_label}: {} / {}\n  {reason_label}: {}\n",
            row.number,
            row.case,
            row.rule,
            row.pointer.as_ref().map_or(String::new(), |p| format!(" {p}")),
            status_text(row.status, lang),
            row.approved,
            row.expires,
            row.reason
        ));
    }
    let in_force = rows.iter().filter(|r| r.status == "in_force").count();
    out.push_str(&match lang {
        Lang::Zh => {
            format!("豁免 {} 条，有效 {in_force} 条；批准人是否参加过该案卷的审核，在 check 时逐案核查\n", rows.len())
        }
        Lang::En => format!(
            "{} waivers, {in_force} in force; whether an approver audited the case is checked per case by `check`\n",
            rows.len()
        ),
    });
    out
}

/// The register as JSON.
pub fn register_json(rows: &[RegisterRow]) -> String {
    serde_json::to_string_pretty(&serde_json::json!({ "waivers": rows })).unwrap_or_default() + "\n"
}
