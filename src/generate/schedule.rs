//! Spreading generated cases over the calendar and the staff pool, so that a corpus of many
//! cases built from three bases does not put one auditor on two clients' audits on the same
//! days (which `cb/auditor-overlapping-audits` would rightly report).
//!
//! Each case is moved in time by a whole number of weeks (weekdays stay weekdays), chosen
//! among the shifts that leave every per-case verdict of its content unchanged as of the
//! corpus date — checked once per content and shift by evaluating both. Each team member is
//! then played by the first of their stand-ins (`AU01`, `AU01-2`, ...) free on the shifted
//! audit days; a stand-in is the same registry entry under another id, so no rule on one case
//! can tell them apart.

use crate::check::RuleSet;
use crate::facts::StaffRegistry;
use crate::facts::settings::Settings;
use jiff::civil::Date;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Weeks a case may move: back at most a year, forward at most a quarter.
const SHIFT_WEEKS: std::ops::RangeInclusive<i64> = -52..=13;
/// How many of a person's most recent stand-ins are tried before a new one is made.
const STAND_IN_WINDOW: usize = 32;

/// What a case's per-case verdicts are, as (rule, verdict, pointer).
type Verdicts = BTreeSet<(String, String, String)>;

/// The state of scheduling over a corpus.
pub struct Scheduler {
    checker: Option<(RuleSet, StaffRegistry, Settings, Date)>,
    /// Per content (base or injector) and shift in days: whether the shift is safe.
    safe: HashMap<(usize, i64), bool>,
    /// Per content: its verdicts unshifted.
    unshifted: HashMap<usize, Option<Verdicts>>,
    /// Per person: each stand-in's busy days, as disjoint intervals by first day.
    stand_ins: BTreeMap<String, Vec<BTreeMap<Date, Date>>>,
}

impl Scheduler {
    /// A scheduler checking shifts with the bundled rules as of `as_of`; without them (they
    /// do not load) cases are not moved.
    pub fn new(staff: &str, as_of: Date) -> Self {
        let files: Vec<crate::source::SourceFile> = crate::bundled::BUNDLED_RULES
            .iter()
            .map(|(name, text)| crate::source::SourceFile::new(*name, *text))
            .collect();
        let rules = crate::check::load_rule_set(&files).ok();
        let registry = crate::facts::load_staff(crate::source::SourceFile::new("staff.json", staff)).ok();
        let checker = rules.zip(registry).map(|(rules, registry)| (rules, registry, Settings::defaults(), as_of));
        Self { checker, safe: HashMap::new(), unshifted: HashMap::new(), stand_ins: BTreeMap::new() }
    }

    /// Moves `doc` (of content `content`) by a safe shift drawn with `draw`, then gives each
    /// team member a stand-in free on the shifted days. Returns the stand-ins made so far.
    pub fn place(&mut self, doc: &mut Value, content: usize, mut draw: impl FnMut(usize) -> usize) {
        let weeks: Vec<i64> = SHIFT_WEEKS.collect();
        let mut shift = 0;
        for _ in 0..6 {
            let candidate = weeks.get(draw(weeks.len())).copied().unwrap_or(0) * 7;
            if self.is_safe(doc, content, candidate) {
                shift = candidate;
                break;
            }
        }
        if shift != 0 {
            shift_dates(doc, shift);
        }
        let busy = busy_days(doc);
        let mut renames: BTreeMap<String, String> = BTreeMap::new();
        for (person, days) in busy {
            let stand_ins = self.stand_ins.entry(person.clone()).or_default();
            let first = stand_ins.len().saturating_sub(STAND_IN_WINDOW);
            let free = (first..stand_ins.len()).find(|&k| stand_ins.get(k).is_some_and(|c| is_free(c, &days)));
            let k = free.unwrap_or_else(|| {
                stand_ins.push(BTreeMap::new());
                stand_ins.len() - 1
            });
            if let Some(calendar) = stand_ins.get_mut(k) {
                calendar.extend(days.iter().copied());
            }
            if k > 0 {
                renames.insert(person.clone(), stand_in_id(&person, k));
            }
        }
        if !renames.is_empty() {
            rename_staff(doc, &renames);
        }
    }

    /// The stand-ins beyond each person's own id, as (person, stand-in id), in order.
    pub fn stand_ins(&self) -> Vec<(String, String)> {
        self.stand_ins
            .iter()
            .flat_map(|(person, list)| (1..list.len()).map(move |k| (person.clone(), stand_in_id(person, k))))
            .collect()
    }

