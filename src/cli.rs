//! The command line: the only module that touches the filesystem, clap and exit codes.

use crate::bundled::BUNDLED_RULES;
use crate::check::{CheckError, RuleSet, load_rule_set};
use crate::eval::claims::ClaimBook;
use crate::eval::population::findings_by_case;
use crate::eval::{CaseResult, Verdict, evaluate_case};
use crate::facts::limits::ConfigError;
use crate::facts::load::read_source;
use crate::facts::schema::{CASE, STAFF_REGISTRY, json_schema};
use crate::facts::settings::Settings;
use crate::facts::{Case, LoadError, LoadProblem, StaffRegistry, load_case, load_staff};
use crate::graph::FactGraph;
use crate::inputs::{InputNote, MAX_INPUT_BYTES, Walk, read_regular};
use crate::report::json::{self, Filed};
use crate::report::{self, Diag};
use crate::source::{SourceFile, Span};
use crate::syntax::ast::{Lang, Severity};
use crate::waivers::{self, Register};
use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// caselint: checks certification case files against the CB's procedure.
#[derive(Debug, Parser)]
#[command(name = "caselint", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check case files (files, directories of *.json, or - for stdin).
    Check(CheckArgs),
    /// List every rule: id, clauses, severity, title.
    Rules(RulesArgs),
    /// Explain one rule: its doc, the clause text, the facts it reads.
    Explain(ExplainArgs),
    /// The clause matrix: rules, fixtures or manual reason per clause; with cases, verdict counts.
    Coverage(CoverageArgs),
    /// The obligations calendar: what falls due within a window, per case and CB-wide.
    Due(DueArgs),
    /// Generate a realistic corpus with known injected violations (for tests and benchmarks).
    Gen(GenArgs),
    /// The accreditation evidence pack: clause matrix, findings by clause, bilingual reports, OSCAL; or --verify one.
    Pack(PackArgs),
    /// Print the effective CB settings and where each value comes from.
    Config(ConfigArgs),
    /// List the waiver register: each waiver, its approver and whether it is in force.
    Waivers(WaiversArgs),
    /// Print the JSON Schema of a case file or of the staff registry.
    Schema {
        /// Which schema.
        #[arg(value_enum)]
        which: SchemaKind,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum SchemaKind {
    Case,
    Staff,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// miette diagnostics, then a summary when several cases were checked.
    Human,
    /// The JSON contract of the README.
    Json,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
    /// JUnit XML, one test suite per case file.
    Junit,
    /// One self-contained HTML page with summary tables, charts and every finding.
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CalendarFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LangArg {
    Zh,
    En,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    /// Error-severity findings (violated or not evaluable) fail the run.
    Error,
    /// Warnings fail the run too.
    Warning,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, clap::Args)]
struct CommonArgs {
    /// Rules directory (default: the rules bundled in the binary).
    #[arg(long, value_name = "DIR", env = "CASELINT_RULES")]
    rules: Option<PathBuf>,
    /// Language of messages.
    #[arg(long, value_enum, default_value = "zh", env = "CASELINT_LANG")]
    lang: LangArg,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Case files, directories (every *.json in them but staff.json), or - for stdin.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Write the report to a file instead of stdout.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value = "error")]
    fail_on: FailOn,
    /// Colour in human output.
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorArg,
    /// Waiver register (default: caselint.waivers.toml in the working directory or a parent).
    #[arg(long, value_name = "FILE", env = "CASELINT_WAIVERS")]
    waivers: Option<PathBuf>,
    /// Show waived findings too (they never count towards the exit code).
    #[arg(long)]
    show_waived: bool,
    #[command(flatten)]
    run: RunArgs,
}

/// The options of every command that checks cases.
#[derive(Debug, clap::Args)]
struct RunArgs {
    /// Staff registry (default: staff.json in the case's directory or a parent).
    #[arg(long, value_name = "FILE", env = "CASELINT_STAFF")]
    staff: Option<PathBuf>,
    /// The date deadlines are judged against (default: today); every report states it.
    #[arg(long, value_name = "YYYY-MM-DD")]
    as_of: Option<String>,
    /// Worker threads (default: every core). The output is the same for any number.
    #[arg(long, short = 'j', value_name = "N", env = "CASELINT_JOBS")]
    jobs: Option<usize>,
    #[command(flatten)]
    common: CommonArgs,
    #[command(flatten)]
    settings: SettingsArgs,
}

#[derive(Debug, clap::Args)]
struct SettingsArgs {
    /// CB settings file (default: caselint.toml in the working directory or a parent).
    #[arg(long, value_name = "FILE", env = "CASELINT_CONFIG")]
    config: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct WaiversArgs {
    /// Waiver register (default: caselint.waivers.toml in the working directory or a parent).
    #[arg(long, value_name = "FILE", env = "CASELINT_WAIVERS")]
    waivers: Option<PathBuf>,
    /// Staff registry to check approvers against (default: staff.json in the working directory or a parent).
    #[arg(long, value_name = "FILE", env = "CASELINT_STAFF")]
    staff: Option<PathBuf>,
    /// The date expiries are judged against (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    as_of: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: ListFormat,
    /// Language of messages.
    #[arg(long, value_enum, default_value = "zh", env = "CASELINT_LANG")]
    lang: LangArg,
    #[command(flatten)]
    settings: SettingsArgs,
}

#[derive(Debug, clap::Args)]
struct ConfigArgs {
    #[command(flatten)]
    settings: SettingsArgs,
    /// Language of messages.
    #[arg(long, value_enum, default_value = "zh", env = "CASELINT_LANG")]
    lang: LangArg,
}

#[derive(Debug, clap::Args)]
struct RulesArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// Output format: a table, or the Markdown rule reference (docs/rules.md).
    #[arg(long, value_enum, default_value = "table")]
    format: ListFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ListFormat {
    Table,
    Markdown,
    Json,
}

#[derive(Debug, clap::Args)]
struct GenArgs {
    /// Number of cases.
    #[arg(long, default_value_t = 100)]
    cases: usize,
    /// Seed: the same seed gives the same bytes.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output directory (created; must be empty): cases/, staff.json, truth.json.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

#[derive(Debug, clap::Args)]
struct DueArgs {
    /// Case files or directories.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// The window: `90d`, `6m`, `1y` (default 90d).
    #[arg(long, default_value = "90d")]
    within: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: CalendarFormat,
    #[command(flatten)]
    run: RunArgs,
}

#[derive(Debug, clap::Args)]
struct CoverageArgs {
    /// Case files or directories: adds verdict counts per clause over them.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: ListFormat,
    #[command(flatten)]
    run: RunArgs,
}

#[derive(Debug, clap::Args)]
struct ExplainArgs {
    /// The rule id, e.g. cycle/itsms-surveillance-interval.
    rule: String,
    #[command(flatten)]
    common: CommonArgs,
}

/// Exit codes, as ESLint and ruff use them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Nothing at or above the fail level.
    Clean = 0,
    /// Findings at or above the fail level.
    Findings = 1,
    /// Bad input, bad rules, bad usage.
    BadInput = 2,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit as u8)
    }
}

