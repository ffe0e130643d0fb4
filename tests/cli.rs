//! The binary end to end: examples, bad input, bad rules, output formats, exit codes.
//! Each run is snapshotted with its exit code, as a user would see it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail by panicking")]

mod common;

use std::path::Path;
use std::process::Command;

/// Runs caselint from the repository root without colour; returns "exit code + stdout + stderr".
fn run(args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_caselint"))
        .args(args)
        .current_dir(common::root())
        .env("NO_COLOR", "1")
        .env_remove("CASELINT_LANG")
        .env_remove("CASELINT_RULES")
        .env_remove("CASELINT_STAFF")
        .output()
        .unwrap();
    let code = output.status.code().unwrap_or(-1);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "caselint panicked on {args:?}:\n{stderr}");
    (code, format!("exit code: {code}\n--- stdout\n{stdout}--- stderr\n{stderr}"))
}

fn snapshot(name: &str, text: &str) {
    insta::with_settings!({snapshot_path => "snapshots/cli", prepend_module_to_snapshot => false, omit_expression => true}, {
        insta::assert_snapshot!(name, text);
    });
}

const AS_OF: &str = "--as-of=2025-12-31";
const STAFF: &str = "--staff=examples/staff.json";

/// Every file of the bad-input corpus is refused with a located diagnostic and exit code 2.
#[test]
fn bad_input_corpus() {
    let dir = common::root().join("tests/bad-input");
    for path in common::files_with_extension(&dir, "json") {
        let relative = path.strip_prefix(common::root()).unwrap().display().to_string();
        let (code, text) = run(&["check", &relative, STAFF, AS_OF]);
        assert_eq!(code, 2, "{relative} must exit 2:\n{text}");
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        snapshot(&format!("bad_input__{name}"), &text);
    }
}

/// A key the schemas do not know is a warning naming it, with the key it most likely
/// misspells, in human, JSON and SARIF output; the case is checked all the same. Keys with
/// the extension prefix `x_` are silent. Warnings fail the run only with `--fail-on warning`.
#[test]
fn unknown_keys_are_warnings() {
    let (case, staff) = ("tests/warn-input/misspelled-keys.json", "--staff=tests/warn-input/staff.json");
    let (code, text) = run(&["check", case, staff, AS_OF]);
    assert_eq!(code, 0, "{text}");
    for key in ["`adress`", "`address`", "`Grade_note`", "`nmae`", "`name`"] {
        assert!(text.contains(key), "{key} in\n{text}");
    }
    assert!(!text.contains("x_crm") && !text.contains("x_room") && !text.contains("x_exported_by"), "{text}");
    snapshot("unknown_keys__human", &text);
    let (code, _) = run(&["check", case, staff, AS_OF, "--fail-on", "warning"]);
    assert_eq!(code, 1);
    let (code, text) = run(&["check", case, staff, AS_OF, "--format", "json", "--lang", "en"]);
    assert_eq!(code, 0);
    let json: serde_json::Value =
        serde_json::from_str(text.split("--- stdout\n").nth(1).unwrap().split("--- stderr").next().unwrap()).unwrap();
    assert_eq!(json["summary"]["warnings"], 3);
    assert_eq!(json["errors"].as_array().unwrap().len(), 0);
    let warning = &json["warnings"][1];
    assert_eq!(warning["severity"], "warning");
    assert_eq!(warning["code"], "caselint::load::unknown_field");
    assert_eq!(warning["pointer"], "/client/adress");
    snapshot("unknown_keys__json", &text);
    let (code, text) = run(&["check", case, staff, AS_OF, "--format", "sarif"]);
    assert_eq!(code, 0);
    assert!(text.contains("\"level\": \"warning\"") && text.contains("caselint::load::unknown_field"), "{text}");
}

/// One missing fact that several rules need reads as one evidence gap in human output (the
/// rules and clauses listed), while JSON keeps one not-evaluable finding per rule.
#[test]
fn one_missing_fact_is_one_evidence_gap() {
    let case = "tests/evidence-gap/stage2-without-end.json";
    let (code, text) = run(&["check", case, STAFF, AS_OF]);
    assert_eq!(code, 1, "{text}");
    assert_eq!(text.matches("caselint::evidence_gap").count(), 1, "{text}");
    assert!(!text.contains("无法评估「"), "no separate not-evaluable diagnostic:\n{text}");
    snapshot("evidence_gap__human", &text);
    let (_, text) = run(&["check", case, STAFF, AS_OF, "--format", "json"]);
    let stdout = text.split("--- stdout\n").nth(1).unwrap().split("--- stderr").next().unwrap();
    let json: serde_json::Value = serde_json::from_str(stdout).unwrap();
    let gaps: Vec<&serde_json::Value> =
        json["findings"].as_array().unwrap().iter().filter(|f| f["pointer"] == "/audits/1/end").collect();
    assert_eq!(gaps.len(), 5, "{stdout}");
    assert!(gaps.iter().all(|f| f["verdict"] == "not_evaluable"));
}

