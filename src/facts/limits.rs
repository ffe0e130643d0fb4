//! What a well-formed settings file or waiver register may still not say.
//!
//! The loader checks keys, types and vocabularies; this module checks values against the
//! limits the procedure and the standards it imports set. A CB may tighten a limit (a
//! 10-month surveillance interval), never loosen it (a 13-month one): each numeric setting
//! has an allowed range with its basis ([`RANGES`], shown in the error's help and in
//! `docs/rule-language.md`). The ITSMS audit-time table must be a sequence of bands from one
//! person upward, each following the last without overlap or gap, with positive days. In the
//! waiver register a reason, an approver, a case and a rule may not be blank, and a waiver
//! may not expire before it was approved. Each refusal carries the span of the value.

use super::load::LoadError;
use super::{Fact, FactValue};
use crate::source::Span;
use jiff::civil::Date;

/// One numeric setting's allowed range and why.
#[derive(Debug, PartialEq)]
pub struct Range {
    /// The setting's pointer in the settings tree (`/surveillance/max_interval_months`).
    pub pointer: &'static str,
    /// Smallest allowed value.
    pub min: f64,
    /// Largest allowed value, if any.
    pub max: Option<f64>,
    /// Whether only whole numbers are allowed.
    pub whole: bool,
}

/// A CB may tighten a limit the procedure or a standard sets, never loosen it. Why each
/// range is what it is, the error's help says (`report::catalogue::range_basis`).
pub static RANGES: &[Range] = &[
    Range { pointer: "/surveillance/max_interval_months", min: 1.0, max: Some(12.0), whole: true },
    Range { pointer: "/nonconformities/major_verification_months", min: 1.0, max: Some(6.0), whole: true },
    Range { pointer: "/nonconformities/close_days", min: 1.0, max: Some(180.0), whole: true },
    Range { pointer: "/stage1/stage2_gap_warning_months", min: 1.0, max: Some(6.0), whole: true },
    Range { pointer: "/audit_time/max_reduction_percent", min: 0.0, max: Some(30.0), whole: false },
    Range { pointer: "/suspension/max_months", min: 1.0, max: Some(6.0), whole: true },
    Range { pointer: "/evaluation/max_steps", min: 1000.0, max: Some(1_000_000_000.0), whole: true },
];

/// Head counts of the ITSMS table start at one person.
pub static BAND_PERSONNEL: Range =
    Range { pointer: "/audit_time/itsms_table/*/min_personnel", min: 1.0, max: None, whole: true };

/// Audit days of an ITSMS band: at least half a day, the unit IAF MD5 rounds to.
pub static BAND_DAYS: Range = Range { pointer: "/audit_time/itsms_table/*/days", min: 0.5, max: None, whole: false };

/// What is refused.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// A number outside its setting's range.
    OutOfRange {
        /// The setting, dotted (`surveillance.max_interval_months`).
        key: String,
        /// The value as written.
        text: String,
        /// The range.
        range: &'static Range,
    },
    /// An ITSMS band whose largest head count is below its smallest.
    BandInverted {
        /// Smallest head count.
        min: i64,
        /// Largest head count.
        max: i64,
    },
    /// An ITSMS band that does not start right after the band before it (or at one person).
    BandNotFollowing {
        /// Where it should start.
        expected: i64,
        /// Where it starts.
        found: i64,
        /// The band before, if any.
        previous: Option<Span>,
    },
    /// A waiver text that is empty or only whitespace.
    Blank {
        /// The key.
        key: &'static str,
    },
    /// A waiver that expires before it was approved.
    ExpiresBeforeApproval {
        /// Approval date.
        approved: Date,
        /// Expiry.
        expires: Date,
        /// Where the approval date is.
        approved_at: Span,
    },
}

/// A value refused, with its span and pointer.
#[derive(Debug, Clone, PartialEq)]
pub struct RefusedValue {
    /// Why.
    pub refusal: Refusal,
    /// The value.
    pub span: Span,
    /// Its pointer in the file.
    pub pointer: String,
}

/// An error of a settings file or waiver register: malformed, or well-formed but refused.
#[derive(Debug, Clone, PartialEq)]
pub enum ConfigError {
    /// Unreadable, not TOML, an unknown key, a wrong type.
    Load(LoadError),
    /// A value outside what the procedure allows.
    Refused(RefusedValue),
}

