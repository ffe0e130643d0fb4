//! The accreditation evidence pack (`caselint pack`): a reproducible, bilingual,
//! clause-by-clause account of how the CB's procedure is enforced and what its cases show,
//! for the CNAS assessor.
//!
//! Everything here is pure: the command line reads the inputs into [`PackInputs`] (bytes and
//! the names they were given under, relative to the working directory), [`make_pack`] (or
//! [`evaluate`], [`crate::coverage::clause_matrix`] and [`build_pack`]) turns them into the
//! pack's files as a map of relative path to bytes, and the command line writes the map.
//! The same inputs give the same bytes: no wall clock, no absolute path, no hash-map order,
//! and every OSCAL uuid derived from SHA-256 of stable strings.
//!
//! [`verify_pack`] rebuilds a pack from the inputs its `manifest.json` names and says which
//! inputs changed (by SHA-256) and whether every byte matches.
//!
//! The pack:
//! - `manifest.json` — caselint version, as-of date, command line, the SHA-256 of every input
//!   (rules files, procedure index, default and file settings, staff registries, case files,
//!   waiver register) and of every other file of the pack;
//! - `README.md` — what the files are;
//! - `clauses.json`, `clauses.md` — the clause matrix with verdict counts over the cases;
//! - `findings.json` — every finding grouped by clause (one citing several clauses is under each);
//! - `waivers.json` — the waiver register with each waiver's standing;
//! - `report/<clause>.zh.md`, `report/<clause>.en.md` — one report per clause and language;
//! - `report/index.html` — one page in the style of the whole-CB HTML report;
//! - `oscal/assessment-results.json` — an OSCAL 1.1.2 Assessment Results document.

use crate::check::{CheckError, CheckedRule, RuleSet, load_rule_set};
use crate::coverage::{ClauseCoverage, FixtureProof, VerdictCounts, clause_matrix};
use crate::eval::claims::ClaimBook;
use crate::eval::evaluate_case;
use crate::eval::population::findings_by_case;
use crate::facts::load::{parse_date, read_source};
use crate::facts::settings::{DEFAULT_SETTINGS, Settings};
use crate::facts::{Case, LoadError, LoadProblem, StaffRegistry, load_case, load_staff};
use crate::report::coverage::summary_line;
use crate::report::html::html_table;
use crate::report::html::{escape_html, stylesheet};
use crate::report::json::{self, Bilingual, JsonFinding, JsonReport, JsonSummary};
use crate::report::markdown as md;
use crate::source::{SourceFile, Span};
use crate::syntax::ast::{Lang, Severity};
use crate::waivers::{self, Register};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

/// The format of `manifest.json`; bumped when the pack's layout changes.
pub const PACK_FORMAT: &str = "caselint-evidence-pack/1";

/// The OSCAL version the Assessment Results document is written against.
pub const OSCAL_VERSION: &str = "1.1.2";

/// Everything a pack is built from, as bytes with the names they were given under.
///
/// Names must be relative to the working directory (see [`portable_path`]) so that the pack
/// is the same on any machine.
#[derive(Debug, Clone, Default)]
pub struct PackInputs {
    /// The rules files (name, text), in load order.
    pub rules_files: Vec<(String, String)>,
    /// The directory the rules were loaded from, or `None` for the rules bundled in the binary.
    pub rules_dir: Option<String>,
    /// The clause index (`crate::procedure::CLAUSES_TSV`).
    pub procedure_index: &'static str,
    /// The settings file (name, text); `None` means the built-in defaults alone.
    pub settings_text: Option<(String, String)>,
    /// The staff registries (name, bytes): one for every case, or several, each serving the
    /// cases under its directory.
    pub staff: Vec<(String, Vec<u8>)>,
    /// The case files (name, bytes).
    pub cases: Vec<(String, Vec<u8>)>,
    /// The waiver register (name, bytes), if any.
    pub waivers: Option<(String, Vec<u8>)>,
    /// The as-of date, `YYYY-MM-DD`.
    pub as_of: String,
    /// The command line, program name first, with relative paths only.
    pub command_line: Vec<String>,
}

/// Why no pack can be built.
#[derive(Debug, Clone)]
pub enum PackError {
    /// The as-of date is not a date.
    AsOf(String),
    /// The rules do not check.
    Rules(Vec<CheckError>),
    /// The settings file does not load.
    Settings(SourceFile, Vec<crate::facts::limits::ConfigError>),
    /// The waiver register does not load.
    Waivers(SourceFile, Vec<crate::facts::limits::ConfigError>),
    /// `manifest.json` is missing or is not a pack manifest.
    Manifest(String),
}

/// What the cases show: the report of `caselint check --format json`, with the verdict
/// counts per rule that `caselint coverage` adds.
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// The checked rules.
    pub rules: RuleSet,
    /// The effective settings.
    pub settings: Settings,
    /// The waiver register, if any.
    pub register: Option<Register>,
    /// The JSON report, as `check --format json` gives it.
    pub report: JsonReport,
    /// Verdict counts per clause id over the cases (`VerdictCounts::tally`).
    pub verdicts: BTreeMap<String, VerdictCounts>,
}

/// The SHA-256 of one input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputDigest {
    /// `rules`, `procedure_index`, `settings_defaults`, `settings`, `staff`, `case` or `waivers`.
    pub kind: String,
    /// The name it was given under.
    pub path: String,
    /// Lower-case hex SHA-256 of its bytes.
    pub sha256: String,
}

/// The SHA-256 and size of one file of the pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileDigest {
    /// Relative path in the pack.
    pub path: String,
    /// Size in bytes.
    pub bytes: usize,
    /// Lower-case hex SHA-256.
    pub sha256: String,
}

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`PACK_FORMAT`].
    pub format: String,
    /// caselint version that built the pack.
    pub caselint_version: String,
    /// The as-of date.
    pub as_of: String,
    /// The command line, relative paths only.
    pub command_line: Vec<String>,
    /// The rules directory, or `None` for the bundled rules.
    pub rules_dir: Option<String>,
    /// The settings file, or `None` for the defaults alone.
    pub settings_file: Option<String>,
    /// Every input with its SHA-256.
    pub inputs: Vec<InputDigest>,
    /// Every other file of the pack with its SHA-256.
    pub files: Vec<FileDigest>,
}

