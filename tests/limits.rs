//! Hostile and unlucky rules files and cases end to end: deep nesting, runaway evaluation,
//! a byte-order mark, dates at the end of the calendar. The binary must answer each with
//! a located diagnostic or a worded finding, never a stack overflow or an abort.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail by panicking")]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const AS_OF: &str = "--as-of=2025-12-31";
const STAFF: &str = "--staff=examples/staff.json";
const CASE: &str = "examples/cases/ZQHX-2024-ISMS-0318.json";

/// Runs caselint from the repository root; returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_caselint"))
        .args(args)
        .current_dir(common::root())
        .env("NO_COLOR", "1")
        .env_remove("CASELINT_LANG")
        .env_remove("CASELINT_RULES")
        .env_remove("CASELINT_STAFF")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    // A signal (a stack overflow aborts) leaves no exit code.
    let code = output.status.code().unwrap_or(-1);
    assert!(!stderr.contains("panicked") && !stderr.contains("overflow"), "caselint crashed on {args:?}:\n{stderr}");
    (code, stdout, stderr)
}

/// A fresh directory for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("limits").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A rules directory holding one rule (with any top-level `let`s before it and rule-level
/// items in it) that requires `require`.
fn rules_dir(name: &str, top: &str, items: &str, require: &str) -> PathBuf {
    let dir = scratch(name);
    let rule = format!(
        "{top}\nrule test/limits {{\n    clause \"3.2.1\"\n    severity error\n{items}\n    require {require}\n    \
         title.zh \"测试\" title.en \"test\"\n    message.zh \"测试\" message.en \"test\"\n    \
         help.zh \"测试\" help.en \"test\"\n    doc.zh \"\"\"测试\"\"\" doc.en \"\"\"test\"\"\"\n}}\n"
    );
    std::fs::write(dir.join("a.rules"), rule).unwrap();
    dir
}

fn check_with_rules(dir: &Path, lang: &str) -> (i32, String, String) {
    let rules = format!("--rules={}", dir.display());
    run(&["check", CASE, STAFF, AS_OF, &rules, "--lang", lang])
}

/// Every shape of deep nesting the issue found (each aborted with a stack overflow) is
/// refused before any case is read: exit 2, the worded limit, its place in the file.
#[test]
fn deep_nesting_is_refused_with_its_place() {
    let n = 10_000;
    let shapes: Vec<(&str, String)> = vec![
        ("not", format!("{}true", "not ".repeat(n))),
        ("negation", format!("{}1 > 0", "-".repeat(n))),
        ("parentheses", format!("{}true{}", "(".repeat(n), ")".repeat(n))),
        ("unclosed-parentheses", format!("{}true", "(".repeat(100_000))),
        ("if", format!("{}true", "if true then true else ".repeat(n))),
        ("plus", format!("1{} > 0", " + 1".repeat(n))),
        ("and", format!("true{}", " and true".repeat(100_000))),
        ("lists", format!("len({}1{}) > 0", "[".repeat(n), "]".repeat(n))),
        ("calls", format!("{}[1]{} > 0", "len(".repeat(n), ")".repeat(n))),
        ("binders", format!("{}true{}", "all(x in [1], ".repeat(n), ")".repeat(n))),
    ];
    for (name, require) in shapes {
        let dir = rules_dir(&format!("deep-{name}"), "", "", &require);
        let (code, stdout, stderr) = check_with_rules(&dir, "en");
        assert_eq!(code, 2, "{name}: exit 2 expected\n{stderr}");
        assert!(stderr.contains("caselint::rules::too_deep"), "{name}:\n{stderr}");
        assert!(stderr.contains("more than 100 levels"), "{name}:\n{stderr}");
        assert!(stderr.contains("(line 6, column"), "{name}: the place must be named\n{stderr}");
        assert!(stderr.contains("a.rules:6:"), "{name}: the file must be named\n{stderr}");
        assert!(stderr.contains("named `let`s"), "{name}: the advice\n{stderr}");
        assert!(stdout.is_empty(), "{name}: no case may be checked\n{stdout}");
    }
}

