//! Runtime values: borrowed from the case where possible, with the fact they came from.

use crate::check::ir::Ir;
use crate::facts::{Fact, FactValue, Origin};
use crate::source::Span;
use jiff::civil::Date;
use std::rc::Rc;

/// A value during evaluation. `fact` is the case or staff fact it was read from, if any,
/// so a finding can underline it.
#[derive(Debug, Clone)]
pub struct Value<'a> {
    /// The value.
    pub kind: Kind<'a>,
    /// Its source fact, when it is one.
    pub fact: Option<&'a Fact>,
}

/// Value forms.
#[derive(Debug, Clone)]
pub enum Kind<'a> {
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    Text(&'a str),
    /// A date.
    Date(Date),
    /// A calendar duration.
    Duration {
        /// Whole months.
        months: i64,
        /// Remaining days.
        days: i64,
    },
    /// A computed list.
    List(Rc<Vec<Value<'a>>>),
    /// A list of the input, read in place: rules walk `case.audits` and the like again and
    /// again, and building a list of values for each was a twentieth of a run.
    Facts(&'a [Fact]),
    /// A list written in a rule, all of whose items are literals (`["stage1", "stage2"]`),
    /// read in place.
    Literals(&'a [Ir]),
    /// An object of the case or staff registry.
    Object(&'a Fact),
    /// An element of `pairs(xs)`.
    Pair(Rc<(Value<'a>, Value<'a>)>),
}

impl<'a> Value<'a> {
    /// A computed value (no source fact).
    pub fn computed(kind: Kind<'a>) -> Self {
        Self { kind, fact: None }
    }

    /// The value of a loaded fact.
    pub fn of_fact(fact: &'a Fact) -> Self {
        let kind = match &fact.value {
            FactValue::Bool(b) => Kind::Bool(*b),
            FactValue::Number(n) => Kind::Number(*n),
            FactValue::Text(t) => Kind::Text(t),
            FactValue::Date(d) => Kind::Date(*d),
            FactValue::List(items) => Kind::Facts(items),
            FactValue::Object(_) => Kind::Object(fact),
        };
        Self { kind, fact: Some(fact) }
    }

    /// The same value with its source fact forgotten (arithmetic results).
    pub fn bool(b: bool) -> Self {
        Self::computed(Kind::Bool(b))
    }

    /// Structural equality; numbers compare exactly, lists element-wise.
    pub fn same(&self, other: &Value) -> bool {
        match (&self.kind, &other.kind) {
            (Kind::Bool(a), Kind::Bool(b)) => a == b,
            (Kind::Number(a), Kind::Number(b)) => a == b,
            // Two reads of one fact share their text: equal without comparing it.
            (Kind::Text(a), Kind::Text(b)) => a.len() == b.len() && (a.as_ptr() == b.as_ptr() || a == b),
            (Kind::Date(a), Kind::Date(b)) => a == b,
            (Kind::Duration { months: a, days: b }, Kind::Duration { months: c, days: d }) => a == c && b == d,
            (Kind::Facts(a), Kind::Facts(b)) if std::ptr::eq(*a, *b) => true,
            (
                Kind::List(_) | Kind::Facts(_) | Kind::Literals(_),
                Kind::List(_) | Kind::Facts(_) | Kind::Literals(_),
            ) => match (self.items(), other.items()) {
                (Some(a), Some(b)) => a.len() == b.len() && a.zip(b).all(|(x, y)| x.same(&y)),
                _ => false,
            },
            (Kind::Object(a), Kind::Object(b)) => std::ptr::eq(*a, *b),
            _ => false,
        }
    }

    /// The elements of a list (of the input, written in a rule or computed), or none for
    /// other values.
    pub fn items(&self) -> Option<Items<'_, 'a>> {
        match &self.kind {
            Kind::List(values) => Some(Items::Values(values.iter())),
            Kind::Facts(facts) => Some(Items::Facts(facts.iter())),
            Kind::Literals(items) => Some(Items::Literals(items.iter())),
            _ => None,
        }
    }

    /// Ordering for `<`, `min`, `sort_by` (numbers, dates, strings).
    pub fn order(&self, other: &Value) -> Option<std::cmp::Ordering> {
        match (&self.kind, &other.kind) {
            (Kind::Number(a), Kind::Number(b)) => a.partial_cmp(b),
            (Kind::Date(a), Kind::Date(b)) => Some(a.cmp(b)),
            (Kind::Text(a), Kind::Text(b)) => Some(a.cmp(b)),
            _ => None,
        }
    }
}

/// The elements of a list value, each as a value of its own.
pub enum Items<'v, 'a> {
    /// Of a computed list.
    Values(std::slice::Iter<'v, Value<'a>>),
    /// Of a list of the input.
    Facts(std::slice::Iter<'a, Fact>),
    /// Of a list of literals.
    Literals(std::slice::Iter<'a, Ir>),
}

/// The value of a literal item of a list ([`Kind::Literals`]).
pub fn literal(item: &Ir) -> Value<'_> {
    match item {
        Ir::Text(text) => Value::computed(Kind::Text(text)),
        Ir::Number(n) => Value::computed(Kind::Number(*n)),
        Ir::Bool(b) => Value::bool(*b),
        _ => Value::bool(false),
    }
}

impl<'a> Iterator for Items<'_, 'a> {
    type Item = Value<'a>;

    fn next(&mut self) -> Option<Value<'a>> {
        match self {
            Items::Values(values) => values.next().cloned(),
            Items::Facts(facts) => facts.next().map(Value::of_fact),
            Items::Literals(items) => items.next().map(literal),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            Items::Values(values) => values.size_hint(),
            Items::Facts(facts) => facts.size_hint(),
            Items::Literals(items) => items.size_hint(),
        }
    }
}

impl DoubleEndedIterator for Items<'_, '_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        match self {
            Items::Values(values) => values.next_back().cloned(),
            Items::Facts(facts) => facts.next_back().map(Value::of_fact),
            Items::Literals(items) => items.next_back().map(literal),
        }
    }
}

impl ExactSizeIterator for Items<'_, '_> {}

/// A fact the evaluation needed and the input does not record.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MissingFact {
    /// Which file lacks it.
    pub origin: Origin,
    /// The pointer it would have, e.g. `/audits/0/report/reviewed`.
    pub pointer: String,
    /// The span of the object that should hold it (labelled instead).
    pub parent_span: Span,
    /// A missing key, or a list with no element that matches.
    pub absence: Absence,
}