/// SHA-256 of bytes, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for byte in digest.iter() {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// A path as the pack records it: an absolute path made relative to `cwd` (with `..` when it
/// lies outside it), `/` separators, no `.` components, so that the manifest names no
/// absolute directory of the machine that made it.
pub fn portable_path(path: &Path, cwd: &Path) -> String {
    let relative: PathBuf = if path.is_absolute() && cwd.is_absolute() {
        let here: Vec<Component> = cwd.components().filter(|c| *c != Component::CurDir).collect();
        let common = path.components().zip(&here).take_while(|(a, b)| a == *b).count();
        // Paths on different roots (Windows drives) stay absolute.
        if common == 0 {
            path.to_path_buf()
        } else {
            let mut relative = PathBuf::new();
            for _ in common..here.len() {
                relative.push("..");
            }
            relative.extend(path.components().skip(common));
            relative
        }
    } else {
        path.to_path_buf()
    };
    let mut parts: Vec<String> = Vec::new();
    let mut absolute = false;
    for component in relative.components() {
        match component {
            Component::RootDir => absolute = true,
            Component::Prefix(prefix) => parts.push(prefix.as_os_str().to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => parts.push("..".to_string()),
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else if joined.is_empty() {
        ".".to_string()
    } else {
        joined
    }
}

/// The command line as the manifest records it: `caselint` for the program, and every
/// absolute path (also in `--flag=PATH`) made relative to `cwd` by [`portable_path`].
pub fn portable_command_line(args: &[String], cwd: &Path) -> Vec<String> {
    args.iter()
        .enumerate()
        .map(|(i, arg)| {
            if i == 0 {
                return "caselint".to_string();
            }
            if let Some((flag, value)) = arg.split_once('=')
                && flag.starts_with("--")
                && Path::new(value).is_absolute()
            {
                return format!("{flag}={}", portable_path(Path::new(value), cwd));
            }
            if Path::new(arg).is_absolute() { portable_path(Path::new(arg), cwd) } else { arg.clone() }
        })
        .collect()
}

/// The SHA-256 of every input, in a stable order.
pub fn input_digests(inputs: &PackInputs) -> Vec<InputDigest> {
    let digest = |kind: &str, path: &str, bytes: &[u8]| InputDigest {
        kind: kind.to_string(),
        path: path.to_string(),
        sha256: sha256_hex(bytes),
    };
    let mut out: Vec<InputDigest> =
        inputs.rules_files.iter().map(|(name, text)| digest("rules", name, text.as_bytes())).collect();
    out.push(digest("procedure_index", "procedure/clauses.tsv", inputs.procedure_index.as_bytes()));
    out.push(digest("settings_defaults", "src/facts/defaults.toml", DEFAULT_SETTINGS.as_bytes()));
    if let Some((name, text)) = &inputs.settings_text {
        out.push(digest("settings", name, text.as_bytes()));
    }
    let mut staff: Vec<&(String, Vec<u8>)> = inputs.staff.iter().collect();
    staff.sort_by(|a, b| a.0.cmp(&b.0));
    out.extend(staff.iter().map(|(name, bytes)| digest("staff", name, bytes)));
    out.extend(sorted_cases(inputs).iter().map(|(name, bytes)| digest("case", name, bytes)));
    if let Some((name, bytes)) = &inputs.waivers {
        out.push(digest("waivers", name, bytes));
    }
    out
}

/// The case inputs sorted by path, duplicates dropped (as `check` expands its paths).
fn sorted_cases(inputs: &PackInputs) -> Vec<&(String, Vec<u8>)> {
    let mut cases: Vec<&(String, Vec<u8>)> = inputs.cases.iter().collect();
    // Path order (component by component), as `check` sorts its inputs.
    cases.sort_by(|a, b| Path::new(&a.0).cmp(Path::new(&b.0)));
    cases.dedup_by(|a, b| a.0 == b.0);
    cases
}

/// The staff registry serving a case: the only one, else the one in the case's directory or
/// its nearest parent, else the first.
fn registry_for(case: &str, staff: &[(String, Vec<u8>)]) -> Option<usize> {
    if staff.len() <= 1 {
        return if staff.is_empty() { None } else { Some(0) };
    }
    let case_dir = Path::new(case).parent().unwrap_or(Path::new(""));
    staff
        .iter()
        .enumerate()
        .filter_map(|(i, (name, _))| {
            let dir = Path::new(name).parent().unwrap_or(Path::new(""));
            case_dir.starts_with(dir).then_some((dir.components().count(), i))
        })
        .max_by_key(|(depth, i)| (*depth, std::cmp::Reverse(*i)))
        .map(|(_, i)| i)
        .or(Some(0))
}

/// A staff registry, or the file and the errors that stopped it loading.
type LoadedRegistry = Result<StaffRegistry, (SourceFile, Vec<LoadError>)>;

/// Loads rules, settings, staff and waivers and evaluates every case, exactly as
/// `caselint check --format json` does (same findings, waivers, counts and order).
pub fn evaluate(inputs: &PackInputs) -> Result<Evaluation, PackError> {
    let as_of = parse_date(&inputs.as_of).map_err(|_| PackError::AsOf(inputs.as_of.clone()))?;
    let files: Vec<SourceFile> =
        inputs.rules_files.iter().map(|(name, text)| SourceFile::new(name.as_str(), text.as_str())).collect();
    let rules = load_rule_set(&files).map_err(PackError::Rules)?;
    let settings = load_settings(inputs)?;
    let register = match &inputs.waivers {
        None => None,
        Some((name, bytes)) => match read_source(name, Ok(bytes.clone())) {
            Ok(source) => Some(Register::load(source.clone()).map_err(|errors| PackError::Waivers(source, errors))?),
            Err(failure) => {
                let (source, error) = *failure;
                return Err(PackError::Waivers(source, vec![error.into()]));
            }
        },
    };
    let registries: Vec<LoadedRegistry> = inputs.staff.iter().map(|(name, bytes)| load_registry(name, bytes)).collect();
    let cases = sorted_cases(inputs);
    let mut run = PackRun {
        report: JsonReport {
            version: env!("CARGO_PKG_VERSION"),
            as_of: as_of.to_string(),
            findings: Vec::new(),
            not_yet_due: Vec::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
            waiver_findings: Vec::new(),
            summary: JsonSummary { files: cases.len(), ..Default::default() },
        },
        ledger: waivers::Ledger::new(register.as_ref()),
        verdicts: BTreeMap::new(),
    };
    let mut reported = vec![false; registries.len()];
    // Cross-case rules: what each case contributes, and each case's text and registry to
    // file their findings once every case has been evaluated.
    let mut claims = ClaimBook::default();
    let mut checked: BTreeMap<usize, (SourceFile, usize)> = BTreeMap::new();
    for (position, (name, bytes)) in cases.into_iter().enumerate() {
        let Some(index) = registry_for(name, &inputs.staff) else {
            let error =
                LoadError { problem: LoadProblem::NoStaffRegistry, span: Span::default(), pointer: String::new() };
            run.load_error(&error, &SourceFile::new(name.as_str(), ""));
            continue;
        };
        let registry = match registries.get(index) {
            Some(Ok(registry)) => registry,
            Some(Err((source, errors))) => {
                // A broken registry is reported once, where it is first needed.
                if let Some(flag) = reported.get_mut(index)
                    && !*flag
                {
                    *flag = true;
                    errors.iter().for_each(|error| run.load_error(error, source));
                }
                continue;
            }
            None => continue,
        };
        let source = match read_source(name, Ok(bytes.clone())) {
            Ok(source) => source,
            Err(failure) => {
                let (source, error) = *failure;
                run.load_error(&error, &source);
                continue;
            }
        };
        match load_case(source.clone(), registry) {
            Ok(case) => {
                for warning in &case.warnings {
                    run.report.warnings.push(json::load_warning(warning, &case.source));
                    run.report.summary.warnings += 1;
                }
                let result = evaluate_case(&rules, &case, registry, &settings, as_of);
                if !result.claims.is_empty() {
                    claims.add(position, &case.id, &result.claims);
                    checked.insert(position, (source.clone(), index));
                }
                let context = Context { rules: &rules, settings: &settings, register: register.as_ref(), as_of };
                run.case(&context, &case, &result, registry);
            }
            Err(errors) => errors.iter().for_each(|error| run.load_error(error, &source)),
        }
    }
    let cross = findings_by_case(&rules, &claims, &settings, as_of, |position| {
        checked.get(&position).map(|(source, _)| source.clone())
    });
    for (position, findings) in cross {
        let Some((source, index)) = checked.get(&position) else { continue };
        let Some(Ok(registry)) = registries.get(*index) else { continue };
        let Ok(case) = load_case(source.clone(), registry) else { continue };
        let result = crate::eval::CaseResult { findings, ..Default::default() };
        let context = Context { rules: &rules, settings: &settings, register: register.as_ref(), as_of };
        run.file(&context, &case, &result, registry);
    }
    if let Some(register) = &register {
        for (waiver, problem) in run.ledger.problems(register) {
            run.report.waiver_findings.push(json::waiver_finding(waiver, &problem, &register.source));
        }
    }
    Ok(Evaluation { rules, settings, register, report: run.report, verdicts: run.verdicts })
}

fn load_settings(inputs: &PackInputs) -> Result<Settings, PackError> {
    match &inputs.settings_text {
        None => Ok(Settings::defaults()),
        Some((name, text)) => {
            let source = SourceFile::new(name.as_str(), text.as_str());
            Settings::load(source.clone()).map_err(|errors| PackError::Settings(source, errors))
        }
    }
}

fn load_registry(name: &str, bytes: &[u8]) -> LoadedRegistry {
    match read_source(name, Ok(bytes.to_vec())) {
        Ok(source) => load_staff(source.clone()).map_err(|errors| (source, errors)),
        Err(failure) => {
            let (source, error) = *failure;
            Err((source, vec![error]))
        }
    }
}

/// What filing a case's findings needs from the evaluation.
#[derive(Clone, Copy)]
struct Context<'e> {
    rules: &'e RuleSet,
    settings: &'e Settings,
    register: Option<&'e Register>,
    as_of: jiff::civil::Date,
}

/// The state of a pack evaluation, as `check`'s `Run` keeps it.
struct PackRun {
    report: JsonReport,
    /// What happened to each waiver over the run.
    ledger: waivers::Ledger,
    verdicts: BTreeMap<String, VerdictCounts>,
}

impl PackRun {
    fn load_error(&mut self, error: &LoadError, source: &SourceFile) {
        self.report.errors.push(json::load_error(error, source));
        self.report.summary.errors += 1;
    }

    fn case(&mut self, context: &Context, case: &Case, result: &crate::eval::CaseResult, staff: &StaffRegistry) {
        self.report.summary.cases_checked += 1;
        let checked_waivers = self.file(context, case, result, staff);
        self.ledger.finish_case(checked_waivers);
    }

    /// Counts and files one case's findings (the cross-case ones too, after every case).
    fn file(
        &mut self,
        context: &Context,
        case: &Case,
        result: &crate::eval::CaseResult,
        staff: &StaffRegistry,
    ) -> Vec<(waivers::Waiver, Option<waivers::WaiverProblem>)> {
        let Context { rules, settings, register, as_of } = *context;
        crate::coverage::VerdictCounts::tally(&mut self.verdicts, result, rules);
        let checked_waivers = waivers::for_case(register, case, rules, staff, settings, as_of);
        let entries = json::case_entries(result, case, rules);
        let filed = json::file_findings(
            result,
            &case.id,
            entries,
            rules,
            &checked_waivers,
            &mut self.ledger,
            &mut self.report.summary,
        );
        for json::Filing { entry, filed, .. } in filed {
            match filed {
                json::Filed::NotYetDue => self.report.not_yet_due.push(entry),
                json::Filed::Waived(_) | json::Filed::Open => self.report.findings.push(entry),
            }
        }
        checked_waivers
    }
}

/// Evaluates the inputs and builds the pack: [`evaluate`], the clause matrix, [`build_pack`].
pub fn make_pack(inputs: &PackInputs) -> Result<BTreeMap<String, Vec<u8>>, PackError> {
    let evaluation = evaluate(inputs)?;
    let rows = clause_matrix(&evaluation.rules, Some(&evaluation.verdicts));
    Ok(build_pack(inputs, &evaluation.report, &rows, &evaluation.rules, evaluation.register.as_ref()))
}

/// A file-name-safe token for a clause id: `4.2.8.1(1)` → `4.2.8.1_1`.
pub fn clause_token(id: &str) -> String {
    id.chars()
        .filter(|c| *c != ')')
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' })
        .collect()
}

/// The OSCAL token (control and objective id) of a clause: `clause-4.2.8.1_1`.
pub fn oscal_clause_id(id: &str) -> String {
    format!("clause-{}", clause_token(id))
}

/// A deterministic UUID (version 5 layout) from SHA-256 of stable strings.
pub fn stable_uuid(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"caselint-pack");
    for part in parts {
        hasher.update([0x1f]);
        hasher.update(part.as_bytes());
    }
    let digest = hasher.finalize();
    let mut bytes = [0u8; 16];
    for (slot, byte) in bytes.iter_mut().zip(digest.iter()) {
        *slot = *byte;
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x50;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let piece = |from: usize, to: usize| hex.get(from..to).unwrap_or("");
    format!("{}-{}-{}-{}-{}", piece(0, 8), piece(8, 12), piece(12, 16), piece(16, 20), piece(20, 32))
}

fn pretty(value: &serde_json::Value) -> Vec<u8> {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text.into_bytes()
}

/// The findings (waived ones included) and not-yet-due requirements citing each clause.
struct ByClause<'r> {
    findings: BTreeMap<&'r str, Vec<(usize, &'r JsonFinding)>>,
    not_yet_due: BTreeMap<&'r str, Vec<&'r JsonFinding>>,
}