/// Runs the command line; returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() { Exit::BadInput.into() } else { Exit::Clean.into() };
        }
    };
    let exit = match cli.command {
        Command::Check(args) => check(&args),
        Command::Rules(args) => list_rules(&args),
        Command::Explain(args) => explain(&args),
        Command::Config(args) => show_config(&args),
        Command::Waivers(args) => list_waivers(&args),
        Command::Coverage(args) => coverage(&args),
        Command::Due(args) => due(&args),
        Command::Gen(args) => generate_corpus(&args),
        Command::Pack(args) => pack(&args),
        Command::Schema { which } => {
            let schema = match which {
                SchemaKind::Case => json_schema(&CASE, "caselint case file"),
                SchemaKind::Staff => json_schema(&STAFF_REGISTRY, "caselint staff registry"),
            };
            print_out(&(serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"));
            Exit::Clean
        }
    };
    exit.into()
}

fn lang_of(arg: LangArg) -> Lang {
    match arg {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    }
}

/// Loads the bundled rules, or every `*.rules` file of a directory in name order; prints
/// why it cannot (a directory without rules files is refused: it would pass every case).
fn load_rules(common: &CommonArgs) -> Result<RuleSet, Exit> {
    let lang = lang_of(common.lang);
    let files: Vec<SourceFile> = match &common.rules {
        None => BUNDLED_RULES.iter().map(|(name, text)| SourceFile::new(*name, *text)).collect(),
        Some(dir) => match crate::inputs::read_rules_dir(dir) {
            Ok(files) => {
                files.into_iter().map(|(path, text)| SourceFile::new(path.display().to_string(), text)).collect()
            }
            Err(error) => return Err(print_input_errors(std::slice::from_ref(&error), lang)),
        },
    };
    load_rule_set(&files).map_err(|errors| print_rule_errors(&errors, lang))
}

/// Prints input path errors on stderr; bad input.
fn print_input_errors(errors: &[crate::inputs::InputError], lang: Lang) -> Exit {
    let diags: Vec<Diag> = errors.iter().map(|e| report::input_diag(e, lang)).collect();
    eprint!("{}", report::render_human(&diags, std::io::stderr().is_terminal()));
    Exit::BadInput
}

/// A config file: the path given, else `name` in the working directory or its nearest parent
/// that has one (the discovery ruff and ESLint use).
fn discover_config(given: Option<&Path>, name: &str) -> Option<PathBuf> {
    if let Some(path) = given {
        return Some(path.to_path_buf());
    }
    let cwd = std::env::current_dir().ok()?;
    cwd.ancestors().map(|dir| dir.join(name)).find(|candidate| present(candidate))
}

/// A note when a file caselint looks for was not given and was found in a parent of the
/// working directory rather than in it: a run picking up another folder's settings or waivers
/// must say so (an assessor reading the report must know which settings judged it).
fn found_in_parent(given: Option<&Path>, what: crate::inputs::Discovered) -> Option<InputNote> {
    use crate::inputs::Discovered;
    let name = match what {
        Discovered::Settings => "caselint.toml",
        Discovered::Waivers => "caselint.waivers.toml",
    };
    if given.is_some() {
        return None;
    }
    let path = discover_config(None, name)?;
    let cwd = std::env::current_dir().ok()?;
    (path.parent() != Some(cwd.as_path())).then_some(InputNote::FromParent { what, path })
}

/// Whether a file caselint looks for is there: anything but a directory, so that a FIFO or
/// device by that name is reported when read, not passed over for a parent's file.
fn present(candidate: &Path) -> bool {
    std::fs::metadata(candidate).is_ok_and(|meta| !meta.is_dir())
}

/// The waiver register: `--waivers`, else `caselint.waivers.toml` discovered.
fn load_register(path: Option<&Path>, lang: Lang) -> Result<Option<Register>, Exit> {
    let Some(path) = discover_config(path, "caselint.waivers.toml") else { return Ok(None) };
    load_file(&path, lang, Register::load).map(Some)
}

/// The settings file: `--config`, else `caselint.toml` discovered.
fn settings_path(args: &SettingsArgs) -> Option<PathBuf> {
    discover_config(args.config.as_deref(), "caselint.toml")
}

/// Loads the effective settings, or prints why they cannot be loaded.
fn load_settings(args: &SettingsArgs, lang: Lang) -> Result<Settings, Exit> {
    let Some(path) = settings_path(args) else { return Ok(Settings::defaults()) };
    load_file(&path, lang, Settings::load)
}

/// Reads and loads an input file (settings, waivers), printing its errors on failure.
fn load_file<T>(path: &Path, lang: Lang, load: impl Fn(SourceFile) -> Result<T, Vec<ConfigError>>) -> Result<T, Exit> {
    let name = path.display().to_string();
    let (source, errors) = match read_source(&name, read_regular(path, MAX_INPUT_BYTES)) {
        Ok(source) => match load(source.clone()) {
            Ok(loaded) => return Ok(loaded),
            Err(errors) => (source, errors),
        },
        Err(failure) => {
            let (source, error) = *failure;
            (source, vec![error.into()])
        }
    };
    let diags: Vec<Diag> = errors.iter().map(|e| report::config_diag(e, &source, lang)).collect();
    eprint!("{}", report::render_human(&diags, std::io::stderr().is_terminal()));
    Err(Exit::BadInput)
}

fn list_waivers(args: &WaiversArgs) -> Exit {
    let lang = lang_of(args.lang);
    let Ok(as_of) = parse_as_of(args.as_of.as_deref()) else {
        eprintln!("caselint: --as-of");
        return Exit::BadInput;
    };
    let settings = match load_settings(&args.settings, lang) {
        Ok(settings) => settings,
        Err(exit) => return exit,
    };
    let register = match load_register(args.waivers.as_deref(), lang) {
        Ok(Some(register)) => register,
        Ok(None) => {
            match lang {
                Lang::Zh => print_out("未找到豁免登记册 caselint.waivers.toml（可用 --waivers 指定）\n"),
                Lang::En => print_out("no waiver register caselint.waivers.toml found (give one with --waivers)\n"),
            }
            return Exit::Clean;
        }
        Err(exit) => return exit,
    };
    let staff_path = args.staff.clone().or_else(|| discover_staff(Path::new("-")));
    let staff = staff_path.and_then(|path| {
        let source = read_source(&path.display().to_string(), read_regular(&path, MAX_INPUT_BYTES)).ok()?;
        load_staff(source).ok()
    });
    let rows = report::waivers::register_rows(&register, staff.as_ref(), &settings, as_of);
    let text = match args.format {
        ListFormat::Json => report::waivers::register_json(&rows),
        _ => report::waivers::register_table(&rows, lang),
    };
    print_visible(&text);
    Exit::Clean
}

fn show_config(args: &ConfigArgs) -> Exit {
    let lang = lang_of(args.lang);
    let settings = match load_settings(&args.settings, lang) {
        Ok(settings) => settings,
        Err(exit) => return exit,
    };
    let mut out = String::new();
    match &settings.file {
        Some(file) => {
            out.push_str(&format!("# {}: {}\n", if lang == Lang::Zh { "设置文件" } else { "settings file" }, file.name))
        }
        None => out.push_str(if lang == Lang::Zh {
            "# 未找到 caselint.toml，全部为默认值\n"
        } else {
            "# no caselint.toml found: all defaults\n"
        }),
    }
    for (key, value, source) in settings.describe() {
        let source = if source == "default" && lang == Lang::Zh { "默认值".to_string() } else { source };
        out.push_str(&format!("{key} = {value}    # {source}\n"));
    }
    print_visible(&out);
    Exit::Clean
}

/// Prints a human-readable listing with its hidden characters written visibly: values from
/// inputs (waiver reasons, file names, rule titles) never drive the terminal. JSON is
/// printed as it is: its own escaping covers control characters.
fn print_visible(text: &str) {
    print_out(&report::text::visible(text));
}

/// Writes to standard output. `print!` panics when the reader has gone away
/// (`caselint schema case | head`); here a closed pipe ends the command quietly with exit 0,
/// as it does for other Unix tools (the reader took what it wanted), and any other write
/// error is said on stderr with exit 2.
fn print_out(text: &str) {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => {}
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(err) => {
            eprintln!("caselint: {err}");
            std::process::exit(2);
        }
    }
}

/// Says on stderr what a run noticed about its inputs (links, paths seen twice, files found
/// in a parent directory).
fn print_notes(notes: &[InputNote], lang: Lang) {
    for note in notes {
        eprintln!(
            "{}{}",
            report::catalogue::inputs::note_prefix(lang),
            report::text::visible(&report::catalogue::inputs::note_text(note, lang))
        );
    }
}

fn print_rule_errors(errors: &[CheckError], lang: Lang) -> Exit {
    let diags: Vec<Diag> = errors.iter().map(|e| report::check_diag(e, lang)).collect();
    eprint!("{}", report::render_human(&diags, std::io::stderr().is_terminal()));
    Exit::BadInput
}

/// [`discover_staff`] asked once per directory: a run over a directory of thousands of
/// cases would otherwise look up the working directory and probe the same files per case.
#[derive(Default)]
struct StaffFinder(std::collections::HashMap<PathBuf, Option<PathBuf>>);

impl StaffFinder {
    fn find(&mut self, case_path: &Path) -> Option<PathBuf> {
        let dir = match case_path.parent() {
            Some(parent) if case_path != Path::new("-") => parent.to_path_buf(),
            _ => case_path.to_path_buf(),
        };
        self.0.entry(dir).or_insert_with(|| discover_staff(case_path)).clone()
    }
}

/// `staff.json` in the case's directory or the nearest parent.
fn discover_staff(case_path: &Path) -> Option<PathBuf> {
    let start = if case_path == Path::new("-") {
        std::env::current_dir().ok()?
    } else {
        std::path::absolute(case_path).ok()?.parent()?.to_path_buf()
    };
    start.ancestors().map(|dir| dir.join("staff.json")).find(|candidate| present(candidate))
}

/// Reads a case file (or stdin), refusing a file that is not regular before opening it and
/// more than [`MAX_INPUT_BYTES`] before reading it all.
fn read_input(path: &Path) -> std::io::Result<Vec<u8>> {
    if path == Path::new("-") {
        crate::inputs::read_limited(std::io::stdin(), MAX_INPUT_BYTES)
    } else {
        read_regular(path, MAX_INPUT_BYTES)
    }
}

fn parse_as_of(text: Option<&str>) -> Result<jiff::civil::Date, String> {
    match text {
        None => Ok(jiff::ZonedDateTime::now().date()),
        Some(text) => crate::facts::load::parse_date(text).map_err(|_| text.to_string()),
    }
}

