//! The corpus generator (`caselint::generate`): its cases produce exactly the findings of its
//! ground truth, it is deterministic, and every injector it uses is pure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail by panicking")]

mod common;

use caselint::check::RuleSet;
use caselint::facts::StaffRegistry;
use caselint::generate::{AS_OF, BACKGROUND, GeneratedCorpus, INJECTORS, TruthEntry, generate, write_corpus};
use common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Finding4 = (String, String, String, String);

/// Loads and evaluates every case of a corpus; returns its findings as (file, rule, verdict,
/// pointer).
fn corpus_findings(corpus: &GeneratedCorpus) -> BTreeSet<Finding4> {
    let rules = bundled_rules();
    let staff = caselint::facts::load_staff(caselint::source::SourceFile::new("staff.json", corpus.staff.clone()))
        .expect("the generated staff registry loads");
    let mut found = BTreeSet::new();
    let mut claims = caselint::eval::claims::ClaimBook::default();
    let mut sources = Vec::new();
    for (index, (file, text)) in corpus.cases.iter().enumerate() {
        let case = case_from(file, text, &staff);
        let result = evaluate(&rules, &case, &staff, corpus.as_of);
        claims.add(index, &case.id, &result.claims);
        for f in result.findings {
            found.insert((file.clone(), f.rule.clone(), f.verdict.as_str().to_string(), f.pointer().to_string()));
        }
        sources.push(case.source.clone());
    }
    // Cross-case rules compare the cases with each other.
    let settings = caselint::facts::settings::Settings::defaults();
    let cross = caselint::eval::population::findings_by_case(&rules, &claims, &settings, date(corpus.as_of), |i| {
        sources.get(i).cloned()
    });
    for (index, findings) in cross {
        let file = &corpus.cases[index].0;
        for f in findings {
            found.insert((file.clone(), f.rule.clone(), f.verdict.as_str().to_string(), f.pointer().to_string()));
        }
    }
    found
}

fn truth_set(corpus: &GeneratedCorpus) -> BTreeSet<Finding4> {
    corpus.truth.iter().map(|t| (t.file.clone(), t.rule.clone(), t.verdict.clone(), t.pointer.clone())).collect()
}

/// The truth entries of injected violations (not a base's background).
fn injected(corpus: &GeneratedCorpus) -> Vec<&TruthEntry> {
    let background: BTreeSet<(&str, &str, &str)> = BACKGROUND.iter().map(|b| (b.1, b.2, b.3)).collect();
    corpus
        .truth
        .iter()
        .filter(|t| !background.contains(&(t.rule.as_str(), t.verdict.as_str(), t.pointer.as_str())))
        .collect()
}

fn assert_exact(corpus: &GeneratedCorpus) {
    let found = corpus_findings(corpus);
    let truth = truth_set(corpus);
    let missed: Vec<_> = truth.difference(&found).collect();
    let extra: Vec<_> = found.difference(&truth).collect();
    assert!(
        missed.is_empty() && extra.is_empty(),
        "missed (in truth, not found): {missed:#?}\nextra (found, not in truth): {extra:#?}"
    );
}

