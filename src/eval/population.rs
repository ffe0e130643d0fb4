//! The second stage of cross-case rules: comparing the claims cases contributed.
//!
//! Each case yields [`super::Claim`]s (plain values that outlive the case) while it is
//! evaluated, packed into a [`ClaimBook`]; once every case has been, the claims of one rule
//! with one key are paired, across case files only, and the rule's requirement is judged on
//! each pair with `this` and `other` bound. A `period` limits pairs to claims whose days
//! overlap (found by a sweep, not by trying every pair); `between` pairs claims of one role
//! with claims of another.

use super::claims::{ClaimBook, ClaimRef};
use super::value::{Kind, Value};
use super::{Context, Elsewhere, Finding, FindingLabel, Locals, ShownText, Verdict, set};
use crate::check::{CheckedRule, RuleSet};
use crate::facts::settings::Settings;
use crate::facts::{StaffRegistry, pointer_at};
use jiff::civil::Date;
use std::collections::BTreeMap;

/// A pair of claims on which a cross-case rule is not met.
#[derive(Debug, Clone, PartialEq)]
struct CrossFinding {
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
fn cross_findings(rules: &RuleSet, book: &ClaimBook, settings: &Settings, as_of: Date) -> Vec<CrossFinding> {
    // Claims grouped by rule and key: equal keys are equal words (strings are stored once).
    let mut order: Vec<(u32, u32, u32)> = (0..book.len())
        .filter_map(|i| {
            let claim = book.get(i)?;
            Some((u32::try_from(claim.rule()).ok()?, claim.key_word(), u32::try_from(i).ok()?))
        })
        .collect();
    order.sort_unstable();
    let staff = StaffRegistry::empty(crate::source::SourceFile::new("", ""));
    let context = Context::new(None, &staff, settings, as_of);
    let mut findings = Vec::new();
    for group in order.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        let Some(&(rule_index, _, _)) = group.first() else { continue };
        let rule_index = rule_index as usize;
        let Some(rule) = rules.rules.get(rule_index) else { continue };
        let Some(population) = &rule.population else { continue };
        let members: Vec<usize> = group.iter().map(|&(_, _, i)| i as usize).collect();
        for (this, other) in candidate_pairs(book, &members, population.between.as_ref()) {
            if let Some(finding) = judge(&context, rule, rule_index, book, this, other) {
                findings.push(finding);
            }
        }
    }
    findings.sort_by_key(|f| {
        let this = book.get(f.this).map_or(0, |c| c.case());
        let other = book.get(f.other).map_or(0, |c| c.case());
        (this, f.rule, f.this, other, f.other)
    });
    findings
}

