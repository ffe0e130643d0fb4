//! Stage 4: three-valued evaluation of a checked rule set over one case.
//!
//! Consumes a [`RuleSet`], a loaded [`Case`] and the [`StaffRegistry`]; produces
//! [`Finding`]s (violated, not evaluable, not yet due) and counts of rules that hold.
//! Does no IO, formats no text, and never panics: missing facts propagate as
//! [`Unknown`], naming the root missing fact.

mod bind;
mod budget;
mod builtins;
pub mod claims;
use claims::{CaseClaims, LocalClaim};
pub mod population;
pub mod value;

use crate::check::ir::{Builtin, Ir};
use crate::check::{CheckedLabel, CheckedRule, Piece, RuleSet};
use crate::facts::settings::Settings;
use crate::facts::{Case, Fact, FactValue, Origin, StaffRegistry, child_pointer, pointer_in};
use crate::scheme::Schemes;
use crate::source::Span;
use crate::syntax::ast::{BinaryOp, Lang, Severity};
pub use builtins::add_duration;
use jiff::civil::Date;
use std::cell::Cell;
use std::rc::Rc;
pub use value::{Absence, Eval, Kind, MissingFact, Unknown, Value};

/// The verdict of one rule on one subject.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// The requirement is met.
    Holds,
    /// The requirement is not met.
    Violated,
    /// The case does not record what the rule needs.
    NotEvaluable {
        /// The root facts that are missing.
        missing: Vec<MissingFact>,
    },
    /// Not met yet, but its deadline (the last day allowed) is the as-of date or later.
    NotYetDue {
        /// The deadline.
        due: Date,
    },
}

impl Verdict {
    /// The verdict's name in reports: `violated`, `not_evaluable`, `not_yet_due`, `holds`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Verdict::Holds => "holds",
            Verdict::Violated => "violated",
            Verdict::NotEvaluable { .. } => "not_evaluable",
            Verdict::NotYetDue { .. } => "not_yet_due",
        }
    }
}

/// A value shown in a message: owned, so findings outlive the case.
#[derive(Debug, Clone, PartialEq)]
pub enum Shown {
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    Text(String),
    /// A date.
    Date(Date),
    /// A calendar duration.
    Duration {
        /// Whole months.
        months: i64,
        /// Remaining days.
        days: i64,
    },
    /// A list.
    List(Vec<Shown>),
    /// An object, shown by its id (or pointer).
    Object(String),
    /// A vocabulary term (`audit`, `stage2`), translated by the report.
    Term(String),
    /// A value the case does not record.
    Unknown,
}

/// A template with its holes computed.
pub type ShownText = Vec<ShownPiece>;

/// A piece of a computed template.
#[derive(Debug, Clone, PartialEq)]
pub enum ShownPiece {
    /// Literal text.
    Text(String),
    /// A computed value, formatted per language by the report.
    Value(Shown),
}

/// Where a finding points.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingLabel {
    /// The bytes to underline in the case file.
    pub span: Span,
    /// The pointer of the labelled value.
    pub pointer: String,
    /// The caption, per language.
    pub caption: [ShownText; 2],
    /// Set when the fact is missing: the label marks its parent object.
    pub missing: Option<MissingFact>,
}

/// A verdict other than "holds", with everything a report needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The rule's id.
    pub rule: String,
    /// The rule's severity.
    pub severity: Severity,
    /// The verdict.
    pub verdict: Verdict,
    /// The subject's pointer (the `for` element), or empty.
    pub subject: String,
    /// The primary label.
    pub primary: Option<FindingLabel>,
    /// Secondary labels.
    pub secondary: Vec<FindingLabel>,
    /// The message per language, holes computed.
    pub message: [ShownText; 2],
    /// The help per language, holes computed.
    pub help: [ShownText; 2],
    /// For a cross-case finding: the other case file and the values it contributes.
    pub elsewhere: Option<Box<Elsewhere>>,
    /// The schemes of the case it is filed under: it cites the rule's clauses and
    /// imports of these schemes only.
    pub schemes: Schemes,
}