struct Run {
    lang: Lang,
    /// With human output: the colour choice, and the diagnostics rendered so far. Rendering
    /// each case's diagnostics as it is checked keeps no case text alive afterwards.
    human: Option<bool>,
    /// Where the report goes (stdout or --output), written as cases are checked for the
    /// human and JSON formats.
    out: crate::output::Output,
    /// The first error writing it.
    write_error: Option<std::io::Error>,
    /// JSON output: findings written so far, and not-yet-due entries waiting on disk.
    json_stream: Option<(usize, crate::stream::Spool)>,
    /// Counts and, for the formats that need them whole, the entries.
    report: json::JsonReport,
    failing: bool,
    fail_on: FailOn,
    show_waived: bool,
    register: Option<Register>,
    /// What happened to each waiver over the run.
    ledger: waivers::Ledger,
    /// The cases checked, for JUnit's passing suites (`None` for other formats: they cost
    /// memory on large runs).
    checked: Option<Vec<report::junit::CheckedCase>>,
    /// Source lines around each finding, for the HTML report.
    excerpts: BTreeMap<(String, usize), String>,
    /// Whether excerpts are wanted (only for HTML: they cost memory on large runs).
    want_excerpts: bool,
}

/// What every command that evaluates cases needs: checked rules, settings, the as-of date.
struct Session {
    lang: Lang,
    jobs: usize,
    rules: RuleSet,
    settings: Settings,
    as_of: jiff::civil::Date,
    /// Settings or waivers found in a parent of the working directory, said with the
    /// run's other notes.
    found_in_parent: Vec<InputNote>,
    /// What the worker threads prepare for `check`'s output, so the thread that writes it in
    /// input order only files and writes (it would otherwise bound the speed-up).
    prepare: Option<Prepare>,
}

/// How `check` wants findings prepared on the worker threads.
#[derive(Debug, Clone, Copy)]
struct Prepare {
    /// Render each finding's diagnostic as human output (with or without colour).
    human: Option<bool>,
    /// Serialize each entry as the JSON report writes it.
    json: bool,
}

/// One case's findings prepared on a worker thread: their JSON entries and, for human
/// output, their rendered diagnostics, in the order of the findings.
#[derive(Debug, Default)]
struct Prepared {
    entries: Vec<Option<json::JsonFinding>>,
    human: Vec<Option<String>>,
    /// Each entry's bytes in the JSON report (as filed unwaived).
    json: Vec<Option<Vec<u8>>>,
}

/// One case file's outcome, in the order of the inputs.
enum CaseOutcome<'a> {
    /// An input that could not be loaded (the case, or its staff registry).
    Failed(&'a LoadError, &'a SourceFile),
    /// A warning about an input that was loaded all the same (a key the schema does not
    /// know), handed over before the case's outcome.
    Warned(&'a LoadError, &'a SourceFile),
    /// A loaded case, its verdicts, the staff registry it was checked against, and what the
    /// worker prepared for the output (when the session asked for it).
    Checked(&'a Case, &'a CaseResult, &'a StaffRegistry, Option<Prepared>),
    /// After every case: the cross-case findings filed under a case (loaded again).
    Cross(&'a Case, &'a CaseResult, &'a StaffRegistry),
}

impl Session {
    /// Loads rules and settings and parses the as-of date, or says why it cannot.
    fn start(args: &RunArgs) -> Result<Session, Exit> {
        let (common, settings, as_of, jobs) = (&args.common, &args.settings, args.as_of.as_deref(), args.jobs);
        let lang = lang_of(common.lang);
        let as_of = parse_as_of(as_of).map_err(|text| {
            match lang {
                Lang::Zh => eprintln!("caselint: --as-of 的日期 `{text}` 无效，应为存在的日期 YYYY-MM-DD"),
                Lang::En => eprintln!("caselint: --as-of `{text}` is not a valid date YYYY-MM-DD"),
            }
            Exit::BadInput
        })?;
        let rules = load_rules(common)?;
        let settings = load_settings(settings, lang)?;
        let jobs =
            jobs.filter(|n| *n > 0).unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
        let found_in_parent =
            found_in_parent(args.settings.config.as_deref(), crate::inputs::Discovered::Settings).into_iter().collect();
        Ok(Session { lang, jobs, rules, settings, as_of, found_in_parent, prepare: None })
    }

    /// Expands the paths into case files (each file once, loops not followed), saying on
    /// stderr what was seen twice; no case file and no unreadable directory is a usage error.
    fn inputs(&self, paths: &[PathBuf]) -> Result<Walk, Exit> {
        let mut walk = crate::inputs::case_files(paths);
        walk.notes.extend(self.found_in_parent.iter().cloned());
        print_notes(&walk.notes, self.lang);
        if walk.files.is_empty() && walk.errors.is_empty() {
            let paths: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            match self.lang {
                Lang::Zh => {
                    eprintln!("caselint: 在 {} 中没有找到案卷文件（*.json，staff.json 除外）", paths.join("、"))
                }
                Lang::En => eprintln!("caselint: no case files (*.json other than staff.json) in {}", paths.join(", ")),
            }
            return Err(Exit::BadInput);
        }
        Ok(walk)
    }

    /// Loads and evaluates the cases, in parallel on `self.jobs` threads, handing every
    /// outcome to `visit` in input order (so the output is the same for any thread count).
    fn each_case(&self, inputs: &[PathBuf], staff: Option<&Path>, mut visit: impl FnMut(CaseOutcome)) {
        // Staff registries are few: resolve and load them first, in input order.
        let mut registries: Vec<(PathBuf, LoadedRegistry)> = Vec::new();
        let mut finder = StaffFinder::default();
        let plan: Vec<Option<usize>> = inputs
            .iter()
            .map(|input| {
                let staff_path = staff.map(Path::to_path_buf).or_else(|| finder.find(input))?;
                if let Some(index) = registries.iter().position(|(path, _)| *path == staff_path) {
                    return Some(index);
                }
                registries.push((staff_path.clone(), load_registry(&staff_path)));
                Some(registries.len() - 1)
            })
            .collect();
        let pool = rayon::ThreadPoolBuilder::new().num_threads(self.jobs).build().ok();
        let progress = progress_bar(inputs.len());
        let mut reported_registries = vec![false; registries.len()];
        // Sixteen cases a worker: a chunk's cases, results and reports (some 100 KB a case)
        // are freed before the next chunk allocates, so a small chunk reuses memory still in
        // cache (64 a worker was 5% slower on one core and 20% on two; 4 or 8, slower again
        // from the hand-over between chunks).
        let chunk_size = (self.jobs * 16).max(16);
        // What cases contribute to cross-case rules, and for each such case the hash of
        // its text and its registry, to read it again for the findings.
        let mut claims = ClaimBook::default();
        let mut claimed: BTreeMap<usize, (u64, usize)> = BTreeMap::new();
        type Spent = std::sync::Mutex<Vec<(Box<Case>, Box<CaseResult>)>>;
        let spent: Vec<Spent> = (0..self.jobs).map(|_| Spent::default()).collect();
        let leftover = Spent::default();
        let chunks: Vec<&[PathBuf]> = inputs.chunks(chunk_size).collect();
        // Checks one chunk on the workers: each outcome with the worker that built it, which
        // will free it.
        let check_chunk = |chunk_index: usize| -> Vec<(Owned, Option<usize>)> {
            let Some(chunk) = chunks.get(chunk_index) else { return Vec::new() };
            let offset = chunk_index * chunk_size;
            let work = |(position, input): (usize, &PathBuf)| -> Owned {
                let registry = plan.get(offset + position).copied().flatten().and_then(|i| registries.get(i));
                match registry {
                    Some((_, Ok(registry))) => self.check_one(input, registry),
                    _ => Owned::Skipped,
                }
            };
            let built = |job| (work(job), rayon::current_thread_index());
            match &pool {
                Some(_) => chunk.par_iter().enumerate().map(built).collect(),
                None => chunk.iter().enumerate().map(built).collect(),
            }
        };
        // Hands a chunk's outcomes over in input order (on this thread).
        let mut hand_over = |chunk_index: usize, outcomes: Vec<(Owned, Option<usize>)>| {
            let Some(chunk) = chunks.get(chunk_index) else { return };
            let offset = chunk_index * chunk_size;
            for (position, (input, (outcome, builder))) in chunk.iter().zip(outcomes).enumerate() {
                match plan.get(offset + position).copied().flatten() {
                    None => {
                        let error = LoadError {
                            problem: LoadProblem::NoStaffRegistry,
                            span: Span::default(),
                            pointer: String::new(),
                        };
                        visit(CaseOutcome::Failed(&error, &SourceFile::new(input.display().to_string(), "")));
                    }
                    Some(index) => {
                        // A registry's errors or warnings are reported once, where it is first needed.
                        let first_use = !reported_registries.get(index).copied().unwrap_or(true);
                        match registries.get(index) {
                            Some((_, Err((source, errors)))) if first_use => {
                                errors.iter().for_each(|error| visit(CaseOutcome::Failed(error, source)));
                            }
                            Some((_, Ok(registry))) if first_use => {
                                let source = &registry.source;
                                registry
                                    .warnings
                                    .iter()
                                    .for_each(|warning| visit(CaseOutcome::Warned(warning, source)));
                            }
                            _ => {}
                        }
                        if let Some(flag) = reported_registries.get_mut(index) {
                            *flag = true;
                        }
                    }
                }
                match outcome {
                    Owned::Skipped => {}
                    Owned::Failed(source, errors) => errors.iter().for_each(|e| visit(CaseOutcome::Failed(e, &source))),
                    Owned::Checked(case, result, prepared, hash) => {
                        let index = plan.get(offset + position).copied().flatten();
                        if let Some((registry_index, (_, Ok(registry)))) =
                            index.and_then(|i| Some((i, registries.get(i)?)))
                        {
                            if let Some(hash) = hash {
                                claimed.insert(offset + position, (hash, registry_index));
                                claims.add(offset + position, &case.id, &result.claims);
                            }
                            case.warnings.iter().for_each(|w| visit(CaseOutcome::Warned(w, &case.source)));
                            visit(CaseOutcome::Checked(&case, &result, registry, prepared));
                        }
                        let slot = builder.and_then(|thread| spent.get(thread)).unwrap_or(&leftover);
                        if let Ok(mut cases) = slot.lock() {
                            cases.push((case, result));
                        }
                    }
                }
                if let Some(bar) = &progress {
                    bar.inc(1);
                }
            }
        };
        // Cases are freed by the workers that built them: a free from another thread takes
        // mimalloc's slower cross-thread path, and kept this thread from writing.
        let free = |slot: &Spent| drop(slot.lock().map(|mut cases| std::mem::take(&mut *cases)));
        match &pool {
            Some(pool) => pool.in_place_scope(|scope| {
                // With more than one worker, the next chunk is checked while this thread hands
                // the last one over (writing the report, collecting claims), so the workers do
                // not wait for it; with one, that chunk waits, and `--jobs 1` uses one core.
                let ahead = usize::from(self.jobs > 1);
                let mut started = std::collections::VecDeque::new();
                let mut next = 0;
                for chunk_index in 0..chunks.len() {
                    while next < chunks.len() && next <= chunk_index + ahead {
                        let (sender, receiver) = std::sync::mpsc::sync_channel(1);
                        let check_chunk = &check_chunk;
                        scope.spawn(move |_| drop(sender.send(check_chunk(next))));
                        started.push_back(receiver);
                        next += 1;
                    }
                    let outcomes = started.pop_front().and_then(|receiver| receiver.recv().ok()).unwrap_or_default();
                    hand_over(chunk_index, outcomes);
                    scope.spawn_broadcast(|_, worker| {
                        if let Some(slot) = spent.get(worker.index()) {
                            free(slot);
                        }
                    });
                    free(&leftover);
                }
            }),
            None => {
                for chunk_index in 0..chunks.len() {
                    hand_over(chunk_index, check_chunk(chunk_index));
                    free(&leftover);
                }
            }
        }
        if let Some(bar) = progress {
            bar.finish_and_clear();
        }
        self.cross_cases(inputs, &registries, &claims, &claimed, visit);
    }

    /// Compares the claims of cross-case rules and hands the findings to `visit`, per case
    /// in input order, with the case loaded again from its file.
    fn cross_cases(
        &self,
        inputs: &[PathBuf],
        registries: &[(PathBuf, LoadedRegistry)],
        claims: &ClaimBook,
        claimed: &BTreeMap<usize, (u64, usize)>,
        mut visit: impl FnMut(CaseOutcome),
    ) {
        // The text of a case file as it was checked, or nothing if it has changed since.
        let reread = |position: usize| -> Option<SourceFile> {
            let input = inputs.get(position)?;
            let source = read_source(&input.display().to_string(), read_input(input)).ok()?;
            let hash = claimed.get(&position).map(|(hash, _)| *hash);
            (hash == Some(text_hash(&source.text))).then_some(source)
        };
        let mut sources: BTreeMap<usize, Option<SourceFile>> = BTreeMap::new();
        let by_case = findings_by_case(&self.rules, claims, &self.settings, self.as_of, |position| {
            sources.entry(position).or_insert_with(|| reread(position)).clone()
        });
        for (position, findings) in by_case {
            let registry = claimed.get(&position).and_then(|(_, index)| registries.get(*index));
            let Some((_, Ok(registry))) = registry else { continue };
            let source = sources.get(&position).cloned().flatten().or_else(|| reread(position));
            let Some(case) = source.and_then(|source| load_case(source, registry).ok()) else {
                let error =
                    LoadError { problem: LoadProblem::ChangedDuringRun, span: Span::default(), pointer: String::new() };
                let name = inputs.get(position).map(|p| p.display().to_string()).unwrap_or_default();
                visit(CaseOutcome::Failed(&error, &SourceFile::new(name, "")));
                continue;
            };
            let result = CaseResult { findings, ..CaseResult::default() };
            visit(CaseOutcome::Cross(&case, &result, registry));
        }
    }

    /// Reads, loads and evaluates one case file (runs on a worker thread).
    fn check_one(&self, input: &Path, registry: &StaffRegistry) -> Owned {
        let name = input.display().to_string();
        let source = match read_source(&name, read_input(input)) {
            Ok(source) => source,
            Err(failure) => {
                let (source, error) = *failure;
                return Owned::Failed(source, vec![error]);
            }
        };
        match load_case(source.clone(), registry) {
            Ok(case) => {
                let result = evaluate_case(&self.rules, &case, registry, &self.settings, self.as_of);
                let prepared = self.prepare.map(|prepare| {
                    let entries = json::case_entries(&result, &case, &self.rules);
                    let human = match prepare.human {
                        Some(color) => result
                            .findings
                            .iter()
                            .map(|finding| {
                                // Obligations not yet due are never shown as diagnostics.
                                if matches!(finding.verdict, Verdict::NotYetDue { .. }) {
                                    return None;
                                }
                                let rule = self.rules.rule(&finding.rule)?;
                                let diag = report::finding_diag(finding, rule, &case.source, self.lang);
                                Some(report::render_human(&[diag], color))
                            })
                            .collect(),
                        None => Vec::new(),
                    };
                    let json = if prepare.json {
                        let bytes = |entry: &Option<json::JsonFinding>| {
                            entry.as_ref().and_then(|e| crate::stream::element_bytes(e).ok())
                        };
                        entries.iter().map(bytes).collect()
                    } else {
                        Vec::new()
                    };
                    Prepared { entries, human, json }
                });
                // A case with cross-case claims may be read again for their findings: its hash
                // tells whether it changed meanwhile (computed here, off the writing thread).
                let hash = (!result.claims.is_empty()).then(|| text_hash(&case.source.text));
                Owned::Checked(Box::new(case), Box::new(result), prepared, hash)
            }
            Err(errors) => Owned::Failed(source, errors),
        }
    }
}

/// A hash of a case file's text, to notice a file that changed before it is read again.
/// foldhash, not SipHash: no adversary chooses the text, and hashing every claiming case's
/// bytes with SipHash showed in profiles.
fn text_hash(text: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0).hash_one(text)
}

