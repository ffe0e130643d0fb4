//! The second stage of cross-case rules: comparing the claims cases contributed.
//!
//! Each case yields [`Claim`]s (plain values that outlive the case) while it is evaluated;
//! once every case has been, the claims of one rule with one key are paired, across case
//! files only, and the rule's requirement is judged on each pair with `this` and `other`
//! bound. A `period` limits pairs to claims whose days overlap (found by a sweep, not by
//! trying every pair); `between` pairs claims of one role with claims of another.

use super::value::{Kind, Unknown, Value};
use super::{Claim, Context, Elsewhere, Eval, Finding, FindingLabel, Locals, Shown, ShownText, Verdict, set};
use crate::check::{CheckedRule, RuleSet};
use crate::facts::StaffRegistry;
use crate::facts::settings::Settings;
use jiff::civil::Date;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// A claim and the case (by input position) that contributed it.
#[derive(Debug, Clone)]
pub struct CaseClaim {
    /// The case's position among the run's inputs.
    pub case: usize,
    /// The claim.
    pub claim: Claim,
}

/// A pair of claims on which a cross-case rule is not met.
#[derive(Debug, Clone, PartialEq)]
pub struct CrossFinding {
    /// The rule, by index into [`RuleSet::rules`].
    pub rule: usize,
    /// `this`: the claim whose case the finding is filed under, by index into the claims.
    pub this: usize,
    /// `other`: the claim in another case file.
    pub other: usize,
    /// Violated, or not evaluable when the comparison needs what neither claim holds.
    pub verdict: Verdict,
    /// The message per language.
    pub message: [ShownText; 2],
    /// The help per language.
    pub help: [ShownText; 2],
    /// Captions of `this`'s labels (`at`, then each `also`).
    pub this_captions: Vec<[ShownText; 2]>,
    /// Captions of `other`'s labels, seen from `other`.
    pub other_captions: Vec<[ShownText; 2]>,
}

/// Compares the claims of every cross-case rule. Findings come sorted by `this`'s case,
/// then rule, then the claims' order, so the output does not depend on thread count.
pub fn cross_findings(rules: &RuleSet, claims: &[CaseClaim], settings: &Settings, as_of: Date) -> Vec<CrossFinding> {
    let mut groups: BTreeMap<(usize, String), Vec<usize>> = BTreeMap::new();
    for (index, entry) in claims.iter().enumerate() {
        groups.entry((entry.claim.rule, key_text(&entry.claim.key))).or_default().push(index);
    }
    let staff = StaffRegistry { source: crate::source::SourceFile::new("", ""), by_id: BTreeMap::new() };
    let context =
        Context { case: None, staff: &staff, settings, as_of, derived: Vec::new(), lists: RefCell::default() };
    let mut findings = Vec::new();
    for ((rule_index, _), members) in groups {
        let Some(rule) = rules.rules.get(rule_index) else { continue };
        let Some(population) = &rule.population else { continue };
        for (this, other) in candidate_pairs(claims, &members, population.between.as_ref()) {
            if let Some(finding) = judge(&context, rule, rule_index, claims, this, other) {
                findings.push(finding);
            }
        }
    }
    findings.sort_by_key(|f| {
        let this = claims.get(f.this).map_or(0, |c| c.case);
        let other = claims.get(f.other).map_or(0, |c| c.case);
        (this, f.rule, f.this, other, f.other)
    });
    findings
}

