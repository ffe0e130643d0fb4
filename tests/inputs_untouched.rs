//! caselint is evidence: it never changes its inputs, and the same inputs give the same
//! bytes whatever the order of paths, the locale or the time zone.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail by panicking")]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn snapshot_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> {
    let mut files = common::files_with_extension(dir, "json");
    files.extend(common::files_with_extension(dir, "toml"));
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
            (path, bytes, modified)
        })
        .collect()
}

fn caselint(args: &[&str], cwd: &Path, env: &[(&str, &str)]) -> (i32, Vec<u8>) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_caselint"));
    command.args(args).current_dir(cwd).env("NO_COLOR", "1");
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().unwrap();
    (output.status.code().unwrap_or(-1), output.stdout)
}

fn copy_examples(to: &Path) {
    std::fs::create_dir_all(to.join("cases")).unwrap();
    for path in common::files_with_extension(&common::root().join("examples/cases"), "json") {
        std::fs::copy(&path, to.join("cases").join(path.file_name().unwrap())).unwrap();
    }
    std::fs::copy(common::root().join("examples/staff.json"), to.join("staff.json")).unwrap();
    std::fs::copy(common::root().join("tests/configs/strict.toml"), to.join("caselint.toml")).unwrap();
}

fn make_read_only(path: &Path) {
    let mut permissions = std::fs::metadata(path).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(path, permissions).unwrap();
}

/// Every input keeps its bytes and modification time, in every output format.
#[test]
fn inputs_keep_their_bytes_and_mtime() {
    let dir = std::env::temp_dir().join(format!("caselint-readonly-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_examples(&dir);
    for (path, _, _) in snapshot_files(&dir) {
        make_read_only(&path);
    }
    let before = snapshot_files(&dir);
    let out = std::env::temp_dir().join(format!("caselint-readonly-out-{}.json", std::process::id()));
    for format in ["human", "json"] {
        let (code, _) = caselint(&["check", "cases", "--as-of=2025-12-31", &format!("--format={format}")], &dir, &[]);
        assert_eq!(code, 1);
    }
    let out_arg = format!("--output={}", out.display());
    caselint(&["check", "cases", "--as-of=2025-12-31", "--format=json", &out_arg], &dir, &[]);
    caselint(&["coverage", "cases", "--as-of=2025-12-31"], &dir, &[]);
    caselint(&["config"], &dir, &[]);
    let after = snapshot_files(&dir);
    assert_eq!(before, after, "an input changed");
    for (path, _, _) in &after {
        let mut permissions = std::fs::metadata(path).unwrap().permissions();
        #[expect(clippy::permissions_set_readonly_false, reason = "cleaning up the test's own copy")]
        permissions.set_readonly(false);
        std::fs::set_permissions(path, permissions).unwrap();
    }
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(&out);
}

/// Byte-identical output across path order, locale and time zone.
#[test]
fn output_is_deterministic_across_order_locale_and_zone() {
    let root = common::root();
    let cases: Vec<String> = common::files_with_extension(&root.join("examples/cases"), "json")
        .iter()
        .map(|p| p.strip_prefix(&root).unwrap().display().to_string())
        .collect();
    let mut reversed = cases.clone();
    reversed.reverse();
    let run = |paths: &[String], env: &[(&str, &str)], format: &str| {
        let mut args: Vec<&str> = vec!["check", "--staff=examples/staff.json", "--as-of=2025-12-31", format];
        args.extend(paths.iter().map(String::as_str));
        caselint(&args, &root, env)
    };
    for format in ["--format=json", "--format=human"] {
        let reference = run(&cases, &[], format);
        assert_eq!(reference.0, 1);
        assert_eq!(run(&reversed, &[], format), reference, "path order changed the output");
        assert_eq!(run(&cases, &[("LANG", "C"), ("LC_ALL", "C"), ("TZ", "America/New_York")], format), reference);
        assert_eq!(run(&cases, &[("LANG", "zh_CN.UTF-8"), ("TZ", "Asia/Shanghai")], format), reference);
        assert_eq!(run(&["examples/cases".to_string()], &[("TZ", "Pacific/Kiritimati")], format), reference);
    }
}

/// The report is byte-identical whatever the number of worker threads.
#[test]
fn output_is_identical_for_any_thread_count() {
    let root = common::root();
    let run = |jobs: &str| {
        caselint(
            &["check", "examples/cases", "--staff=examples/staff.json", "--as-of=2025-12-31", "--format=json", jobs],
            &root,
            &[],
        )
    };
    let reference = run("--jobs=1");
    for jobs in ["--jobs=2", "--jobs=3", "--jobs=8"] {
        assert_eq!(run(jobs), reference, "{jobs} changed the output");
    }
}
