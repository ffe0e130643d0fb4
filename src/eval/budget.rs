//! The evaluation budget: how much work one rule may do on one case.
//!
//! Nested quantifiers multiply (six levels of `any` over 20 elements are 64 million
//! steps) and `flatten([xs, xs])` doubles a list, so a rule can ask for more time or
//! memory than any run has. Every evaluation step and every list element built is
//! counted against `settings.evaluation.max_steps`; a rule that exceeds it on a case is
//! not evaluable there, saying so, and the run goes on. Lists are counted before they are
//! built, so memory stays bounded by the budget. Each rule starts every case with the
//! whole budget (a cross-case rule, every pair it compares); the derived facts of a case,
//! kept while its rules are judged, share one.

use super::value::{Absence, MissingFact, Unknown};
use crate::facts::Origin;
use crate::facts::settings::Settings;
use std::cell::{Cell, OnceCell};

/// How deeply evaluation may recurse. Expressions nest at most
/// [`MAX_DEPTH`](crate::syntax::MAX_DEPTH) levels; only a chain of `let`s that read one
/// another adds to that.
pub const MAX_EVAL_DEPTH: u32 = 400;

/// The pointer of the setting, in `caselint.toml`.
pub const MAX_STEPS_POINTER: &str = "/evaluation/max_steps";

/// Steps and elements counted for the rule being evaluated.
#[derive(Debug)]
pub(super) struct Budget {
    limit: u64,
    used: Cell<u64>,
    depth: Cell<u32>,
    /// The reason given once the budget is spent, built once.
    spent: OnceCell<Unknown>,
}

impl Budget {
    /// The budget the settings give each rule.
    pub(super) fn new(settings: &Settings) -> Budget {
        let limit = settings
            .root
            .get("evaluation")
            .and_then(|e| e.get("max_steps"))
            .and_then(|f| if let crate::facts::FactValue::Number(n) = f.value { Some(n) } else { None })
            .map_or(u64::MAX, |n| if n < 1.0 { 1 } else { n as u64 });
        Budget { limit, used: Cell::new(0), depth: Cell::new(0), spent: OnceCell::new() }
    }

    /// A fresh budget for the next rule or derived fact.
    pub(super) fn reset(&self) {
        self.used.set(0);
        self.depth.set(0);
    }

    /// Counts one step one level deeper; [`Self::leave`] must follow when it succeeds.
    #[inline]
    pub(super) fn enter(&self) -> Result<(), Unknown> {
        let used = self.used.get() + 1;
        self.used.set(used);
        let depth = self.depth.get();
        if used > self.limit || depth >= MAX_EVAL_DEPTH {
            return Err(self.spent(depth >= MAX_EVAL_DEPTH));
        }
        self.depth.set(depth + 1);
        Ok(())
    }

    /// Leaves the level [`Self::enter`] entered.
    #[inline]
    pub(super) fn leave(&self) {
        self.depth.set(self.depth.get().saturating_sub(1));
    }

    /// Counts `elements` list elements about to be built.
    #[inline]
    pub(super) fn charge(&self, elements: usize) -> Result<(), Unknown> {
        let used = self.used.get().saturating_add(elements as u64);
        self.used.set(used);
        if used > self.limit { Err(self.spent(false)) } else { Ok(()) }
    }

    #[cold]
    fn spent(&self, too_deep: bool) -> Unknown {
        if too_deep {
            return Unknown::of(MissingFact {
                origin: Origin::Case,
                pointer: String::new(),
                parent_span: crate::source::Span::default(),
                absence: Absence::TooDeep(MAX_EVAL_DEPTH),
            });
        }
        self.spent
            .get_or_init(|| {
                Unknown::of(MissingFact {
                    origin: Origin::Settings,
                    pointer: MAX_STEPS_POINTER.to_string(),
                    parent_span: crate::source::Span::default(),
                    absence: Absence::OverBudget(self.limit),
                })
            })
            .clone()
    }
}
