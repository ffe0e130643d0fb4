//! Hostile and unlucky inputs on the filesystem side (issue 13): an empty rule set, link
//! loops, unreadable directories, FIFOs named like cases, `--output` naming an input or
//! interrupted, crafted evidence packs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail by panicking")]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A new empty scratch directory under the system's temporary directory.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("caselint-hardening-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs caselint, killing it if it has not finished within 60 seconds (a hang fails the test).
fn caselint(args: &[&str], cwd: &Path, env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_caselint"));
    command
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("CASELINT_LANG")
        .env_remove("CASELINT_RULES")
        .env_remove("CASELINT_STAFF")
        .env_remove("CASELINT_CONFIG")
        .env_remove("CASELINT_WAIVERS")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().unwrap();
    // Read the pipes meanwhile, so a large report does not block the child.
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let stdout = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut bytes).map(|_| bytes)
    });
    let stderr = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut bytes).map(|_| bytes)
    });
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > std::time::Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("caselint {args:?} hangs");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let output = Output { status, stdout: stdout.join().unwrap().unwrap(), stderr: stderr.join().unwrap().unwrap() };
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "caselint panicked on {args:?}:\n{stderr}");
    output
}

fn text(output: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}--- stderr\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The example cases and staff registry in a scratch directory: `dir/cases/*.json`, `dir/staff.json`.
fn examples_in(dir: &Path) {
    std::fs::create_dir_all(dir.join("cases")).unwrap();
    for path in common::files_with_extension(&common::root().join("examples/cases"), "json") {
        std::fs::copy(&path, dir.join("cases").join(path.file_name().unwrap())).unwrap();
    }
    std::fs::copy(common::root().join("examples/staff.json"), dir.join("staff.json")).unwrap();
}

const AS_OF: &str = "--as-of=2025-12-31";

/// A rules directory without `*.rules` files is refused, given by `--rules` or by
/// `CASELINT_RULES`: an empty rule set would pass every case (it exited 0 before).
#[test]
fn an_empty_rule_set_is_refused() {
    let dir = scratch("empty-rules");
    examples_in(&dir);
    std::fs::create_dir_all(dir.join("norules")).unwrap();
    std::fs::write(dir.join("norules/README.txt"), "rules were here").unwrap();
    let by_flag = caselint(&["check", "cases", AS_OF, "--rules", "norules"], &dir, &[]);
    assert_eq!(by_flag.status.code(), Some(2), "{}", text(&by_flag));
    let stderr = String::from_utf8_lossy(&by_flag.stderr);
    assert!(stderr.contains("规则目录 norules 中没有规则文件（*.rules）"), "{stderr}");
    assert!(stderr.contains("CASELINT_RULES"), "{stderr}");
    assert!(by_flag.stdout.is_empty(), "no case is checked: {}", text(&by_flag));

    let by_env = caselint(&["check", "cases", AS_OF, "--lang", "en"], &dir, &[("CASELINT_RULES", "norules")]);
    assert_eq!(by_env.status.code(), Some(2), "{}", text(&by_env));
    let stderr = String::from_utf8_lossy(&by_env.stderr);
    assert!(stderr.contains("the rules directory norules holds no rules files (*.rules)"), "{stderr}");

    // Every command that reads rules refuses it, `pack` included.
    for args in [&["rules", "--rules", "norules"][..], &["explain", "x/y", "--rules", "norules"]] {
        let output = caselint(args, &dir, &[]);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", text(&output));
    }
    let pack = caselint(&["pack", "cases", "--out", "pack", AS_OF, "--rules", "norules"], &dir, &[]);
    assert_eq!(pack.status.code(), Some(2), "{}", text(&pack));
    assert!(!dir.join("pack").exists());

    // A rules directory that does not exist or is a file is named too.
    for missing in ["nowhere", "staff.json"] {
        let output = caselint(&["check", "cases", AS_OF, "--rules", missing, "--lang", "en"], &dir, &[]);
        assert_eq!(output.status.code(), Some(2), "{}", text(&output));
        assert!(String::from_utf8_lossy(&output.stderr).contains(&format!("cannot read {missing}: ")));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn caselint_within(args: &[&str], cwd: &Path) -> Output {
    caselint(args, cwd, &[])
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

/// The JSON report of a run, parsed, with its exit code.
fn json_report(args: &[&str], cwd: &Path) -> (Option<i32>, serde_json::Value, String) {
    let output = caselint(args, cwd, &[]);
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&output)));
    (output.status.code(), report, String::from_utf8_lossy(&output.stderr).into_owned())
}

