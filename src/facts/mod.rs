//! Stage 1 of checking a case: read the case file and the staff registry into facts.
//!
//! Consumes bytes, produces a [`Fact`] tree in which every value keeps its span and
//! JSON pointer, validated against [`schema`]. Malformed input becomes a
//! [`LoadError`], never a silently absent fact.

pub mod load;
pub mod schema;
pub mod settings;

pub use load::{Case, LoadError, LoadProblem, StaffRegistry, load_case, load_staff};

use crate::source::Span;
use std::collections::BTreeMap;

/// Which input a fact was read from; labels and missing-fact pointers name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// The case file being checked.
    Case,
    /// The staff registry.
    Staff,
    /// The CB settings (defaults and `caselint.toml`).
    Settings,
    /// The waiver register (`caselint.waivers.toml`).
    Waivers,
}

/// One loaded value with the span and JSON pointer it came from.
#[derive(Debug, Clone)]
pub struct Fact {
    /// The typed value.
    pub value: FactValue,
    /// Bytes of the value in its source file.
    pub span: Span,
    /// RFC 6901 pointer to the value, e.g. `/audits/1/report/date`.
    pub pointer: String,
    /// The file the value came from.
    pub origin: Origin,
}

/// A typed value of a case or staff file.
#[derive(Debug, Clone)]
pub enum FactValue {
    /// A boolean.
    Bool(bool),
    /// A number (integers included).
    Number(f64),
    /// A string (free text, enum value or staff id).
    Text(String),
    /// A validated calendar date.
    Date(jiff::civil::Date),
    /// An array.
    List(Vec<Fact>),
    /// An object; keys whose value was `null` are absent.
    Object(BTreeMap<String, Fact>),
}

impl Fact {
    /// The value under `key` when this fact is an object.
    pub fn get(&self, key: &str) -> Option<&Fact> {
        match &self.value {
            FactValue::Object(fields) => fields.get(key),
            _ => None,
        }
    }

    /// The text when this fact is a string.
    pub fn as_text(&self) -> Option<&str> {
        match &self.value {
            FactValue::Text(text) => Some(text),
            _ => None,
        }
    }
}

/// Escapes one JSON pointer segment (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn pointer_segment(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}
