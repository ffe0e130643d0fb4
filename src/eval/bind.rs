//! Binder calls (`all(a in xs, …)`, `filter`, `map`, …): the loops of evaluation.

use super::value::Unknown;
use super::value::{Eval, Kind, Value};
use super::{Context, Locals, builtins, set, truthy};
use crate::check::ir::{Binder, Ir};
use std::rc::Rc;

impl<'a> Context<'a> {
    pub(super) fn bind(
        &self,
        binder: Binder,
        slot: usize,
        collection: &'a Ir,
        body: &'a Ir,
        locals: &mut Locals<'a>,
    ) -> Eval<'a> {
        let list_value = self.eval(collection, locals)?;
        let Some(items) = list_value.items() else { return Err(Unknown::default()) };
        if !matches!(binder, Binder::All | Binder::Any | Binder::None | Binder::First | Binder::Last | Binder::Count) {
            // The list about to be built, counted before it is.
            self.budget.charge(items.len())?;
        }
        let saved = locals.get(slot).cloned().flatten();
        let result = match binder {
            // Quantifiers and `first`/`last` stop at the element that decides them, with the
            // same answer as judging every element (`builtins::bind`), without a results list.
            Binder::All | Binder::Any | Binder::None => {
                let decisive = binder != Binder::All;
                let mut unknown: Option<Unknown> = None;
                let mut decided = false;
                for item in items {
                    set(locals, slot, Ok(item));
                    match self.eval(body, locals) {
                        Ok(v) if truthy(&v) == decisive && matches!(v.kind, Kind::Bool(_)) => {
                            decided = true;
                            break;
                        }
                        Ok(_) => {}
                        Err(more) => unknown = Some(unknown.map_or(more.clone(), |u| u.merge(more))),
                    }
                }
                match (decided, unknown) {
                    (true, _) => Ok(Value::bool(binder == Binder::Any)),
                    (false, Some(unknown)) => Err(unknown),
                    (false, None) => Ok(Value::bool(binder != Binder::Any)),
                }
            }
            Binder::First | Binder::Last => {
                let mut found = None;
                let (mut forward, mut backward);
                let ordered: &mut dyn Iterator<Item = Value<'a>> = if binder == Binder::First {
                    forward = items;
                    &mut forward
                } else {
                    backward = items.rev();
                    &mut backward
                };
                for item in ordered {
                    set(locals, slot, Ok(item.clone()));
                    match self.eval(body, locals) {
                        Ok(v) if matches!(v.kind, Kind::Bool(true)) => {
                            found = Some(Ok(item));
                            break;
                        }
                        Ok(_) => {}
                        Err(unknown) => {
                            found = Some(Err(unknown));
                            break;
                        }
                    }
                }
                found.unwrap_or_else(|| Err(self.no_match(&list_value)))
            }
            // The commonest builders keep what they need as they go, with the same answer as
            // `builtins::bind` on the whole results list.
            Binder::Filter | Binder::Map | Binder::Count => {
                // Room for every element at once: growing a vector element by element was most
                // of evaluation's reallocations.
                let room = if binder == Binder::Count { 0 } else { items.len() };
                let mut kept: Vec<Value<'a>> = Vec::with_capacity(room);
                let mut count = 0usize;
                let mut unknown: Option<Unknown> = None;
                for item in items {
                    set(locals, slot, Ok(item.clone()));
                    match self.eval(body, locals) {
                        Ok(v) if binder == Binder::Map => kept.push(v),
                        Ok(v) if truthy(&v) => {
                            count += 1;
                            if binder == Binder::Filter {
                                kept.push(item);
                            }
                        }
                        Ok(_) => {}
                        Err(more) => {
                            unknown = Some(match unknown {
                                Some(known) => known.merge(more),
                                None => more,
                            })
                        }
                    }
                }
                match (unknown, binder) {
                    (Some(unknown), _) => Err(unknown),
                    (None, Binder::Count) => Ok(Value::computed(Kind::Number(count as f64))),
                    (None, Binder::Filter) => Ok(Value { kind: Kind::List(Rc::new(kept)), fact: list_value.fact }),
                    (None, _) => Ok(Value::computed(Kind::List(Rc::new(kept)))),
                }
            }
            _ => {
                let items: Vec<Value<'a>> = items.collect();
                let mut results = Vec::with_capacity(items.len());
                for item in &items {
                    set(locals, slot, Ok(item.clone()));
                    results.push(self.eval(body, locals));
                }
                builtins::bind(binder, &list_value, &items, results, self)
            }
        };
        if let Some(saved) = saved {
            set(locals, slot, saved);
        }
        result
    }
}