    fn is_safe(&mut self, doc: &Value, content: usize, shift: i64) -> bool {
        if shift == 0 {
            return true;
        }
        if let Some(&known) = self.safe.get(&(content, shift)) {
            return known;
        }
        let unshifted = match self.unshifted.get(&content) {
            Some(verdicts) => verdicts.clone(),
            None => {
                let verdicts = self.verdicts(doc);
                self.unshifted.insert(content, verdicts.clone());
                verdicts
            }
        };
        let mut moved = doc.clone();
        shift_dates(&mut moved, shift);
        let safe = unshifted.is_some() && self.verdicts(&moved) == unshifted;
        self.safe.insert((content, shift), safe);
        safe
    }

    fn verdicts(&self, doc: &Value) -> Option<Verdicts> {
        let (rules, staff, settings, as_of) = self.checker.as_ref()?;
        let text = serde_json::to_string(doc).ok()?;
        let case = crate::facts::load_case(crate::source::SourceFile::new("case.json", text), staff).ok()?;
        let result = crate::eval::evaluate_case(rules, &case, staff, settings, *as_of);
        Some(
            result
                .findings
                .iter()
                .map(|f| (f.rule.clone(), f.verdict.as_str().to_string(), f.pointer().to_string()))
                .collect(),
        )
    }
}

/// The id of a person's `k`-th stand-in.
fn stand_in_id(person: &str, k: usize) -> String {
    format!("{person}-{}", k + 1)
}

/// Whether a calendar of disjoint intervals is free on every one of `days`.
fn is_free(calendar: &BTreeMap<Date, Date>, days: &[(Date, Date)]) -> bool {
    days.iter().all(|&(first, last)| {
        let before = calendar.range(..=last).next_back();
        before.is_none_or(|(_, &end)| end < first)
    })
}

/// Each team member's audit days in a case, merged into disjoint intervals.
fn busy_days(doc: &Value) -> BTreeMap<String, Vec<(Date, Date)>> {
    let mut busy: BTreeMap<String, Vec<(Date, Date)>> = BTreeMap::new();
    let audits = doc.get("audits").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
    for audit in audits {
        let date = |key: &str| audit.get(key).and_then(Value::as_str).and_then(|t| t.parse::<Date>().ok());
        let (Some(first), Some(last)) = (date("start"), date("end")) else { continue };
        let team = audit.get("team").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
        for member in team {
            if let Some(person) = member.get("staff").and_then(Value::as_str) {
                busy.entry(person.to_string()).or_default().push((first, last.max(first)));
            }
        }
    }
    for intervals in busy.values_mut() {
        intervals.sort();
        let mut merged: Vec<(Date, Date)> = Vec::with_capacity(intervals.len());
        for &(first, last) in intervals.iter() {
            match merged.last_mut() {
                Some(previous) if first <= previous.1 => previous.1 = previous.1.max(last),
                _ => merged.push((first, last)),
            }
        }
        *intervals = merged;
    }
    busy
}

/// Moves every date of the document by `days`.
fn shift_dates(value: &mut Value, days: i64) {
    match value {
        Value::String(text) => {
            if text.len() == 10
                && let Ok(date) = text.parse::<Date>()
                && let Ok(moved) = date.checked_add(jiff::Span::new().days(days))
            {
                *text = moved.to_string();
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| shift_dates(item, days)),
        Value::Object(fields) => fields.values_mut().for_each(|field| shift_dates(field, days)),
        _ => {}
    }
}

/// Replaces every string that is one of the people's ids by their stand-in's.
fn rename_staff(value: &mut Value, renames: &BTreeMap<String, String>) {
    match value {
        Value::String(text) => {
            if let Some(stand_in) = renames.get(text.as_str()) {
                *text = stand_in.clone();
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| rename_staff(item, renames)),
        Value::Object(fields) => fields.values_mut().for_each(|field| rename_staff(field, renames)),
        _ => {}
    }
}

/// The registry with each stand-in added as a copy of its person's entry under its own id.
pub fn registry_with_stand_ins(staff: &str, stand_ins: &[(String, String)]) -> Option<String> {
    let mut registry: Value = serde_json::from_str(staff).ok()?;
    let people = registry.get_mut("staff")?.as_array_mut()?;
    let originals: BTreeMap<String, Value> =
        people.iter().filter_map(|p| Some((p.get("id")?.as_str()?.to_string(), p.clone()))).collect();
    for (person, id) in stand_ins {
        let Some(mut entry) = originals.get(person).cloned() else { continue };
        if let Some(fields) = entry.as_object_mut() {
            fields.insert("id".into(), Value::String(id.clone()));
        }
        people.push(entry);
    }
    serde_json::to_string_pretty(&registry).ok().map(|text| text + "\n")
}