fn by_clause(report: &JsonReport) -> ByClause<'_> {
    let mut findings: BTreeMap<&str, Vec<(usize, &JsonFinding)>> = BTreeMap::new();
    for (index, finding) in report.findings.iter().enumerate() {
        let clauses: BTreeSet<&str> = finding.clauses.iter().map(String::as_str).collect();
        for clause in clauses {
            findings.entry(clause).or_default().push((index, finding));
        }
    }
    let mut not_yet_due: BTreeMap<&str, Vec<&JsonFinding>> = BTreeMap::new();
    for finding in &report.not_yet_due {
        let clauses: BTreeSet<&str> = finding.clauses.iter().map(String::as_str).collect();
        for clause in clauses {
            not_yet_due.entry(clause).or_default().push(finding);
        }
    }
    ByClause { findings, not_yet_due }
}

/// The clause ids findings cite, in the procedure's order, then any the index lacks.
fn cited_clauses<'r>(rows: &[ClauseCoverage], groups: &ByClause<'r>) -> Vec<&'r str> {
    let index: BTreeSet<&str> = rows.iter().map(|r| r.clause.id.as_str()).collect();
    let mut out: Vec<&'r str> = Vec::new();
    for row in rows {
        if let Some((id, _)) = groups.findings.get_key_value(row.clause.id.as_str()) {
            out.push(*id);
        } else if let Some((id, _)) = groups.not_yet_due.get_key_value(row.clause.id.as_str()) {
            out.push(*id);
        }
    }
    let extra: BTreeSet<&'r str> =
        groups.findings.keys().chain(groups.not_yet_due.keys()).copied().filter(|id| !index.contains(id)).collect();
    out.extend(extra);
    out
}

/// Builds every file of the pack but the manifest's own entry, then the manifest.
///
/// `report` is what [`evaluate`] gives (the JSON contract of `check`), `rows` the clause
/// matrix with verdict counts, `waiver_register` the register the report was made with.
pub fn build_pack(
    inputs: &PackInputs,
    report: &JsonReport,
    rows: &[ClauseCoverage],
    rules: &RuleSet,
    waiver_register: Option<&Register>,
) -> BTreeMap<String, Vec<u8>> {
    let digests = input_digests(inputs);
    let groups = by_clause(report);
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    files.insert("clauses.json".to_string(), pretty(&clauses_json(rows, rules, &groups)));
    files.insert("clauses.md".to_string(), clauses_markdown(rows, rules, report, &groups).into_bytes());
    files.insert("findings.json".to_string(), pretty(&findings_json(rows, report, &groups)));
    files.insert("waivers.json".to_string(), pretty(&waivers_json(inputs, report, waiver_register)));
    for row in rows {
        let token = clause_token(&row.clause.id);
        for lang in [Lang::Zh, Lang::En] {
            let suffix = if lang == Lang::Zh { "zh" } else { "en" };
            let text = clause_report(row, rules, report, &groups, lang);
            files.insert(format!("report/{token}.{suffix}.md"), text.into_bytes());
        }
    }
    files.insert("report/index.html".to_string(), index_html(rows, rules, report, &groups, &digests).into_bytes());
    files.insert("oscal/assessment-results.json".to_string(), pretty(&oscal(inputs, rows, report, &groups)));
    files.insert("README.md".to_string(), pack_readme(report).into_bytes());
    let manifest = Manifest {
        format: PACK_FORMAT.to_string(),
        caselint_version: report.version.to_string(),
        as_of: report.as_of.clone(),
        command_line: inputs.command_line.clone(),
        rules_dir: inputs.rules_dir.clone(),
        settings_file: inputs.settings_text.as_ref().map(|(name, _)| name.clone()),
        inputs: digests,
        files: files
            .iter()
            .map(|(path, bytes)| FileDigest { path: path.clone(), bytes: bytes.len(), sha256: sha256_hex(bytes) })
            .collect(),
    };
    let value = serde_json::to_value(&manifest).unwrap_or_default();
    files.insert("manifest.json".to_string(), pretty(&value));
    files
}

fn status(row: &ClauseCoverage) -> &'static str {
    if !row.rules.is_empty() {
        "rule"
    } else if row.manual.is_some() {
        "manual"
    } else if !row.through_children.is_empty() {
        "parts"
    } else {
        "unaccounted"
    }
}

fn status_text(status: &str, lang: Lang) -> &'static str {
    match (status, lang) {
        ("rule", Lang::Zh) => "规则检查",
        ("rule", Lang::En) => "checked by rules",
        ("manual", Lang::Zh) => "人工核查",
        ("manual", Lang::En) => "checked by people",
        ("parts", Lang::Zh) => "由下级条款覆盖",
        ("parts", Lang::En) => "through its sub-clauses",
        (_, Lang::Zh) => "未覆盖",
        (_, Lang::En) => "unaccounted",
    }
}

fn severity_text(severity: &str, lang: Lang) -> &'static str {
    match (severity, lang) {
        ("error", Lang::Zh) => "错误",
        ("error", Lang::En) => "error",
        (_, Lang::Zh) => "警告",
        (_, Lang::En) => "warning",
    }
}

fn rule_severity(rule: &CheckedRule) -> &'static str {
    match rule.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn verdict_text(verdict: &str, lang: Lang) -> &'static str {
    match (verdict, lang) {
        ("violated", Lang::Zh) => "违规",
        ("violated", Lang::En) => "violated",
        ("not_evaluable", Lang::Zh) => "无法评估",
        ("not_evaluable", Lang::En) => "not evaluable",
        (_, Lang::Zh) => "未到期",
        (_, Lang::En) => "not yet due",
    }
}

fn pick(text: &Bilingual, lang: Lang) -> &str {
    if lang == Lang::Zh { &text.zh } else { &text.en }
}

fn proof_marks(proof: &FixtureProof) -> String {
    let mark = |on: bool, c: char| if on { c } else { '-' };
    format!("{}{}{}", mark(proof.fires, 'F'), mark(proof.silent, 'S'), mark(proof.missing, 'U'))
}

fn waived_count(findings: Option<&Vec<(usize, &JsonFinding)>>) -> usize {
    findings.map_or(0, |list| list.iter().filter(|(_, f)| f.waived.is_some()).count())
}

fn clauses_json(rows: &[ClauseCoverage], rules: &RuleSet, groups: &ByClause) -> serde_json::Value {
    let clauses: Vec<serde_json::Value> = rows
        .iter()
        .map(|row| {
            let token = clause_token(&row.clause.id);
            let rule_entries: Vec<serde_json::Value> = row
                .rules
                .iter()
                .map(|id| {
                    let rule = rules.rule(id);
                    serde_json::json!({
                        "id": id,
                        "severity": rule.map_or("error", rule_severity),
                        "title": rule.map(|r| serde_json::json!({ "zh": r.title.zh, "en": r.title.en })),
                        "cites": rule.map_or(&[][..], |r| r.cites.as_slice()),
                        "fixtures": row.fixtures.get(id).copied().unwrap_or_default(),
                    })
                })
                .collect();
            let findings = groups.findings.get(row.clause.id.as_str());
            serde_json::json!({
                "clause": row.clause.id,
                "kind": row.clause.kind,
                "text": row.clause.text,
                "status": status(row),
                "rules": rule_entries,
                "manual": row.manual.map(|m| serde_json::json!({
                    "reason": { "zh": m.reason.zh, "en": m.reason.en },
                    "inspect": { "zh": m.inspect.zh, "en": m.inspect.en },
                })),
                "through_children": row.through_children,
                "verdicts": row.verdicts,
                "findings": findings.map_or(0, Vec::len),
                "waived": waived_count(findings),
                "not_yet_due": groups.not_yet_due.get(row.clause.id.as_str()).map_or(0, Vec::len),
                "reports": { "zh": format!("report/{token}.zh.md"), "en": format!("report/{token}.en.md") },
            })
        })
        .collect();
    serde_json::json!({
        "clauses": clauses,
        "summary": crate::report::coverage::summary(rows, rules),
    })
}