/// What a worker thread hands back for one input.
enum Owned {
    /// The input's staff registry could not be found or loaded (reported separately).
    Skipped,
    /// The case file could not be read or loaded.
    Failed(SourceFile, Vec<LoadError>),
    /// The case, its verdicts, what was prepared for the output, and the hash of its text
    /// when it has cross-case claims.
    Checked(Box<Case>, Box<CaseResult>, Option<Prepared>, Option<u64>),
}

/// A staff registry, or the file and the errors that stopped it loading.
type LoadedRegistry = Result<StaffRegistry, (SourceFile, Vec<LoadError>)>;

fn load_registry(path: &Path) -> LoadedRegistry {
    let name = path.display().to_string();
    match read_source(&name, read_regular(path, MAX_INPUT_BYTES)) {
        Ok(source) => load_staff(source.clone()).map_err(|errors| (source, errors)),
        Err(failure) => {
            let (source, error) = *failure;
            Err((source, vec![error]))
        }
    }
}

/// A progress bar on stderr when it is a terminal and the run is long enough to want one.
fn progress_bar(total: usize) -> Option<indicatif::ProgressBar> {
    if total < 200 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} 案卷 {elapsed_precise} 剩余 {eta}")
    {
        bar.set_style(style);
    }
    Some(bar)
}

/// Every file a `check` run reads: the case files, the staff registries, settings, the
/// waiver register and the rules files (which `--output` must not name).
fn run_inputs(args: &CheckArgs, cases: &[PathBuf]) -> Vec<PathBuf> {
    let mut inputs = cases.to_vec();
    match &args.run.staff {
        Some(staff) => inputs.push(staff.clone()),
        None => {
            let mut finder = StaffFinder::default();
            inputs.extend(cases.iter().filter_map(|case| finder.find(case)));
        }
    }
    inputs.extend(settings_path(&args.run.settings));
    inputs.extend(discover_config(args.waivers.as_deref(), "caselint.waivers.toml"));
    if let Some(dir) = &args.run.common.rules {
        inputs.extend(crate::inputs::rules_files(dir).unwrap_or_default());
    }
    inputs
}