/// The pairs of claims a group compares, as (this, other) indices: claims of different case
/// files whose periods overlap; with `between`, `this` plays the first role and `other` the
/// second, otherwise `this` is the claim of the earlier input.
fn candidate_pairs(book: &ClaimBook, members: &[usize], between: Option<&(String, String)>) -> Vec<(usize, usize)> {
    let case = |i: usize| book.get(i).map_or(0, |c| c.case());
    let role_is = |i: usize, role: &str| book.get(i).and_then(|c| c.role()) == Some(role);
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
    let periods: Option<Vec<(Date, Date)>> = members.iter().map(|&i| book.get(i).and_then(|c| c.period())).collect();
    match periods {
        None => {
            // Without periods every pair of the group is compared: keys should be selective.
            for (n, &a) in members.iter().enumerate() {
                for &b in members.iter().skip(n + 1) {
                    pairs.extend(oriented(a, b));
                }
            }
        }
        Some(periods) => {
            // Sweep by first day: a claim meets only those still running when it starts. With
            // `between`, claims of a role meet only the running claims of the other role, so a
            // decision maker's thousands of decisions are never compared with each other.
            let side = |i: usize| match between {
                Some((first, _)) if role_is(i, first) => Some(0),
                Some((_, second)) if role_is(i, second) => Some(1),
                Some(_) => None,
                None => Some(0),
            };
            let mut by_start: Vec<(Date, Date, usize)> =
                members.iter().zip(periods).map(|(&i, (first, last))| (first, last, i)).collect();
            by_start.sort_unstable();
            let mut running: [Vec<(Date, usize)>; 2] = Default::default();
            for (first, last, next) in by_start {
                let Some(own) = side(next) else { continue };
                let meets = if between.is_some() { 1 - own } else { own };
                if let Some(list) = running.get_mut(meets) {
                    list.retain(|&(end, _)| end >= first);
                    pairs.extend(list.iter().filter_map(|&(_, r)| oriented(r, next)));
                }
                if let Some(list) = running.get_mut(own) {
                    list.push((last, next));
                }
            }
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
    book: &'a ClaimBook,
    this: usize,
    other: usize,
) -> Option<CrossFinding> {
    let population = rule.population.as_ref()?;
    let (this_claim, other_claim) = (book.get(this)?, book.get(other)?);
    let mut locals = pair_locals(this_claim, other_claim, population.pair_slots, population.key_slot());
    // Each pair is judged with the whole budget of a rule.
    context.budget.reset();
    let verdict = match context.eval(&rule.require, &mut locals) {
        Ok(Value { kind: Kind::Bool(true), .. }) => return None,
        Ok(_) => Verdict::Violated,
        Err(unknown) => Verdict::NotEvaluable { missing: unknown.into_missing() },
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
fn pair_locals<'a>(this: ClaimRef<'a>, other: ClaimRef<'a>, slots: usize, key_slot: usize) -> Locals<'a> {
    let mut locals: Locals<'a> = vec![None; slots];
    let count = this.values().count();
    for (index, value) in this.values().enumerate() {
        set(&mut locals, index, value);
    }
    for (index, value) in other.values().enumerate() {
        set(&mut locals, count + index, value);
    }
    set(&mut locals, key_slot, this.key());
    locals
}

/// The cross-case findings filed under one case, as [`Finding`]s: `this`'s labels in the
/// case's own file, `other`'s in [`Elsewhere`]. `source` gives the text of a case file by
/// input position (read again: the run keeps no case text).
fn case_findings(
    rules: &RuleSet,
    book: &ClaimBook,
    cross: &[&CrossFinding],
    mut source: impl FnMut(usize) -> Option<crate::source::SourceFile>,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for finding in cross {
        let (Some(rule), Some(this), Some(other)) =
            (rules.rules.get(finding.rule), book.get(finding.this), book.get(finding.other))
        else {
            continue;
        };
        let this_text = source(this.case()).map(|this| this.text);
        let this_labels = labels(this, &finding.this_captions, this_text.as_deref().unwrap_or_default());
        let subject = this_labels.first().map(|label| label.pointer.clone()).unwrap_or_default();
        let mut this_labels = this_labels.into_iter();
        let elsewhere = source(other.case()).map(|source| {
            let labels = labels(other, &finding.other_captions, &source.text);
            Box::new(Elsewhere { case_id: other.case_id(), source, labels })
        });
        findings.push(Finding {
            rule: rule.id.clone(),
            severity: rule.severity,
            verdict: finding.verdict.clone(),
            subject,
            primary: this_labels.next(),
            secondary: this_labels.collect(),
            message: finding.message.clone(),
            help: finding.help.clone(),
            elsewhere,
            schemes: this.case_schemes(),
        });
    }
    findings
}

/// A claim's label sites with their captions, in label order (sites not found are skipped);
/// `text` is the claim's case file, where the sites' pointers are found.
fn labels(claim: ClaimRef<'_>, captions: &[[ShownText; 2]], text: &str) -> Vec<FindingLabel> {
    claim
        .sites()
        .into_iter()
        .zip(captions.iter().map(Some).chain(std::iter::repeat(None)))
        .filter_map(|(site, caption)| {
            let span = site?;
            Some(FindingLabel {
                span,
                pointer: pointer_at(text, span.start).unwrap_or_default(),
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
    book: &ClaimBook,
    settings: &Settings,
    as_of: Date,
    mut source: impl FnMut(usize) -> Option<crate::source::SourceFile>,
) -> BTreeMap<usize, Vec<Finding>> {
    let cross = cross_findings(rules, book, settings, as_of);
    let mut by_case: BTreeMap<usize, Vec<&CrossFinding>> = BTreeMap::new();
    for finding in &cross {
        if let Some(this) = book.get(finding.this) {
            by_case.entry(this.case()).or_default().push(finding);
        }
    }
    by_case
        .into_iter()
        .map(|(case, cross)| {
            let mut findings = case_findings(rules, book, &cross, &mut source);
            findings.sort_by(|a, b| a.offset().cmp(&b.offset()).then_with(|| a.rule.cmp(&b.rule)));
            (case, findings)
        })
        .collect()
}