#[test]
fn generated_corpus_has_exactly_the_injected_findings() {
    let corpus = generate(300, 7);
    assert_eq!(corpus.as_of, "2025-12-31");
    assert_eq!(corpus.cases.len(), 300);
    // The registry is the example's, with stand-ins for team members spread over time.
    let example: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("examples/staff.json")).unwrap()).unwrap();
    let registry: Value = serde_json::from_str(&corpus.staff).unwrap();
    let example = example["staff"].as_array().unwrap();
    let people = registry["staff"].as_array().unwrap();
    assert_eq!(&people[..example.len()], &example[..]);
    assert!(people.len() > example.len(), "no stand-ins: every auditor on every case");
    assert_exact(&corpus);

    // The cases are distinct and varied; about 40% carry a violation, each from one injector.
    let docs: Vec<Value> = corpus.cases.iter().map(|(_, text)| serde_json::from_str(text).unwrap()).collect();
    let ids: BTreeSet<&str> = docs.iter().map(|d| d["case_id"].as_str().unwrap()).collect();
    let numbers: BTreeSet<&str> = docs.iter().filter_map(|d| d["certificate"]["number"].as_str()).collect();
    let names: BTreeSet<&str> = docs.iter().map(|d| d["client"]["name"].as_str().unwrap()).collect();
    let addresses: BTreeSet<&str> = docs.iter().map(|d| d["client"]["address"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 300);
    assert_eq!(numbers.len(), docs.iter().filter(|d| d["certificate"]["number"].is_string()).count());
    assert!(names.len() > 250 && addresses.len() > 250, "{} names, {} addresses", names.len(), addresses.len());
    for ((file, _), doc) in corpus.cases.iter().zip(&docs) {
        assert_eq!(file, &format!("{}.json", doc["case_id"].as_str().unwrap()));
    }
    assert!(corpus.cases.iter().any(|(file, _)| file == "GEN-7-000000.json"));
    let mut by_file: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for t in injected(&corpus) {
        by_file.entry(&t.file).or_default().insert(&t.rule);
        assert_eq!(t.file, format!("{}.json", t.case_id));
    }
    assert!((90..=150).contains(&by_file.len()), "{} injected cases of 300", by_file.len());
    assert!(by_file.values().all(|rules| rules.len() == 1), "a case with findings of several rules");
    let families: BTreeSet<&str> = injected(&corpus).iter().map(|t| t.rule.split('/').next().unwrap()).collect();
    assert!(families.len() >= 10, "injected rule families: {families:?}");
}

/// A corpus with more injected cases than injectors uses every injector (they are dealt
/// without repetition), each on a varied identity, and stays exact.
#[test]
fn every_injector_is_exact_in_a_generated_case() {
    let corpus = generate(520, 2025);
    let injected_files: BTreeSet<&str> = injected(&corpus).iter().map(|t| t.file.as_str()).collect();
    assert!(
        injected_files.len() >= INJECTORS.len(),
        "{} injected cases for {} injectors",
        injected_files.len(),
        INJECTORS.len()
    );
    let rules: BTreeSet<&str> = injected(&corpus).iter().map(|t| t.rule.as_str()).collect();
    let injector_rules: BTreeSet<&str> = INJECTORS.iter().map(|i| i.0).collect();
    assert_eq!(rules, injector_rules);
    assert_exact(&corpus);
}

fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files_with_extension(dir, "json")
        .into_iter()
        .map(|p| (p.strip_prefix(dir).unwrap().display().to_string(), std::fs::read(&p).unwrap()))
        .collect()
}