/// The other side of a cross-case finding: a place in another case file.
#[derive(Debug, Clone)]
pub struct Elsewhere {
    /// The other case's `case_id`.
    pub case_id: String,
    /// The other case file, read again to show its values.
    pub source: crate::source::SourceFile,
    /// Its labels, the primary first.
    pub labels: Vec<FindingLabel>,
}

impl PartialEq for Elsewhere {
    fn eq(&self, other: &Self) -> bool {
        self.case_id == other.case_id && self.source.name == other.source.name && self.labels == other.labels
    }
}

impl Finding {
    /// The byte offset findings are sorted by.
    pub fn offset(&self) -> usize {
        self.primary.as_ref().map_or(0, |l| l.span.start)
    }

    /// The pointer reported for the finding: the primary label's, else the subject's.
    pub fn pointer(&self) -> &str {
        self.primary.as_ref().map_or(self.subject.as_str(), |l| l.pointer.as_str())
    }
}

/// The verdicts of every rule on one case.
#[derive(Debug, Clone, Default)]
pub struct CaseResult {
    /// Findings (everything but "holds"), sorted by offset then rule.
    pub findings: Vec<Finding>,
    /// Per rule, by index into [`RuleSet::rules`], how many subjects hold (empty when
    /// none was counted). By index, not id: most subjects hold, and each would clone one.
    pub holds: Vec<usize>,
    /// What the case contributes to cross-case rules, in rule order.
    pub claims: CaseClaims,
    /// The case's schemes.
    pub schemes: Schemes,
}

/// Evaluates every rule on a case.
pub fn evaluate_case(
    rules: &RuleSet,
    case: &Case,
    staff: &StaffRegistry,
    settings: &Settings,
    as_of: Date,
) -> CaseResult {
    let mut context = Context::new(Some(case), staff, settings, as_of);
    context.derived = vec![Err(Unknown::default()); rules.derived.len()];
    // The derived facts of a case are kept while its rules are judged: they share one
    // budget, so together they cannot hold more than it allows.
    for &index in &rules.derived_order {
        if let Some(derived) = rules.derived.get(index) {
            let value = context.eval(&derived.expr, &mut vec![None; derived.slots]);
            if let Some(slot) = context.derived.get_mut(index) {
                *slot = value;
            }
        }
    }
    let mut result = CaseResult { schemes: context.schemes, ..CaseResult::default() };
    result.claims.schemes = context.schemes;
    let mut locals = Vec::new();
    for (index, rule) in rules.rules.iter().enumerate() {
        context.rule(index, rule, &mut locals, &mut result);
    }
    result.findings.sort_by(|a, b| a.offset().cmp(&b.offset()).then_with(|| a.rule.cmp(&b.rule)));
    // Subjects that miss the same fact (every member of a team without dates) would repeat
    // one diagnostic word for word.
    result.findings.dedup_by(|a, b| {
        a.rule == b.rule
            && a.verdict == b.verdict
            && a.primary == b.primary
            && a.secondary == b.secondary
            && a.message == b.message
    });
    result
}

struct Context<'a> {
    /// The case; none when comparing two claims of a cross-case rule.
    case: Option<&'a Case>,
    staff: &'a StaffRegistry,
    settings: &'a Settings,
    as_of: Date,
    derived: Vec<Eval<'a>>,
    /// The `let`s of the subject being judged, computed when first read: most are there for
    /// messages and labels, which a subject that holds never shows.
    lets: Cell<&'a [(usize, Ir)]>,
    /// The work the current rule (or derived fact) may still do.
    budget: budget::Budget,
    /// The case's schemes (both when comparing claims).
    schemes: Schemes,
}

pub(crate) type Locals<'a> = Vec<Option<Eval<'a>>>;