/// The same corpus in English, for a few files (the catalogue has both languages).
#[test]
fn bad_input_in_english() {
    for name in ["impossible-dates", "unknown-staff", "duplicate-key", "truncated"] {
        let file = format!("tests/bad-input/{name}.json");
        let (code, text) = run(&["check", &file, STAFF, AS_OF, "--lang", "en"]);
        assert_eq!(code, 2);
        snapshot(&format!("bad_input_en__{name}"), &text);
    }
}

/// A bad case among good ones: the others are still checked, the run exits 2.
#[test]
fn bad_case_does_not_stop_the_others() {
    let (code, text) = run(&[
        "check",
        "tests/bad-input/impossible-dates.json",
        "examples/cases/ZQHX-2024-ISMS-0318.json",
        STAFF,
        AS_OF,
    ]);
    assert_eq!(code, 2);
    assert!(text.contains("检查案卷 1 个（共 2 个文件）"), "{text}");
}

/// Paths that are missing, empty directories, or a staff registry with a repeated id.
#[test]
fn bad_paths_and_registry() {
    let (code, text) = run(&["check", "tests/bad-input/no-such-case.json", STAFF, AS_OF]);
    assert_eq!(code, 2);
    snapshot("bad_path__missing_file", &text);
    let (code, text) = run(&["check", "tests/bad-rules", STAFF, AS_OF]);
    assert_eq!(code, 2);
    snapshot("bad_path__no_cases_in_directory", &text);
    let (code, text) =
        run(&["check", "examples/cases/ZQHX-2024-ISMS-0318.json", "--staff=tests/bad-staff/duplicate-id.json", AS_OF]);
    assert_eq!(code, 2);
    snapshot("bad_staff__duplicate_id", &text);
    let (code, text) = run(&["check", "examples/cases/ZQHX-2024-ISMS-0318.json", STAFF, "--as-of=2024-02-30"]);
    assert_eq!(code, 2);
    snapshot("bad_usage__impossible_as_of", &text);
}

/// Every broken rules directory is refused before any case is read, with exit code 2.
#[test]
fn bad_rules_corpus() {
    let dir = common::root().join("tests/bad-rules");
    let mut names: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
    names.sort();
    for name in names {
        let rules = format!("--rules=tests/bad-rules/{name}");
        let (code, text) = run(&["check", "examples/cases/ZQHX-2024-ISMS-0318.json", STAFF, AS_OF, &rules]);
        assert_eq!(code, 2, "{name} must exit 2:\n{text}");
        assert!(!text.contains("检查案卷"), "{name}: no case may be read with broken rules");
        snapshot(&format!("bad_rules__{name}"), &text);
    }
}

/// The README's main command on the bundled examples, in zh and en.
#[test]
fn examples_human() {
    let (code, text) = run(&["check", "examples/cases", STAFF, AS_OF]);
    assert_eq!(code, 1);
    snapshot("examples__zh", &text);
    let (_, text) = run(&["check", "examples/cases", STAFF, AS_OF, "--lang=en"]);
    snapshot("examples__en", &text);
}

/// The JSON contract on the examples; parsed back to check its shape.
#[test]
fn examples_json() {
    let (code, text) = run(&["check", "examples/cases", STAFF, AS_OF, "--format=json"]);
    assert_eq!(code, 1);
    let json_text = text.split("--- stdout\n").nth(1).unwrap().split("--- stderr\n").next().unwrap();
    let report: serde_json::Value = serde_json::from_str(json_text).unwrap();
    assert_eq!(report["as_of"], "2025-12-31");
    for finding in report["findings"].as_array().unwrap() {
        for key in [
            "case_id", "file", "rule", "clauses", "cites", "verdict", "severity", "pointer", "line", "column",
            "message",
        ] {
            assert!(finding.get(key).is_some(), "finding lacks `{key}`: {finding}");
        }
        assert!(["violated", "not_evaluable"].contains(&finding["verdict"].as_str().unwrap()));
    }
    snapshot("examples__json", json_text);
}

/// The compliant example has no finding at all.
#[test]
fn compliant_example_is_clean() {
    let (code, text) = run(&["check", "examples/cases/ZQHX-2024-ISMS-0318.json", STAFF, AS_OF]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("违规 0 项，无法评估 0 项"), "{text}");
}