/// How a fact is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Absence {
    /// The key is absent or `null`.
    Key,
    /// The list (at `pointer`) has no element the rule looks for.
    NoMatch,
    /// Calendar arithmetic on the date at `pointer` (empty: a date the rule computed)
    /// leaves the calendar (before year -9999 or after 9999-12-31).
    OutOfRange,
    /// The rule did more than this many steps on the case: the budget
    /// `settings.evaluation.max_steps` (at `pointer` in the settings).
    OverBudget(u64),
    /// The rule's `let`s read one another more than this many levels deep.
    TooDeep(u32),
}

impl MissingFact {
    /// Whether a finding underlines it in the case file: a fact of the case, not the
    /// evaluation budget nor a date the rule computed.
    pub fn underlined(&self) -> bool {
        self.origin == Origin::Case
            && match self.absence {
                Absence::Key | Absence::NoMatch => true,
                Absence::OutOfRange => !self.pointer.is_empty(),
                Absence::OverBudget(_) | Absence::TooDeep(_) => false,
            }
    }

    /// Whether the case lacks it (rather than holding a value no rule can use, or the
    /// rule running out of budget): what `missing` lists in JSON reports.
    pub fn absent(&self) -> bool {
        matches!(self.absence, Absence::Key | Absence::NoMatch)
    }

    /// The key that is missing (last pointer segment).
    pub fn key(&self) -> &str {
        self.pointer.rsplit('/').next().unwrap_or("")
    }
}

/// Why a value could not be computed: the root facts that are missing (sorted, without
/// repeats). Shared, so reading an unknown local again copies no pointers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Unknown {
    missing: Option<Rc<Vec<MissingFact>>>,
}

impl Unknown {
    /// One missing fact.
    pub fn of(fact: MissingFact) -> Self {
        Self { missing: Some(Rc::new(vec![fact])) }
    }

    /// Several missing facts.
    pub fn of_all(mut facts: Vec<MissingFact>) -> Self {
        facts.sort();
        facts.dedup();
        Self { missing: (!facts.is_empty()).then(|| Rc::new(facts)) }
    }

    /// The missing facts.
    pub fn missing(&self) -> &[MissingFact] {
        self.missing.as_deref().map_or(&[], Vec::as_slice)
    }

    /// The missing facts, owned.
    pub fn into_missing(self) -> Vec<MissingFact> {
        self.missing.map(Rc::unwrap_or_clone).unwrap_or_default()
    }

    /// The union of two reasons.
    pub fn merge(self, other: Unknown) -> Self {
        match (&self.missing, &other.missing) {
            (_, None) => self,
            (None, _) => other,
            (Some(a), Some(b)) if Rc::ptr_eq(a, b) => self,
            _ => {
                let mut all = self.into_missing();
                all.extend(other.missing().iter().cloned());
                Self::of_all(all)
            }
        }
    }
}

/// The result of evaluating an expression: a value, or the facts that are missing.
pub type Eval<'a> = Result<Value<'a>, Unknown>;