/// The pairs of claims a group compares, as (this, other) indices: claims of different case
/// files whose periods overlap; with `between`, `this` plays the first role and `other` the
/// second, otherwise `this` is the claim of the earlier input.
fn candidate_pairs(claims: &[CaseClaim], members: &[usize], between: Option<&(String, String)>) -> Vec<(usize, usize)> {
    let claim = |i: usize| claims.get(i).map(|c| &c.claim);
    let case = |i: usize| claims.get(i).map_or(0, |c| c.case);
    let role_is = |i: usize, role: &str| claim(i).and_then(|c| c.role.as_deref()) == Some(role);
    let oriented = |a: usize, b: usize| -> Option<(usize, usize)> {
        if case(a) == case(b) {
            return None;
        }
        match between {
            Some((first, second)) if role_is(a, first) && role_is(b, second) => Some((a, b)),
            Some((first, second)) if role_is(b, first) && role_is(a, second) => Some((b, a)),
            Some(_) => None,
            None => Some(if (case(a), a) <= (case(b), b) { (a, b) } else { (b, a) }),
        }
    };
    let mut pairs = Vec::new();
    let periodic = members.iter().all(|&i| claim(i).is_some_and(|c| c.period.is_some()));
    if !periodic {
        for (n, &a) in members.iter().enumerate() {
            for &b in members.iter().skip(n + 1) {
                pairs.extend(oriented(a, b));
            }
        }
    } else {
        // Sweep by first day: a claim meets only those still running when it starts.
        let period = |i: usize| claim(i).and_then(|c| c.period).unwrap_or_default();
        let mut by_start: Vec<usize> = members.to_vec();
        by_start.sort_by_key(|&i| (period(i).0, i));
        let mut running: Vec<usize> = Vec::new();
        for &next in &by_start {
            let start = period(next).0;
            running.retain(|&r| period(r).1 >= start);
            pairs.extend(running.iter().filter_map(|&r| oriented(r, next)));
            running.push(next);
        }
    }
    pairs.sort_unstable();
    pairs
}

/// Judges one pair; a pair that meets the requirement yields nothing.
fn judge<'a>(
    context: &Context<'a>,
    rule: &'a CheckedRule,
    rule_index: usize,
    claims: &'a [CaseClaim],
    this: usize,
    other: usize,
) -> Option<CrossFinding> {
    let population = rule.population.as_ref()?;
    let (this_claim, other_claim) = (&claims.get(this)?.claim, &claims.get(other)?.claim);
    let mut locals = pair_locals(this_claim, other_claim, population.pair_slots, population.key_slot());
    let verdict = match context.eval(&rule.require, &mut locals) {
        Ok(Value { kind: Kind::Bool(true), .. }) => return None,
        Ok(_) => Verdict::Violated,
        Err(unknown) => Verdict::NotEvaluable { missing: unknown.missing },
    };
    let captions = |locals: &mut Locals<'a>| -> Vec<[ShownText; 2]> {
        rule.at.iter().chain(&rule.also).map(|label| context.texts(&label.text, locals)).collect()
    };
    let this_captions = captions(&mut locals);
    let message = context.texts(&rule.message, &mut locals);
    let help = context.texts(&rule.help, &mut locals);
    let mut swapped = pair_locals(other_claim, this_claim, population.pair_slots, population.key_slot());
    let other_captions = captions(&mut swapped);
    Some(CrossFinding { rule: rule_index, this, other, verdict, message, help, this_captions, other_captions })
}

/// The pair scope's slots: `this`'s values, `other`'s, then the key.
fn pair_locals<'a>(this: &'a Claim, other: &'a Claim, slots: usize, key_slot: usize) -> Locals<'a> {
    let mut locals: Locals<'a> = vec![None; slots];
    let count = this.values.len();
    for (index, value) in this.values.iter().enumerate() {
        set(&mut locals, index, value_of(value));
    }
    for (index, value) in other.values.iter().enumerate() {
        set(&mut locals, count + index, value_of(value));
    }
    set(&mut locals, key_slot, value_of(&this.key));
    locals
}

