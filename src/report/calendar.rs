//! The obligations calendar (`caselint due`): what falls due, by date, kept apart from
//! violations.

use super::text::render;
use crate::check::CheckedRule;
use crate::eval::{Finding, lang_index};
use crate::facts::Case;
use crate::syntax::ast::Lang;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::BTreeMap;

/// One obligation: a requirement whose deadline lies ahead.
#[derive(Debug, Clone, Serialize)]
pub struct Obligation {
    /// The deadline.
    pub due: String,
    /// The case.
    pub case_id: String,
    /// The case file.
    pub file: String,
    /// The rule that sets the deadline.
    pub rule: String,
    /// The rule's title.
    pub title: super::json::Bilingual,
    /// The message, with the computed deadline.
    pub message: super::json::Bilingual,
    /// The fact the deadline counts from.
    pub pointer: String,
    /// Its 1-based line.
    pub line: usize,
}

/// Builds an obligation from a not-yet-due finding.
pub fn obligation(finding: &Finding, rule: &CheckedRule, case: &Case, due: Date) -> Obligation {
    let text = |lang: Lang| render(&finding.message[lang_index(lang)], lang);
    Obligation {
        due: due.to_string(),
        case_id: case.id.clone(),
        file: case.source.name.to_string(),
        rule: rule.id.clone(),
        title: super::json::Bilingual { zh: rule.title.zh.clone(), en: rule.title.en.clone() },
        message: super::json::Bilingual { zh: text(Lang::Zh), en: text(Lang::En) },
        pointer: finding.pointer().to_string(),
        line: case.source.line_column(finding.offset()).0,
    }
}

/// The calendar as text: CB-wide by date, then per case.
pub fn calendar_text(obligations: &[Obligation], as_of: Date, until: Date, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let mut out = if zh {
        format!("自 {as_of} 至 {until} 到期的义务，共 {} 项：\n", obligations.len())
    } else {
        format!("obligations falling due from {as_of} to {until}: {}\n", obligations.len())
    };
    for o in obligations {
        let message = if zh { &o.message.zh } else { &o.message.en };
        out.push_str(&format!("{}  {}  {}  {message}\n", o.due, o.case_id, o.rule));
    }
    let mut per_case: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
    for o in obligations {
        let entry = per_case.entry(&o.case_id).or_insert((0, &o.due));
        entry.0 += 1;
    }
    if !per_case.is_empty() {
        out.push_str(if zh { "\n按案卷：\n" } else { "\nper case:\n" });
        for (case, (count, first)) in per_case {
            out.push_str(&if zh {
                format!("{case}  {count} 项，最早 {first}\n")
            } else {
                format!("{case}  {count}, first on {first}\n")
            });
        }
    }
    out
}

/// The calendar as JSON.
pub fn calendar_json(obligations: &[Obligation], as_of: Date, until: Date) -> String {
    let document =
        serde_json::json!({ "as_of": as_of.to_string(), "until": until.to_string(), "obligations": obligations });
    serde_json::to_string_pretty(&document).unwrap_or_default() + "\n"
}