#[test]
fn generation_is_deterministic() {
    let a = generate(80, 7);
    let b = generate(80, 7);
    assert_eq!(a, b);
    let c = generate(80, 8);
    assert_ne!(a.cases, c.cases);
    assert_ne!(a.truth, c.truth);
    // A prefix of a longer corpus is the shorter corpus.
    let longer = generate(120, 7);
    assert_eq!(&longer.cases[..80], &a.cases[..]);

    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("generator-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    write_corpus(&a, &tmp.join("a")).unwrap();
    write_corpus(&b, &tmp.join("b")).unwrap();
    write_corpus(&c, &tmp.join("c")).unwrap();
    let (ta, tb, tc) = (read_tree(&tmp.join("a")), read_tree(&tmp.join("b")), read_tree(&tmp.join("c")));
    assert_eq!(ta, tb);
    assert_ne!(ta, tc);
    assert_eq!(ta.len(), 80 + 2);
    assert!(ta.contains_key("staff.json") && ta.contains_key("truth.json"));
    assert!(ta.contains_key(&format!("cases{}GEN-7-000000.json", std::path::MAIN_SEPARATOR)));

    // truth.json is the truth, sorted by file, rule, pointer.
    let truth: Value = serde_json::from_slice(&ta["truth.json"]).unwrap();
    let rows: Vec<(String, String, String)> = truth
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let keys: Vec<&str> = t.as_object().unwrap().keys().map(String::as_str).collect();
            assert_eq!(keys, ["case_id", "file", "rule", "verdict", "pointer"]);
            (
                t["file"].as_str().unwrap().into(),
                t["rule"].as_str().unwrap().into(),
                t["pointer"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(rows.len(), a.truth.len());
    assert!(rows.windows(2).all(|w| w[0] <= w[1]), "truth.json is not sorted");
    let _ = std::fs::remove_dir_all(&tmp);
}

/// The declared findings of an unpatched base, as (rule, verdict, pointer).
fn background(base: &str) -> BTreeSet<(String, String, String)> {
    BACKGROUND.iter().filter(|b| b.0 == base).map(|b| (b.1.to_string(), b.2.to_string(), b.3.to_string())).collect()
}

/// `BACKGROUND` is what each base produces as of the corpus date: nothing violated or not
/// evaluable, only obligations not yet due.
#[test]
fn background_is_what_the_bases_produce() {
    let (rules, staff) = (bundled_rules(), staff());
    let mut actual = Vec::new();
    for base in ["isms", "itsms", "ims"] {
        let text = std::fs::read_to_string(root().join(format!("tests/fixtures/_bases/{base}.json"))).unwrap();
        let case = case_from(&format!("{base}.json"), &text, &staff);
        for f in evaluate(&rules, &case, &staff, AS_OF).findings {
            actual.push((base.to_string(), f.rule.clone(), f.verdict.as_str().to_string(), f.pointer().to_string()));
        }
    }
    actual.sort();
    actual.dedup();
    let mut declared: Vec<(String, String, String, String)> =
        BACKGROUND.iter().map(|b| (b.0.into(), b.1.into(), b.2.into(), b.3.into())).collect();
    declared.sort();
    let lines: Vec<String> = actual.iter().map(|(b, r, v, p)| format!("    ({b:?}, {r:?}, {v:?}, {p:?}),")).collect();
    assert_eq!(declared, actual, "BACKGROUND should be:\n{}", lines.join("\n"));
    assert!(actual.iter().all(|a| a.2 == "not_yet_due"), "a base is not compliant: {actual:#?}");
}

/// What one fail fixture's patch does on its base, across all rules.
struct Purity {
    /// Findings of other rules, or of the rule beyond its `expect` (and the base's background).
    extra: BTreeSet<(String, String, String)>,
    /// Declared findings that do not appear.
    missing: BTreeSet<(String, String, String)>,
    /// Whether its `expect` adds nothing to the base's background (an empty patch, say).
    adds_nothing: bool,
}

fn purity(rules: &RuleSet, staff: &StaffRegistry, rule: &str, spec: &Value) -> Purity {
    let base_name = spec["base"].as_str().unwrap_or("isms");
    let mut doc: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join(format!("tests/fixtures/_bases/{base_name}.json"))).unwrap(),
    )
    .unwrap();
    apply_patch(&mut doc, spec["patch"].as_array().unwrap()).unwrap();
    let text = serde_json::to_string_pretty(&doc).unwrap() + "\n";
    let case = case_from(&format!("{rule}.json"), &text, staff);
    let got: BTreeSet<(String, String, String)> = evaluate(rules, &case, staff, AS_OF)
        .findings
        .iter()
        .map(|f| (f.rule.clone(), f.verdict.as_str().to_string(), f.pointer().to_string()))
        .collect();
    let mut want = background(base_name);
    want.extend(
        spec["expect"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (rule.to_string(), e["verdict"].as_str().unwrap().into(), e["pointer"].as_str().unwrap().into())),
    );
    Purity {
        extra: got.difference(&want).cloned().collect(),
        missing: want.difference(&got).cloned().collect(),
        adds_nothing: want == background(base_name),
    }
}

/// Every injector is the fail fixture it names, on the base it names, without a custom
/// `as_of`, and pure: on its base, its patch makes exactly its `expect` appear across all
/// rules (beside the base's own `BACKGROUND`, left as it is).
#[test]
fn injectors_are_pure() {
    assert!(INJECTORS.len() >= 40, "only {} injectors", INJECTORS.len());
    let (rules, staff) = (bundled_rules(), staff());
    let mut seen = BTreeSet::new();
    let mut problems = Vec::new();
    for (rule, name, base, text) in INJECTORS {
        let label = format!("{rule}/fail-{name}");
        assert!(seen.insert(label.clone()), "{label} is listed twice");
        let path = root().join(format!("tests/fixtures/{rule}/fail-{name}.json"));
        assert_eq!(std::fs::read_to_string(&path).ok().as_deref(), Some(*text), "{label}: not the embedded text");
        let spec: Value = serde_json::from_str(text).unwrap();
        assert_eq!(spec["base"].as_str().unwrap_or("isms"), *base, "{label}: wrong base");
        assert!(spec.get("as_of").is_none(), "{label}: has a custom as_of");
        let p = purity(&rules, &staff, rule, &spec);
        if !p.extra.is_empty() || !p.missing.is_empty() {
            problems.push(format!("{label}: extra {:?}, missing {:?}", p.extra, p.missing));
        }
        if p.adds_nothing {
            problems.push(format!("{label}: its findings are its base's background: it injects nothing"));
        }
    }
    let families: BTreeSet<&str> = INJECTORS.iter().map(|i| i.0.split('/').next().unwrap()).collect();
    assert!(families.len() >= 10, "injector families: {families:?}");
    assert!(problems.is_empty(), "impure injectors:\n{}", problems.join("\n"));
}

/// A survey of every fail fixture without a custom `as_of`: prints (with `--nocapture`) the
/// pure ones not yet in `INJECTORS`, as lines ready to paste, and the impure ones with the
/// findings of other rules they cause, which hint at rule interactions. It asserts only that
/// the survey ran. Fixtures whose findings are only their base's background (an empty
/// patch) inject nothing and are listed apart.
#[test]
fn fail_fixture_purity_survey() {
    let (rules, staff) = (bundled_rules(), staff());
    let dir = root().join("tests/fixtures");
    let listed: BTreeSet<(&str, &str)> = INJECTORS.iter().map(|i| (i.0, i.1)).collect();
    let (mut candidates, mut impure, mut inert, mut surveyed) = (Vec::new(), Vec::new(), Vec::new(), 0);
    for path in files_with_extension(&dir, "json") {
        if path.starts_with(dir.join("_bases")) {
            continue;
        }
        let relative = path.strip_prefix(&dir).unwrap();
        let rule = relative.parent().unwrap().to_string_lossy().replace('\\', "/");
        let stem = relative.file_stem().unwrap().to_string_lossy().to_string();
        let Some(name) = stem.strip_prefix("fail-") else { continue };
        let spec: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        // Cross-case fixtures span several cases; an injector patches one.
        if spec.get("as_of").is_some() || spec.get("cases").is_some() {
            continue;
        }
        surveyed += 1;
        let p = purity(&rules, &staff, &rule, &spec);
        let base = spec["base"].as_str().unwrap_or("isms");
        if p.adds_nothing {
            inert.push(format!("{rule}/fail-{name} ({base})"));
        } else if p.extra.is_empty() && p.missing.is_empty() {
            if !listed.contains(&(rule.as_str(), name)) {
                candidates.push(format!(
                    "    ({rule:?}, {name:?}, {base:?}, include_str!(\"../tests/fixtures/{rule}/fail-{name}.json\")),"
                ));
            }
        } else {
            let others: Vec<String> = p.extra.iter().map(|(r, v, ptr)| format!("{r} {v} {ptr}")).collect();
            impure.push(format!("{rule}/fail-{name} ({base}): {}", others.join("; ")));
        }
    }
    println!("{surveyed} fail fixtures without a custom as_of; {} injectors", INJECTORS.len());
    println!("pure, not yet injectors ({}):\n{}", candidates.len(), candidates.join("\n"));
    println!("impure ({}):\n{}", impure.len(), impure.join("\n"));
    println!("inject nothing beyond the base's background ({}):\n{}", inert.len(), inert.join("\n"));
    assert!(surveyed >= INJECTORS.len());
}