/// A kept value back as a runtime value (without the fact it came from).
fn value_of(shown: &Shown) -> Eval<'_> {
    let kind = match shown {
        Shown::Bool(b) => Kind::Bool(*b),
        Shown::Number(n) => Kind::Number(*n),
        Shown::Text(t) | Shown::Term(t) | Shown::Object(t) => Kind::Text(t),
        Shown::Date(d) => Kind::Date(*d),
        Shown::Duration { months, days } => Kind::Duration { months: *months, days: *days },
        Shown::List(items) => Kind::List(Rc::new(items.iter().map(value_of).collect::<Result<Vec<_>, _>>()?)),
        Shown::Unknown => return Err(Unknown::default()),
    };
    Ok(Value::computed(kind))
}

/// The text claims are grouped by: equal keys, equal texts.
fn key_text(key: &Shown) -> String {
    match key {
        Shown::Text(t) | Shown::Term(t) | Shown::Object(t) => t.clone(),
        Shown::Number(n) => n.to_string(),
        Shown::Date(d) => d.to_string(),
        other => format!("{other:?}"),
    }
}

/// The cross-case findings filed under one case, as [`Finding`]s: `this`'s labels in the
/// case's own file, `other`'s in [`Elsewhere`]. `other_source` gives the text of another
/// case file by input position (read again: the run keeps no case text).
pub fn case_findings(
    rules: &RuleSet,
    claims: &[CaseClaim],
    cross: &[&CrossFinding],
    mut other_source: impl FnMut(usize) -> Option<crate::source::SourceFile>,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for finding in cross {
        let (Some(rule), Some(this), Some(other)) =
            (rules.rules.get(finding.rule), claims.get(finding.this), claims.get(finding.other))
        else {
            continue;
        };
        let this_labels = labels(&this.claim, &finding.this_captions);
        let mut this_labels = this_labels.into_iter();
        let elsewhere = other_source(other.case).map(|source| {
            Box::new(Elsewhere {
                case_id: match other.claim.values.first() {
                    Some(Shown::Text(id)) => id.clone(),
                    _ => String::new(),
                },
                source,
                labels: labels(&other.claim, &finding.other_captions),
            })
        });
        findings.push(Finding {
            rule: rule.id.clone(),
            severity: rule.severity,
            verdict: finding.verdict.clone(),
            subject: this.claim.subject.clone(),
            primary: this_labels.next(),
            secondary: this_labels.collect(),
            message: finding.message.clone(),
            help: finding.help.clone(),
            elsewhere,
        });
    }
    findings
}

/// A claim's label sites with their captions, in label order (sites not found are skipped).
fn labels(claim: &Claim, captions: &[[ShownText; 2]]) -> Vec<FindingLabel> {
    claim
        .sites
        .iter()
        .zip(captions.iter().map(Some).chain(std::iter::repeat(None)))
        .filter_map(|(site, caption)| {
            let site = site.as_ref()?;
            Some(FindingLabel {
                span: site.span,
                pointer: site.pointer.clone(),
                caption: caption.cloned().unwrap_or_default(),
                missing: None,
            })
        })
        .collect()
}

/// Compares the claims and files the findings under the case of `this`, by input position,
/// each case's sorted by offset then rule. `source` gives a case file's text by position.
pub fn findings_by_case(
    rules: &RuleSet,
    claims: &[CaseClaim],
    settings: &Settings,
    as_of: Date,
    mut source: impl FnMut(usize) -> Option<crate::source::SourceFile>,
) -> BTreeMap<usize, Vec<Finding>> {
    let cross = cross_findings(rules, claims, settings, as_of);
    let mut by_case: BTreeMap<usize, Vec<&CrossFinding>> = BTreeMap::new();
    for finding in &cross {
        if let Some(this) = claims.get(finding.this) {
            by_case.entry(this.case).or_default().push(finding);
        }
    }
    by_case
        .into_iter()
        .map(|(case, cross)| {
            let mut findings = case_findings(rules, claims, &cross, &mut source);
            findings.sort_by(|a, b| a.offset().cmp(&b.offset()).then_with(|| a.rule.cmp(&b.rule)));
            (case, findings)
        })
        .collect()
}