/// A case piped on stdin finds its staff registry from the working directory upward.
#[test]
fn stdin_case() {
    let case = std::fs::read(common::root().join("examples/cases/ZQHX-2024-ISMS-0207.json")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_caselint"))
        .args(["check", "-", AS_OF])
        .current_dir(common::root().join("examples"))
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), &case).unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).contains("decision/override-justified"));
}

/// `caselint explain` prints the doc, the quoted clause and the facts the rule reads.
#[test]
fn explain_a_rule() {
    let (code, text) = run(&["explain", "cycle/itsms-surveillance-interval"]);
    assert_eq!(code, 0);
    snapshot("explain__itsms_surveillance_interval", &text);
    let (code, _) = run(&["explain", "no/such-rule"]);
    assert_eq!(code, 2);
}

/// The published JSON Schemas are what `caselint schema` prints.
#[test]
fn published_schemas_are_current() {
    for which in ["case", "staff"] {
        let (code, text) = run(&["schema", which]);
        assert_eq!(code, 0);
        let printed = text.split("--- stdout\n").nth(1).unwrap().split("--- stderr\n").next().unwrap();
        let path = common::root().join(format!("schema/{which}.schema.json"));
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(
            printed,
            committed,
            "{} is stale: run `caselint schema {which} > {}`",
            path.display(),
            Path::new("schema").join(format!("{which}.schema.json")).display()
        );
    }
}

/// `caselint config` shows every effective setting and where it comes from.
#[test]
fn config_shows_effective_settings() {
    let (code, text) = run(&["config"]);
    assert_eq!(code, 0);
    snapshot("config__defaults", &text);
    let (code, text) = run(&["config", "--config=tests/configs/strict.toml", "--lang=en"]);
    assert_eq!(code, 0);
    assert!(text.contains("surveillance.first_anchor = \"stage2_end\"    # tests/configs/strict.toml:3"), "{text}");
    snapshot("config__strict_en", &text);
}

/// A broken settings file or waiver register is refused with a located diagnostic and exit
/// code 2: malformed, or a value outside what the procedure allows (`facts::limits`).
#[test]
fn bad_config_corpus() {
    for path in common::files_with_extension(&common::root().join("tests/bad-config"), "toml") {
        let relative = path.strip_prefix(common::root()).unwrap().display().to_string();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        // `register-*.toml` are waiver registers, the rest settings files.
        let option = if name.starts_with("register-") { "--waivers" } else { "--config" };
        let config = format!("{option}={relative}");
        let (code, text) = run(&["check", "examples/cases", STAFF, AS_OF, &config]);
        assert_eq!(code, 2, "{relative}:\n{text}");
        assert!(!text.contains("检查案卷"), "no case may be read with a broken config");
        snapshot(&format!("bad_config__{name}"), &text);
    }
}

/// Refused settings and waivers in English (the catalogue has both languages).
#[test]
fn bad_config_in_english() {
    for (option, name) in [
        ("--config", "interval-huge"),
        ("--config", "itsms-band-overlap"),
        ("--waivers", "register-blank-and-backwards"),
    ] {
        let arg = format!("{option}=tests/bad-config/{name}.toml");
        let (code, text) = run(&["check", "examples/cases", STAFF, AS_OF, &arg, "--lang=en"]);
        assert_eq!(code, 2, "{text}");
        snapshot(&format!("bad_config_en__{name}"), &text);
    }
}

/// Waivers: a valid one hides its finding from the exit code but keeps it in JSON; an
/// expired one, one approved by the wrong department, and an unused one are findings.
#[test]
fn waivers_are_governed() {
    let (code, text) = run(&["check", "examples/cases", STAFF, AS_OF, "--waivers=examples/waivers.toml"]);
    assert_eq!(code, 1);
    snapshot("waivers__examples_zh", &text);
    assert!(!text.contains("两次监督审核间隔 12 个月 20 天"), "the waived finding is hidden by default");
    let (_, shown) =
        run(&["check", "examples/cases", STAFF, AS_OF, "--waivers=examples/waivers.toml", "--show-waived"]);
    assert!(shown.contains("[已豁免，第 1 条，至 2026-06-08] 两次监督审核间隔 12 个月 20 天"), "{shown}");
    let (_, json_text) =
        run(&["check", "examples/cases", STAFF, AS_OF, "--waivers=examples/waivers.toml", "--format=json"]);
    let json_text = json_text.split("--- stdout\n").nth(1).unwrap().split("--- stderr\n").next().unwrap();
    let report: serde_json::Value = serde_json::from_str(json_text).unwrap();
    let waived: Vec<&serde_json::Value> =
        report["findings"].as_array().unwrap().iter().filter(|f| f.get("waived").is_some()).collect();
    assert_eq!(waived.len(), 1);
    assert_eq!(waived[0]["rule"], "cycle/itsms-surveillance-interval");
    assert_eq!(waived[0]["waived"]["approved_by"], "T01");
    let codes: Vec<&str> =
        report["waiver_findings"].as_array().unwrap().iter().map(|w| w["code"].as_str().unwrap()).collect();
    assert_eq!(
        codes,
        ["caselint::waiver::expired", "caselint::waiver::approver_department", "caselint::waiver::unused"]
    );
    assert_eq!(report["summary"]["waived"], 1);
}