fn verdict_cells(counts: Option<VerdictCounts>) -> String {
    counts.map_or(String::new(), |v| format!("{}/{}/{}/{}", v.holds, v.violated, v.not_evaluable, v.not_yet_due))
}

fn clauses_markdown(rows: &[ClauseCoverage], rules: &RuleSet, report: &JsonReport, groups: &ByClause) -> String {
    let total = crate::report::coverage::summary(rows, rules);
    let mut out = String::from("# 条款矩阵 / Clause matrix\n\n");
    let _ = writeln!(out, "截至 / as of {} · caselint {}\n", report.as_of, report.version);
    let _ = writeln!(out, "{}。", summary_line(&total, Lang::Zh));
    let _ = writeln!(out, "{}.\n", summary_line(&total, Lang::En));
    out.push_str(
        "fixture：F 触发、S 不触发、U 证据缺失时无法评估 / fixtures: F fires, S silent, U not evaluable.  \n\
         判定 / verdicts：符合/违规/无法评估/未到期 = holds/violated/not evaluable/not yet due, over the cases.\n\n",
    );
    out.push_str(
        "| 条款 clause | 原文 text | 状态 status | 规则 rules | 人工核查 manual check | 判定 verdicts | 发现 findings | 报告 report |\n\
         |---|---|---|---|---|---|---|---|\n",
    );
    for row in rows {
        let token = clause_token(&row.clause.id);
        let rule_text: Vec<String> = row
            .rules
            .iter()
            .map(|id| {
                format!("{} {}", md::cell_code(id), proof_marks(&row.fixtures.get(id).copied().unwrap_or_default()))
            })
            .collect();
        let manual = match row.manual {
            Some(m) => format!("{} / {}", m.reason.zh, m.reason.en),
            None if row.rules.is_empty() && !row.through_children.is_empty() => {
                format!("由下级条款覆盖 / through: {}", row.through_children.join(", "))
            }
            None => String::new(),
        };
        let findings = groups.findings.get(row.clause.id.as_str()).map_or(0, Vec::len);
        let _ = writeln!(
            out,
            "| {} | {} | {} / {} | {} | {} | {} | {} | [中文](report/{token}.zh.md) · [English](report/{token}.en.md) |",
            md::inline(&row.clause.id),
            md::inline(&row.clause.text),
            status_text(status(row), Lang::Zh),
            status_text(status(row), Lang::En),
            rule_text.join("<br>"),
            md::inline(&manual),
            verdict_cells(row.verdicts),
            findings
        );
    }
    out
}

fn findings_json(rows: &[ClauseCoverage], report: &JsonReport, groups: &ByClause) -> serde_json::Value {
    let clauses: Vec<serde_json::Value> = cited_clauses(rows, groups)
        .into_iter()
        .map(|id| {
            let findings: Vec<&JsonFinding> =
                groups.findings.get(id).map_or_else(Vec::new, |list| list.iter().map(|(_, f)| *f).collect());
            let not_yet_due: Vec<&JsonFinding> = groups.not_yet_due.get(id).cloned().unwrap_or_default();
            serde_json::json!({
                "clause": id,
                "text": crate::procedure::clause(id).map_or("", |c| c.text.as_str()),
                "findings": findings,
                "not_yet_due": not_yet_due,
            })
        })
        .collect();
    serde_json::json!({
        "version": report.version,
        "as_of": report.as_of,
        "summary": report.summary,
        "clauses": clauses,
        "waiver_findings": report.waiver_findings,
        "errors": report.errors,
        "warnings": report.warnings,
    })
}

/// The staff registry the waiver register is read against: the first that loads.
fn first_registry(inputs: &PackInputs) -> Option<StaffRegistry> {
    inputs.staff.iter().find_map(|(name, bytes)| load_registry(name, bytes).ok())
}

fn waivers_json(inputs: &PackInputs, report: &JsonReport, register: Option<&Register>) -> serde_json::Value {
    let Some(register) = register else {
        return serde_json::json!({ "as_of": report.as_of, "register": null, "waivers": [] });
    };
    let settings = load_settings(inputs).unwrap_or_else(|_| Settings::defaults());
    let staff = first_registry(inputs);
    let as_of = parse_date(&report.as_of).unwrap_or_default();
    let rows = crate::report::waivers::register_rows(register, staff.as_ref(), &settings, as_of);
    let waivers: Vec<serde_json::Value> = register
        .waivers
        .iter()
        .zip(rows)
        .map(|(waiver, row)| {
            let number = waiver.index + 1;
            let line = register.source.line_column(waiver.span.start).0;
            let waived: Vec<serde_json::Value> = report
                .findings
                .iter()
                .filter(|f| f.waived.as_ref().is_some_and(|w| w.number == number))
                .map(|f| serde_json::json!({ "file": f.file, "pointer": f.pointer, "rule": f.rule }))
                .collect();
            let problem = report.waiver_findings.iter().find(|p| *p.file == *register.source.name && p.line == line);
            let standing = match problem {
                Some(problem) => problem.code.rsplit("::").next().unwrap_or("").to_string(),
                None if !waived.is_empty() => "applied".to_string(),
                None => row.status.to_string(),
            };
            let mut value = serde_json::to_value(&row).unwrap_or_default();
            if let Some(object) = value.as_object_mut() {
                object.insert("line".to_string(), line.into());
                object.insert("standing".to_string(), standing.into());
                object.insert("waived_findings".to_string(), waived.into());
                object.insert("problem".to_string(), serde_json::to_value(problem).unwrap_or_default());
            }
            value
        })
        .collect();
    serde_json::json!({
        "as_of": report.as_of,
        "register": register.source.name.to_string(),
        "sha256": sha256_hex(register.source.text.as_bytes()),
        "waivers": waivers,
    })
}

struct MdWords {
    report: &'static str,
    other: &'static str,
    other_file: &'static str,
    text: &'static str,
    text_note: &'static str,
    parent: &'static str,
    children: &'static str,
    status: &'static str,
    rules: &'static str,
    no_rules: &'static str,
    severity: &'static str,
    fixtures: &'static str,
    fixtures_legend: &'static str,
    manual: &'static str,
    reason: &'static str,
    inspect: &'static str,
    verdicts: &'static str,
    verdict_header: &'static str,
    no_cases: &'static str,
    findings: &'static str,
    no_findings: &'static str,
    case: &'static str,
    location: &'static str,
    pointer: &'static str,
    message: &'static str,
    help: &'static str,
    missing: &'static str,
    waiver: &'static str,
    not_yet_due: &'static str,
    due: &'static str,
    footer: &'static str,
}

fn md_words(lang: Lang) -> MdWords {
    match lang {
        Lang::Zh => MdWords {
            report: "条款报告",
            other: "English",
            other_file: "en",
            text: "程序原文",
            text_note: "",
            parent: "上级条款",
            children: "下级条款",
            status: "覆盖方式",
            rules: "执行本条款的规则",
            no_rules: "没有规则直接引用本条款。",
            severity: "级别",
            fixtures: "fixture 证明",
            fixtures_legend: "F 触发、S 不触发、U 证据缺失时无法评估",
            manual: "人工核查",
            reason: "原因",
            inspect: "核查记录",
            verdicts: "各案卷的判定",
            verdict_header: "| 符合 | 违规 | 无法评估 | 未到期 |\n|---:|---:|---:|---:|\n",
            no_cases: "没有检查案卷。",
            findings: "发现",
            no_findings: "没有发现。",
            case: "案卷",
            location: "位置",
            pointer: "JSON 指针",
            message: "说明",
            help: "如何满足",
            missing: "缺失的事实",
            waiver: "豁免",
            not_yet_due: "未到期的要求",
            due: "到期日",
            footer: "由 caselint pack 生成；同样的输入得到同样的字节。各输入的 SHA-256 见 manifest.json。",
        },
        Lang::En => MdWords {
            report: "clause report",
            other: "中文",
            other_file: "zh",
            text: "Procedure text",
            text_note: " (the procedure's Chinese original)",
            parent: "Parent clause",
            children: "Sub-clauses",
            status: "How it is enforced",
            rules: "Rules enforcing this clause",
            no_rules: "No rule cites this clause directly.",
            severity: "severity",
            fixtures: "fixture proof",
            fixtures_legend: "F fires, S stays silent, U not evaluable when evidence is missing",
            manual: "Manual check",
            reason: "why",
            inspect: "inspect",
            verdicts: "Verdicts over the cases",
            verdict_header: "| holds | violated | not evaluable | not yet due |\n|---:|---:|---:|---:|\n",
            no_cases: "No cases were checked.",
            findings: "Findings",
            no_findings: "No findings.",
            case: "case",
            location: "location",
            pointer: "JSON pointer",
            message: "message",
            help: "what would satisfy the rule",
            missing: "missing facts",
            waiver: "waiver",
            not_yet_due: "Requirements not yet due",
            due: "due",
            footer: "Generated by caselint pack; the same inputs give the same bytes. The SHA-256 of every input is in manifest.json.",
        },
    }
}