fn check(args: &CheckArgs) -> Exit {
    let mut session = match Session::start(&args.run) {
        Ok(session) => session,
        Err(exit) => return exit,
    };
    session.found_in_parent.extend(found_in_parent(args.waivers.as_deref(), crate::inputs::Discovered::Waivers));
    session.prepare = Some(Prepare {
        human: (args.format == Format::Human).then(|| color_wanted(args)),
        json: args.format == Format::Json,
    });
    let walk = match session.inputs(&args.paths) {
        Ok(walk) => walk,
        Err(exit) => return exit,
    };
    let inputs = &walk.files;
    let register = match load_register(args.waivers.as_deref(), session.lang) {
        Ok(register) => register,
        Err(exit) => return exit,
    };
    if let Some(output) = &args.output
        && let Some(input) = crate::inputs::input_at(output, run_inputs(args, inputs))
    {
        let problem = crate::inputs::InputProblem::OutputIsInput { input };
        return print_input_errors(&[crate::inputs::InputError { path: output.clone(), problem }], session.lang);
    }
    if args.output.is_some() {
        crate::output::remove_on_signal();
    }
    let out = match crate::output::Output::open(args.output.as_deref()) {
        Ok(out) => out,
        Err(err) => {
            let path = args.output.clone().unwrap_or_default();
            let problem = crate::inputs::InputProblem::Unwritable { kind: err.kind(), message: err.to_string() };
            return print_input_errors(&[crate::inputs::InputError { path, problem }], session.lang);
        }
    };
    let json_stream = match args.format {
        Format::Json => match crate::stream::Spool::new() {
            Ok(spool) => Some((0, spool)),
            Err(err) => {
                eprintln!("caselint: cannot create a temporary file: {err}");
                return Exit::BadInput;
            }
        },
        _ => None,
    };
    let mut run = Run {
        lang: session.lang,
        human: (args.format == Format::Human).then(|| color_wanted(args)),
        out,
        write_error: None,
        json_stream,
        report: json::JsonReport {
            version: env!("CARGO_PKG_VERSION"),
            as_of: session.as_of.to_string(),
            findings: Vec::new(),
            not_yet_due: Vec::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
            waiver_findings: Vec::new(),
            summary: json::JsonSummary { files: inputs.len(), ..Default::default() },
        },
        failing: false,
        fail_on: args.fail_on,
        show_waived: args.show_waived,
        ledger: waivers::Ledger::new(register.as_ref()),
        register,
        checked: (args.format == Format::Junit).then(Vec::new),
        excerpts: BTreeMap::new(),
        want_excerpts: args.format == Format::Html,
    };
    if run.json_stream.is_some() {
        let head = json_head(&run.report, &walk.notes);
        run.write(head.as_bytes());
    }
    for error in &walk.errors {
        run.input_error(error);
    }
    session.each_case(inputs, args.run.staff.as_deref(), |outcome| match outcome {
        CaseOutcome::Failed(error, source) => run.load_error(error, source),
        CaseOutcome::Warned(warning, source) => run.load_warning(warning, source),
        CaseOutcome::Checked(case, result, staff, prepared) => run.case(&session, case, result, staff, prepared),
        CaseOutcome::Cross(case, result, staff) => run.cross_case(&session, case, result, staff),
    });
    run.finish(args, &session.rules)
}

/// The JSON report's opening, up to the findings array; `notes` (what the run noticed about
/// its inputs) only when there are any.
fn json_head(report: &json::JsonReport, notes: &[InputNote]) -> String {
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let notes = if notes.is_empty() {
        String::new()
    } else {
        format!(",\n  \"notes\": {}", json_member(&json::input_notes(notes)))
    };
    format!(
        "{{\n  \"version\": {},\n  \"as_of\": {}{notes},\n  \"findings\": ",
        quote(report.version),
        quote(&report.as_of)
    )
}

/// A value written as a member of the report object (continuation lines indented by two).
fn json_member<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default().replace('\n', "\n  ")
}

/// Whether human output is coloured.
fn color_wanted(args: &CheckArgs) -> bool {
    match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            args.output.is_none() && std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    }
}

impl Run {
    /// Writes a diagnostic for human output now; other formats do not need it.
    fn emit(&mut self, diag: Diag) {
        if let Some(color) = self.human {
            let text = report::render_human(&[diag], color);
            self.write(text.as_bytes());
        }
    }

    fn write(&mut self, bytes: &[u8]) {
        if self.write_error.is_none()
            && let Err(err) = self.out.write_all(bytes)
        {
            self.write_error = Some(err);
        }
    }

    /// Records a finding's entry: written now for JSON, kept small for the human summary,
    /// kept whole for the formats rendered at the end.
    /// `bytes`, when given, are the entry serialized ahead by a worker.
    fn keep(&mut self, entry: json::JsonFinding, not_yet_due: bool, bytes: Option<Vec<u8>>) {
        if let Some((count, spool)) = &mut self.json_stream {
            let result = match (not_yet_due, bytes) {
                (true, Some(bytes)) => spool.push_bytes(&bytes),
                (true, None) => spool.push(&entry),
                (false, bytes) => {
                    let opening = if *count == 0 { self.out.write_all(b"[\n") } else { Ok(()) };
                    let written = opening.and_then(|()| match bytes {
                        Some(bytes) => crate::stream::write_element_bytes(&mut self.out, *count, &bytes),
                        None => crate::stream::write_element(&mut self.out, *count, &entry),
                    });
                    *count += 1;
                    written
                }
            };
            if let Err(err) = result
                && self.write_error.is_none()
            {
                self.write_error = Some(err);
            }
            return;
        }
        if self.human.is_some() {
            if not_yet_due {
                return;
            }
            // The summary tables read rule, clauses, case, schemes, auditors and missing facts.
            let slim = json::JsonFinding {
                message: Default::default(),
                help: Default::default(),
                labels: Vec::new(),
                ..entry
            };
            self.report.findings.push(slim);
            return;
        }
        if not_yet_due {
            self.report.not_yet_due.push(entry);
        } else {
            self.report.findings.push(entry);
        }
    }

    /// An input path that could not be used (an unreadable directory).
    fn input_error(&mut self, error: &crate::inputs::InputError) {
        self.emit(report::input_diag(error, self.lang));
        self.report.errors.push(json::input_error(error));
        self.report.summary.errors += 1;
    }

    fn load_error(&mut self, error: &LoadError, source: &SourceFile) {
        self.emit(report::load_diag(error, source, self.lang));
        self.report.errors.push(json::load_error(error, source));
        self.report.summary.errors += 1;
    }

    /// An input warning: shown, listed in `warnings`, failing the run only with
    /// `--fail-on warning`.
    fn load_warning(&mut self, warning: &LoadError, source: &SourceFile) {
        self.emit(report::load_diag(warning, source, self.lang));
        self.report.warnings.push(json::load_warning(warning, source));
        self.report.summary.warnings += 1;
        self.failing |= self.fail_on == FailOn::Warning;
    }

    fn case(
        &mut self,
        session: &Session,
        case: &Case,
        result: &CaseResult,
        staff: &StaffRegistry,
        prepared: Option<Prepared>,
    ) {
        self.report.summary.cases_checked += 1;
        if let Some(checked) = &mut self.checked {
            checked.push(report::junit::CheckedCase { file: case.source.name.to_string(), case_id: case.id.clone() });
        }
        let checked_waivers = self.file(session, case, result, staff, prepared.unwrap_or_default());
        self.ledger.finish_case(checked_waivers);
    }

    /// Cross-case findings filed under a case checked earlier: its waivers apply to them, and
    /// a waiver counted unused when the case was checked is used after all if one matches.
    fn cross_case(&mut self, session: &Session, case: &Case, result: &CaseResult, staff: &StaffRegistry) {
        self.file(session, case, result, staff, Prepared::default());
    }