/// An approver who audited the case is not entitled, even in the configured department.
#[test]
fn waiver_by_an_auditor_of_the_case_does_not_apply() {
    let (code, text) = run(&[
        "check",
        "examples/cases/ZQHX-2023-ITSMS-0087.json",
        STAFF,
        AS_OF,
        "--waivers=tests/waivers/approver-audited.toml",
        "--config=tests/configs/audit-approves.toml",
    ]);
    assert_eq!(code, 1);
    assert!(text.contains("caselint::waiver::approver_audited"), "{text}");
    assert!(text.contains("两次监督审核间隔 12 个月 20 天"), "the finding stays active");
    snapshot("waivers__approver_audited", &text);
}

/// `caselint waivers` lists the register with each waiver's standing.
#[test]
fn waiver_register() {
    let (code, text) = run(&["waivers", "--waivers=examples/waivers.toml", STAFF, AS_OF]);
    assert_eq!(code, 0);
    snapshot("waivers__register", &text);
}

/// Whether a character would drive a terminal or reorder what it shows: what no
/// human-readable output may carry raw (caselint writes it visibly, as `\u{1b}`).
fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn assert_all_visible(what: &str, text: &str) {
    let hidden: Vec<char> = text.chars().filter(|c| is_hidden(*c)).collect();
    assert!(hidden.is_empty(), "{what} prints hidden characters {hidden:?} raw:\n{}", text.escape_debug());
}

