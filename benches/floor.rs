//! The floor for whole-CB runs: read and parse every case file with serde_json, nothing else.
//! Run: cargo bench --bench floor -- DIR
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "a benchmark, not the product")]

use std::path::{Path, PathBuf};
use std::time::Instant;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|x| x == "json") && path.file_name().is_some_and(|n| n != "staff.json") {
            out.push(path);
        }
    }
}

fn main() {
    let dir = std::env::args().skip(1).find(|a| !a.starts_with('-')).unwrap_or_else(|| "target/corpus".into());
    let mut paths = Vec::new();
    files(Path::new(&dir), &mut paths);
    paths.sort();
    let start = Instant::now();
    let mut bytes = 0usize;
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap();
        bytes += text.len();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        std::hint::black_box(value);
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "floor: {} files, {:.1} MB, {:.3} s, {:.0} files/s",
        paths.len(),
        bytes as f64 / 1e6,
        secs,
        paths.len() as f64 / secs
    );
}