    /// Files, keeps and emits one case's findings, with what a worker prepared for them if
    /// anything; returns the case's waivers as checked.
    fn file(
        &mut self,
        session: &Session,
        case: &Case,
        result: &CaseResult,
        staff: &StaffRegistry,
        prepared: Prepared,
    ) -> Vec<(waivers::Waiver, Option<waivers::WaiverProblem>)> {
        let checked_waivers =
            waivers::for_case(self.register.as_ref(), case, &session.rules, staff, &session.settings, session.as_of);
        let entries = if prepared.entries.len() == result.findings.len() {
            prepared.entries
        } else {
            json::case_entries(result, case, &session.rules)
        };
        let mut rendered = prepared.human;
        let mut serialized = if prepared.json.len() == result.findings.len() { prepared.json } else { Vec::new() };
        let filed = json::file_findings(
            result,
            &case.id,
            entries,
            &session.rules,
            &checked_waivers,
            &mut self.ledger,
            &mut self.report.summary,
        );
        // In human output, open not-evaluable findings of this case that lack the same single
        // fact read as one evidence gap: one diagnostic listing the rules, where the first of
        // them stands. JSON and the other formats keep one entry per rule.
        let mut gaps: BTreeMap<&str, Vec<&crate::check::CheckedRule>> = BTreeMap::new();
        if self.human.is_some() {
            for filing in filed.iter().filter(|f| matches!(f.filed, Filed::Open)) {
                if let Some(pointer) = report::single_missing(filing.finding) {
                    gaps.entry(pointer).or_default().push(filing.rule);
                }
            }
            gaps.retain(|_, rules| rules.len() > 1);
        }
        for json::Filing { index, finding, rule, entry, filed } in filed {
            let gap = report::single_missing(finding).and_then(|pointer| gaps.get_key_value(pointer));
            if let (Some((pointer, rules)), Filed::Open) = (gap, &filed) {
                // The first member of the gap shows it; the others only count.
                if rules.first().is_some_and(|first| first.id == rule.id) {
                    self.emit(report::evidence_gap_diag(finding, rule, pointer, rules, &case.source, self.lang));
                }
                self.failing |= finding.severity == Severity::Error || self.fail_on == FailOn::Warning;
                self.keep(entry, false, None);
                continue;
            }
            if self.want_excerpts {
                let key = (entry.file.clone(), entry.line);
                self.excerpts.entry(key).or_insert_with(|| report::html::excerpt(&case.source.text, entry.line, 3));
                if let (Some(elsewhere), Some(label)) =
                    (&finding.elsewhere, entry.labels.iter().find(|l| l.file.is_some()))
                {
                    let key = (elsewhere.source.name.to_string(), label.line);
                    self.excerpts
                        .entry(key)
                        .or_insert_with(|| report::html::excerpt(&elsewhere.source.text, label.line, 3));
                }
            }
            // A waived entry records its waiver: it is serialized again.
            let bytes = serialized.get_mut(index).and_then(Option::take).filter(|_| entry.waived.is_none());
            match filed {
                Filed::NotYetDue => self.keep(entry, true, bytes),
                Filed::Waived(waiver) => {
                    self.keep(entry, false, None);
                    if self.show_waived && self.human.is_some() {
                        let mut diag = report::finding_diag(finding, rule, &case.source, self.lang);
                        diag.message = report::waived_message(&diag.message, waiver, self.lang);
                        diag.severity = miette::Severity::Advice;
                        self.emit(diag);
                    }
                }
                Filed::Open => {
                    self.keep(entry, false, bytes);
                    // Only human output shows diagnostics: other formats need none built.
                    if self.human.is_some() {
                        match rendered.get_mut(index).and_then(Option::take) {
                            Some(text) => self.write(text.as_bytes()),
                            None => self.emit(report::finding_diag(finding, rule, &case.source, self.lang)),
                        }
                    }
                    self.failing |= finding.severity == Severity::Error || self.fail_on == FailOn::Warning;
                }
            }
        }
        checked_waivers
    }

    fn finish(mut self, args: &CheckArgs, rules: &RuleSet) -> Exit {
        if let Some(register) = self.register.take() {
            for (waiver, problem) in self.ledger.problems(&register) {
                let severe = report::waiver_problem_is_error(&problem);
                self.failing |= severe || self.fail_on == FailOn::Warning;
                self.emit(report::waiver_diag(waiver, &problem, &register.source, self.lang));
                self.report.waiver_findings.push(json::waiver_finding(waiver, &problem, &register.source));
            }
        }
        let text = match args.format {
            Format::Json => {
                // The findings went out as they came; the rest of the object follows.
                if let Some((count, mut spool)) = self.json_stream.take() {
                    self.write(if count == 0 { b"[]" } else { b"\n  ]" });
                    self.write(b",\n  \"not_yet_due\": ");
                    if self.write_error.is_none()
                        && let Err(err) = spool.finish_into(&mut self.out)
                    {
                        self.write_error = Some(err);
                    }
                }
                format!(
                    ",\n  \"errors\": {},\n  \"warnings\": {},\n  \"waiver_findings\": {},\n  \"summary\": {}\n}}\n",
                    json_member(&self.report.errors),
                    json_member(&self.report.warnings),
                    json_member(&self.report.waiver_findings),
                    json_member(&self.report.summary)
                )
            }
            Format::Sarif => report::sarif::render_sarif(&self.report, rules, self.lang),
            Format::Junit => {
                report::junit::render_junit_cases(&self.report, self.checked.as_deref().unwrap_or_default(), self.lang)
            }
            Format::Html => {
                let summary = report::summary::summarize(&self.report, rules);
                report::html::render_html(&self.report, &summary, rules, self.lang, &self.excerpts)
            }
            Format::Human => {
                // A run over several cases ends with the whole-CB summary tables.
                let tables = if self.report.summary.files > 1 {
                    report::summary::render_summary(&report::summary::summarize(&self.report, rules), self.lang)
                } else {
                    String::new()
                };
                tables + &summary_line(&self.report, self.lang) + "\n"
            }
        };
        self.write(text.as_bytes());
        // A report that could not be written whole is not put in place of the previous one.
        if self.write_error.is_none()
            && let Err(err) = self.out.commit()
        {
            self.write_error = Some(err);
        }
        if let Some(err) = &self.write_error {
            eprintln!("caselint: {err}");
            return Exit::BadInput;
        }
        if self.report.summary.errors > 0 {
            Exit::BadInput
        } else if self.failing {
            Exit::Findings
        } else {
            Exit::Clean
        }
    }
}

/// The last line of human output: what was checked, as of when, with what result.
fn summary_line(report: &json::JsonReport, lang: Lang) -> String {
    let s = &report.summary;
    let warnings = match (s.warnings, lang) {
        (0, _) => String::new(),
        (n, Lang::Zh) => format!("，输入警告 {n} 个"),
        (n, Lang::En) => format!(", {n} input warnings"),
    };
    let line = match lang {
        Lang::Zh => format!(
            "截至 {}：检查案卷 {} 个（共 {} 个文件）；违规 {} 项，无法评估 {} 项，未到期 {} 项，已豁免 {} 项，输入错误 {} 个",
            report.as_of, s.cases_checked, s.files, s.violated, s.not_evaluable, s.not_yet_due, s.waived, s.errors
        ),
        Lang::En => format!(
            "as of {}: {} of {} case files checked; {} violated, {} not evaluable, {} not yet due, {} waived, {} input errors",
            report.as_of, s.cases_checked, s.files, s.violated, s.not_evaluable, s.not_yet_due, s.waived, s.errors
        ),
    };
    line + &warnings
}

fn generate_corpus(args: &GenArgs) -> Exit {
    let occupied = std::fs::read_dir(&args.out).is_ok_and(|mut entries| entries.next().is_some());
    if occupied {
        eprintln!("caselint gen: {} is not empty; give a new or empty directory", args.out.display());
        return Exit::BadInput;
    }
    let corpus = crate::generate::generate(args.cases, args.seed);
    if let Err(err) = crate::generate::write_corpus(&corpus, &args.out) {
        eprintln!("caselint gen: {err}");
        return Exit::BadInput;
    }
    print_out(&format!(
        "{} cases, {} injected findings; check with: caselint check {} --as-of {}\n",
        corpus.cases.len(),
        corpus.truth.len(),
        args.out.join("cases").display(),
        corpus.as_of
    ));
    Exit::Clean
}

/// Parses `90d`, `6m`, `1y` or a plain number of days.
fn parse_window(text: &str) -> Option<(i64, crate::syntax::ast::Unit)> {
    use crate::syntax::ast::Unit;
    let text = text.trim();
    let (number, unit) = match text.char_indices().last()? {
        (i, 'd') => (text.get(..i)?, Unit::Days),
        (i, 'm') => (text.get(..i)?, Unit::Months),
        (i, 'y') => (text.get(..i)?, Unit::Years),
        _ => (text, Unit::Days),
    };
    number.parse::<i64>().ok().filter(|n| *n >= 0).map(|n| (n, unit))
}

fn due(args: &DueArgs) -> Exit {
    let session = match Session::start(&args.run) {
        Ok(session) => session,
        Err(exit) => return exit,
    };
    let Some((amount, unit)) = parse_window(&args.within) else {
        match session.lang {
            Lang::Zh => eprintln!("caselint: --within `{}` 无效，应为 90d、6m 或 1y", args.within),
            Lang::En => eprintln!("caselint: --within `{}` is not a window like 90d, 6m or 1y", args.within),
        }
        return Exit::BadInput;
    };
    let (months, days) = match unit {
        crate::syntax::ast::Unit::Days => (0, amount),
        crate::syntax::ast::Unit::Months => (amount, 0),
        crate::syntax::ast::Unit::Years => (amount * 12, 0),
    };
    let until = crate::eval::add_duration(session.as_of, months, days).unwrap_or(session.as_of);
    let walk = match session.inputs(&args.paths) {
        Ok(walk) => walk,
        Err(exit) => return exit,
    };
    let mut obligations: Vec<report::calendar::Obligation> = Vec::new();
    let mut diags: Vec<Diag> = walk.errors.iter().map(|e| report::input_diag(e, session.lang)).collect();
    // Warnings are shown; only errors make the exit code 2.
    let mut failed = !diags.is_empty();
    session.each_case(&walk.files, args.run.staff.as_deref(), |outcome| match outcome {
        CaseOutcome::Failed(error, source) => {
            failed = true;
            diags.push(report::load_diag(error, source, session.lang))
        }
        CaseOutcome::Warned(warning, source) => diags.push(report::load_diag(warning, source, session.lang)),
        // Cross-case rules have no deadlines.
        CaseOutcome::Cross(..) => {}
        CaseOutcome::Checked(case, result, _, _) => {
            for finding in &result.findings {
                let Verdict::NotYetDue { due } = finding.verdict else { continue };
                if due > until {
                    continue;
                }
                if let Some(rule) = session.rules.rule(&finding.rule) {
                    obligations.push(report::calendar::obligation(finding, rule, case, due));
                }
            }
        }
    });
    obligations
        .sort_by(|a, b| (&a.due, &a.case_id, &a.rule, &a.pointer).cmp(&(&b.due, &b.case_id, &b.rule, &b.pointer)));
    if !diags.is_empty() {
        eprint!("{}", report::render_human(&diags, std::io::stderr().is_terminal()));
    }
    let text = match args.format {
        CalendarFormat::Json => report::calendar::calendar_json(&obligations, session.as_of, until),
        CalendarFormat::Human => report::calendar::calendar_text(&obligations, session.as_of, until, session.lang),
    };
    print_visible(&text);
    if failed { Exit::BadInput } else { Exit::Clean }
}