impl<'a> Context<'a> {
    fn new(case: Option<&'a Case>, staff: &'a StaffRegistry, settings: &'a Settings, as_of: Date) -> Self {
        let budget = budget::Budget::new(settings);
        let schemes = case.map_or(Schemes::BOTH, |case| Schemes::of_case(&case.root));
        Context { case, staff, settings, as_of, derived: Vec::new(), lets: Cell::new(&[]), budget, schemes }
    }

    /// The JSON pointer of a fact of the case, the staff registry or the settings.
    fn pointer_of(&self, fact: &Fact) -> String {
        let root = match fact.origin {
            Origin::Case => self.case.map(|case| &case.root),
            Origin::Staff => Some(&self.staff.root),
            Origin::Settings => Some(&self.settings.root),
            Origin::Waivers => None,
        };
        root.and_then(|root| pointer_in(root, fact)).unwrap_or_default()
    }

    /// "No element matches": unknown, naming the list.
    fn no_match(&self, list: &Value<'a>) -> Unknown {
        Unknown::of(MissingFact {
            origin: list.fact.map_or(Origin::Case, |f| f.origin),
            pointer: list.fact.map(|f| self.pointer_of(f)).unwrap_or_default(),
            parent_span: list.fact.map(|f| f.span).unwrap_or_default(),
            absence: Absence::NoMatch,
        })
    }

    /// Why `left + duration` (or `-`) is unknown: a date moved off the calendar, named by
    /// its fact, when that is the reason; any other reason unchanged.
    fn out_of_range(&self, unknown: Unknown, op: BinaryOp, left: &Value<'a>) -> Unknown {
        let date_arithmetic = matches!(op, BinaryOp::Add | BinaryOp::Sub) && matches!(left.kind, Kind::Date(_));
        if !date_arithmetic || !unknown.missing().is_empty() {
            return unknown;
        }
        Unknown::of(MissingFact {
            origin: left.fact.map_or(Origin::Case, |f| f.origin),
            pointer: left.fact.map(|f| self.pointer_of(f)).unwrap_or_default(),
            parent_span: left.fact.map(|f| f.span).unwrap_or_default(),
            absence: Absence::OutOfRange,
        })
    }

    /// A runtime value as an owned, displayable one; an object without an `id` is shown
    /// by its pointer.
    fn show(&self, value: &Value) -> Shown {
        match &value.kind {
            Kind::Bool(b) => Shown::Bool(*b),
            Kind::Number(n) => Shown::Number(*n),
            Kind::Text(t) => Shown::Text((*t).to_string()),
            Kind::Date(d) => Shown::Date(*d),
            Kind::Duration { months, days } => Shown::Duration { months: *months, days: *days },
            Kind::List(_) | Kind::Facts(_) | Kind::Literals(_) => {
                Shown::List(value.items().into_iter().flatten().map(|item| self.show(&item)).collect())
            }
            Kind::Object(fact) => Shown::Object(match fact.get("id").and_then(Fact::as_text) {
                Some(id) => id.to_string(),
                None => self.pointer_of(fact),
            }),
            Kind::Pair(pair) => Shown::List(vec![self.show(&pair.0), self.show(&pair.1)]),
        }
    }

    /// Judges one rule; `locals` is a buffer shared by the rules of a case, emptied here.
    fn rule(&self, index: usize, rule: &'a CheckedRule, locals: &mut Locals<'a>, result: &mut CaseResult) {
        // A rule whose clauses are all another scheme's does not apply: silent, not "holds".
        if !rule.schemes.intersects(self.schemes) {
            return;
        }
        locals.clear();
        locals.resize(rule.slots, None);
        self.budget.reset();
        if let Some(applies) = &rule.applies {
            match self.eval(applies, locals) {
                Ok(v) if matches!(v.kind, Kind::Bool(false)) => return,
                Ok(_) => {}
                Err(unknown) => return self.not_evaluable(rule, unknown, None, locals, result),
            }
        }
        self.each(index, rule, 0, None, locals, result);
    }

