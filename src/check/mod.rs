//! Stage 2 of loading rules: resolve names, type every expression against the case
//! schema, validate clause citations, and lower to [`ir::Ir`].
//!
//! Consumes parsed [`RulesFile`]s, produces a [`RuleSet`] or every [`CheckError`] found.
//! Runs before any case is read, so a broken rules file never meets a case.

pub mod ir;
mod typeck;
pub mod types;

use crate::source::{SourceFile, Span};
use crate::syntax::ast::{Lang, RulesFile, Severity};
use crate::syntax::{ParseError, parse_rules};
use ir::Ir;
use types::Type;

pub use typeck::check_files;

/// A checked, ready-to-evaluate set of rules and derived facts.
#[derive(Debug, Clone)]
pub struct RuleSet {
    /// Derived facts, in evaluation (topological) order of their indices.
    pub derived: Vec<CheckedDerived>,
    /// The order in which derived facts must be computed.
    pub derived_order: Vec<usize>,
    /// Rules, sorted by id.
    pub rules: Vec<CheckedRule>,
    /// Clauses checked by people, with why and what to inspect.
    pub manual: Vec<CheckedManual>,
}

/// A manual clause entry after checking.
#[derive(Debug, Clone)]
pub struct CheckedManual {
    /// The clauses it accounts for.
    pub clauses: Vec<String>,
    /// Why no case record can evidence them.
    pub reason: Bilingual<String>,
    /// Which record a reviewer should inspect instead.
    pub inspect: Bilingual<String>,
}

impl RuleSet {
    /// The rule with this id (rules are sorted by id).
    pub fn rule(&self, id: &str) -> Option<&CheckedRule> {
        self.rules.binary_search_by(|r| r.id.as_str().cmp(id)).ok().and_then(|i| self.rules.get(i))
    }
}

/// A named derived fact after checking.
#[derive(Debug, Clone)]
pub struct CheckedDerived {
    /// Its name.
    pub name: String,
    /// Its definition.
    pub expr: Ir,
    /// Its type.
    pub ty: Type,
    /// Case facts it reads directly (JSON pointer patterns, `*` for any index).
    pub reads: Vec<String>,
    /// Derived facts it reads directly.
    pub uses: Vec<usize>,
    /// Number of local slots (binder variables) its evaluation needs.
    pub slots: usize,
    /// Where it is defined.
    pub file: SourceFile,
    /// The span of its name.
    pub span: Span,
}

/// A rule after checking: metadata plus resolved expressions.
#[derive(Debug, Clone)]
pub struct CheckedRule {
    /// Stable id.
    pub id: String,
    /// Procedure clauses enforced.
    pub clauses: Vec<String>,
    /// Standard clauses imported.
    pub cites: Vec<String>,
    /// The schemes its clauses speak of: it applies only to cases of one of them.
    pub schemes: crate::scheme::Schemes,
    /// Severity.
    pub severity: Severity,
    /// Title per language.
    pub title: Bilingual<String>,
    /// Doc block per language.
    pub doc: Bilingual<String>,
    /// Message template per language.
    pub message: Bilingual<Vec<Piece>>,
    /// Help template per language.
    pub help: Bilingual<Vec<Piece>>,
    /// Applicability.
    pub applies: Option<Ir>,
    /// Subjects: slot, collection, filter; several nest, outermost first.
    pub for_each: Vec<(usize, Ir, Option<Ir>)>,
    /// The cross-case part of a rule declared `across cases`. Its `require`, `message` and
    /// `help` then read `this.*`, `other.*` and `key` (see [`CheckedPopulation`]).
    pub population: Option<CheckedPopulation>,
    /// Locals: slot and definition, in order.
    pub locals: Vec<(usize, Ir)>,
    /// The requirement.
    pub require: Ir,
    /// The deadline.
    pub due: Option<Ir>,
    /// The primary label.
    pub at: Option<CheckedLabel>,
    /// Secondary labels.
    pub also: Vec<CheckedLabel>,
    /// Number of local slots the evaluator must allocate.
    pub slots: usize,
    /// Case facts read directly.
    pub reads: Vec<String>,
    /// Derived facts read directly.
    pub uses: Vec<usize>,
    /// The rules file.
    pub file: SourceFile,
    /// The span of the rule id.
    pub span: Span,
}

/// The cross-case part of a rule: how each case's subjects become claims, and how pairs
/// of claims from different case files are formed.
///
/// Claim scope (per case): `applies`, `for`, `let`, `key`, `role`, `period` and the labels'
/// facts. Pair scope: `require`, `message`, `help` and the labels' captions, where slot `i`
/// holds `this`'s captured value `i`, slot `n + i` `other`'s, and slot `2n` the key.
#[derive(Debug, Clone)]
pub struct CheckedPopulation {
    /// The grouping key: only claims with equal keys are compared.
    pub key: Ir,
    /// The part a claim plays, when `between` restricts pairs.
    pub role: Option<Ir>,
    /// First and last day a claim covers: claims whose periods do not overlap are not compared.
    pub period: Option<(Ir, Ir)>,
    /// `this` plays the first role, `other` the second.
    pub between: Option<(String, String)>,
    /// Names `this.` and `other.` can read: `case_id`, then the rule's locals in order.
    pub captured: Vec<String>,
    /// Local slots the pair scope needs.
    pub pair_slots: usize,
}

impl CheckedPopulation {
    /// The slot of `key` in the pair scope.
    pub fn key_slot(&self) -> usize {
        2 * self.captured.len()
    }
}

