//! Stage 1 of loading rules: parse rules files (pest) into an AST with spans.
//!
//! Consumes the text of `rules/*.rules`, produces [`ast::RulesFile`]s. Knows nothing of
//! case facts: names and types are resolved by [`crate::check`].

pub mod ast;
mod depth;
pub mod parse;

pub use depth::MAX_DEPTH;
pub use parse::{MAX_PARSE_CALLS, ParseError, parse_rules, parse_rules_within};