    /// Walks the `for` at `level` (and the ones nested in it), then judges each subject.
    fn each(
        &self,
        index: usize,
        rule: &'a CheckedRule,
        level: usize,
        outer: Option<&'a Fact>,
        locals: &mut Locals<'a>,
        result: &mut CaseResult,
    ) {
        let Some((slot, collection, filter)) = rule.for_each.get(level) else {
            return match &rule.population {
                Some(_) => self.claim(index, rule, outer, locals, result),
                None => {
                    // The subject's `let`s are computed when first read, while it is judged.
                    self.lets.set(&rule.locals);
                    self.judge(index, rule, outer, locals, result);
                    self.lets.set(&[]);
                }
            };
        };
        let list = match self.eval(collection, locals) {
            Ok(list) => list,
            Err(unknown) => return self.not_evaluable(rule, unknown, outer, locals, result),
        };
        let Some(elements) = list.items() else { return };
        // The elements of the enclosing `for`s stay while this one walks.
        let enclosing = rule.for_each.get(..level).unwrap_or_default();
        for element in elements {
            let subject = element.fact;
            // Locals of the previous element must not leak into this one's labels.
            for (index, cell) in locals.iter_mut().enumerate() {
                if !enclosing.iter().any(|(outer_slot, _, _)| *outer_slot == index) {
                    *cell = None;
                }
            }
            set(locals, *slot, Ok(element));
            if let Some(filter) = filter {
                match self.eval(filter, locals) {
                    Ok(v) if matches!(v.kind, Kind::Bool(false)) => continue,
                    Ok(_) => {}
                    Err(unknown) => {
                        self.not_evaluable(rule, unknown, subject, locals, result);
                        continue;
                    }
                }
            }
            self.each(index, rule, level + 1, subject, locals, result);
        }
    }

    /// The rule is not evaluable on a subject (or on the whole case, when there is none).
    fn not_evaluable(
        &self,
        rule: &'a CheckedRule,
        unknown: Unknown,
        subject: Option<&'a Fact>,
        locals: &mut Locals<'a>,
        result: &mut CaseResult,
    ) {
        let finding = self.finding(rule, Verdict::NotEvaluable { missing: unknown.into_missing() }, subject, locals);
        result.findings.push(finding);
    }