impl ConfigError {
    /// Where the error is.
    pub fn span(&self) -> Span {
        match self {
            ConfigError::Load(error) => error.span,
            ConfigError::Refused(refused) => refused.span,
        }
    }
}

impl From<LoadError> for ConfigError {
    fn from(error: LoadError) -> Self {
        ConfigError::Load(error)
    }
}

fn number(fact: &Fact) -> Option<f64> {
    match fact.value {
        FactValue::Number(n) => Some(n),
        _ => None,
    }
}

fn check_range(fact: &Fact, range: &'static Range, key: String, pointer: String, text: &str) -> Option<RefusedValue> {
    let value = number(fact)?;
    let inside =
        value >= range.min && range.max.is_none_or(|max| value <= max) && (!range.whole || value.fract() == 0.0);
    (!inside).then(|| RefusedValue {
        refusal: Refusal::OutOfRange { key, text: text.to_string(), range },
        span: fact.span,
        pointer,
    })
}

/// The refusals of a settings tree read from `text` (only what the file sets is checked;
/// the defaults are within range, as a test proves).
pub fn check_settings(root: &Fact, text: &str) -> Vec<RefusedValue> {
    let mut refused = Vec::new();
    let slice = |fact: &Fact| text.get(fact.span.start..fact.span.end).unwrap_or("").to_string();
    for range in RANGES {
        let mut parts = range.pointer.trim_start_matches('/').split('/');
        let (Some(section), Some(key)) = (parts.next(), parts.next()) else { continue };
        let Some(fact) = root.get(section).and_then(|s| s.get(key)) else { continue };
        refused.extend(check_range(fact, range, format!("{section}.{key}"), range.pointer.to_string(), &slice(fact)));
    }
    if let Some(FactValue::List(rows)) = root.get("audit_time").and_then(|a| a.get("itsms_table")).map(|t| &t.value) {
        let mut expected = 1_i64;
        let mut previous: Option<Span> = None;
        for (index, row) in rows.iter().enumerate() {
            let pointer = |key: &str| format!("/audit_time/itsms_table/{index}/{key}");
            let dotted = |key: &str| format!("audit_time.itsms_table[{index}].{key}");
            let (Some(min_fact), Some(max_fact), Some(days)) =
                (row.get("min_personnel"), row.get("max_personnel"), row.get("days"))
            else {
                continue;
            };
            refused.extend(check_range(days, &BAND_DAYS, dotted("days"), pointer("days"), &slice(days)));
            let (Some(min), Some(max)) = (number(min_fact), number(max_fact)) else { continue };
            let (min, max) = (min as i64, max as i64);
            if min < 1 {
                refused.extend(check_range(
                    min_fact,
                    &BAND_PERSONNEL,
                    dotted("min_personnel"),
                    pointer("min_personnel"),
                    &slice(min_fact),
                ));
            } else if min != expected {
                refused.push(RefusedValue {
                    refusal: Refusal::BandNotFollowing { expected, found: min, previous },
                    span: min_fact.span,
                    pointer: pointer("min_personnel"),
                });
            }
            if max < min {
                refused.push(RefusedValue {
                    refusal: Refusal::BandInverted { min, max },
                    span: max_fact.span,
                    pointer: pointer("max_personnel"),
                });
                // The next band cannot be placed after this one: stop checking the order.
                break;
            }
            expected = max.saturating_add(1);
            previous = Some(row.span);
        }
    }
    refused
}

