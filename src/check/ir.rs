//! The checked form of rules: names resolved, builtins chosen, ready to evaluate.

use crate::syntax::ast::{BinaryOp, Unit};

/// A resolved expression. Produced only by the checker, so the evaluator can trust its types.
#[derive(Debug, Clone)]
pub enum Ir {
    /// A boolean literal.
    Bool(bool),
    /// A number literal.
    Number(f64),
    /// A string literal.
    Text(String),
    /// A duration literal.
    Duration(i64, Unit),
    /// A list literal.
    List(Vec<Ir>),
    /// The case root object.
    Case,
    /// The as-of date of the run.
    AsOf,
    /// The CB settings root object.
    Settings,
    /// A derived fact, by index into the rule set's derived facts.
    Derived(usize),
    /// A local slot (rule `let`, `for` binder, binder-call variable).
    Local(usize),
    /// `.field` of an object or pair; the name is the schema's own string (or `prev`/`next`).
    Field(Box<Ir>, &'static str),
    /// `not`.
    Not(Box<Ir>),
    /// Unary minus.
    Neg(Box<Ir>),
    /// An infix operation.
    Binary(BinaryOp, Box<Ir>, Box<Ir>),
    /// A builtin function.
    Call(Builtin, Vec<Ir>),
    /// A binder function: evaluates the body per element with the element in the slot.
    Bind(Binder, usize, Box<Ir>, Box<Ir>),
    /// `if cond then a else b`.
    If(Box<Ir>, Box<Ir>, Box<Ir>),
}

/// Builtins taking plain arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builtin {
    /// `exists(x)`: whether the fact is recorded; never "not evaluable".
    Exists,
    /// `len(xs)`.
    Len,
    /// `pairs(xs)`: consecutive elements as `{prev, next}`.
    Pairs,
    /// `staff(id)`: the person's registry entry.
    Staff,
    /// `days_between(a, b)`: days from a to b.
    DaysBetween,
    /// `months_between(a, b)`: whole calendar months from a to b.
    MonthsBetween,
    /// `elapsed(a, b)`: months and days from a to b.
    Elapsed,
    /// `ceil(x)`.
    Ceil,
    /// `floor(x)`.
    Floor,
    /// `sqrt(x)`.
    Sqrt,
    /// `flatten(xss)`.
    Flatten,
    /// `first(xs)`.
    First,
    /// `last(xs)`.
    Last,
    /// `min(xs)`.
    Min,
    /// `max(xs)`.
    Max,
    /// `sum(xs)`.
    Sum,
    /// `distinct(xs)`: first occurrences, in order.
    Distinct,
    /// `intersects(xs, ys)`: some element in both.
    Intersects,
    /// `date("2024-01-01")`.
    Date,
    /// `days(n)`: a duration from a number (a setting, a count).
    Days,
    /// `months(n)`: a duration from a number.
    Months,
}

/// Builtins that bind a variable: `name(x in xs, body)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binder {
    /// Every element satisfies the body.
    All,
    /// Some element satisfies the body.
    Any,
    /// No element satisfies the body.
    None,
    /// How many elements satisfy the body.
    Count,
    /// The elements that satisfy the body.
    Filter,
    /// The body's value per element.
    Map,
    /// The elements, stably sorted by the body's value.
    SortBy,
    /// The first element satisfying the body.
    First,
    /// The last element satisfying the body.
    Last,
    /// The least value of the body.
    Min,
    /// The greatest value of the body.
    Max,
    /// The sum of the body.
    Sum,
}

/// All builtin names with their arity, for "unknown function" suggestions and the reference.
pub const BUILTINS: &[(&str, usize, &str)] = &[
    ("exists", 1, "whether a fact is recorded (never not evaluable)"),
    ("len", 1, "number of elements of a list"),
    ("pairs", 1, "consecutive elements of a list, as `.prev` and `.next`"),
    ("staff", 1, "the staff registry entry of a staff id"),
    ("days_between", 2, "days from the first date to the second"),
    ("months_between", 2, "whole calendar months from the first date to the second"),
    ("elapsed", 2, "calendar months and days from the first date to the second"),
    ("ceil", 1, "round up"),
    ("floor", 1, "round down"),
    ("sqrt", 1, "square root"),
    ("flatten", 1, "concatenate a list of lists"),
    ("first", 1, "first element of a list"),
    ("last", 1, "last element of a list"),
    ("min", 1, "least element of a list of numbers or dates"),
    ("max", 1, "greatest element of a list of numbers or dates"),
    ("sum", 1, "sum of a list of numbers"),
    ("distinct", 1, "the list without repeated elements"),
    ("intersects", 2, "whether two lists share an element"),
    ("date", 1, "a date literal: date(\"2024-01-01\")"),
    ("days", 1, "a duration of n days, from a number (e.g. a setting)"),
    ("months", 1, "a duration of n calendar months, from a number"),
];

/// All binder names, for suggestions and the reference.
pub const BINDERS: &[(&str, &str)] = &[
    ("all", "all(x in xs, cond): every element satisfies cond"),
    ("any", "any(x in xs, cond): some element satisfies cond"),
    ("none", "none(x in xs, cond): no element satisfies cond"),
    ("count", "count(x in xs, cond): how many elements satisfy cond"),
    ("filter", "filter(x in xs, cond): the elements satisfying cond"),
    ("map", "map(x in xs, expr): expr for each element"),
    ("sort_by", "sort_by(x in xs, key): elements sorted by key"),
    ("first", "first(x in xs, cond): the first element satisfying cond"),
    ("last", "last(x in xs, cond): the last element satisfying cond"),
    ("min", "min(x in xs, expr): least value of expr"),
    ("max", "max(x in xs, expr): greatest value of expr"),
    ("sum", "sum(x in xs, expr): sum of expr"),
];
