//! caselint: checks certification case files against the certification body's procedure.
//!
//! The pipeline, one module per stage: [`syntax`] parses rules files, [`check`] types
//! them against the case schema, [`graph`] orders derived facts and answers "what does
//! this rule read", [`facts`] loads case files with spans, [`eval`] computes three-valued
//! verdicts, and [`report`] turns findings into bilingual diagnostics.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod bundled;
pub mod check;
pub mod cli;
pub mod coverage;
pub mod eval;
pub mod facts;
pub mod generate;
pub mod graph;
pub mod inputs;
pub mod output;
pub mod pack;
pub mod pack_files;
pub mod procedure;
pub mod report;
pub mod scheme;
pub mod source;
pub mod stream;
pub mod syntax;
pub mod waivers;
