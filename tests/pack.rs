//! The accreditation evidence pack: reproducible bytes, complete clause matrix, manifest
//! hashes, `--verify` naming the changed input, and a well-formed OSCAL document.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail by panicking")]

mod common;

use caselint::bundled::BUNDLED_RULES;
use caselint::pack::{
    self, Change, PackInputs, build_pack, clause_token, evaluate, inputs_from_manifest, make_pack, read_manifest,
    sha256_hex, verify_pack,
};
use caselint::procedure::{CLAUSES_TSV, clauses};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

const AS_OF: &str = "2025-12-31";

/// The examples, named as `caselint pack` run from the repository root names them.
fn example_inputs() -> PackInputs {
    let root = common::root();
    let mut cases: Vec<(String, Vec<u8>)> = std::fs::read_dir(root.join("examples/cases"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|x| x == "json"))
        .map(|path| {
            let name = format!("examples/cases/{}", path.file_name().unwrap().to_string_lossy());
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    cases.sort();
    let command_line = [
        "caselint",
        "pack",
        "examples/cases",
        "--staff",
        "examples/staff.json",
        "--waivers",
        "examples/waivers.toml",
        "--as-of",
        AS_OF,
        "--out",
        "pack",
    ];
    PackInputs {
        rules_files: BUNDLED_RULES.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect(),
        rules_dir: None,
        procedure_index: CLAUSES_TSV,
        settings_text: None,
        staff: vec![("examples/staff.json".to_string(), std::fs::read(root.join("examples/staff.json")).unwrap())],
        cases,
        waivers: Some((
            "examples/waivers.toml".to_string(),
            std::fs::read(root.join("examples/waivers.toml")).unwrap(),
        )),
        as_of: AS_OF.to_string(),
        command_line: command_line.iter().map(|s| s.to_string()).collect(),
    }
}

fn json(files: &BTreeMap<String, Vec<u8>>, name: &str) -> Value {
    serde_json::from_slice(files.get(name).unwrap_or_else(|| panic!("{name} is not in the pack"))).unwrap()
}

/// Where the test may leave the pack for scripts/validate-oscal.sh (`CASELINT_PACK_OUT`).
fn maybe_write(files: &BTreeMap<String, Vec<u8>>) {
    let Some(dir) = std::env::var_os("CASELINT_PACK_OUT") else { return };
    let dir = std::path::PathBuf::from(dir);
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    let inputs = example_inputs();
    let first = make_pack(&inputs).unwrap();
    let second = make_pack(&inputs).unwrap();
    assert_eq!(first.keys().collect::<Vec<_>>(), second.keys().collect::<Vec<_>>());
    for (name, bytes) in &first {
        assert!(second.get(name) == Some(bytes), "{name} differs between two runs");
    }
    // The step-by-step API gives the same pack as make_pack.
    let evaluation = evaluate(&inputs).unwrap();
    let rows = caselint::coverage::clause_matrix(&evaluation.rules, Some(&evaluation.verdicts));
    let third = build_pack(&inputs, &evaluation.report, &rows, &evaluation.rules, evaluation.register.as_ref());
    assert!(third == first);
    maybe_write(&first);
}

#[test]
fn the_report_is_the_one_check_gives() {
    let inputs = example_inputs();
    let evaluation = evaluate(&inputs).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_caselint"))
        .current_dir(common::root())
        .args(["check", "examples/cases", "--staff", "examples/staff.json", "--waivers", "examples/waivers.toml"])
        .args(["--as-of", AS_OF, "--format", "json"])
        .env_remove("CASELINT_CONFIG")
        .env_remove("CASELINT_RULES")
        .output()
        .unwrap();
    let from_cli: Value = serde_json::from_slice(&output.stdout).unwrap();
    let from_pack = serde_json::to_value(&evaluation.report).unwrap();
    assert_eq!(from_pack, from_cli);
    assert!(!evaluation.report.findings.is_empty());
    assert!(evaluation.report.findings.iter().any(|f| f.waived.is_some()));
}

#[test]
fn every_clause_is_in_the_matrix_and_has_its_reports() {
    let files = make_pack(&example_inputs()).unwrap();
    let matrix = json(&files, "clauses.json");
    let listed: Vec<&str> =
        matrix["clauses"].as_array().unwrap().iter().map(|c| c["clause"].as_str().unwrap()).collect();
    let index: Vec<&str> = clauses().map(|c| c.id.as_str()).collect();
    assert_eq!(listed, index);
    let tokens: BTreeSet<String> = index.iter().map(|id| clause_token(id)).collect();
    assert_eq!(tokens.len(), index.len(), "clause tokens collide");
    for token in &tokens {
        assert!(files.contains_key(&format!("report/{token}.zh.md")), "no zh report for {token}");
        assert!(files.contains_key(&format!("report/{token}.en.md")), "no en report for {token}");
    }
    let counted = matrix["clauses"].as_array().unwrap().iter().filter(|c| !c["verdicts"].is_null()).count();
    assert_eq!(counted, index.len(), "every clause has verdict counts over the cases");
    assert!(files.contains_key("report/index.html"));
    let clauses_md = String::from_utf8(files["clauses.md"].clone()).unwrap();
    assert!(clauses_md.contains("| 4.2.8.1(1) |"));
}

#[test]
fn findings_are_listed_under_every_clause_they_cite() {
    let inputs = example_inputs();
    let evaluation = evaluate(&inputs).unwrap();
    let files = make_pack(&inputs).unwrap();
    let grouped = json(&files, "findings.json");
    let mut per_clause: BTreeMap<String, usize> = BTreeMap::new();
    for group in grouped["clauses"].as_array().unwrap() {
        per_clause.insert(group["clause"].as_str().unwrap().to_string(), group["findings"].as_array().unwrap().len());
    }
    let mut expected: BTreeMap<String, usize> = BTreeMap::new();
    for finding in &evaluation.report.findings {
        let distinct: BTreeSet<&String> = finding.clauses.iter().collect();
        for clause in distinct {
            *expected.entry(clause.clone()).or_default() += 1;
        }
    }
    for (clause, count) in &expected {
        assert_eq!(per_clause.get(clause), Some(count), "findings under {clause}");
    }
    let waivers = json(&files, "waivers.json");
    let standings: Vec<&str> =
        waivers["waivers"].as_array().unwrap().iter().map(|w| w["standing"].as_str().unwrap()).collect();
    assert_eq!(standings.len(), 4);
    assert!(standings.contains(&"applied"), "{standings:?}");
}

/// Case values, waiver reasons and file names are text in the pack's Markdown, never markup:
/// no HTML tag, no heading or table row started by a value, no link, and a file name with
/// backticks stays one code span.
#[test]
fn hostile_values_stay_text_in_markdown() {
    let mut inputs = example_inputs();
    let hostile = r#"<img src=x onerror=alert(1)>\n# 伪标题 | 列 | [点此](javascript:alert(1)) `code` **粗体**"#;
    for (name, bytes) in &mut inputs.cases {
        let text = String::from_utf8(bytes.clone()).unwrap().replace("南京云栖数据服务有限公司", hostile);
        *bytes = text.into_bytes();
        if name.ends_with("ZQHX-2023-ITSMS-0087.json") {
            *name = "examples/cases/ZQHX-2023-ITSMS-0087`x`.json".to_string();
        }
    }
    let (_, register) = inputs.waivers.as_mut().unwrap();
    let text = String::from_utf8(register.clone()).unwrap();
    let reason = text.lines().find(|l| l.starts_with("reason = ")).unwrap().to_string();
    let text = text.replacen(
        &reason,
        r#"reason = "<script>alert(1)</script>\n## 已批准 | x |\n- [ ] [链接](javascript:alert(1))""#,
        1,
    );
    *register = text.into_bytes();
    let files = make_pack(&inputs).unwrap();
    let mut seen_client = false;
    let mut seen_reason = false;
    let mut seen_file = false;
    for (name, bytes) in files.iter().filter(|(name, _)| name.ends_with(".md")) {
        let text = String::from_utf8(bytes.clone()).unwrap();
        for bad in ["<img", "<script", "](javascript:", "**粗体**", "`code`"] {
            for (at, _) in text.match_indices(bad) {
                assert!(text[..at].ends_with('\\'), "{name}: raw `{bad}`:\n{text}");
            }
        }
        for line in text.lines() {
            let line = line.trim_start();
            assert!(
                !line.starts_with("# 伪标题") && !line.starts_with("## 已批准"),
                "{name}: a value starts a heading"
            );
            assert!(!line.starts_with("- [ ]"), "{name}: a value starts a list item");
        }
        seen_client |=
            text.contains(r"\<img src=x onerror=alert(1)\> \# 伪标题 \| 列 \| \[点此\](javascript:alert(1))");
        seen_reason |= text.contains(r"\<script\>alert(1)\</script\> \#\# 已批准 \| x \| - \[ \] \[链接\]");
        seen_file |= text.contains("``examples/cases/ZQHX-2023-ITSMS-0087`x`.json``");
    }
    assert!(seen_client && seen_reason && seen_file, "client {seen_client}, reason {seen_reason}, file {seen_file}");
}

#[test]
fn the_manifest_hashes_every_input_and_file() {
    let inputs = example_inputs();
    let files = make_pack(&inputs).unwrap();
    let manifest = read_manifest(files.get("manifest.json").map(Vec::as_slice)).unwrap();
    assert_eq!(manifest.as_of, AS_OF);
    assert_eq!(manifest.caselint_version, env!("CARGO_PKG_VERSION"));
    assert_eq!(manifest.command_line, inputs.command_line);
    let root = common::root();
    let recorded = |kind: &str, path: &str| -> String {
        manifest.inputs.iter().find(|d| d.kind == kind && d.path == path).unwrap().sha256.clone()
    };
    for (name, text) in BUNDLED_RULES {
        assert_eq!(recorded("rules", name), sha256_hex(text.as_bytes()));
        assert_eq!(recorded("rules", name), sha256_hex(&std::fs::read(root.join(name)).unwrap()));
    }
    assert_eq!(
        recorded("procedure_index", "procedure/clauses.tsv"),
        sha256_hex(&std::fs::read(root.join("procedure/clauses.tsv")).unwrap())
    );
    assert_eq!(
        recorded("settings_defaults", "src/facts/defaults.toml"),
        sha256_hex(&std::fs::read(root.join("src/facts/defaults.toml")).unwrap())
    );
    for name in ["examples/staff.json", "examples/waivers.toml"] {
        let kind = if name.ends_with(".json") { "staff" } else { "waivers" };
        assert_eq!(recorded(kind, name), sha256_hex(&std::fs::read(root.join(name)).unwrap()));
    }
    for (name, _) in &inputs.cases {
        assert_eq!(recorded("case", name), sha256_hex(&std::fs::read(root.join(name)).unwrap()));
    }
    let cases = manifest.inputs.iter().filter(|d| d.kind == "case").count();
    assert_eq!(cases, inputs.cases.len());
    // Every other file of the pack, with its size and hash.
    let listed: BTreeSet<&str> = manifest.files.iter().map(|f| f.path.as_str()).collect();
    let present: BTreeSet<&str> = files.keys().map(String::as_str).filter(|n| *n != "manifest.json").collect();
    assert_eq!(listed, present);
    for file in &manifest.files {
        assert_eq!(file.bytes, files[&file.path].len());
        assert_eq!(file.sha256, sha256_hex(&files[&file.path]));
    }
    // No absolute path of this machine reaches the pack.
    let here = root.display().to_string();
    for (name, bytes) in &files {
        assert!(!String::from_utf8_lossy(bytes).contains(&here), "{name} names {here}");
    }
}

#[test]
fn verify_names_exactly_the_changed_case_file() {
    let inputs = example_inputs();
    let files = make_pack(&inputs).unwrap();
    let manifest = read_manifest(files.get("manifest.json").map(Vec::as_slice)).unwrap();

    // Unchanged inputs, read back as the manifest names them: byte-identical.
    let root = common::root();
    let reread = inputs_from_manifest(&manifest, |path| std::fs::read(root.join(path)).ok(), |_| Vec::new());
    let unchanged = verify_pack(&files, &reread);
    assert!(unchanged.identical, "{}", pack::render_verification(&unchanged, caselint::syntax::ast::Lang::En));
    assert!(unchanged.changed_inputs.is_empty());
    assert_eq!(unchanged.files_compared, files.len());

    // One byte of one case changed (a space of the indentation becomes a tab).
    let mut changed = reread.clone();
    let (name, bytes) = changed.cases.get_mut(2).unwrap();
    let name = name.clone();
    let at = bytes.iter().position(|b| *b == b' ').unwrap();
    bytes[at] = b'\t';
    let verification = verify_pack(&files, &changed);
    assert!(!verification.identical);
    assert_eq!(verification.changed_inputs.len(), 1, "{:?}", verification.changed_inputs);
    let only = &verification.changed_inputs[0];
    assert_eq!((only.kind.as_str(), only.path.as_str()), ("case", name.as_str()));
    assert!(matches!(only.change, Change::Modified { .. }));
    assert!(verification.differing_files.contains(&"manifest.json".to_string()));
    let text = pack::render_verification(&verification, caselint::syntax::ast::Lang::En);
    assert!(text.contains(&name), "{text}");

    // A case file removed.
    let mut removed = reread.clone();
    removed.cases.remove(0);
    let verification = verify_pack(&files, &removed);
    assert_eq!(verification.changed_inputs.len(), 1);
    assert_eq!(verification.changed_inputs[0].change, Change::Removed);
}

fn is_uuid(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let lengths: Vec<usize> = parts.iter().map(|p| p.len()).collect();
    lengths == [8, 4, 4, 4, 12]
        && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
        && matches!(parts[2].chars().next(), Some('4' | '5'))
        && matches!(parts[3].chars().next(), Some('8' | '9' | 'a' | 'b' | 'A' | 'B'))
}

fn is_token(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || ".-_".contains(c))
}

#[test]
fn the_oscal_document_has_the_assessment_results_structure() {
    let inputs = example_inputs();
    let evaluation = evaluate(&inputs).unwrap();
    let files = make_pack(&inputs).unwrap();
    let document = json(&files, "oscal/assessment-results.json");
    let top = document.as_object().unwrap();
    assert_eq!(top.keys().collect::<Vec<_>>(), ["assessment-results"]);
    let ar = &document["assessment-results"];
    assert!(is_uuid(ar["uuid"].as_str().unwrap()));
    let metadata = &ar["metadata"];
    for key in ["title", "last-modified", "version", "oscal-version"] {
        assert!(metadata[key].is_string(), "metadata.{key}");
    }
    assert_eq!(metadata["last-modified"], "2025-12-31T00:00:00Z");
    assert!(metadata["oscal-version"].as_str().unwrap().starts_with("1.1."));
    assert!(ar["import-ap"]["href"].is_string());
    let results = ar["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    let result = &results[0];
    for key in ["uuid", "title", "description", "start", "reviewed-controls"] {
        assert!(!result[key].is_null(), "results[0].{key}");
    }
    assert_eq!(result["start"], "2025-12-31T00:00:00Z");
    let selections = result["reviewed-controls"]["control-selections"].as_array().unwrap();
    assert!(!selections.is_empty());
    for control in selections[0]["include-controls"].as_array().unwrap() {
        assert!(is_token(control["control-id"].as_str().unwrap()), "{control}");
    }

    let observations = result["observations"].as_array().unwrap();
    assert_eq!(observations.len(), evaluation.report.findings.len());
    for observation in observations {
        assert_eq!(observation["methods"], serde_json::json!(["TEST"]));
        assert_eq!(observation["collected"], "2025-12-31T00:00:00Z");
        assert!(observation["description"].is_string());
        let evidence = &observation["relevant-evidence"][0];
        assert!(evidence["href"].as_str().unwrap().starts_with("examples/cases/"), "{evidence}");
        assert!(evidence["description"].is_string());
    }
    let findings = result["findings"].as_array().unwrap();
    let observation_uuids: BTreeSet<&str> = observations.iter().map(|o| o["uuid"].as_str().unwrap()).collect();
    for finding in findings {
        assert_eq!(finding["target"]["type"], "objective-id");
        assert!(is_token(finding["target"]["target-id"].as_str().unwrap()));
        let state = finding["target"]["status"]["state"].as_str().unwrap();
        assert!(state == "satisfied" || state == "not-satisfied");
        let related = finding["related-observations"].as_array().unwrap();
        assert!(!related.is_empty());
        for r in related {
            assert!(observation_uuids.contains(r["observation-uuid"].as_str().unwrap()));
        }
    }
    let cited: BTreeSet<&String> = evaluation.report.findings.iter().flat_map(|f| &f.clauses).collect();
    assert_eq!(findings.len(), cited.len(), "one OSCAL finding per clause with findings");

    // Every uuid is well-formed and unique.
    let mut uuids: Vec<&str> = vec![ar["uuid"].as_str().unwrap(), result["uuid"].as_str().unwrap()];
    uuids.extend(observation_uuids.iter().copied());
    uuids.extend(findings.iter().map(|f| f["uuid"].as_str().unwrap()));
    assert_eq!(observation_uuids.len(), observations.len(), "observation uuids are unique");
    let unique: BTreeSet<&str> = uuids.iter().copied().collect();
    assert_eq!(unique.len(), uuids.len(), "uuids are unique");
    assert!(uuids.iter().all(|u| is_uuid(u)));
}

#[test]
fn paths_are_recorded_relative() {
    let cwd = std::path::Path::new("/work/cb");
    assert_eq!(
        pack::portable_path(std::path::Path::new("/work/cb/examples/cases/a.json"), cwd),
        "examples/cases/a.json"
    );
    assert_eq!(pack::portable_path(std::path::Path::new("./examples/cases"), cwd), "examples/cases");
    assert_eq!(pack::portable_path(std::path::Path::new("/elsewhere/x.json"), cwd), "../../elsewhere/x.json");
    assert_eq!(pack::portable_path(std::path::Path::new("/work/staff.json"), cwd), "../staff.json");
    assert_eq!(pack::portable_path(std::path::Path::new("/work/cb"), cwd), ".");
    let args: Vec<String> =
        ["/usr/local/bin/caselint", "pack", "/work/cb/cases", "--out=/work/cb/pack", "--as-of", AS_OF]
            .iter()
            .map(|s| s.to_string())
            .collect();
    assert_eq!(
        pack::portable_command_line(&args, cwd),
        ["caselint", "pack", "cases", "--out=pack", "--as-of", AS_OF].map(String::from).to_vec()
    );
    assert_eq!(clause_token("4.2.8.1(1)"), "4.2.8.1_1");
    assert_eq!(pack::oscal_clause_id("4.1.2.6.2b-3"), "clause-4.1.2.6.2b-3");
    assert_eq!(pack::stable_uuid(&["a", "b"]), pack::stable_uuid(&["a", "b"]));
    assert_ne!(pack::stable_uuid(&["a", "b"]), pack::stable_uuid(&["ab"]));
}
