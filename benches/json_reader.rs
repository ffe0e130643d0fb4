//! Measures span-preserving JSON readers against plain serde_json on one case file.
//! Run: cargo bench --bench json_reader -- bench/sample-case.json
#![allow(missing_docs, reason = "pest generates the grammar type")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail by panicking")]
use pest::Parser;
use std::time::Instant;

#[derive(pest_derive::Parser)]
#[grammar = "grammar/json.pest"]
struct JsonGrammar;

fn main() {
    let path =
        std::env::args().skip(1).find(|a| a.ends_with(".json")).unwrap_or_else(|| "bench/sample-case.json".into());
    let text = std::fs::read_to_string(&path).expect("read sample");
    let rounds = 20_000;
    let time = |name: &str, f: &dyn Fn()| {
        let start = Instant::now();
        for _ in 0..rounds {
            f();
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{name:<14} {:>8.1} MB/s {:>9.0} files/s",
            text.len() as f64 * rounds as f64 / secs / 1e6,
            rounds as f64 / secs
        );
    };
    time("serde_json", &|| {
        let v: serde_json::Value = serde_json::from_str(&text).expect("json");
        std::hint::black_box(v);
    });
    time("jsonc-parser", &|| {
        let v = jsonc_parser::parse_to_ast(&text, &Default::default(), &Default::default()).expect("json");
        std::hint::black_box(v);
    });
    time("pest grammar", &|| {
        let v = JsonGrammar::parse(Rule::json, &text).expect("json");
        std::hint::black_box(v.flatten().count());
    });
}