fn waiver_text(finding: &JsonFinding, lang: Lang) -> Option<String> {
    finding.waived.as_ref().map(|w| match lang {
        Lang::Zh => format!(
            "第 {} 条：{}（批准人 {}，{} 批准，至 {}）",
            w.number, w.reason, w.approved_by, w.approved, w.expires
        ),
        Lang::En => format!(
            "#{}: {} (approved by {} on {}, until {})",
            w.number, w.reason, w.approved_by, w.approved, w.expires
        ),
    })
}

fn clause_report(row: &ClauseCoverage, rules: &RuleSet, report: &JsonReport, groups: &ByClause, lang: Lang) -> String {
    let w = md_words(lang);
    let colon = if lang == Lang::Zh { "：" } else { ": " };
    let id = row.clause.id.as_str();
    let token = clause_token(id);
    let mut out = format!("# {id} — {}\n\n", w.report);
    let as_of = if lang == Lang::Zh { "截至" } else { "as of" };
    let _ = writeln!(
        out,
        "{as_of} {} · caselint {} · [{}]({token}.{}.md) · [{}](index.html)\n",
        report.as_of,
        report.version,
        w.other,
        w.other_file,
        if lang == Lang::Zh { "全部条款" } else { "all clauses" }
    );
    let _ = writeln!(out, "## {}{}\n", w.text, w.text_note);
    for line in row.clause.text.lines() {
        let _ = writeln!(out, "> {line}");
    }
    out.push('\n');
    let suffix = if lang == Lang::Zh { "zh" } else { "en" };
    if let Some(parent) = crate::procedure::parent(id) {
        let _ = writeln!(out, "{}{colon}[{}]({}.{suffix}.md)\n", w.parent, parent.id, clause_token(&parent.id));
    }
    let _ = writeln!(out, "## {}\n\n{}\n", w.status, status_text(status(row), lang));
    if !row.through_children.is_empty() {
        let links: Vec<String> =
            row.through_children.iter().map(|c| format!("[{c}]({}.{suffix}.md)", clause_token(c))).collect();
        let _ = writeln!(out, "{}{colon}{}\n", w.children, links.join(", "));
    }
    let _ = writeln!(out, "## {}\n", w.rules);
    if row.rules.is_empty() {
        let _ = writeln!(out, "{}\n", w.no_rules);
    }
    for rule_id in &row.rules {
        let Some(rule) = rules.rule(rule_id) else { continue };
        let proof = row.fixtures.get(rule_id).copied().unwrap_or_default();
        let _ = writeln!(out, "### `{rule_id}` — {}\n", rule.title.get(lang));
        let _ = writeln!(out, "- {}{colon}{}", w.severity, severity_text(rule_severity(rule), lang));
        let _ = writeln!(out, "- {}", crate::report::citation(rule, lang));
        let _ = writeln!(out, "- {}{colon}{} ({})\n", w.fixtures, proof_marks(&proof), w.fixtures_legend);
        let doc = rule.doc.get(lang).trim();
        if !doc.is_empty() {
            let _ = writeln!(out, "{doc}\n");
        }
    }
    if let Some(manual) = row.manual {
        let _ = writeln!(out, "## {}\n", w.manual);
        let _ = writeln!(out, "- {}{colon}{}", w.reason, manual.reason.get(lang).trim());
        let _ = writeln!(out, "- {}{colon}{}\n", w.inspect, manual.inspect.get(lang).trim());
    }
    let _ = writeln!(out, "## {}\n", w.verdicts);
    match row.verdicts {
        Some(v) if report.summary.cases_checked > 0 => {
            out.push_str(w.verdict_header);
            let _ = writeln!(out, "| {} | {} | {} | {} |\n", v.holds, v.violated, v.not_evaluable, v.not_yet_due);
        }
        _ => {
            let _ = writeln!(out, "{}\n", w.no_cases);
        }
    }
    let findings = groups.findings.get(id).map_or(&[][..], Vec::as_slice);
    let _ = writeln!(out, "## {} ({})\n", w.findings, findings.len());
    if findings.is_empty() {
        let _ = writeln!(out, "{}\n", w.no_findings);
    }
    for (n, (_, finding)) in findings.iter().enumerate() {
        let waived =
            if finding.waived.is_some() { if lang == Lang::Zh { " · 已豁免" } else { " · waived" } } else { "" };
        // Every value from a case, the register or a file name is escaped (`report::markdown`).
        let _ = writeln!(
            out,
            "### {}. {} · {} · {}{waived}\n",
            n + 1,
            md::code(&finding.rule),
            verdict_text(finding.verdict, lang),
            severity_text(finding.severity, lang)
        );
        let _ = writeln!(out, "- {}{colon}{} ({})", w.case, md::inline(&finding.case_id), md::code(&finding.file));
        let location = format!("{}:{}:{}", finding.file, finding.line, finding.column);
        let _ = writeln!(out, "- {}{colon}{}", w.location, md::code(&location));
        let _ = writeln!(out, "- {}{colon}{}", w.pointer, md::code(&finding.pointer));
        let _ = writeln!(out, "- {}{colon}{}", w.message, md::inline(pick(&finding.message, lang)));
        if !finding.missing.is_empty() {
            let missing: Vec<String> = finding.missing.iter().map(|m| md::code(m)).collect();
            let _ = writeln!(out, "- {}{colon}{}", w.missing, missing.join(", "));
        }
        if let Some(text) = waiver_text(finding, lang) {
            let _ = writeln!(out, "- {}{colon}{}", w.waiver, md::inline(&text));
        }
        let _ = writeln!(out, "- {}{colon}\n\n{}\n", w.help, md::lines(pick(&finding.help, lang), "  "));
    }
    if let Some(due) = groups.not_yet_due.get(id) {
        let _ = writeln!(out, "## {} ({})\n", w.not_yet_due, due.len());
        for finding in due {
            let location = format!("{}:{}:{}", finding.file, finding.line, finding.column);
            let _ = writeln!(
                out,
                "- {} · {} · {}{colon}{} · {} — {}",
                md::code(&finding.rule),
                md::inline(&finding.case_id),
                w.due,
                md::inline(finding.due.as_deref().unwrap_or("")),
                md::code(&location),
                md::inline(pick(&finding.message, lang))
            );
        }
        out.push('\n');
    }
    let _ = writeln!(out, "---\n\n{}", w.footer);
    out
}

/// Both languages in one cell: Chinese, then English in a muted line.
fn both(zh: &str, en: &str) -> String {
    format!("{}<br><span class=\"note\">{}</span>", escape_html(zh), escape_html(en))
}

fn code(text: &str) -> String {
    format!("<code>{}</code>", escape_html(text))
}

fn html_anchor(prefix: &str, text: &str) -> String {
    format!("{prefix}-{}", clause_token(text))
}