/// `ln -s . loop` in a case directory: the same findings as without it (no case checked
/// twice, no false "certificate number used twice"), and the loop said on stderr and in
/// the JSON report's `notes`. Before, the link was followed some forty times.
#[test]
fn a_link_loop_is_said_and_not_followed() {
    let dir = scratch("loop");
    examples_in(&dir);
    let args = ["check", "cases", AS_OF, "--format", "json"];
    let (code, plain, _) = json_report(&args, &dir);
    std::os::unix::fs::symlink(".", dir.join("cases/loop")).unwrap();
    std::os::unix::fs::symlink("..", dir.join("cases/up")).unwrap();
    let (looped_code, looped, stderr) = json_report(&args, &dir);
    assert_eq!(looped_code, code);
    for key in ["findings", "not_yet_due", "errors", "summary"] {
        assert_eq!(looped[key], plain[key], "{key} changed by the loop");
    }
    assert!(plain.get("notes").is_none());
    let notes = looped["notes"].as_array().unwrap();
    let codes: Vec<&str> = notes.iter().map(|n| n["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["caselint::input::link_loop", "caselint::input::link_loop"], "{notes:#?}");
    assert_eq!(notes[0]["file"], "cases/loop");
    assert!(stderr.contains("链接 cases/loop 经由它回到正在检查的目录 cases，形成循环，未再进入"), "{stderr}");
    // `up` leads to the directory holding `cases` and `staff.json`: `cases` is not walked again.
    assert!(stderr.contains("链接 cases/up 经由它回到正在检查的目录 cases"), "{stderr}");
    // The same file named twice, directly and through its directory, is checked once.
    let (_, twice, stderr) =
        json_report(&["check", "cases", "cases/ZQHX-2024-ISMS-0318.json", AS_OF, "--format", "json"], &dir);
    assert_eq!(twice["summary"], looped["summary"]);
    assert!(stderr.contains("cases/ZQHX-2024-ISMS-0318.json 重复给出，只检查一次"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Whether this test process runs as root (root reads a `chmod 000` directory).
fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").unwrap().uid() == 0
}

/// A subdirectory without read permission is an input error naming it (exit 2), not left
/// out of a run that exits 0. Run as root, the test runs caselint as `nobody` (uid 65534),
/// for whom `chmod 000` holds; `inputs::tests::an_unreadable_subdirectory_is_an_error`
/// injects the failure into the walk itself.
#[test]
fn an_unreadable_subdirectory_is_an_input_error() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let dir = scratch("unreadable-dir");
    examples_in(&dir);
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::create_dir(dir.join("cases/locked")).unwrap();
    std::fs::copy(dir.join("cases/ZQHX-2024-ISMS-0318.json"), dir.join("cases/locked/copy.json")).unwrap();
    std::fs::set_permissions(dir.join("cases/locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_caselint"));
    command.args(["check", "cases", AS_OF, "--lang", "en"]).current_dir(&dir).env("NO_COLOR", "1");
    if running_as_root() {
        command.uid(65534).gid(65534);
    }
    let output = command.output().unwrap();
    std::fs::set_permissions(dir.join("cases/locked"), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("cannot list the directory cases/locked: permission denied"), "{stdout}");
    assert!(stdout.contains("7 of 7 case files checked"), "the other cases are checked: {stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A FIFO named like a case file, a staff registry, settings, a waiver register or a rules
/// file is refused by path without being opened (the run hung on it before).
#[test]
fn a_fifo_never_hangs_the_run() {
    let dir = scratch("fifo");
    examples_in(&dir);
    mkfifo(&dir.join("cases/pipe.json"));
    let output = caselint_within(&["check", "cases", AS_OF, "--lang", "en"], &dir);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("cases/pipe.json: cannot read the file: not a regular file but a named pipe (fifo)"),
        "{stdout}"
    );
    assert!(stdout.contains("7 of 8 case files checked"), "{stdout}");
    let zh = caselint_within(&["check", "cases/pipe.json", AS_OF], &dir);
    assert!(
        String::from_utf8_lossy(&zh.stdout).contains("这不是普通文件（是命名管道、设备或套接字），未打开读取"),
        "{}",
        text(&zh)
    );
    std::fs::remove_file(dir.join("cases/pipe.json")).unwrap();

    mkfifo(&dir.join("pipe"));
    std::fs::create_dir(dir.join("rules")).unwrap();
    for (i, path) in common::files_with_extension(&common::root().join("rules"), "rules").iter().enumerate() {
        let name = if i == 0 { "pipe.rules".into() } else { path.file_name().unwrap().to_os_string() };
        if i == 0 {
            std::os::unix::fs::symlink(dir.join("pipe"), dir.join("rules").join(name)).unwrap();
        } else {
            std::fs::copy(path, dir.join("rules").join(name)).unwrap();
        }
    }
    for flag in ["--staff=pipe", "--config=pipe", "--waivers=pipe", "--rules=rules", "--staff=/dev/zero"] {
        let output = caselint_within(&["check", "cases", AS_OF, "--lang", "en", flag], &dir);
        assert_eq!(output.status.code(), Some(2), "{flag}: {}", text(&output));
        let all = text(&output);
        assert!(all.contains("not a regular file but a"), "{flag}: {all}");
        assert!(all.contains("pipe") || all.contains("/dev/zero"), "{flag} names the path: {all}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--output` naming an input (a case file, through a link too, the staff registry, the
/// settings file) is refused before any work, and the input keeps its bytes; before, the
/// input was truncated when the run started.
#[test]
fn output_naming_an_input_is_refused() {
    let dir = scratch("output-input");
    examples_in(&dir);
    std::fs::write(dir.join("caselint.toml"), "").unwrap();
    std::os::unix::fs::symlink("cases/ZQHX-2024-ISMS-0318.json", dir.join("alias.json")).unwrap();
    for target in ["cases/ZQHX-2024-ISMS-0318.json", "alias.json", "./cases/../staff.json", "caselint.toml"] {
        let before = std::fs::read(dir.join(target)).unwrap();
        let output = caselint(&["check", "cases", AS_OF, "--output", target, "--lang", "en"], &dir, &[]);
        assert_eq!(output.status.code(), Some(2), "{target}: {}", text(&output));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(&format!("--output {target} is an input of this run")), "{stderr}");
        assert_eq!(std::fs::read(dir.join(target)).unwrap(), before, "{target} was changed");
    }
    // A report beside the inputs is written, and replaces the previous one whole.
    std::fs::write(dir.join("report.txt"), "previous report").unwrap();
    let output = caselint(&["check", "cases", AS_OF, "--output", "report.txt"], &dir, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(std::fs::read_to_string(dir.join("report.txt")).unwrap().contains("截至 2025-12-31：检查案卷 7 个"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Files whose names caselint's temporary files carry, for the process `pid`: the report
/// in the making beside `--output`, the JSON spool in the temporary directory.
fn temp_files_of(pid: u32, dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for place in [dir.to_path_buf(), std::env::temp_dir()] {
        for entry in std::fs::read_dir(place).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.contains(&format!("caselint-{pid}-")) {
                found.push(path);
            }
        }
    }
    found
}

/// A run interrupted by SIGTERM or SIGINT while it checks a large corpus leaves the
/// previous report as it was and no temporary file behind (before, the report was
/// truncated at the start and 20-25 MB spool files stayed in the temporary directory).
#[test]
fn an_interrupted_run_leaves_the_previous_report() {
    let dir = scratch("interrupted");
    let generated = caselint(&["gen", "--cases", "1500", "--out", "corpus"], &dir, &[]);
    assert_eq!(generated.status.code(), Some(0), "{}", text(&generated));
    let corpus = dir.join("corpus");
    for (signal, format) in [("-TERM", "json"), ("-INT", "human")] {
        std::fs::write(corpus.join("report.out"), "the previous report").unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_caselint"))
            .args(["check", "cases", "--as-of=2025-06-30", "--format", format, "--output", "report.out", "-j1"])
            .current_dir(&corpus)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let pid = child.id();
        // Interrupted once the report is being written.
        let start = std::time::Instant::now();
        while temp_files_of(pid, &corpus).is_empty() {
            assert!(child.try_wait().unwrap().is_none(), "the run ended before it could be interrupted");
            assert!(start.elapsed() < std::time::Duration::from_secs(60), "no report in the making");
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        std::thread::sleep(std::time::Duration::from_millis(300));
        let killed = Command::new("kill").args([signal, &pid.to_string()]).status().unwrap();
        assert!(killed.success());
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(130), "{signal}: interrupted, temporary files removed");
        assert_eq!(std::fs::read_to_string(corpus.join("report.out")).unwrap(), "the previous report");
        assert_eq!(temp_files_of(pid, &corpus), Vec::<PathBuf>::new(), "{signal}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `pack --verify` trusts nothing its manifest names: an absolute path, a `..` escape, a link
/// leading out, a FIFO or a device is a verification error naming the entry (exit 1), never
/// read (before, it read `/etc/passwd`, hung on a FIFO and read `/dev/zero` without end);
/// a link inside the pack is refused too.
#[test]
fn pack_verify_trusts_nothing_in_the_manifest() {
    let dir = scratch("pack-verify");
    examples_in(&dir);
    let made = caselint(&["pack", "cases", "--staff", "staff.json", AS_OF, "--out", "pack"], &dir, &[]);
    assert_eq!(made.status.code(), Some(0), "{}", text(&made));
    let verified = caselint(&["pack", "--verify", "pack"], &dir, &[]);
    assert_eq!(verified.status.code(), Some(0), "{}", text(&verified));
    let manifest = std::fs::read_to_string(dir.join("pack/manifest.json")).unwrap();
    std::fs::create_dir(dir.join("elsewhere")).unwrap();
    mkfifo(&dir.join("fifo.json"));
    std::os::unix::fs::symlink("/etc/passwd", dir.join("cases/passwd.json")).unwrap();
    let case = "cases/ZQHX-2024-ISMS-0318.json";
    for (recorded, reason) in [
        ("/etc/passwd", "is an absolute path"),
        ("../outside/x.json", "leads outside the directory"),
        ("cases/passwd.json", "leads outside the directory"),
        ("fifo.json", "is not a regular file but a named pipe (FIFO)"),
        ("../../../../dev/zero", "leads outside the directory"),
    ] {
        std::fs::write(dir.join("pack/manifest.json"), manifest.replace(case, recorded)).unwrap();
        let output = caselint(&["pack", "--verify", "pack", "--lang", "en"], &dir, &[]);
        assert_eq!(output.status.code(), Some(1), "{recorded}: {}", text(&output));
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(stdout.contains(&format!("verification error: manifest.json → {recorded} {reason}")), "{stdout}");
    }
    std::fs::write(dir.join("pack/manifest.json"), &manifest).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.join("pack/zero.json")).unwrap();
    let output = caselint(&["pack", "--verify", "pack"], &dir, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("核验错误：zero.json 是证据包中的符号链接"),
        "{}",
        text(&output)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `pack` builds in a directory beside `--out` and renames it when complete: interrupted,
/// it leaves no half-written pack and no temporary directory; an input outside the working
/// directory (which verification would refuse) is refused before any work.
#[test]
fn an_interrupted_pack_leaves_nothing() {
    let dir = scratch("pack-interrupted");
    let generated = caselint(&["gen", "--cases", "1500", "--out", "corpus"], &dir, &[]);
    assert_eq!(generated.status.code(), Some(0), "{}", text(&generated));
    let corpus = dir.join("corpus");
    let mut child = Command::new(env!("CARGO_BIN_EXE_caselint"))
        .args(["pack", "cases", "--as-of=2025-06-30", "--out", "pack"])
        .current_dir(&corpus)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id();
    let start = std::time::Instant::now();
    while temp_files_of(pid, &corpus).is_empty() {
        assert!(child.try_wait().unwrap().is_none(), "the pack ended before it could be interrupted");
        assert!(start.elapsed() < std::time::Duration::from_secs(60), "no pack in the making");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(Command::new("kill").args(["-TERM", &pid.to_string()]).status().unwrap().success());
    assert_eq!(child.wait().unwrap().code(), Some(130));
    assert!(!corpus.join("pack").exists(), "no half-written pack");
    assert_eq!(temp_files_of(pid, &corpus), Vec::<PathBuf>::new());

    let outside =
        caselint(&["pack", "../corpus/cases", "--staff", "staff.json", "--out", "pack", "--lang", "en"], &corpus, &[]);
    assert_eq!(outside.status.code(), Some(2), "{}", text(&outside));
    assert!(
        String::from_utf8_lossy(&outside.stderr).contains("lies outside the working directory"),
        "{}",
        text(&outside)
    );
    assert!(!corpus.join("pack").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

/// Settings and waivers picked up from a parent of the working directory are said, on stderr
/// and in the JSON report's `notes`: the report must show which settings judged it. Found in
/// the working directory itself, or given with --config / --waivers, they are not.
#[test]
fn settings_from_a_parent_directory_are_said() {
    let dir = scratch("parent-config");
    let sub = dir.join("sub");
    examples_in(&sub);
    std::fs::write(dir.join("caselint.toml"), "[surveillance]\nfirst_anchor = \"decision\"\n").unwrap();
    std::fs::copy(common::root().join("examples/waivers.toml"), dir.join("caselint.waivers.toml")).unwrap();
    let args = ["check", "cases", AS_OF, "--format", "json"];
    let (_, report, stderr) = json_report(&args, &sub);
    let notes = report["notes"].as_array().unwrap_or_else(|| panic!("no notes: {stderr}"));
    let said: Vec<(&str, &str)> =
        notes.iter().map(|n| (n["code"].as_str().unwrap(), n["file"].as_str().unwrap())).collect();
    let settings = dir.join("caselint.toml").display().to_string();
    let waivers = dir.join("caselint.waivers.toml").display().to_string();
    assert_eq!(
        said,
        [("caselint::input::from_parent", settings.as_str()), ("caselint::input::from_parent", waivers.as_str())]
    );
    assert!(stderr.contains(&format!("使用了上级目录中的设置文件 {settings}")), "{stderr}");
    assert!(stderr.contains(&format!("使用了上级目录中的豁免登记册 {waivers}")), "{stderr}");
    // Given explicitly, or found in the working directory: nothing to say.
    let config = format!("--config={settings}");
    let register = format!("--waivers={waivers}");
    let (_, given, _) = json_report(&["check", "cases", AS_OF, "--format", "json", &config, &register], &sub);
    assert!(given.get("notes").is_none(), "{given:#}");
    let (_, here, _) = json_report(&["check", "sub/cases", AS_OF, "--format", "json"], &dir);
    assert!(here.get("notes").is_none(), "{:#}", here["notes"]);
    let _ = std::fs::remove_dir_all(&dir);
}