/// A short line shows the place as a snippet, in both languages.
#[test]
fn deep_nesting_diagnostic() {
    let dir = rules_dir("deep-snippet", "", "", &format!("{}true{}", "(".repeat(100), ")".repeat(100)));
    let (code, _, zh) = check_with_rules(&dir, "zh");
    assert_eq!(code, 2);
    let (_, _, en) = check_with_rules(&dir, "en");
    let shown = format!("{zh}{en}").replace(&dir.display().to_string(), "<rules>");
    insta::with_settings!({snapshot_path => "snapshots/limits", prepend_module_to_snapshot => false, omit_expression => true}, {
        insta::assert_snapshot!("deep_nesting", shown);
    });
}

/// Up to the limit, nesting is fine; a rule's sequential `if`s (one per `let`) do not add up.
#[test]
fn nesting_within_the_limit_is_accepted() {
    let within = [
        ("parentheses-99", format!("{}true{}", "(".repeat(99), ")".repeat(99))),
        ("and-99", format!("true{}", " and true".repeat(99))),
        ("not-99", format!("{}true", "not not ".repeat(49))),
    ];
    for (name, require) in within {
        let dir = rules_dir(name, "", "", &require);
        let (code, _, stderr) = check_with_rules(&dir, "en");
        assert_eq!(code, 0, "{name}:\n{stderr}");
    }
    let lets: String = (0..150).map(|i| format!("    let a{i} = if true then {i} else 0\n")).collect();
    let dir = rules_dir("sequential-ifs", "", &lets, "a149 > 0");
    let (code, _, stderr) = check_with_rules(&dir, "en");
    assert_eq!(code, 0, "{stderr}");
}

/// Lists within lists through a chain of `let`s (each level fine on its own) are refused
/// at check time: their values would nest as deeply.
#[test]
fn nested_list_types_are_refused() {
    let top: String = std::iter::once("let l0 = [1];\n".to_string())
        .chain((1..10_000).map(|i| format!("let l{i} = [l{}];\n", i - 1)))
        .collect();
    let dir = rules_dir("list-types", &top, "", "len(l9999) > 0");
    let (code, _, stderr) = check_with_rules(&dir, "en");
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("caselint::rules::too_deep"), "{stderr}");
    let lets: String = std::iter::once("    let a0 = [1]\n".to_string())
        .chain((1..3_000).map(|i| format!("    let a{i} = map(x in [1], a{})\n", i - 1)))
        .collect();
    let dir = rules_dir("map-types", "", &lets, "len(a2999) > 0");
    let (code, _, stderr) = check_with_rules(&dir, "en");
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("caselint::rules::too_deep"), "{stderr}");
}

/// Ten thousand derived facts in a chain are checked and evaluated without recursion;
/// ten thousand `let`s of a rule in a chain make that rule not evaluable, worded.
#[test]
fn long_let_chains_do_not_overflow() {
    let top: String = std::iter::once("let d0 = 1;\n".to_string())
        .chain((1..10_000).map(|i| format!("let d{i} = d{} + 1;\n", i - 1)))
        .collect();
    let dir = rules_dir("derived-chain", &top, "", "d9999 > 0");
    let (code, _, stderr) = check_with_rules(&dir, "en");
    assert_eq!(code, 0, "{stderr}");
    let lets: String = std::iter::once("    let a0 = 1\n".to_string())
        .chain((1..10_000).map(|i| format!("    let a{i} = a{} + 1\n", i - 1)))
        .collect();
    let dir = rules_dir("local-chain", "", &lets, "a9999 > 0");
    let (code, stdout, _) = check_with_rules(&dir, "en");
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("cannot evaluate \"test\": the rule's `let`s read one another more than"), "{stdout}");
}

