//! Builtin functions and operators of the rule language, on runtime values.
//!
//! Every function starts with the same guard: an unknown argument makes the result
//! unknown (except `exists`), and a value of an unexpected kind, which the checker
//! rules out, yields "unknown" rather than a panic.

use super::Context;
use super::value::{Absence, Eval, Items, Kind, MissingFact, Unknown, Value};
use crate::check::ir::{Binder, Builtin};
use crate::facts::Origin;
use crate::syntax::ast::{BinaryOp, Unit};
use jiff::civil::Date;
use jiff::{Span, Unit as JiffUnit};
use std::cmp::Ordering;
use std::rc::Rc;

/// The value of a duration literal.
pub fn duration<'a>(amount: i64, unit: Unit) -> Kind<'a> {
    match unit {
        Unit::Days => Kind::Duration { months: 0, days: amount },
        Unit::Months => Kind::Duration { months: amount, days: 0 },
        Unit::Years => Kind::Duration { months: amount.saturating_mul(12), days: 0 },
    }
}

/// Adds a calendar duration to a date; the day is clamped to the month's end
/// (2024-02-29 + 12 months = 2025-02-28; 2024-01-31 + 1 month = 2024-02-29).
pub fn add_duration(date: Date, months: i64, days: i64) -> Option<Date> {
    let span = Span::new().try_months(months).ok()?;
    let date = date.checked_add(span).ok()?;
    date.checked_add(Span::new().try_days(days).ok()?).ok()
}

/// Months and days from `a` to `b`, counted as a calendar would.
pub fn elapsed(a: Date, b: Date) -> Option<(i64, i64)> {
    let span = a.until((JiffUnit::Month, b)).ok()?;
    Some((i64::from(span.get_months()), i64::from(span.get_days())))
}

fn undefined<'a>() -> Eval<'a> {
    Err(Unknown::default())
}

fn number<'a>(n: f64) -> Eval<'a> {
    Ok(Value::computed(Kind::Number(n)))
}

/// Applies a builtin to evaluated arguments.
pub(super) fn call<'a>(builtin: Builtin, args: &[Eval<'a>], cx: &Context<'a>) -> Eval<'a> {
    if builtin == Builtin::Exists {
        return Ok(Value::bool(args.first().is_some_and(Result::is_ok)));
    }
    if let Some(unknown) = args.iter().filter_map(|arg| arg.as_ref().err()).cloned().reduce(Unknown::merge) {
        return Err(unknown);
    }
    let list = args.first().and_then(|arg| arg.as_ref().ok());
    let second_value = args.get(1).and_then(|arg| arg.as_ref().ok());
    if let Some(items) = list.and_then(Value::items) {
        return list_call(builtin, list, items, second_value, cx);
    }
    let first = list.map(|v| &v.kind);
    let second = second_value.map(|v| &v.kind);
    match (builtin, first, second) {
        (Builtin::Staff, Some(Kind::Text(id)), _) => match cx.staff.get(id) {
            Some(person) => Ok(Value::of_fact(person)),
            None => Err(Unknown::of(MissingFact {
                origin: Origin::Staff,
                pointer: format!("/staff/{id}"),
                parent_span: crate::source::Span::default(),
                absence: Absence::Key,
            })),
        },
        (Builtin::DaysBetween, Some(Kind::Date(a)), Some(Kind::Date(b))) => match a.until(*b) {
            Ok(span) => number(f64::from(span.get_days())),
            Err(_) => undefined(),
        },
        (Builtin::MonthsBetween, Some(Kind::Date(a)), Some(Kind::Date(b))) => match elapsed(*a, *b) {
            Some((months, _)) => number(months as f64),
            None => undefined(),
        },
        (Builtin::Elapsed, Some(Kind::Date(a)), Some(Kind::Date(b))) => match elapsed(*a, *b) {
            Some((months, days)) => Ok(Value::computed(Kind::Duration { months, days })),
            None => undefined(),
        },
        (Builtin::Ceil, Some(Kind::Number(n)), _) => number(n.ceil()),
        (Builtin::Floor, Some(Kind::Number(n)), _) => number(n.floor()),
        (Builtin::Sqrt, Some(Kind::Number(n)), _) if *n >= 0.0 => number(n.sqrt()),
        // Whole numbers only: a fractional day or month has no calendar meaning.
        (Builtin::Days, Some(Kind::Number(n)), _) if n.fract() == 0.0 && n.abs() < 1e6 => {
            Ok(Value::computed(Kind::Duration { months: 0, days: *n as i64 }))
        }
        (Builtin::Months, Some(Kind::Number(n)), _) if n.fract() == 0.0 && n.abs() < 1e5 => {
            Ok(Value::computed(Kind::Duration { months: *n as i64, days: 0 }))
        }
        (Builtin::Date, Some(Kind::Text(text)), _) => match crate::facts::load::parse_date(text) {
            Ok(date) => Ok(Value::computed(Kind::Date(date))),
            Err(_) => undefined(),
        },
        _ => undefined(),
    }
}