fn coverage(args: &CoverageArgs) -> Exit {
    let session = match Session::start(&args.run) {
        Ok(session) => session,
        Err(exit) => return exit,
    };
    let mut verdicts: Option<BTreeMap<String, crate::coverage::VerdictCounts>> = None;
    let mut exit = Exit::Clean;
    if !args.paths.is_empty() {
        let walk = match session.inputs(&args.paths) {
            Ok(walk) => walk,
            Err(exit) => return exit,
        };
        let mut counts: BTreeMap<String, crate::coverage::VerdictCounts> = BTreeMap::new();
        let mut diags: Vec<Diag> = walk.errors.iter().map(|e| report::input_diag(e, session.lang)).collect();
        // Warnings are shown; only errors make the exit code 2.
        let mut failed = !diags.is_empty();
        session.each_case(&walk.files, args.run.staff.as_deref(), |outcome| match outcome {
            CaseOutcome::Failed(error, source) => {
                failed = true;
                diags.push(report::load_diag(error, source, session.lang))
            }
            CaseOutcome::Warned(warning, source) => diags.push(report::load_diag(warning, source, session.lang)),
            CaseOutcome::Checked(_, result, _, _) | CaseOutcome::Cross(_, result, _) => {
                crate::coverage::VerdictCounts::tally(&mut counts, result, &session.rules);
            }
        });
        if !diags.is_empty() {
            eprint!("{}", report::render_human(&diags, std::io::stderr().is_terminal()));
        }
        if failed {
            exit = Exit::BadInput;
        }
        verdicts = Some(counts);
    }
    let rows = crate::coverage::clause_matrix(&session.rules, verdicts.as_ref());
    let text = match args.format {
        ListFormat::Table => report::coverage::coverage_table(&rows, &session.rules, session.lang),
        ListFormat::Markdown => report::coverage::coverage_markdown(&rows, &session.rules, session.lang),
        ListFormat::Json => report::coverage::coverage_json(&rows, &session.rules),
    };
    print_visible(&text);
    exit
}

fn list_rules(args: &RulesArgs) -> Exit {
    let lang = lang_of(args.common.lang);
    let rules = match load_rules(&args.common) {
        Ok(rules) => rules,
        Err(exit) => return exit,
    };
    if args.format == ListFormat::Markdown {
        print_visible(&report::coverage::rules_markdown(&rules));
        return Exit::Clean;
    }
    if args.format == ListFormat::Json {
        let list: Vec<serde_json::Value> = rules
            .rules
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.id, "clauses": r.clauses, "cites": r.cites,
                    "severity": if r.severity == Severity::Error { "error" } else { "warning" },
                    "title": { "zh": r.title.zh, "en": r.title.en },
                })
            })
            .collect();
        print_out(&(serde_json::to_string_pretty(&list).unwrap_or_default() + "\n"));
        return Exit::Clean;
    }
    let mut out = String::new();
    for rule in &rules.rules {
        let severity = match rule.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(&format!(
            "{:<48} {:<8} {:<24} {}\n",
            rule.id,
            severity,
            rule.clauses.join(","),
            rule.title.get(lang)
        ));
    }
    print_visible(&out);
    Exit::Clean
}

fn explain(args: &ExplainArgs) -> Exit {
    let lang = lang_of(args.common.lang);
    let rules = match load_rules(&args.common) {
        Ok(rules) => rules,
        Err(exit) => return exit,
    };
    let Some(rule) = rules.rule(&args.rule) else {
        match lang {
            Lang::Zh => eprintln!("caselint: 没有规则 `{}`；用 `caselint rules` 列出全部规则", args.rule),
            Lang::En => eprintln!("caselint: no rule `{}`; `caselint rules` lists them", args.rule),
        }
        return Exit::BadInput;
    };
    let graph = FactGraph::build(&rules);
    print_visible(&crate::report::explain(rule, &graph, lang));
    Exit::Clean
}

#[derive(Debug, clap::Args)]
struct PackArgs {
    /// Case files or directories (every *.json in them but staff.json).
    #[arg(value_name = "PATH", required_unless_present = "verify")]
    paths: Vec<PathBuf>,
    /// Staff registry (default: staff.json in the case's directory or a parent).
    #[arg(long, value_name = "FILE", env = "CASELINT_STAFF")]
    staff: Option<PathBuf>,
    /// The date deadlines are judged against (default: today); the manifest records it.
    #[arg(long, value_name = "YYYY-MM-DD")]
    as_of: Option<String>,
    /// Directory to write the pack to (created; must be new or empty).
    #[arg(long, value_name = "DIR", required_unless_present = "verify")]
    out: Option<PathBuf>,
    /// Check an existing pack instead: rebuild it from the inputs its manifest names and
    /// compare every byte (run from the directory the pack was made in).
    #[arg(long, value_name = "DIR", conflicts_with_all = ["paths", "out", "as_of"])]
    verify: Option<PathBuf>,
    /// Waiver register (default: caselint.waivers.toml in the working directory or a parent).
    #[arg(long, value_name = "FILE", env = "CASELINT_WAIVERS")]
    waivers: Option<PathBuf>,
    #[command(flatten)]
    common: CommonArgs,
    #[command(flatten)]
    settings: SettingsArgs,
}

/// `caselint pack`: the accreditation evidence pack, or `--verify` of one.
fn pack(args: &PackArgs) -> Exit {
    let lang = lang_of(args.common.lang);
    let Ok(cwd) = std::env::current_dir() else {
        eprintln!("caselint pack: no working directory");
        return Exit::BadInput;
    };
    if let Some(dir) = &args.verify {
        return verify_pack_dir(dir, &cwd, lang);
    }
    let Some(out) = &args.out else { return Exit::BadInput };
    // Refused before any work, not after evaluating every case.
    if std::fs::read_dir(out).is_ok_and(|mut entries| entries.next().is_some()) {
        match lang {
            Lang::Zh => eprintln!("caselint pack: {} 不是空目录；请给出新的或空的目录", out.display()),
            Lang::En => eprintln!("caselint pack: {} is not empty; give a new or empty directory", out.display()),
        }
        return Exit::BadInput;
    }
    // Built in a directory beside `out` and renamed when complete: an interrupted pack leaves
    // nothing half-written (SIGINT/SIGTERM remove the directory in the making).
    crate::output::remove_on_signal();
    let building = crate::output::temp_beside(out, "part");
    crate::output::pending(&building);
    let parent = building.parent().map(Path::to_path_buf).unwrap_or_default();
    if let Err(err) = std::fs::create_dir_all(parent).and_then(|()| std::fs::create_dir(&building)) {
        crate::output::settled(&building);
        let problem = crate::inputs::InputProblem::Unwritable { kind: err.kind(), message: err.to_string() };
        return print_input_errors(&[crate::inputs::InputError { path: out.clone(), problem }], lang);
    }
    let exit = pack_into(args, out, &building, &cwd, lang);
    // Left only when the pack was not put in place.
    let _ = std::fs::remove_dir_all(&building);
    crate::output::settled(&building);
    exit
}