fn index_html(
    rows: &[ClauseCoverage],
    rules: &RuleSet,
    report: &JsonReport,
    groups: &ByClause,
    digests: &[InputDigest],
) -> String {
    let s = &report.summary;
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"caselint {}\">\n<title>认证评审证据包 / Accreditation evidence pack — {}</title>\n\
         <style>{}</style>\n</head>\n<body>\n",
        escape_html(report.version),
        escape_html(&report.as_of),
        stylesheet()
    );
    let _ = writeln!(
        out,
        "<header>\n<h1>认证评审证据包 <small>Accreditation evidence pack</small></h1>\n\
         <p class=\"meta\">截至 / as of {} · caselint {}</p>\n\
         <p>按条款说明本机构的认证实施管理程序如何执行，以及本机构案卷的检查结果。<br>\
         <span class=\"note\">Clause by clause: how the CB's procedure is enforced and what its cases show.</span></p>\n</header>",
        escape_html(&report.as_of),
        escape_html(report.version)
    );
    let sections = [
        ("totals", "总览 / Totals"),
        ("inputs", "输入 / Inputs"),
        ("clauses", "条款矩阵 / Clause matrix"),
        ("findings", "按条款的发现 / Findings by clause"),
        ("waivers", "豁免登记册 / Waiver register"),
    ];
    out.push_str("<nav><h2>目录 / Contents</h2><ol>");
    for (id, heading) in sections {
        let _ = write!(out, "<li><a href=\"#{id}\">{}</a></li>", escape_html(heading));
    }
    out.push_str("</ol></nav>\n");

    out.push_str("<section id=\"totals\">\n<h2>总览 / Totals</h2>\n<div class=\"cards\">\n");
    let cards: [(&str, &str, usize); 7] = [
        ("", "检查案卷 / cases checked", s.cases_checked),
        ("", "案卷文件 / case files", s.files),
        ("violated", "违规 / violated", s.violated),
        ("unknown", "无法评估 / not evaluable", s.not_evaluable),
        ("", "已豁免 / waived", s.waived),
        ("", "未到期 / not yet due", s.not_yet_due),
        ("", "输入错误 / input errors", s.errors),
    ];
    for (class, label, value) in cards {
        let _ = writeln!(out, "<div class=\"card {class}\"><b>{value}</b>{}</div>", escape_html(label));
    }
    out.push_str("</div>\n");
    let total = crate::report::coverage::summary(rows, rules);
    let _ = writeln!(
        out,
        "<p>{}<br>\n<span class=\"note\">{}</span></p>\n</section>",
        escape_html(&summary_line(&total, Lang::Zh)),
        escape_html(&summary_line(&total, Lang::En))
    );

    out.push_str(
        "<section id=\"inputs\">\n<h2>输入 / Inputs</h2>\n<p class=\"note\">manifest.json 记录每个输入的 SHA-256；\
         <code>caselint pack --verify</code> 据此重建并逐字节比较。 / manifest.json records the SHA-256 of every input; \
         <code>caselint pack --verify</code> rebuilds the pack from them and compares every byte.</p>\n",
    );
    let input_rows: Vec<Vec<String>> =
        digests.iter().map(|d| vec![escape_html(&d.kind), code(&d.path), code(&d.sha256)]).collect();
    out.push_str(&html_table(&["类别 / kind", "文件 / file", "SHA-256"], &input_rows, &[]));
    out.push_str("</section>\n");

    out.push_str(
        "<section id=\"clauses\">\n<h2>条款矩阵 / Clause matrix</h2>\n<p class=\"note\">fixture：F 触发、S 不触发、U 无法评估 / \
         F fires, S silent, U not evaluable. 判定 / verdicts：符合/违规/无法评估/未到期 = holds/violated/not evaluable/not yet due.</p>\n",
    );
    let clause_rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            let id = row.clause.id.as_str();
            let token = clause_token(id);
            let short: String = row.clause.text.chars().take(80).collect();
            let short = if short.len() < row.clause.text.len() { format!("{short}…") } else { short };
            let rule_links: Vec<String> = row
                .rules
                .iter()
                .map(|r| {
                    format!(
                        "<span class=\"rule\">{}</span> {}",
                        escape_html(r),
                        proof_marks(&row.fixtures.get(r).copied().unwrap_or_default())
                    )
                })
                .collect();
            let findings = groups.findings.get(id).map_or(0, Vec::len);
            let findings_cell = if findings > 0 {
                format!("<a href=\"#{}\">{findings}</a>", escape_html(&html_anchor("clause", id)))
            } else {
                "0".to_string()
            };
            vec![
                escape_html(id),
                escape_html(&short),
                both(status_text(status(row), Lang::Zh), status_text(status(row), Lang::En)),
                rule_links.join("<br>"),
                escape_html(&verdict_cells(row.verdicts)),
                findings_cell,
                format!("<a href=\"{t}.zh.md\">中文</a> · <a href=\"{t}.en.md\">English</a>", t = escape_html(&token)),
            ]
        })
        .collect();
    out.push_str(&html_table(
        &[
            "条款 / clause",
            "原文 / text",
            "状态 / status",
            "规则 / rules",
            "判定 / verdicts",
            "发现 / findings",
            "报告 / report",
        ],
        &clause_rows,
        &[5],
    ));
    out.push_str("</section>\n");

    out.push_str("<section id=\"findings\">\n<h2>按条款的发现 / Findings by clause</h2>\n");
    let cited = cited_clauses(rows, groups);
    let mut any = false;
    for id in cited {
        let Some(findings) = groups.findings.get(id) else { continue };
        any = true;
        let text = crate::procedure::clause(id).map_or("", |c| c.text.as_str());
        let _ = writeln!(
            out,
            "<h3 id=\"{}\">{} <small>{}</small></h3>\n<p class=\"note\">{}</p>",
            escape_html(&html_anchor("clause", id)),
            escape_html(id),
            findings.len(),
            escape_html(text)
        );
        for (_, finding) in findings {
            out.push_str(&finding_article(finding));
        }
    }
    if !any {
        out.push_str("<p class=\"note\">没有发现。 / No findings.</p>\n");
    }
    out.push_str("</section>\n");

    out.push_str("<section id=\"waivers\">\n<h2>豁免登记册 / Waiver register</h2>\n");
    let waived: BTreeMap<usize, usize> =
        report.findings.iter().filter_map(|f| f.waived.as_ref()).fold(BTreeMap::new(), |mut map, w| {
            *map.entry(w.number).or_default() += 1;
            map
        });
    let mut waiver_rows: Vec<Vec<String>> = Vec::new();
    for (number, count) in &waived {
        let Some(w) = report.findings.iter().filter_map(|f| f.waived.as_ref()).find(|w| w.number == *number) else {
            continue;
        };
        waiver_rows.push(vec![
            number.to_string(),
            escape_html(&w.reason),
            code(&w.approved_by),
            escape_html(&format!("{} – {}", w.approved, w.expires)),
            count.to_string(),
        ]);
    }
    if waiver_rows.is_empty() {
        out.push_str("<p class=\"note\">没有适用的豁免。 / No waiver applied.</p>\n");
    } else {
        out.push_str(&html_table(
            &["编号 / no.", "理由 / reason", "批准人 / approver", "有效期 / valid", "豁免的发现 / findings waived"],
            &waiver_rows,
            &[0, 4],
        ));
    }
    if !report.waiver_findings.is_empty() {
        let problem_rows: Vec<Vec<String>> = report
            .waiver_findings
            .iter()
            .map(|p| {
                vec![
                    code(&format!("{}:{}", p.file, p.line)),
                    code(&p.code),
                    escape_html(&p.case),
                    both(&p.message.zh, &p.message.en),
                ]
            })
            .collect();
        out.push_str("<h3>豁免登记册的问题 / Waiver register problems</h3>\n");
        out.push_str(&html_table(
            &["位置 / location", "代码 / code", "案卷 / case", "说明 / message"],
            &problem_rows,
            &[],
        ));
    }
    out.push_str("<p class=\"note\">每条豁免的状态见 waivers.json。 / Each waiver's standing is in waivers.json.</p>\n</section>\n");
    let _ = writeln!(
        out,
        "<footer><p>由 caselint pack 生成；同样的输入得到同样的字节。 / Generated by caselint pack; the same inputs give the same bytes. caselint {}</p></footer>\n</body>\n</html>",
        escape_html(report.version)
    );
    out
}

fn finding_article(finding: &JsonFinding) -> String {
    let waived = if finding.waived.is_some() { " waived" } else { "" };
    let mut out = format!(
        "<article class=\"finding {} {}{waived}\">\n<header><span class=\"rule\">{}</span> \
         <span class=\"badge {}\">{} / {}</span> <span class=\"badge {}\">{} / {}</span>",
        escape_html(finding.verdict),
        escape_html(finding.severity),
        escape_html(&finding.rule),
        escape_html(finding.severity),
        severity_text(finding.severity, Lang::Zh),
        severity_text(finding.severity, Lang::En),
        escape_html(finding.verdict),
        verdict_text(finding.verdict, Lang::Zh),
        verdict_text(finding.verdict, Lang::En),
    );
    if finding.waived.is_some() {
        out.push_str(" <span class=\"badge waived\">已豁免 / waived</span>");
    }
    let _ = writeln!(out, " <span>{}</span></header>", both(&finding.title.zh, &finding.title.en));
    let _ = writeln!(out, "<p class=\"message\">{}</p>\n<dl>", both(&finding.message.zh, &finding.message.en));
    let _ = writeln!(
        out,
        "<dt>案卷 / case</dt><dd>{} {}</dd>",
        escape_html(&finding.case_id),
        code(&format!("{}:{}:{}", finding.file, finding.line, finding.column))
    );
    let _ = writeln!(out, "<dt>JSON 指针 / pointer</dt><dd>{}</dd>", code(&finding.pointer));
    if !finding.missing.is_empty() {
        let missing: Vec<String> = finding.missing.iter().map(|m| code(m)).collect();
        let _ = writeln!(out, "<dt>缺失的事实 / missing</dt><dd>{}</dd>", missing.join(", "));
    }
    let _ = writeln!(out, "<dt>程序条款 / clauses</dt><dd>{}</dd>", escape_html(&finding.clauses.join(", ")));
    if let (Some(zh), Some(en)) = (waiver_text(finding, Lang::Zh), waiver_text(finding, Lang::En)) {
        let _ = writeln!(out, "<dt>豁免 / waiver</dt><dd>{}</dd>", both(&zh, &en));
    }
    out.push_str("</dl>\n");
    let _ = writeln!(
        out,
        "<pre class=\"help\">{}\n\n{}</pre>\n</article>",
        escape_html(finding.help.zh.trim_end()),
        escape_html(finding.help.en.trim_end())
    );
    out
}

/// Percent-encodes everything but RFC 3986 unreserved characters and `/`.
fn percent_encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