/// A builtin applied to a list (of the input or computed), `items` its elements.
fn list_call<'a>(
    builtin: Builtin,
    list: Option<&Value<'a>>,
    mut items: Items<'_, 'a>,
    second: Option<&Value<'a>>,
    cx: &Context<'a>,
) -> Eval<'a> {
    let no_match = || list.map_or_else(Unknown::default, |list| cx.no_match(list));
    match builtin {
        Builtin::Len => number(items.len() as f64),
        Builtin::Pairs => {
            cx.budget.charge(items.len())?;
            let items: Vec<Value<'a>> = items.collect();
            let pairs = items.windows(2).map(|w| match w {
                [prev, next] => Value::computed(Kind::Pair(Rc::new((prev.clone(), next.clone())))),
                _ => Value::bool(false),
            });
            Ok(Value::computed(Kind::List(Rc::new(pairs.collect()))))
        }
        Builtin::Flatten => {
            // Counted before it is built: `flatten([xs, xs])` doubles a list.
            let total: usize =
                list.and_then(Value::items).map_or(0, |all| all.map(|item| item.items().map_or(0, |i| i.len())).sum());
            cx.budget.charge(total)?;
            let flat = items.flat_map(|item| item.items().map(Iterator::collect::<Vec<_>>).unwrap_or_default());
            Ok(Value::computed(Kind::List(Rc::new(flat.collect()))))
        }
        Builtin::First => items.next().ok_or_else(no_match),
        Builtin::Last => items.next_back().ok_or_else(no_match),
        Builtin::Min | Builtin::Max => extreme(items, builtin == Builtin::Max).ok_or_else(no_match),
        Builtin::Sum => number(items.map(|v| if let Kind::Number(n) = v.kind { n } else { 0.0 }).sum()),
        Builtin::Distinct => {
            // Every element is compared with those kept: counted as the pairs it may compare.
            cx.budget.charge(items.len().saturating_mul(items.len()) / 2 + items.len())?;
            let mut kept: Vec<Value<'a>> = Vec::new();
            for item in items {
                if !kept.iter().any(|k| k.same(&item)) {
                    kept.push(item);
                }
            }
            Ok(Value { kind: Kind::List(Rc::new(kept)), fact: list.and_then(|v| v.fact) })
        }
        Builtin::Intersects => match second.and_then(Value::items) {
            Some(others) => {
                cx.budget.charge(others.len().saturating_mul(items.len()) + others.len())?;
                let others: Vec<Value<'a>> = others.collect();
                Ok(Value::bool(items.into_iter().any(|x| others.iter().any(|y| x.same(y)))))
            }
            None => undefined(),
        },
        _ => undefined(),
    }
}

fn extreme<'a>(values: impl Iterator<Item = Value<'a>>, greatest: bool) -> Option<Value<'a>> {
    values.reduce(|best, next| {
        let better = match next.order(&best) {
            Some(Ordering::Greater) => greatest,
            Some(Ordering::Less) => !greatest,
            _ => false,
        };
        if better { next } else { best }
    })
}