/// Builds the pack in `building`, then renames it to `out`.
fn pack_into(args: &PackArgs, out: &Path, building: &Path, cwd: &Path, lang: Lang) -> Exit {
    use crate::pack::{PackInputs, build_pack, evaluate, portable_command_line, portable_path};
    let cwd = cwd.to_path_buf();
    let as_of = match parse_as_of(args.as_of.as_deref()) {
        Ok(date) => date.to_string(),
        Err(text) => return print_pack_error(&crate::pack::PackError::AsOf(text), lang),
    };
    let fail = |path: &Path, err: std::io::Error| {
        let problem = crate::inputs::InputProblem::unreadable(&err);
        print_input_errors(&[crate::inputs::InputError { path: path.to_path_buf(), problem }], lang)
    };
    let rules_files = match &args.common.rules {
        None => BUNDLED_RULES.iter().map(|(name, text)| (name.to_string(), text.to_string())).collect(),
        Some(dir) => match read_rules_dir(dir, &cwd) {
            Ok(files) => files,
            Err(error) => return print_input_errors(std::slice::from_ref(&error), lang),
        },
    };
    let settings_text = match settings_path(&args.settings) {
        None => None,
        Some(path) => match read_regular(&path, MAX_INPUT_BYTES).map(String::from_utf8) {
            Ok(Ok(text)) => Some((portable_path(&path, &cwd), text)),
            Ok(Err(err)) => return fail(&path, std::io::Error::new(std::io::ErrorKind::InvalidData, err)),
            Err(err) => return fail(&path, err),
        },
    };
    let walk = crate::inputs::case_files(&args.paths);
    print_notes(&walk.notes, lang);
    if !walk.errors.is_empty() {
        return print_input_errors(&walk.errors, lang);
    }
    let case_paths = walk.files;
    if case_paths.is_empty() {
        eprintln!("caselint pack: no case files (*.json other than staff.json) in the paths given");
        return Exit::BadInput;
    }
    let mut staff_paths: Vec<PathBuf> = args.staff.iter().cloned().collect();
    if staff_paths.is_empty() {
        let mut finder = StaffFinder::default();
        for input in &case_paths {
            if let Some(found) = finder.find(input)
                && !staff_paths.contains(&found)
            {
                staff_paths.push(found);
            }
        }
    }
    let mut staff = Vec::new();
    for path in &staff_paths {
        match read_regular(path, MAX_INPUT_BYTES) {
            Ok(bytes) => staff.push((portable_path(path, &cwd), bytes)),
            Err(err) => return fail(path, err),
        }
    }
    let mut cases = Vec::new();
    for path in &case_paths {
        match read_input(path) {
            Ok(bytes) => cases.push((portable_path(path, &cwd), bytes)),
            Err(err) => return fail(path, err),
        }
    }
    let waivers = match &discover_config(args.waivers.as_deref(), "caselint.waivers.toml") {
        None => None,
        Some(path) => match read_regular(path, MAX_INPUT_BYTES) {
            Ok(bytes) => Some((portable_path(path, &cwd), bytes)),
            Err(err) => return fail(path, err),
        },
    };
    // `pack --verify` reads only below the directory it runs from: an input outside the
    // working directory would make a pack that cannot be verified.
    let recorded = rules_files.iter().map(|(name, _)| name).chain(settings_text.iter().map(|(name, _)| name));
    let recorded = recorded.chain(staff.iter().chain(&cases).chain(&waivers).map(|(name, _)| name));
    if let Some(outside) = recorded.into_iter().find(|name| name.starts_with("..") || name.starts_with('/')) {
        let problem = crate::inputs::InputProblem::OutsideBase;
        return print_input_errors(&[crate::inputs::InputError { path: PathBuf::from(outside), problem }], lang);
    }
    let inputs = PackInputs {
        rules_files,
        rules_dir: args.common.rules.as_deref().map(|dir| portable_path(dir, &cwd)),
        procedure_index: crate::procedure::CLAUSES_TSV,
        settings_text,
        staff,
        cases,
        waivers,
        as_of,
        command_line: portable_command_line(&std::env::args().collect::<Vec<_>>(), &cwd),
    };
    let evaluation = match evaluate(&inputs) {
        Ok(evaluation) => evaluation,
        Err(error) => return print_pack_error(&error, lang),
    };
    let rows = crate::coverage::clause_matrix(&evaluation.rules, Some(&evaluation.verdicts));
    let files = build_pack(&inputs, &evaluation.report, &rows, &evaluation.rules, evaluation.register.as_ref());
    for (name, bytes) in &files {
        let path = building.join(name);
        if let Some(parent) = path.parent()
            && let Err(err) = std::fs::create_dir_all(parent)
        {
            return fail(parent, err);
        }
        if let Err(err) = std::fs::write(&path, bytes) {
            return fail(&path, err);
        }
    }
    // An empty `out` (checked before any work) gives way to the complete pack.
    if out.is_dir() {
        let _ = std::fs::remove_dir(out);
    }
    if let Err(err) = std::fs::rename(building, out) {
        return fail(out, err);
    }
    let total: usize = files.values().map(Vec::len).sum();
    let s = &evaluation.report.summary;
    match lang {
        Lang::Zh => print_out(&format!(
            "证据包已写入 {}：{} 个文件，共 {total} 字节；截至 {}，检查案卷 {} 个，违规 {} 项，无法评估 {} 项，已豁免 {} 项，输入错误 {} 个\n",
            out.display(),
            files.len(),
            evaluation.report.as_of,
            s.cases_checked,
            s.violated,
            s.not_evaluable,
            s.waived,
            s.errors
        )),
        Lang::En => print_out(&format!(
            "pack written to {}: {} files, {total} bytes; as of {}, {} cases checked, {} violated, {} not evaluable, {} waived, {} input errors\n",
            out.display(),
            files.len(),
            evaluation.report.as_of,
            s.cases_checked,
            s.violated,
            s.not_evaluable,
            s.waived,
            s.errors
        )),
    }
    if s.errors > 0 { Exit::BadInput } else { Exit::Clean }
}

/// `caselint pack --verify DIR`: exit 0 when every byte matches, 1 when not (or when the pack
/// or its manifest names something verification refuses to read), 2 on bad input.
fn verify_pack_dir(dir: &Path, cwd: &Path, lang: Lang) -> Exit {
    use crate::pack_files::{Refused, read_pack_dir, read_recorded, recorded_path};
    let (files, mut refused) = read_pack_dir(dir);
    let manifest = match crate::pack::read_manifest(files.get("manifest.json").map(Vec::as_slice)) {
        Ok(manifest) => manifest,
        Err(error) => {
            print_refused(&refused, lang);
            return print_pack_error(&error, lang);
        }
    };
    // The manifest is not trusted: what it names is read only below the working directory.
    let from_manifest = std::cell::RefCell::new(Vec::new());
    let refuse = |entry: &str, refusal| {
        from_manifest.borrow_mut().push(Refused { entry: format!("manifest.json → {entry}"), refusal });
    };
    let read = |path: &str| match read_recorded(cwd, path, MAX_INPUT_BYTES) {
        Ok(bytes) => Some(bytes),
        Err(refusal) => {
            refuse(path, refusal);
            None
        }
    };
    let list_rules = |rules_dir: &str| -> Vec<(String, String)> {
        let dir = match recorded_path(cwd, rules_dir) {
            Ok(_) => Path::new(rules_dir),
            Err(refusal) => {
                refuse(rules_dir, refusal);
                return Vec::new();
            }
        };
        let paths = crate::inputs::rules_files(dir).unwrap_or_default();
        let mut files = Vec::new();
        for path in paths {
            let name = crate::pack::portable_path(&path, cwd);
            if let Some(text) = read(&name).and_then(|bytes| String::from_utf8(bytes).ok()) {
                files.push((name, text));
            }
        }
        files
    };
    let inputs = crate::pack::inputs_from_manifest(&manifest, read, list_rules);
    let mut verification = crate::pack::verify_pack(&files, &inputs);
    refused.extend(from_manifest.into_inner());
    if !refused.is_empty() {
        verification.identical = false;
    }
    print_visible(&crate::pack::render_verification(&verification, lang));
    print_refused(&refused, lang);
    if let Some(error) = &verification.rebuild_error {
        print_pack_error(error, lang);
    }
    if verification.identical { Exit::Clean } else { Exit::Findings }
}

/// Says what verification refused to read, each with its manifest entry or pack file.
fn print_refused(refused: &[crate::pack_files::Refused], lang: Lang) {
    for item in refused {
        print_visible(&format!("{}\n", report::catalogue::inputs::refused_text(item, lang)));
    }
}

/// `DIR/*.rules` in name order as (name as the pack records it, text), as `load_rules` reads them.
fn read_rules_dir(dir: &Path, cwd: &Path) -> Result<Vec<(String, String)>, crate::inputs::InputError> {
    let files = crate::inputs::read_rules_dir(dir)?;
    Ok(files.into_iter().map(|(path, text)| (crate::pack::portable_path(&path, cwd), text)).collect())
}

/// Prints why no pack could be built or verified.
fn print_pack_error(error: &crate::pack::PackError, lang: Lang) -> Exit {
    use crate::pack::PackError;
    let diags: Vec<Diag> = match error {
        PackError::Rules(errors) => errors.iter().map(|e| report::check_diag(e, lang)).collect(),
        PackError::Settings(source, errors) | PackError::Waivers(source, errors) => {
            errors.iter().map(|e| report::config_diag(e, source, lang)).collect()
        }
        PackError::AsOf(text) => {
            match lang {
                Lang::Zh => eprintln!("caselint: --as-of 的日期 `{text}` 无效，应为存在的日期 YYYY-MM-DD"),
                Lang::En => eprintln!("caselint: --as-of `{text}` is not a valid date YYYY-MM-DD"),
            }
            return Exit::BadInput;
        }
        PackError::Manifest(message) => {
            eprintln!("caselint pack --verify: {message}");
            return Exit::BadInput;
        }
    };
    eprint!("{}", report::render_human(&diags, std::io::stderr().is_terminal()));
    Exit::BadInput
}