/// Six nested quantifiers over 20 elements (64 million steps, 6 s a case before) and a
/// list doubled 25 times (a gigabyte, then an abort) exceed the evaluation budget: the
/// rule is not evaluable on each case, named with the budget, and every case is checked.
#[test]
fn runaway_evaluation_is_not_evaluable() {
    let xs = format!("[{}]", (1..=20).map(|i| i.to_string()).collect::<Vec<_>>().join(", "));
    let mut any = "a + b + c + d + e + f < 0".to_string();
    for v in ["f", "e", "d", "c", "b", "a"] {
        any = format!("any({v} in xs, {any})");
    }
    let doubling: String = std::iter::once("let l0 = [1, 2];\n".to_string())
        .chain((1..=25).map(|i| format!("let l{i} = flatten([l{}, l{}]);\n", i - 1, i - 1)))
        .collect();
    let heavy = [
        ("quantifiers", rules_dir("quantifiers", &format!("let xs = {xs};"), "", &any)),
        ("doubling", rules_dir("doubling", &doubling, "", "len(l25) > 0")),
    ];
    for (name, dir) in heavy {
        let rules = format!("--rules={}", dir.display());
        let started = Instant::now();
        let (code, stdout, stderr) = run(&["check", "examples/cases", STAFF, AS_OF, &rules, "--format", "json"]);
        assert!(started.elapsed() < Duration::from_secs(60), "{name}: {:?}", started.elapsed());
        assert_eq!(code, 1, "{name}:\n{stdout}{stderr}");
        let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        let budget = "cannot evaluate \"test\": the rule needs more work on this case than the evaluation budget \
                      allows (1000000 steps, setting evaluation.max_steps)";
        let findings = report["findings"].as_array().unwrap();
        let cases = std::fs::read_dir(common::root().join("examples/cases")).unwrap().count();
        assert_eq!(findings.len(), cases, "{name}: one finding per case\n{stdout}");
        for finding in findings {
            assert_eq!(finding["verdict"], "not_evaluable");
            assert_eq!(finding["message"]["en"], budget, "{name}");
        }
    }
}

/// `distinct` and `intersects` compare pairs of elements: 90,000 different numbers (well
/// within the budget to build) took minutes, and are now charged as the pairs compared.
#[test]
fn pairwise_builtins_are_charged_per_pair() {
    let r = format!("[{}]", (1..=300).map(|i| i.to_string()).collect::<Vec<_>>().join(", "));
    let top = format!(
        "let r = {r};\nlet l = flatten(map(a in r, map(b in r, a * 1000 + b)));\nlet m = map(x in l, 0 - x);\n"
    );
    for require in ["len(distinct(l)) > 0", "not intersects(l, m)"] {
        let dir = rules_dir("pairwise", &top, "", require);
        let rules = format!("--rules={}", dir.display());
        let started = Instant::now();
        let (code, stdout, _) = run(&["check", CASE, STAFF, AS_OF, &rules, "--format", "json"]);
        assert!(started.elapsed() < Duration::from_secs(20), "{require}: {:?}", started.elapsed());
        assert_eq!(code, 1, "{require}: {stdout}");
        assert!(stdout.contains("evaluation.max_steps"), "{require}: {stdout}");
    }
}