fn oscal(inputs: &PackInputs, rows: &[ClauseCoverage], report: &JsonReport, groups: &ByClause) -> serde_json::Value {
    let timestamp = format!("{}T00:00:00Z", report.as_of);
    // The subject of the assessment: these case files on this date. Uuids are per subject,
    // stable across revisions of the same cases (OSCAL's guidance), and never random.
    let case_names: Vec<&str> = sorted_cases(inputs).iter().map(|(name, _)| name.as_str()).collect();
    let subject = format!("{}\n{}", report.as_of, case_names.join("\n"));
    let document_uuid = stable_uuid(&["assessment-results", &subject]);
    let result_uuid = stable_uuid(&["result", &subject]);
    let all_inputs: String = input_digests(inputs).iter().map(|d| format!("{} {}\n", d.sha256, d.path)).collect();
    let content = sha256_hex(all_inputs.as_bytes());
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut observation_uuids: Vec<String> = Vec::with_capacity(report.findings.len());
    let observations: Vec<serde_json::Value> = report
        .findings
        .iter()
        .map(|f| {
            let key = format!("{}\n{}\n{}\n{}", f.file, f.rule, f.pointer, f.verdict);
            let occurrence = seen.entry(key.clone()).or_default();
            *occurrence += 1;
            let uuid = stable_uuid(&["observation", &subject, &key, &occurrence.to_string()]);
            observation_uuids.push(uuid.clone());
            let mut description = format!("{}\n\n{}", f.message.zh, f.message.en);
            if !f.missing.is_empty() {
                let _ = write!(description, "\n\nmissing facts: {}", f.missing.join(", "));
            }
            let mut observation = serde_json::json!({
                "uuid": uuid,
                "title": format!("{} — {} ({})", f.rule, f.case_id, verdict_text(f.verdict, Lang::En)),
                "description": description,
                "methods": ["TEST"],
                "relevant-evidence": [{
                    "href": format!("{}#{}", percent_encode(&f.file), percent_encode(&f.pointer)),
                    "description": format!(
                        "case file {} (path relative to the directory caselint pack ran in; SHA-256 in manifest.json), line {}, column {}, JSON pointer {}",
                        f.file, f.line, f.column, if f.pointer.is_empty() { "(root)" } else { &f.pointer }
                    ),
                }],
                "collected": timestamp,
            });
            if let (Some(zh), Some(en), Some(object)) =
                (waiver_text(f, Lang::Zh), waiver_text(f, Lang::En), observation.as_object_mut())
            {
                object.insert("remarks".to_string(), format!("waived / 已豁免: {en}\n\n{zh}").into());
            }
            observation
        })
        .collect();
    let findings: Vec<serde_json::Value> = cited_clauses(rows, groups)
        .into_iter()
        .filter_map(|id| {
            let list = groups.findings.get(id)?;
            let related: Vec<serde_json::Value> = list
                .iter()
                .filter_map(|(index, _)| observation_uuids.get(*index))
                .map(|uuid| serde_json::json!({ "observation-uuid": uuid }))
                .collect();
            let open = list.iter().filter(|(_, f)| f.waived.is_none()).count();
            let violated = list.iter().filter(|(_, f)| f.waived.is_none() && f.verdict == "violated").count();
            let not_evaluable = open - violated;
            let waived = list.len() - open;
            let text = crate::procedure::clause(id).map_or("", |c| c.text.as_str());
            let mut status = serde_json::json!({ "state": if open > 0 { "not-satisfied" } else { "satisfied" } });
            if open == 0
                && let Some(object) = status.as_object_mut()
            {
                object.insert(
                    "remarks".to_string(),
                    "Every finding on this clause is covered by a waiver in force (see waivers.json).".into(),
                );
            }
            Some(serde_json::json!({
                "uuid": stable_uuid(&["finding", &subject, id]),
                "title": format!("procedure clause {id}: {violated} violated, {not_evaluable} not evaluable, {waived} waived"),
                "description": format!(
                    "{text}\n\nOver {} case files checked as of {}: {violated} violations and {not_evaluable} findings of missing evidence (not evaluable) that no waiver covers, and {waived} waived findings. Details: report/{}.en.md, report/{}.zh.md.",
                    report.summary.cases_checked, report.as_of, clause_token(id), clause_token(id)
                ),
                "target": {
                    "type": "objective-id",
                    "target-id": oscal_clause_id(id),
                    "title": format!("procedure clause {id}"),
                    "status": status,
                },
                "related-observations": related,
            }))
        })
        .collect();
    let tested: Vec<serde_json::Value> = rows
        .iter()
        .filter(|row| !row.rules.is_empty())
        .map(|row| serde_json::json!({ "control-id": oscal_clause_id(&row.clause.id) }))
        .collect();
    let selection = if tested.is_empty() {
        serde_json::json!({ "include-all": {} })
    } else {
        serde_json::json!({
            "description": "The procedure clauses that caselint rules enforce; control id clause-<id> with ( ) of the clause id written as _.",
            "include-controls": tested,
        })
    };
    let mut result = serde_json::json!({
        "uuid": result_uuid,
        "title": format!("caselint check of {} case files as of {}", report.summary.files, report.as_of),
        "description": format!(
            "Every case file was checked against the CB's procedure (《ISMS和ITSMS认证实施管理程序》) by the caselint rules listed in clauses.json. {} cases checked: {} violated, {} not evaluable (missing evidence), {} waived, {} not yet due, {} input errors.",
            report.summary.cases_checked,
            report.summary.violated,
            report.summary.not_evaluable,
            report.summary.waived,
            report.summary.not_yet_due,
            report.summary.errors
        ),
        "start": timestamp,
        "end": timestamp,
        "reviewed-controls": {
            "description": "The clauses of the CB's procedure that rules check; clauses checked by people are listed in clauses.json with the record to inspect.",
            "control-selections": [selection],
        },
    });
    if let Some(object) = result.as_object_mut() {
        if !observations.is_empty() {
            object.insert("observations".to_string(), observations.into());
        }
        if !findings.is_empty() {
            object.insert("findings".to_string(), findings.into());
        }
    }
    serde_json::json!({
        "assessment-results": {
            "uuid": document_uuid,
            "metadata": {
                "title": format!("caselint accreditation evidence as of {}", report.as_of),
                "last-modified": timestamp,
                "version": format!("{}+inputs.{}", report.as_of, content.get(..12).unwrap_or("")),
                "oscal-version": OSCAL_VERSION,
                "remarks": format!("Generated by caselint {} (caselint pack); the SHA-256 of every input is in manifest.json.", report.version),
            },
            "import-ap": {
                "href": "#",
                "remarks": "No separate assessment plan: the plan is the caselint rule set and the clause matrix of this pack (clauses.json).",
            },
            "results": [result],
        }
    })
}

fn pack_readme(report: &JsonReport) -> String {
    format!(
        "# 认证评审证据包 / Accreditation evidence pack\n\n\
         截至 / as of {as_of} · caselint {version}\n\n\
         | 文件 / file | 内容 / contents |\n|---|---|\n\
         | `manifest.json` | 版本、截至日期、命令行、每个输入与本包每个文件的 SHA-256 / version, as-of date, command line, SHA-256 of every input and of every file of this pack |\n\
         | `clauses.json`, `clauses.md` | 条款矩阵：原文、规则与 fixture、人工核查原因、各案卷的判定统计 / the clause matrix: text, rules and fixtures, manual reason, verdict counts over the cases |\n\
         | `findings.json` | 全部发现，按条款分组（引用多个条款的发现在每个条款下都列出） / every finding grouped by clause (one citing several clauses under each) |\n\
         | `waivers.json` | 豁免登记册及每条豁免的状态 / the waiver register with each waiver's standing |\n\
         | `report/<clause>.zh.md`, `report/<clause>.en.md` | 每个条款的中英文报告 / a report per clause, in Chinese and English |\n\
         | `report/index.html` | 全部内容的网页 / the whole pack as one page |\n\
         | `oscal/assessment-results.json` | OSCAL {oscal} Assessment Results：每项发现一条 observation，每个有发现的条款一条 finding / one observation per finding, one finding per clause with findings |\n\n\
         条款编号在文件名中写作 `4.2.8.1_1`（即 `4.2.8.1(1)`）。 / File names write clause `4.2.8.1(1)` as `4.2.8.1_1`.\n\n\
         在生成本包的目录中运行 `caselint pack --verify <本目录>`，可核对输入是否改变、每个字节是否相同。 / \
         Run `caselint pack --verify <this directory>` from the directory the pack was made in to check that no input changed and every byte matches.\n",
        as_of = report.as_of,
        version = report.version,
        oscal = OSCAL_VERSION
    )
}

/// Reads a pack's manifest.
pub fn read_manifest(bytes: Option<&[u8]>) -> Result<Manifest, PackError> {
    let Some(bytes) = bytes else { return Err(PackError::Manifest("manifest.json is missing".to_string())) };
    let manifest: Manifest =
        serde_json::from_slice(bytes).map_err(|e| PackError::Manifest(format!("manifest.json: {e}")))?;
    if manifest.format != PACK_FORMAT {
        return Err(PackError::Manifest(format!(
            "manifest.json is of format `{}`, not `{PACK_FORMAT}`",
            manifest.format
        )));
    }
    Ok(manifest)
}

