//! The clause matrix: for every clause of the procedure, the rules that enforce it and the
//! fixtures that prove them, or why a person must check it instead.
//!
//! Consumes the clause index, a [`RuleSet`] and, optionally, verdict counts over cases;
//! produces [`ClauseCoverage`] rows for `caselint coverage` and the accreditation docs.

use crate::check::{CheckedManual, RuleSet};
use crate::eval::{CaseResult, Verdict};
use crate::procedure::{Clause, clauses};
use serde::Serialize;
use std::collections::BTreeMap;

mod fixtures {
    include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
}

/// Which fixtures prove a rule.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FixtureProof {
    /// A fixture makes the rule fire.
    pub fires: bool,
    /// A fixture keeps it silent.
    pub silent: bool,
    /// A fixture shows it not evaluable when its evidence is missing.
    pub missing: bool,
}

/// How many verdicts a rule (or clause) had over a set of cases.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct VerdictCounts {
    /// Subjects where the requirement holds.
    pub holds: usize,
    /// Violations.
    pub violated: usize,
    /// Missing evidence.
    pub not_evaluable: usize,
    /// Deadlines not reached yet.
    pub not_yet_due: usize,
}

impl VerdictCounts {
    /// Adds one case's verdicts to the counts per clause id: a verdict counts for the
    /// rule's clauses of the case's schemes (an ITSMS case's verdict is not an ISMS
    /// clause's).
    pub fn tally(counts: &mut BTreeMap<String, VerdictCounts>, result: &CaseResult, rules: &RuleSet) {
        for (rule, &holds) in rules.rules.iter().zip(&result.holds).filter(|(_, holds)| **holds > 0) {
            for clause in result.schemes.filter_clauses(&rule.clauses) {
                counts.entry(clause.to_string()).or_default().holds += holds;
            }
        }
        for finding in &result.findings {
            let Some(rule) = rules.rule(&finding.rule) else { continue };
            for clause in finding.schemes.filter_clauses(&rule.clauses) {
                let entry = counts.entry(clause.to_string()).or_default();
                match finding.verdict {
                    Verdict::Violated => entry.violated += 1,
                    Verdict::NotEvaluable { .. } => entry.not_evaluable += 1,
                    Verdict::NotYetDue { .. } => entry.not_yet_due += 1,
                    Verdict::Holds => entry.holds += 1,
                }
            }
        }
    }

    /// Adds another count.
    pub fn add(&mut self, other: &VerdictCounts) {
        self.holds += other.holds;
        self.violated += other.violated;
        self.not_evaluable += other.not_evaluable;
        self.not_yet_due += other.not_yet_due;
    }
}

/// One row of the clause matrix.
#[derive(Debug, Clone)]
pub struct ClauseCoverage<'a> {
    /// The clause.
    pub clause: &'a Clause,
    /// Rules citing it, sorted.
    pub rules: Vec<&'a str>,
    /// Its manual entry, if any.
    pub manual: Option<&'a CheckedManual>,
    /// Fixture proof per rule.
    pub fixtures: BTreeMap<&'a str, FixtureProof>,
    /// Verdict counts over the cases given: its rules' verdicts on cases of its schemes.
    pub verdicts: Option<VerdictCounts>,
    /// Its sub-clauses and items, when every one of them is accounted for.
    pub through_children: Vec<&'a str>,
}

impl ClauseCoverage<'_> {
    /// Whether the clause is accounted for: by a rule, a manual entry, or all its sub-clauses.
    pub fn accounted(&self) -> bool {
        !self.rules.is_empty() || self.manual.is_some() || !self.through_children.is_empty()
    }
}

/// Which fixtures exist for a rule, from the build-time index.
pub fn fixture_proof(rule: &str) -> FixtureProof {
    let mut proof = FixtureProof::default();
    for (fixture_rule, outcome, _) in fixtures::FIXTURES {
        if *fixture_rule == rule {
            match *outcome {
                "fail" => proof.fires = true,
                "pass" => proof.silent = true,
                "unknown" => proof.missing = true,
                _ => {}
            }
        }
    }
    proof
}

/// Number of fixture files in the build-time index.
pub fn fixture_count() -> usize {
    fixtures::FIXTURES.len()
}

/// The clause matrix, in the procedure's order.
pub fn clause_matrix<'a>(
    rules: &'a RuleSet,
    verdicts: Option<&BTreeMap<String, VerdictCounts>>,
) -> Vec<ClauseCoverage<'a>> {
    let mut by_clause: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for rule in &rules.rules {
        for clause in &rule.clauses {
            by_clause.entry(clause.as_str()).or_default().push(rule.id.as_str());
        }
    }
    let mut rows: Vec<ClauseCoverage<'a>> = clauses()
        .map(|clause| {
            let rule_ids = by_clause.get(clause.id.as_str()).cloned().unwrap_or_default();
            let manual = rules.manual.iter().find(|m| m.clauses.contains(&clause.id));
            let fixtures = rule_ids.iter().map(|id| (*id, fixture_proof(id))).collect();
            let verdicts = verdicts.map(|counts| counts.get(clause.id.as_str()).copied().unwrap_or_default());
            ClauseCoverage { clause, rules: rule_ids, manual, fixtures, verdicts, through_children: Vec::new() }
        })
        .collect();
    // A heading, or a clause whose requirements are its items, is accounted for when every
    // sub-clause is. Children come after their parent, so walk backwards.
    let mut children: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, row) in rows.iter().enumerate() {
        if let Some(parent) = crate::procedure::parent(&row.clause.id) {
            children.entry(parent.id.as_str()).or_default().push(index);
        }
    }
    for index in (0..rows.len()).rev() {
        let Some(kids) = rows.get(index).and_then(|row| children.get(row.clause.id.as_str())) else { continue };
        let all = kids.iter().all(|&k| rows.get(k).is_some_and(ClauseCoverage::accounted));
        if all {
            let ids: Vec<&'a str> = kids.iter().filter_map(|&k| rows.get(k).map(|r| r.clause.id.as_str())).collect();
            if let Some(row) = rows.get_mut(index) {
                row.through_children = ids;
            }
        }
    }
    rows
}