    /// A subject of a cross-case rule becomes a claim; one whose values are not all
    /// recorded cannot be compared and is not evaluable here.
    fn claim(
        &self,
        index: usize,
        rule: &'a CheckedRule,
        subject: Option<&'a Fact>,
        locals: &mut Locals<'a>,
        result: &mut CaseResult,
    ) {
        let Some(population) = &rule.population else { return };
        let mut missing = Unknown::default();
        for (slot, expr) in &rule.locals {
            let value = self.eval(expr, locals);
            if let Err(unknown) = &value {
                missing = std::mem::take(&mut missing).merge(unknown.clone());
            }
            set(locals, *slot, value);
        }
        let mut known = |value: Eval<'a>| match value {
            Ok(v) => Some(v),
            Err(unknown) => {
                missing = std::mem::take(&mut missing).merge(unknown);
                None
            }
        };
        let key = known(self.eval(&population.key, locals));
        let role = population.role.as_ref().map(|r| known(self.eval(r, locals)));
        let period = population.period.as_ref().map(|(first, last)| {
            let first = known(self.eval(first, locals));
            let last = known(self.eval(last, locals));
            (first, last)
        });
        if !missing.missing().is_empty() {
            return self.not_evaluable(rule, missing, subject, locals, result);
        }
        let date = |v: &Option<Value>| match v.as_ref().map(|v| &v.kind) {
            Some(Kind::Date(d)) => Some(*d),
            _ => None,
        };
        let period = match &period {
            Some((first, last)) => match (date(first), date(last)) {
                (Some(first), Some(last)) => Some((first, last)),
                _ => return,
            },
            None => None,
        };
        let role = match &role {
            Some(Some(Value { kind: Kind::Text(role), .. })) => Some(*role),
            Some(_) => return,
            None => None,
        };
        let Some(key) = key else { return };
        let site = |label: &'a CheckedLabel, locals: &mut Locals<'a>| {
            let fact = self.eval(&label.expr, locals).ok()?.fact.filter(|f| f.origin == Origin::Case)?;
            Some(fact.span)
        };
        let labels = std::iter::once(rule.at.as_ref()).chain(rule.also.iter().map(Some));
        let sites: Vec<Option<Span>> = labels.map(|label| label.and_then(|label| site(label, locals))).collect();
        let mut values = rule.locals.iter().filter_map(|(slot, _)| match locals.get(*slot) {
            Some(Some(Ok(value))) => Some(value),
            _ => None,
        });
        let claim = LocalClaim { rule: index, key: &key, role, period, values: &mut values, sites: &sites };
        result.claims.push(claim, self);
    }

    fn judge(
        &self,
        index: usize,
        rule: &'a CheckedRule,
        subject: Option<&'a Fact>,
        locals: &mut Locals<'a>,
        result: &mut CaseResult,
    ) {
        let mut verdict = match self.eval(&rule.require, locals) {
            Ok(Value { kind: Kind::Bool(true), .. }) => Verdict::Holds,
            Ok(_) => Verdict::Violated,
            Err(unknown) => Verdict::NotEvaluable { missing: unknown.into_missing() },
        };
        if verdict != Verdict::Holds
            && let Some(due) = &rule.due
        {
            match self.eval(due, locals) {
                // `due D` names the last day allowed: on D itself the requirement is not late.
                Ok(Value { kind: Kind::Date(due), .. }) if due >= self.as_of => verdict = Verdict::NotYetDue { due },
                Ok(_) => {}
                // An unmet requirement whose deadline is unknown may not be late yet.
                Err(unknown) => {
                    let missing = match verdict {
                        Verdict::NotEvaluable { missing } => Unknown::of_all(missing).merge(unknown).into_missing(),
                        _ => unknown.into_missing(),
                    };
                    verdict = Verdict::NotEvaluable { missing };
                }
            }
        }
        if verdict == Verdict::Holds {
            if result.holds.len() <= index {
                result.holds.resize(index + 1, 0);
            }
            if let Some(count) = result.holds.get_mut(index) {
                *count += 1;
            }
            return;
        }
        result.findings.push(self.finding(rule, verdict, subject, locals));
    }

    fn finding(
        &self,
        rule: &'a CheckedRule,
        verdict: Verdict,
        subject: Option<&'a Fact>,
        locals: &mut Locals<'a>,
    ) -> Finding {
        let missing_labels: Vec<FindingLabel> = match &verdict {
            // Only facts of the case file can be underlined in it; the message names the others.
            Verdict::NotEvaluable { missing } => {
                missing.iter().filter(|m| m.underlined()).map(|m| self.missing_label(m)).collect()
            }
            _ => Vec::new(),
        };
        let mut labels: Vec<FindingLabel> = Vec::new();
        // A cross-case rule's captions and texts compare two claims: here, on one case,
        // only its missing facts are shown.
        let population = rule.population.is_some();
        if let Some(at) = rule.at.as_ref().filter(|_| !population) {
            labels.extend(self.label(at, locals));
        }
        for also in rule.also.iter().filter(|_| !population) {
            labels.extend(self.label(also, locals));
        }
        let (primary, secondary) = if missing_labels.is_empty() {
            let mut labels = labels.into_iter();
            (labels.next(), labels.collect())
        } else {
            // For missing evidence the parent object of the missing fact is what to look at;
            // the rule's own labels that could be computed stay as context.
            let mut all = missing_labels.into_iter();
            let primary = all.next();
            let mut rest: Vec<FindingLabel> = all.collect();
            rest.extend(labels.into_iter().filter(|l| l.missing.is_none()));
            (primary, rest)
        };
        let primary = primary.or_else(|| self.subject_label(subject));
        Finding {
            rule: rule.id.clone(),
            severity: rule.severity,
            verdict,
            subject: subject.map(|fact| self.pointer_of(fact)).unwrap_or_default(),
            primary,
            secondary,
            message: if population { Default::default() } else { self.texts(&rule.message, locals) },
            help: if population { Default::default() } else { self.texts(&rule.help, locals) },
            elsewhere: None,
            schemes: self.schemes,
        }
    }

    fn texts(&self, pieces: &'a crate::check::Bilingual<Vec<Piece>>, locals: &mut Locals<'a>) -> [ShownText; 2] {
        [self.text(&pieces.zh, locals), self.text(&pieces.en, locals)]
    }

    fn subject_label(&self, subject: Option<&'a Fact>) -> Option<FindingLabel> {
        let fact = subject.filter(|fact| fact.origin == Origin::Case)?;
        Some(FindingLabel {
            span: fact.span,
            pointer: self.pointer_of(fact),
            caption: Default::default(),
            missing: None,
        })
    }

    fn missing_label(&self, missing: &MissingFact) -> FindingLabel {
        FindingLabel {
            span: missing.parent_span,
            pointer: missing.pointer.clone(),
            caption: Default::default(),
            missing: Some(missing.clone()),
        }
    }

    fn label(&self, label: &'a CheckedLabel, locals: &mut Locals<'a>) -> Option<FindingLabel> {
        let caption = self.texts(&label.text, locals);
        match self.eval(&label.expr, locals) {
            Ok(value) => {
                let fact = value.fact.filter(|f| f.origin == Origin::Case)?;
                Some(FindingLabel { span: fact.span, pointer: self.pointer_of(fact), caption, missing: None })
            }
            Err(unknown) => {
                let missing = unknown.into_missing().into_iter().find(|m| m.origin == Origin::Case)?;
                Some(FindingLabel {
                    span: missing.parent_span,
                    pointer: missing.pointer.clone(),
                    caption,
                    missing: Some(missing),
                })
            }
        }
    }

    fn text(&self, pieces: &'a [Piece], locals: &mut Locals<'a>) -> ShownText {
        pieces
            .iter()
            .map(|piece| match piece {
                Piece::Text(text) => ShownPiece::Text(text.clone()),
                Piece::Hole(expr) => ShownPiece::Value(match self.eval(expr, locals) {
                    Ok(value) => self.show(&value),
                    Err(_) => Shown::Unknown,
                }),
                Piece::Term(expr) => ShownPiece::Value(match self.eval(expr, locals) {
                    Ok(value) => as_term(self.show(&value)),
                    Err(_) => Shown::Unknown,
                }),
            })
            .collect()
    }

    /// Evaluates an expression. Kleene logic for `and`, `or` and quantifiers: a known
    /// answer wins over an unknown operand.
    fn eval(&self, ir: &'a Ir, locals: &mut Locals<'a>) -> Eval<'a> {
        self.budget.enter()?;
        let value = self.eval_step(ir, locals);
        self.budget.leave();
        value
    }

    /// One step of [`Self::eval`], counted against the budget there.
    fn eval_step(&self, ir: &'a Ir, locals: &mut Locals<'a>) -> Eval<'a> {
        match ir {
            Ir::Bool(b) => Ok(Value::bool(*b)),
            Ir::Number(n) => Ok(Value::computed(Kind::Number(*n))),
            Ir::Text(t) => Ok(Value::computed(Kind::Text(t))),
            Ir::Duration(n, unit) => Ok(Value::computed(builtins::duration(*n, *unit))),
            Ir::List(items) => match literals(ir) {
                // A list of literals is read in place.
                Some(_) => Ok(Value::computed(Kind::Literals(items))),
                None => {
                    let values = items.iter().map(|i| self.eval(i, locals)).collect::<Result<Vec<_>, _>>()?;
                    Ok(Value::computed(Kind::List(Rc::new(values))))
                }
            },
            Ir::Case => self.case.map(|case| Value::of_fact(&case.root)).ok_or_else(Unknown::default),
            Ir::AsOf => Ok(Value::computed(Kind::Date(self.as_of))),
            Ir::Settings => Ok(Value::of_fact(&self.settings.root)),
            Ir::Derived(index) => self.derived.get(*index).cloned().unwrap_or_else(|| Err(Unknown::default())),
            Ir::Local(slot) => match locals.get(*slot) {
                Some(Some(value)) => value.clone(),
                _ => self.lazy_let(*slot, locals),
            },
            Ir::Field(object, name) => {
                // `a.kind` with `a` an object already bound: read in place, not copied out.
                if let Ir::Local(slot) = **object
                    && let Some(Some(Ok(Value { kind: Kind::Object(fact), .. }))) = locals.get(slot)
                {
                    let fact: &'a Fact = fact;
                    return self.field_of(fact, name);
                }
                let object = self.eval(object, locals)?;
                self.field(&object, name)
            }
            Ir::Not(inner) => {
                let value = self.eval(inner, locals)?;
                Ok(Value::bool(!truthy(&value)))
            }
            Ir::Neg(inner) => match self.eval(inner, locals)?.kind {
                Kind::Number(n) => Ok(Value::computed(Kind::Number(-n))),
                _ => Err(Unknown::default()),
            },
            Ir::Binary(op, left, right) => self.binary(*op, left, right, locals),
            // `exists(x.field)`, the commonest test in the rules: look the keys up without
            // building the missing facts (and their pointers) that `x.field` would report.
            Ir::Call(Builtin::Exists, args) if args.len() == 1 => {
                let present = args.first().and_then(|arg| self.probe(arg, locals)).is_some();
                Ok(Value::bool(present))
            }
            // Builtins take one or two arguments: evaluated into an array, not a vector.
            Ir::Call(builtin, args) => match args.as_slice() {
                [one] => builtins::call(*builtin, &[self.eval(one, locals)], self),
                [one, two] => {
                    let one = self.eval(one, locals);
                    builtins::call(*builtin, &[one, self.eval(two, locals)], self)
                }
                _ => {
                    let values: Vec<Eval<'a>> = args.iter().map(|arg| self.eval(arg, locals)).collect();
                    builtins::call(*builtin, &values, self)
                }
            },
            Ir::Bind(binder, slot, collection, body) => self.bind(*binder, *slot, collection, body, locals),
            Ir::If(condition, then, otherwise) => {
                let condition = self.eval(condition, locals)?;
                if truthy(&condition) { self.eval(then, locals) } else { self.eval(otherwise, locals) }
            }
        }
    }

    /// `ir`'s value, or none where [`Self::eval`] would answer "unknown", without building
    /// the missing facts a field chain would report: all `exists` needs.
    fn probe(&self, ir: &'a Ir, locals: &mut Locals<'a>) -> Option<Value<'a>> {
        let Ir::Field(object, name) = ir else { return self.eval(ir, locals).ok() };
        let object = self.probe(object, locals)?;
        self.child(&object, name)
    }

    /// A `let` of the subject being judged, computed on its first read and kept for the
    /// subject; any other unset slot is unknown.
    fn lazy_let(&self, slot: usize, locals: &mut Locals<'a>) -> Eval<'a> {
        let Some((_, expr)) = self.lets.get().iter().find(|(s, _)| *s == slot) else {
            return Err(Unknown::default());
        };
        let value = self.eval(expr, locals);
        set(locals, slot, value.clone());
        value
    }

    fn binary(&self, op: BinaryOp, left: &'a Ir, right: &'a Ir, locals: &mut Locals<'a>) -> Eval<'a> {
        // `x in ["stage1", "stage2"]`: compared with each literal, no list built.
        if matches!(op, BinaryOp::In | BinaryOp::NotIn)
            && let Some(mut items) = literals(right)
        {
            let left = self.eval(left, locals)?;
            return Ok(Value::bool(items.any(|item| item.same(&left)) == (op == BinaryOp::In)));
        }
        match op {
            BinaryOp::And | BinaryOp::Or => {
                let decisive = op == BinaryOp::Or;
                let left = self.eval(left, locals);
                if matches!(&left, Ok(v) if truthy(v) == decisive) {
                    return Ok(Value::bool(decisive));
                }
                let right = self.eval(right, locals);
                match (left, right) {
                    (_, Ok(v)) if truthy(&v) == decisive => Ok(Value::bool(decisive)),
                    (Ok(_), Ok(_)) => Ok(Value::bool(!decisive)),
                    (Err(a), Err(b)) => Err(a.merge(b)),
                    (Err(a), Ok(_)) | (Ok(_), Err(a)) => Err(a),
                }
            }
            _ => {
                let left = self.eval(left, locals);
                let right = self.eval(right, locals);
                let (left, right) = match (left, right) {
                    (Ok(l), Ok(r)) => (l, r),
                    (Err(a), Err(b)) => return Err(a.merge(b)),
                    (Err(a), _) | (_, Err(a)) => return Err(a),
                };
                builtins::binary(op, &left, &right).map_err(|unknown| self.out_of_range(unknown, op, &left))
            }
        }
    }
}

impl<'a> Context<'a> {
    /// `object.name`: the field's value, or the missing fact naming it.
    fn field(&self, object: &Value<'a>, name: &'static str) -> Eval<'a> {
        match &object.kind {
            Kind::Object(fact) => self.field_of(fact, name),
            _ => self.child(object, name).ok_or_else(Unknown::default),
        }
    }

    /// `fact.name` for an object of the input, or the missing fact naming it.
    fn field_of(&self, fact: &'a Fact, name: &'static str) -> Eval<'a> {
        let FactValue::Object(fields) = &fact.value else { return Err(Unknown::default()) };
        match fields.get_by_schema_name(name) {
            Some(child) => Ok(Value::of_fact(child)),
            None => Err(Unknown::of(MissingFact {
                origin: fact.origin,
                pointer: child_pointer(&self.pointer_of(fact), name),
                parent_span: fact.span,
                absence: Absence::Key,
            })),
        }
    }

    /// The field `name` of an object or pair, if it has one: the lookup `field` and `probe`
    /// share (only `field` says what is missing).
    fn child(&self, object: &Value<'a>, name: &'static str) -> Option<Value<'a>> {
        match &object.kind {
            Kind::Object(fact) => self.child_of(fact, name),
            Kind::Pair(pair) => match name {
                "prev" => Some(pair.0.clone()),
                "next" => Some(pair.1.clone()),
                _ => None,
            },
            _ => None,
        }
    }

    fn child_of(&self, fact: &'a Fact, name: &'static str) -> Option<Value<'a>> {
        let FactValue::Object(fields) = &fact.value else { return None };
        fields.get_by_schema_name(name).map(Value::of_fact)
    }
}

/// The values of a list literal whose items are all literals (strings, numbers, booleans).
fn literals(ir: &Ir) -> Option<impl Iterator<Item = Value<'_>>> {
    let Ir::List(items) = ir else { return None };
    let is_literal = |item: &Ir| matches!(item, Ir::Text(_) | Ir::Number(_) | Ir::Bool(_));
    items.iter().all(is_literal).then(|| items.iter().map(value::literal))
}

fn set<'a>(locals: &mut Locals<'a>, slot: usize, value: Eval<'a>) {
    if let Some(cell) = locals.get_mut(slot) {
        *cell = Some(value);
    }
}

fn truthy(value: &Value) -> bool {
    matches!(value.kind, Kind::Bool(true))
}

/// Marks strings as vocabulary terms, so the report shows them in the reader's language.
fn as_term(shown: Shown) -> Shown {
    match shown {
        Shown::Text(text) => Shown::Term(text),
        Shown::List(items) => Shown::List(items.into_iter().map(as_term).collect()),
        other => other,
    }
}

/// Language index into `[zh, en]` arrays of findings.
pub fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::Zh => 0,
        Lang::En => 1,
    }
}