/// The inputs a manifest names, read again through `read` (a path as recorded → its bytes,
/// `None` when it cannot be read) and `list_rules` (a rules directory → its `*.rules` files as
/// (name, text), in name order). Bundled rules come from the binary; an input that cannot be
/// read is left out, so that [`verify_pack`] reports it as removed.
pub fn inputs_from_manifest(
    manifest: &Manifest,
    read: impl Fn(&str) -> Option<Vec<u8>>,
    list_rules: impl Fn(&str) -> Vec<(String, String)>,
) -> PackInputs {
    let paths = |kind: &str| -> Vec<&str> {
        manifest.inputs.iter().filter(|d| d.kind == kind).map(|d| d.path.as_str()).collect()
    };
    let rules_files = match &manifest.rules_dir {
        None => crate::bundled::BUNDLED_RULES.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect(),
        Some(dir) => list_rules(dir),
    };
    let settings_text = manifest
        .settings_file
        .as_ref()
        .and_then(|name| read(name).and_then(|bytes| String::from_utf8(bytes).ok()).map(|text| (name.clone(), text)));
    let staff = paths("staff").into_iter().filter_map(|p| read(p).map(|b| (p.to_string(), b))).collect();
    let cases = paths("case").into_iter().filter_map(|p| read(p).map(|b| (p.to_string(), b))).collect();
    let waivers = paths("waivers").into_iter().next().and_then(|p| read(p).map(|b| (p.to_string(), b)));
    PackInputs {
        rules_files,
        rules_dir: manifest.rules_dir.clone(),
        procedure_index: crate::procedure::CLAUSES_TSV,
        settings_text,
        staff,
        cases,
        waivers,
        as_of: manifest.as_of.clone(),
        command_line: manifest.command_line.clone(),
    }
}

/// How an input differs from what the manifest recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Different bytes.
    Modified {
        /// SHA-256 recorded in the manifest.
        was: String,
        /// SHA-256 now.
        now: String,
    },
    /// Not in the manifest (a new case file, a new rules file).
    Added,
    /// In the manifest but not among the inputs now (deleted or unreadable).
    Removed,
}

/// One input that changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputChange {
    /// The input's kind (see [`InputDigest::kind`]).
    pub kind: String,
    /// Its path.
    pub path: String,
    /// How.
    pub change: Change,
}

/// The outcome of `caselint pack --verify`.
#[derive(Debug, Clone)]
pub struct Verification {
    /// The caselint version of the manifest and of this binary, when they differ.
    pub version_changed: Option<(String, String)>,
    /// Inputs whose SHA-256 differs from the manifest's, in the manifest's order.
    pub changed_inputs: Vec<InputChange>,
    /// Pack files whose bytes differ from the rebuilt ones, or that only one side has.
    pub differing_files: Vec<String>,
    /// Files compared.
    pub files_compared: usize,
    /// Why the pack could not be rebuilt, if it could not.
    pub rebuild_error: Option<PackError>,
    /// Whether every byte of every file matches.
    pub identical: bool,
}

/// Compares a pack (its files, by relative path) with the pack the current inputs give.
pub fn verify_pack(pack: &BTreeMap<String, Vec<u8>>, inputs: &PackInputs) -> Verification {
    let manifest = match read_manifest(pack.get("manifest.json").map(Vec::as_slice)) {
        Ok(manifest) => manifest,
        Err(error) => {
            return Verification {
                version_changed: None,
                changed_inputs: Vec::new(),
                differing_files: vec!["manifest.json".to_string()],
                files_compared: 0,
                rebuild_error: Some(error),
                identical: false,
            };
        }
    };
    let now = input_digests(inputs);
    let mut changed_inputs = Vec::new();
    for recorded in &manifest.inputs {
        match now.iter().find(|d| d.kind == recorded.kind && d.path == recorded.path) {
            Some(current) if current.sha256 == recorded.sha256 => {}
            Some(current) => changed_inputs.push(InputChange {
                kind: recorded.kind.clone(),
                path: recorded.path.clone(),
                change: Change::Modified { was: recorded.sha256.clone(), now: current.sha256.clone() },
            }),
            None => changed_inputs.push(InputChange {
                kind: recorded.kind.clone(),
                path: recorded.path.clone(),
                change: Change::Removed,
            }),
        }
    }
    for current in &now {
        if !manifest.inputs.iter().any(|d| d.kind == current.kind && d.path == current.path) {
            changed_inputs.push(InputChange {
                kind: current.kind.clone(),
                path: current.path.clone(),
                change: Change::Added,
            });
        }
    }
    let version = env!("CARGO_PKG_VERSION");
    let version_changed =
        (manifest.caselint_version != version).then(|| (manifest.caselint_version.clone(), version.to_string()));
    let (differing_files, files_compared, rebuild_error) = match make_pack(inputs) {
        Ok(rebuilt) => {
            let names: BTreeSet<&String> = pack.keys().chain(rebuilt.keys()).collect();
            let differing: Vec<String> = names
                .iter()
                .filter(|name| pack.get(**name) != rebuilt.get(**name))
                .map(|name| (*name).clone())
                .collect();
            (differing, names.len(), None)
        }
        Err(error) => (Vec::new(), 0, Some(error)),
    };
    let identical = rebuild_error.is_none() && differing_files.is_empty();
    Verification { version_changed, changed_inputs, differing_files, files_compared, rebuild_error, identical }
}

fn kind_text(kind: &str, lang: Lang) -> &str {
    match (kind, lang) {
        ("rules", Lang::Zh) => "规则文件",
        ("procedure_index", Lang::Zh) => "条款索引",
        ("settings_defaults", Lang::Zh) => "默认设置",
        ("settings", Lang::Zh) => "设置文件",
        ("staff", Lang::Zh) => "人员名册",
        ("case", Lang::Zh) => "案卷",
        ("waivers", Lang::Zh) => "豁免登记册",
        ("settings_defaults", Lang::En) => "default settings",
        ("procedure_index", Lang::En) => "procedure index",
        ("staff", Lang::En) => "staff registry",
        ("case", Lang::En) => "case file",
        ("waivers", Lang::En) => "waiver register",
        ("rules", Lang::En) => "rules file",
        ("settings", Lang::En) => "settings file",
        (other, _) => other,
    }
}

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

/// The verification as the command line prints it.
pub fn render_verification(verification: &Verification, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let mut out = String::new();
    if verification.identical {
        let _ = writeln!(
            out,
            "{}",
            if zh {
                format!("证据包与输入一致：{} 个文件逐字节相同", verification.files_compared)
            } else {
                format!("the pack matches its inputs: all {} files are byte-identical", verification.files_compared)
            }
        );
        return out;
    }
    out.push_str(if zh {
        "证据包与当前输入不一致\n"
    } else {
        "the pack does not match the current inputs\n"
    });
    if let Some((was, now)) = &verification.version_changed {
        let _ = writeln!(
            out,
            "  {}",
            if zh {
                format!("caselint 版本：证据包 {was}，当前 {now}")
            } else {
                format!("caselint version: {was} in the pack, {now} now")
            }
        );
    }
    if !verification.changed_inputs.is_empty() {
        out.push_str(if zh { "  改变的输入：\n" } else { "  inputs that changed:\n" });
        for change in &verification.changed_inputs {
            let what = match (&change.change, zh) {
                (Change::Modified { was, now }, true) => format!("内容改变（SHA-256 {} → {}）", short(was), short(now)),
                (Change::Modified { was, now }, false) => format!("modified (SHA-256 {} → {})", short(was), short(now)),
                (Change::Added, true) => "新增".to_string(),
                (Change::Added, false) => "added".to_string(),
                (Change::Removed, true) => "已删除或无法读取".to_string(),
                (Change::Removed, false) => "removed or unreadable".to_string(),
            };
            let _ = writeln!(
                out,
                "    {} {}{}{what}",
                kind_text(&change.kind, lang),
                change.path,
                if zh { "：" } else { ": " }
            );
        }
    } else if verification.rebuild_error.is_none() {
        out.push_str(if zh {
            "  输入的 SHA-256 均未改变（证据包本身被改动，或生成方式不同）\n"
        } else {
            "  no input changed by SHA-256 (the pack itself was edited, or built differently)\n"
        });
    }
    if !verification.differing_files.is_empty() {
        let _ = writeln!(
            out,
            "  {}{}",
            if zh { "内容不同的文件：" } else { "files that differ: " },
            verification.differing_files.join(", ")
        );
    }
    if let Some(error) = &verification.rebuild_error {
        let text = match error {
            PackError::AsOf(date) => format!("as-of `{date}`"),
            PackError::Rules(errors) => format!("{} rules errors", errors.len()),
            PackError::Settings(source, _) => source.name.to_string(),
            PackError::Waivers(source, _) => source.name.to_string(),
            PackError::Manifest(message) => message.clone(),
        };
        let _ = writeln!(out, "  {}{text}", if zh { "无法重建证据包：" } else { "the pack cannot be rebuilt: " });
    }
    out
}