/// The refusals of one waiver (a `[[waiver]]` table at `index`).
pub fn check_waiver(fact: &Fact, index: usize) -> Vec<RefusedValue> {
    let mut refused = Vec::new();
    for key in ["case", "rule", "reason", "approved_by"] {
        if let Some(value) = fact.get(key)
            && value.as_text().is_some_and(|t| t.trim().is_empty())
        {
            refused.push(RefusedValue {
                refusal: Refusal::Blank { key },
                span: value.span,
                pointer: format!("/waiver/{index}/{key}"),
            });
        }
    }
    let date = |key: &str| match fact.get(key) {
        Some(Fact { value: FactValue::Date(date), span, .. }) => Some((*date, *span)),
        _ => None,
    };
    if let (Some((approved, approved_at)), Some((expires, span))) = (date("approved"), date("expires"))
        && expires < approved
    {
        refused.push(RefusedValue {
            refusal: Refusal::ExpiresBeforeApproval { approved, expires, approved_at },
            span,
            pointer: format!("/waiver/{index}/expires"),
        });
    }
    refused
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::settings::{DEFAULT_SETTINGS, Settings};
    use crate::source::SourceFile;

    fn refusals(text: &str) -> Vec<ConfigError> {
        Settings::load(SourceFile::new("caselint.toml", text)).err().unwrap_or_default()
    }

    #[test]
    fn every_range_names_a_default_within_it() {
        let defaults = Settings::defaults();
        for range in RANGES {
            let mut parts = range.pointer.trim_start_matches('/').split('/');
            let (section, key) = (parts.next().unwrap(), parts.next().unwrap());
            assert!(defaults.root.get(section).and_then(|s| s.get(key)).is_some(), "{} has no default", range.pointer);
        }
        assert_eq!(check_settings(&defaults.root, DEFAULT_SETTINGS), Vec::new());
        for range in RANGES.iter().chain([&BAND_PERSONNEL, &BAND_DAYS]) {
            let [zh, en] = crate::report::catalogue::range_basis(range.pointer);
            assert!(!zh.is_empty() && !en.is_empty(), "{} has no basis in the catalogue", range.pointer);
        }
    }

    #[test]
    fn limits_are_inclusive_and_whole_numbers_stay_whole() {
        assert!(refusals("[surveillance]\nmax_interval_months = 12\n").is_empty());
        assert!(refusals("[surveillance]\nmax_interval_months = 1\n").is_empty());
        assert_eq!(refusals("[surveillance]\nmax_interval_months = 13\n").len(), 1);
        assert!(refusals("[audit_time]\nmax_reduction_percent = 0\n").is_empty());
        assert!(refusals("[audit_time]\nmax_reduction_percent = 30.0\n").is_empty());
        assert_eq!(refusals("[audit_time]\nmax_reduction_percent = 30.5\n").len(), 1);
        assert_eq!(refusals("[audit_time]\nmax_reduction_percent = -1\n").len(), 1);
        assert_eq!(refusals("[suspension]\nmax_months = 7\n").len(), 1);
        assert_eq!(refusals("[nonconformities]\nclose_days = 181\nmajor_verification_months = 0\n").len(), 2);
        assert_eq!(refusals("[stage1]\nstage2_gap_warning_months = 0\n").len(), 1);
    }

    #[test]
    fn bands_follow_each_other_from_one_person() {
        let table = |rows: &str| format!("[audit_time]\nitsms_table = [{rows}]\n");
        let row = |min: i64, max: i64, days: f64| {
            format!("{{ min_personnel = {min}, max_personnel = {max}, days = {days:?} }},")
        };
        let fine = table(&(row(1, 10, 4.0) + &row(11, 11, 0.5) + &row(12, 100, 9.0)));
        assert!(refusals(&fine).is_empty());
        let kinds = |text: &str| -> Vec<String> {
            refusals(text)
                .into_iter()
                .map(|e| match e {
                    ConfigError::Refused(r) => {
                        format!("{:?}", r.refusal).split([' ', '{']).next().unwrap_or("").to_string()
                    }
                    ConfigError::Load(l) => format!("{:?}", l.problem),
                })
                .collect()
        };
        assert_eq!(kinds(&table(&row(2, 10, 4.0))), ["BandNotFollowing"]);
        assert_eq!(kinds(&table(&(row(1, 10, 4.0) + &row(10, 20, 5.0)))), ["BandNotFollowing"]);
        assert_eq!(kinds(&table(&(row(1, 10, 4.0) + &row(12, 20, 5.0)))), ["BandNotFollowing"]);
        assert_eq!(kinds(&table(&(row(1, 10, 4.0) + &row(11, 9, 5.0) + &row(3, 4, 1.0)))), ["BandInverted"]);
        assert_eq!(kinds(&table(&row(1, 10, 0.0))), ["OutOfRange"]);
        assert_eq!(kinds(&table(&row(-3, 10, 1.0))), ["OutOfRange"]);
    }
}