/// Applies a non-short-circuit binary operator to known operands.
pub fn binary<'a>(op: BinaryOp, left: &Value<'a>, right: &Value<'a>) -> Eval<'a> {
    let compare = |want: fn(Ordering) -> bool| match left.order(right) {
        Some(ordering) => Ok(Value::bool(want(ordering))),
        None => undefined(),
    };
    let contains = || right.items().map(|mut items| items.any(|item| item.same(left)));
    match op {
        BinaryOp::Eq => Ok(Value::bool(left.same(right))),
        BinaryOp::Ne => Ok(Value::bool(!left.same(right))),
        BinaryOp::Lt => compare(|o| o == Ordering::Less),
        BinaryOp::Le => compare(|o| o != Ordering::Greater),
        BinaryOp::Gt => compare(|o| o == Ordering::Greater),
        BinaryOp::Ge => compare(|o| o != Ordering::Less),
        BinaryOp::In => contains().map_or_else(undefined, |b| Ok(Value::bool(b))),
        BinaryOp::NotIn => contains().map_or_else(undefined, |b| Ok(Value::bool(!b))),
        BinaryOp::Add | BinaryOp::Sub => {
            let sign: i32 = if op == BinaryOp::Add { 1 } else { -1 };
            match (&left.kind, &right.kind) {
                (Kind::Number(a), Kind::Number(b)) => number(a + f64::from(sign) * b),
                (Kind::Date(date), Kind::Duration { months, days }) => {
                    match add_duration(*date, i64::from(sign) * months, i64::from(sign) * days) {
                        Some(date) => Ok(Value::computed(Kind::Date(date))),
                        None => undefined(),
                    }
                }
                _ => undefined(),
            }
        }
        BinaryOp::Mul | BinaryOp::Div => match (&left.kind, &right.kind) {
            (Kind::Number(a), Kind::Number(b)) if op == BinaryOp::Mul => number(a * b),
            (Kind::Number(a), Kind::Number(b)) if *b != 0.0 => number(a / b),
            _ => undefined(),
        },
        BinaryOp::And | BinaryOp::Or => undefined(),
    }
}

/// Combines per-element results of a binder call (Kleene logic for quantifiers).
pub(super) fn bind<'a>(
    binder: Binder,
    list: &Value<'a>,
    items: &[Value<'a>],
    results: Vec<Eval<'a>>,
    cx: &Context<'a>,
) -> Eval<'a> {
    let is_true = |r: &Eval| matches!(r, Ok(Value { kind: Kind::Bool(true), .. }));
    let is_false = |r: &Eval| matches!(r, Ok(Value { kind: Kind::Bool(false), .. }));
    let unknowns =
        |results: &[Eval<'a>]| results.iter().filter_map(|r| r.as_ref().err()).cloned().reduce(Unknown::merge);
    match binder {
        Binder::All | Binder::Any | Binder::None => {
            let decisive = binder != Binder::All; // `any`/`none` are decided by a true element
            let found = results.iter().any(|r| if decisive { is_true(r) } else { is_false(r) });
            if found {
                return Ok(Value::bool(binder == Binder::Any));
            }
            if let Some(unknown) = unknowns(&results) {
                return Err(unknown);
            }
            Ok(Value::bool(binder != Binder::Any))
        }
        Binder::First | Binder::Last => {
            let ordered: Vec<(&Value<'a>, &Eval<'a>)> = if binder == Binder::First {
                items.iter().zip(results.iter()).collect()
            } else {
                items.iter().zip(results.iter()).rev().collect()
            };
            for (item, result) in ordered {
                match result {
                    Ok(v) if matches!(v.kind, Kind::Bool(true)) => return Ok(item.clone()),
                    Ok(_) => {}
                    Err(unknown) => return Err(unknown.clone()),
                }
            }
            Err(cx.no_match(list))
        }
        _ => {
            if let Some(unknown) = unknowns(&results) {
                return Err(unknown);
            }
            let values: Vec<Value<'a>> = results.into_iter().flatten().collect();
            match binder {
                Binder::Count => number(values.iter().filter(|v| matches!(v.kind, Kind::Bool(true))).count() as f64),
                Binder::Filter => {
                    let kept = items.iter().zip(&values).filter(|(_, v)| matches!(v.kind, Kind::Bool(true)));
                    let kept: Vec<Value<'a>> = kept.map(|(item, _)| item.clone()).collect();
                    Ok(Value { kind: Kind::List(Rc::new(kept)), fact: list.fact })
                }
                Binder::Map => Ok(Value::computed(Kind::List(Rc::new(values)))),
                Binder::SortBy => {
                    let mut keyed: Vec<(Value<'a>, Value<'a>)> = items.iter().cloned().zip(values).collect();
                    keyed.sort_by(|a, b| a.1.order(&b.1).unwrap_or(Ordering::Equal));
                    let sorted = keyed.into_iter().map(|(item, _)| item).collect();
                    Ok(Value { kind: Kind::List(Rc::new(sorted)), fact: list.fact })
                }
                Binder::Min | Binder::Max => {
                    extreme(values.into_iter(), binder == Binder::Max).ok_or_else(|| cx.no_match(list))
                }
                Binder::Sum => number(values.iter().map(|v| if let Kind::Number(n) = v.kind { n } else { 0.0 }).sum()),
                _ => undefined(),
            }
        }
    }
}