/// A client name, a case id, a waiver reason, a settings value and file names carrying
/// terminal escape sequences (OSC retitling, CSI, C1, a bidi override) are printed visibly
/// by `check`, `waivers` and `config`, with colour off and in both languages.
#[test]
fn hidden_characters_are_shown_not_obeyed() {
    let dir = std::env::temp_dir().join(format!("caselint-hidden-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let cases = dir.join("cases");
    std::fs::create_dir_all(&cases).unwrap();
    for entry in std::fs::read_dir(common::root().join("examples/cases")).unwrap() {
        let path = entry.unwrap().path();
        let mut text = std::fs::read_to_string(&path).unwrap();
        // JSON escapes: legitimate in a case file, real control characters once read.
        text =
            text.replace("南京云栖数据服务有限公司", "南京云栖\\u001b]0;pwned\\u0007\\u202e\\u009b31m数据服务有限公司");
        let name = path.file_name().unwrap().to_string_lossy().replace("ITSMS-0087", "ITSMS-0087\u{1b}[2J");
        std::fs::write(cases.join(name), text).unwrap();
    }
    let cases_arg = cases.display().to_string();
    for lang in ["--lang=zh", "--lang=en"] {
        let (code, text) = run(&["check", &cases_arg, STAFF, AS_OF, "--color=never", lang]);
        assert_eq!(code, 1, "{text}");
        assert!(text.contains("南京云栖\\u{1b}]0;pwned\\u{7}\\u{202e}\\u{9b}31m数据服务有限公司"), "{text}");
        assert!(text.contains("ITSMS-0087\\u{1b}[2J.json"), "{text}");
        assert_all_visible("check", &text);
    }

    let register = dir.join("waivers\u{1b}]0;t\u{7}.toml");
    std::fs::write(
        &register,
        "[[waiver]]\ncase = \"ZQHX-2023-ITSMS-0087\"\nrule = \"cycle/itsms\\u001b[31m-interval\"\n\
         reason = \"推迟\\u001b]0;pwned\\u0007\\u202e\"\napproved_by = \"T01\"\napproved = 2025-05-20\nexpires = 2026-06-08\n",
    )
    .unwrap();
    let waivers_arg = format!("--waivers={}", register.display());
    let (code, text) = run(&["waivers", &waivers_arg, STAFF, AS_OF]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("推迟\\u{1b}]0;pwned\\u{7}\\u{202e}"), "{text}");
    assert_all_visible("waivers", &text);
    let (_, text) = run(&["check", &cases_arg, STAFF, AS_OF, &waivers_arg]);
    assert!(
        text.contains("caselint::waiver::unknown_rule") && text.contains("waivers\\u{1b}]0;t\\u{7}.toml"),
        "{text}"
    );
    assert_all_visible("check with the register", &text);

    let config = dir.join("caselint\u{1b}]0;t\u{7}.toml");
    std::fs::write(&config, "[surveillance]\nfirst_anchor = \"\\u001b]0;pwned\\u0007\"\n").unwrap();
    let config_arg = format!("--config={}", config.display());
    let (code, text) = run(&["config", &config_arg]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("\\u{1b}]0;pwned\\u{7}"), "{text}");
    assert_all_visible("config errors", &text);
    std::fs::write(&config, "[nonconformities]\nclose_days = 30\n").unwrap();
    let (code, text) = run(&["config", &config_arg]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("caselint\\u{1b}]0;t\\u{7}.toml"), "{text}");
    assert_all_visible("config", &text);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A 50 MB file is refused before it is read whole, with exit code 2.
/// 100,000 nested arrays: a located error with a window of the line, and help, no crash (exit 2).
#[test]
fn very_deep_case_file() {
    let path = std::env::temp_dir().join(format!("caselint-deep-{}.json", std::process::id()));
    std::fs::write(&path, format!("{}{}", "[".repeat(100_000), "]".repeat(100_000))).unwrap();
    let (code, output) = run(&["check", path.to_str().unwrap(), STAFF, AS_OF, "--lang", "en"]);
    std::fs::remove_file(&path).unwrap();
    assert_eq!(code, 2, "{output}");
    assert!(output.contains("caselint::load::too_deep"), "{output}");
    assert!(output.contains("(line 1, column 513)") && output.contains(" │ …[[[[[[[[[[[[[[[["), "{output}");
    assert!(output.contains("help: a case file needs about ten levels"), "{output}");
}

#[test]
fn oversized_case_file() {
    let path = std::env::temp_dir().join(format!("caselint-50mb-{}.json", std::process::id()));
    let mut text = String::from("{\"case_id\": \"ZQHX-BIG\", \"schemes\": [\"ISMS\"], \"client\": {\"scope\": \"");
    text.push_str(&"数".repeat(50 * 1024 * 1024 / 3));
    text.push_str("\"}}");
    std::fs::write(&path, text).unwrap();
    let (code, output) = run(&["check", path.to_str().unwrap(), STAFF, AS_OF]);
    std::fs::remove_file(&path).unwrap();
    assert_eq!(code, 2);
    assert!(output.contains("caselint::load::io") && output.contains("文件超过 16 MiB"), "{output}");
}

/// The obligations calendar lists what falls due in the window, by date.
#[test]
fn obligations_calendar() {
    let (code, text) = run(&["due", "examples/cases", STAFF, AS_OF, "--within=6m"]);
    assert_eq!(code, 0);
    snapshot("due__six_months", &text);
    let (code, _) = run(&["due", "examples/cases", STAFF, AS_OF, "--within=soon"]);
    assert_eq!(code, 2);
}

/// The evidence pack: two runs give the same bytes, and --verify accepts the unchanged pack.
#[test]
fn evidence_pack_is_reproducible() {
    let dir = std::env::temp_dir().join(format!("caselint-pack-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = dir.join("pack");
    let out_arg = format!("--out={}", out.display());
    let (code, _) = run(&["pack", "examples/cases", STAFF, AS_OF, "--waivers=examples/waivers.toml", &out_arg]);
    assert_eq!(code, 0);
    for file in [
        "manifest.json",
        "clauses.json",
        "findings.json",
        "waivers.json",
        "oscal/assessment-results.json",
        "report/index.html",
        "report/4.2.8.1_1.zh.md",
    ] {
        assert!(out.join(file).is_file(), "pack lacks {file}");
    }
    let verify = format!("--verify={}", out.display());
    let (code, text) = run(&["pack", &verify]);
    assert_eq!(code, 0, "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A reader that stops early (`caselint schema case | head -1`) ends a listing quietly: no
/// panic ("failed printing to stdout: Broken pipe"), exit 0, as other Unix tools do.
#[test]
fn a_closed_pipe_ends_listings_quietly() {
    for args in [&["schema", "case"][..], &["rules"], &["rules", "--format", "json"], &["coverage"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_caselint"))
            .args(args)
            .current_dir(common::root())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end before the command writes anything.
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
    }
}