/// A label after checking.
#[derive(Debug, Clone)]
pub struct CheckedLabel {
    /// The fact to underline.
    pub expr: Ir,
    /// Caption per language (may be empty).
    pub text: Bilingual<Vec<Piece>>,
}

/// A piece of a checked template.
#[derive(Debug, Clone)]
pub enum Piece {
    /// Literal text.
    Text(String),
    /// A computed value.
    Hole(Ir),
    /// A computed value from a closed vocabulary (`audit`, `stage2`): shown in the reader's
    /// language through the report's term catalogue.
    Term(Ir),
}

/// One value per language; index with [`Lang`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bilingual<T> {
    /// Chinese.
    pub zh: T,
    /// English.
    pub en: T,
}

impl<T> Bilingual<T> {
    /// The value in a language.
    pub fn get(&self, lang: Lang) -> &T {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// A problem in a rules file.
#[derive(Debug, Clone)]
pub struct CheckError {
    /// What is wrong.
    pub problem: CheckProblem,
    /// The rules file.
    pub file: SourceFile,
    /// Where.
    pub span: Span,
}

/// The kinds of rules-file problems; the report layer words them in zh and en.
#[derive(Debug, Clone)]
pub enum CheckProblem {
    /// `rule x {` without a closing brace, a stray token.
    Syntax(ParseError),
    /// A rules directory that cannot be read.
    Io {
        /// The operating system's message.
        message: String,
    },
    /// `case.audit` (a name that is not a fact, derived fact or local).
    UnknownName {
        /// The name.
        name: String,
        /// Close names that do exist.
        suggestions: Vec<String>,
    },
    /// `a.strat` (a field the schema does not have).
    UnknownField {
        /// The field.
        field: String,
        /// The fields that exist.
        available: Vec<String>,
        /// Close field names.
        suggestions: Vec<String>,
    },
    /// `a.start + 3` (operands of the wrong type).
    TypeMismatch {
        /// What was expected, described.
        expected: Vec<Type>,
        /// What was found.
        found: Type,
    },
    /// `a.kind == "stage3"` (a string outside the field's vocabulary).
    NotInVocabulary {
        /// The literal.
        value: String,
        /// The vocabulary.
        allowed: &'static [&'static str],
    },
    /// `month_between(a, b)`.
    UnknownFunction {
        /// The name.
        name: String,
        /// Close names that do exist.
        suggestions: Vec<String>,
    },
    /// `len(a, b)`.
    Arity {
        /// The function.
        name: String,
        /// Arguments expected.
        expected: usize,
        /// Arguments given.
        found: usize,
    },
    /// `let a = b; let b = a;`.
    Cycle {
        /// The derived facts in the cycle.
        names: Vec<String>,
    },
    /// Two rules with one id, or two derived facts with one name.
    Duplicate {
        /// The id or name.
        name: String,
        /// The first definition's file name.
        first_file: String,
        /// The first definition's line.
        first_line: usize,
    },
    /// `clause "4.2.9"` (not a clause of the procedure).
    UnknownClause {
        /// The clause cited.
        clause: String,
    },
    /// A rule without `message.en`, `require`, etc.
    MissingItem {
        /// The item, as written in a rules file (`message.en`).
        item: &'static str,
    },
    /// `reason.zh` in a rule, or `message.zh` in a manual entry.
    UnexpectedItem {
        /// The item, as written.
        item: &'static str,
    },
    /// `at as_of` (a label must name a fact of the case file).
    NotAFact,
    /// `case` read in a cross-case requirement, or `this` outside one.
    OutOfScope {
        /// The name.
        name: String,
        /// What the scope offers instead.
        available: Vec<String>,
    },
    /// `let team = a.team` in a cross-case rule: a claim keeps plain values only.
    NotCapturable {
        /// The local.
        name: String,
        /// Its type.
        ty: Type,
    },
    /// `key` without `across cases`, or `due` in a cross-case rule.
    PopulationItem {
        /// The item, as written.
        item: &'static str,
        /// Whether the rule is declared `across cases`.
        across: bool,
    },
    /// `date("2024-02-30")`.
    BadDateLiteral {
        /// The literal.
        text: String,
    },
    /// An expression nested more than [`MAX_DEPTH`](crate::syntax::MAX_DEPTH) levels deep,
    /// or a value with lists nested that deep (`let l2 = [l1]`, …).
    TooDeep,
    /// A rules file the parser could not read within its step limit (malformed nesting that
    /// makes it backtrack without end).
    TooComplex,
    /// A local or binder that hides a derived fact or another local.
    Shadowing {
        /// The name.
        name: String,
    },
}

/// Parses and checks rules files, in the given order; every problem is returned.
pub fn load_rule_set(files: &[SourceFile]) -> Result<RuleSet, Vec<CheckError>> {
    let mut parsed: Vec<RulesFile> = Vec::new();
    let mut errors = Vec::new();
    for file in files {
        match parse_rules(file) {
            Ok(rules) => parsed.push(rules),
            Err(err) => {
                let span = err.span;
                let problem = if err.too_deep {
                    CheckProblem::TooDeep
                } else if err.too_complex {
                    CheckProblem::TooComplex
                } else {
                    CheckProblem::Syntax(err)
                };
                errors.push(CheckError { span, problem, file: file.clone() })
            }
        }
    }
    if !errors.is_empty() {
        // Names defined in a file that failed to parse would all look unknown: report
        // the syntax errors alone rather than a cascade.
        return Err(errors);
    }
    match check_files(&parsed) {
        Ok(set) if errors.is_empty() => Ok(set),
        Ok(_) => Err(errors),
        Err(mut more) => {
            errors.append(&mut more);
            Err(errors)
        }
    }
}