/// The budget is a CB setting, within a range (`facts::limits`).
#[test]
fn the_budget_is_a_setting() {
    let dir = scratch("budget-setting");
    let config = |steps: u64| {
        let path = dir.join(format!("caselint-{steps}.toml"));
        std::fs::write(&path, format!("[evaluation]\nmax_steps = {steps}\n")).unwrap();
        format!("--config={}", path.display())
    };
    let (code, _, stderr) = run(&["check", CASE, STAFF, AS_OF, &config(5), "--lang", "en"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("evaluation.max_steps"), "{stderr}");
    // Three nested quantifiers over 20 elements: 8,000 steps and more.
    let xs = format!("[{}]", (1..=20).map(|i| i.to_string()).collect::<Vec<_>>().join(", "));
    let rules = rules_dir(
        "budget-rule",
        &format!("let xs = {xs};"),
        "",
        "all(a in xs, all(b in xs, all(c in xs, a + b + c > 0)))",
    );
    let rules = format!("--rules={}", rules.display());
    let (code, stdout, stderr) = run(&["check", CASE, STAFF, AS_OF, &rules, "--format", "json"]);
    assert_eq!(code, 0, "the default budget suffices:\n{stdout}{stderr}");
    let (code, stdout, _) = run(&["check", CASE, STAFF, AS_OF, &rules, &config(2000), "--format", "json"]);
    assert_eq!(code, 1, "{stdout}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let finding = &report["findings"][0];
    assert_eq!(finding["verdict"], "not_evaluable", "{finding}");
    assert!(
        finding["message"]["en"].as_str().unwrap().contains("(2000 steps, setting evaluation.max_steps)"),
        "{finding}"
    );
    // The budget is not a fact the case lacks.
    assert_eq!(finding["missing"], serde_json::json!([]), "{finding}");
}

/// The default budget never decides a verdict of the bundled rules: not on the examples,
/// not on a generated corpus.
#[test]
fn the_default_budget_leaves_the_bundled_rules_alone() {
    let corpus = scratch("budget-corpus");
    let out = corpus.join("corpus");
    let (code, _, stderr) = run(&["gen", "--cases", "300", "--seed", "7", "--out", &out.display().to_string()]);
    assert_eq!(code, 0, "{stderr}");
    let staff = format!("--staff={}", out.join("staff.json").display());
    let cases = out.join("cases").display().to_string();
    for args in [vec!["check", "examples/cases", STAFF], vec!["check", cases.as_str(), staff.as_str()]] {
        let args: Vec<&str> = args.into_iter().chain([AS_OF, "--format", "json"]).collect();
        let (_, stdout, stderr) = run(&args);
        assert!(stdout.contains("\"findings\""), "{stderr}");
        assert!(!stdout.contains("evaluation.max_steps"), "the budget decided a verdict:\n{stdout}");
        assert!(!stdout.contains("read one another more than"), "{stdout}");
    }
}

/// A rules file saved with a UTF-8 byte-order mark (Notepad, spreadsheet exports) loads
/// like one without, as a case file with one does.
#[test]
fn rules_with_a_byte_order_mark() {
    let dir = scratch("bom");
    for entry in std::fs::read_dir(common::root().join("rules")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(dir.join(path.file_name().unwrap()), format!("\u{feff}{text}")).unwrap();
    }
    let with_bom = format!("--rules={}", dir.display());
    let (code, marked, stderr) = run(&["check", "examples/cases", STAFF, AS_OF, &with_bom, "--format", "json"]);
    assert_ne!(code, 2, "{stderr}");
    let (_, plain, _) = run(&["check", "examples/cases", STAFF, AS_OF, "--rules=rules", "--format", "json"]);
    assert_eq!(marked, plain);
}

/// Dates at the end of the calendar (year 9999) that a rule moves on by months: the
/// finding names the date and says it leaves the calendar, instead of "record  and check
/// again" with a blank fact name.
#[test]
fn date_arithmetic_past_9999_names_the_date() {
    let text = std::fs::read_to_string(common::root().join(CASE)).unwrap();
    let mut shifted = String::new();
    let mut rest = text.as_str();
    // Every "20yy-mm-dd" becomes "9999-12-dd".
    while let Some(at) = rest.find("\"20") {
        let (before, after) = rest.split_at(at);
        shifted.push_str(before);
        if after.len() > 11 && after.as_bytes()[5] == b'-' && after.as_bytes()[8] == b'-' {
            shifted.push_str(&format!("\"9999-12-{}", &after[9..11]));
            rest = &after[11..];
        } else {
            shifted.push_str("\"20");
            rest = &after[3..];
        }
    }
    shifted.push_str(rest);
    let dir = scratch("year-9999");
    let case = dir.join("case.json");
    std::fs::write(&case, shifted).unwrap();
    let case = case.display().to_string();
    let (_, en, _) = run(&["check", &case, STAFF, AS_OF, "--lang", "en"]);
    assert!(!en.contains("record  and"), "{en}");
    assert!(!en.contains("record and check"), "{en}");
    assert!(en.contains("leaves the calendar (after 9999-12-31)"), "{en}");
    assert!(en.contains("adding to or subtracting from `/decision/date`"), "{en}");
    let (_, zh, _) = run(&["check", &case, STAFF, AS_OF]);
    assert!(!zh.contains("补充记录  后"), "{zh}");
    assert!(zh.contains("`/decision/date` 加减时长后超出日历范围"), "{zh}");
}
