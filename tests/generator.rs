#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail by panicking")]

mod common;

use common::*;
use serde_json::Value;
use std::collections::BTreeSet;

#[test]
fn probe() {
    let rules = bundled_rules();
    let staff = staff();
    let dir = root().join("tests/fixtures");
    let mut out = String::new();
    for path in files_with_extension(&dir, "json") {
        if path.starts_with(dir.join("_bases")) {
            continue;
        }
        let rel = path.strip_prefix(&dir).unwrap();
        let rule = rel.parent().unwrap().to_string_lossy().to_string();
        let stem = rel.file_stem().unwrap().to_string_lossy().to_string();
        if !stem.starts_with("fail-") {
            continue;
        }
        let spec: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        if spec.get("as_of").is_some() {
            continue;
        }
        let base_name = spec["base"].as_str().unwrap_or("isms");
        let mut doc: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(format!("_bases/{base_name}.json"))).unwrap())
                .unwrap();
        apply_patch(&mut doc, spec["patch"].as_array().unwrap()).unwrap();
        let text = serde_json::to_string_pretty(&doc).unwrap() + "\n";
        let case = case_from("x.json", &text, &staff);
        let result = evaluate(&rules, &case, &staff, FIXTURE_AS_OF);
        let got: BTreeSet<(String, String, String)> = result
            .findings
            .iter()
            .map(|f| (f.rule.clone(), f.verdict.as_str().to_string(), f.pointer().to_string()))
            .collect();
        let want: BTreeSet<(String, String, String)> = spec["expect"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (rule.clone(), e["verdict"].as_str().unwrap().to_string(), e["pointer"].as_str().unwrap().to_string())
            })
            .collect();
        let name = stem.strip_prefix("fail-").unwrap();
        if got == want {
            out.push_str(&format!("PURE\t{rule}\t{name}\t{base_name}\n"));
        } else {
            let extra: Vec<_> = got.difference(&want).collect();
            let missing: Vec<_> = want.difference(&got).collect();
            out.push_str(&format!("IMPURE\t{rule}\t{name}\t{base_name}\textra={extra:?}\tmissing={missing:?}\n"));
        }
    }
    std::fs::write("/tmp/gen_probe/purity.tsv", out).unwrap();
}
