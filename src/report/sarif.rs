//! SARIF 2.1.0 output (`--format sarif`), built with the `serde-sarif` object model.
//!
//! One run; the tool driver `caselint` lists every rule of the rule set (title, doc, clauses,
//! cites, severity as the default level). Each finding is a result at its file, line and
//! column (columns count Unicode code points: `columnKind` `unicodeCodePoints`), with the
//! case id, JSON pointer, clauses, verdict and help in its properties and a partial
//! fingerprint `caselint/v1` = case id, rule and pointer (the key a waiver uses). A waived
//! finding carries `suppressions: [{kind: external, status: accepted, justification}]`.
//! Input and rules errors, and input warnings (level `warning`: keys the case schema does
//! not know), are tool execution notifications and waiver problems tool
//! configuration notifications of the invocation, so `results` holds exactly the findings.

use super::json::{JsonError, JsonFinding, JsonReport, JsonWaiverFinding};
use crate::check::{CheckedRule, RuleSet};
use crate::syntax::ast::{Lang, Severity};
use serde_json::{Value, json};
use serde_sarif::sarif::{
    ArtifactLocation, Invocation, Location, Message, MultiformatMessageString, Notification, PhysicalLocation,
    PropertyBag, Region, ReportingConfiguration, ReportingDescriptor, ReportingDescriptorReference,
    Result as SarifResult, ResultLevel, Run, Sarif, Suppression, Tool, ToolComponent, Version,
};
use std::collections::BTreeMap;

/// The JSON schema of SARIF 2.1.0.
pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The partial fingerprint key of a result: case id, rule id and pointer, as waivers match.
pub const FINGERPRINT_KEY: &str = "caselint/v1";

/// A file path as a URI reference: `\` becomes `/`, a drive letter gets `file:///`, and
/// bytes outside the unreserved and path characters of RFC 3986 are percent-encoded.
pub fn file_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let drive = path.as_bytes().get(1) == Some(&b':') && path.as_bytes().first().is_some_and(u8::is_ascii_alphabetic);
    let mut out = String::from(if drive { "file:///" } else { "" });
    for byte in path.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&byte);
        if keep {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn level_of(severity: &str) -> ResultLevel {
    if severity == "error" { ResultLevel::Error } else { ResultLevel::Warning }
}

fn severity_code(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn text(value: impl Into<String>) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(value.into()).build()
}

fn message(value: impl Into<String>) -> Message {
    Message::builder().text(value.into()).build()
}

fn properties(entries: Vec<(&str, Value)>) -> PropertyBag {
    let map: BTreeMap<String, Value> = entries.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    PropertyBag::builder().additional_properties(map).build()
}

/// `cycle/itsms-surveillance-interval` → `CycleItsmsSurveillanceInterval` (SARIF recommends
/// Pascal case for `name`).
fn pascal_name(id: &str) -> String {
    id.split(|c: char| !c.is_alphanumeric())
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or(String::new(), |first| first.to_uppercase().chain(chars).collect())
        })
        .collect()
}

fn location(file: &str, line: usize, column: usize) -> Location {
    let region = Region::builder().start_line(line.max(1) as i64).start_column(column.max(1) as i64).build();
    let artifact = ArtifactLocation::builder().uri(file_uri(file)).build();
    Location::builder()
        .physical_location(PhysicalLocation::builder().artifact_location(artifact).region(region).build())
        .build()
}

/// The reporting descriptor of a rule.
fn descriptor(rule: &CheckedRule, lang: Lang) -> ReportingDescriptor {
    let title = rule.title.get(lang).clone();
    let doc = rule.doc.get(lang).trim().to_string();
    let full = if doc.is_empty() { title.clone() } else { doc.clone() };
    let citation = super::citation(rule, lang);
    let help = if doc.is_empty() { citation } else { format!("{doc}\n\n{citation}") };
    let severity = severity_code(rule.severity);
    ReportingDescriptor::builder()
        .id(rule.id.clone())
        .name(pascal_name(&rule.id))
        .short_description(text(title))
        .full_description(text(full))
        .help(text(help))
        .default_configuration(ReportingConfiguration::builder().level(Value::from(severity)).build())
        .properties(properties(vec![
            ("clauses", json!(rule.clauses)),
            ("cites", json!(rule.cites)),
            ("severity", json!(severity)),
            ("department", json!(super::summary::department_of(&rule.id, &rule.clauses).code())),
        ]))
        .build()
}

/// The result of a finding.
fn result(finding: &JsonFinding, rule_index: Option<usize>, lang: Lang) -> SarifResult {
    let pick = |b: &super::json::Bilingual| if lang == Lang::Zh { b.zh.clone() } else { b.en.clone() };
    let mut primary = location(&finding.file, finding.line, finding.column);
    if let Some(label) = finding.labels.first().filter(|l| !pick(&l.text).is_empty()) {
        primary.message = Some(message(pick(&label.text)));
    }
    let related: Vec<Location> = finding
        .labels
        .iter()
        .skip(1)
        .enumerate()
        .map(|(i, label)| {
            let mut related = location(label.file.as_deref().unwrap_or(&finding.file), label.line, label.column);
            related.id = Some(i as i64 + 1);
            let caption = pick(&label.text);
            related.message = Some(message(if caption.is_empty() { label.pointer.clone() } else { caption }));
            related
        })
        .collect();
    let mut props = vec![
        ("case_id", json!(finding.case_id)),
        ("pointer", json!(finding.pointer)),
        ("clauses", json!(finding.clauses)),
        ("cites", json!(finding.cites)),
        ("verdict", json!(finding.verdict)),
        ("help", json!(pick(&finding.help))),
    ];
    if !finding.missing.is_empty() {
        props.push(("missing", json!(finding.missing)));
    }
    let fingerprint = format!("{}|{}|{}", finding.case_id, finding.rule, finding.pointer);
    let mut result = SarifResult::builder()
        .rule_id(finding.rule.clone())
        .level(level_of(finding.severity))
        .message(message(pick(&finding.message)))
        .locations(vec![primary])
        .partial_fingerprints(BTreeMap::from([(FINGERPRINT_KEY.to_string(), fingerprint)]))
        .properties(properties(props))
        .build();
    result.rule_index = rule_index.map(|i| i as i64);
    if !related.is_empty() {
        result.related_locations = Some(related);
    }
    if let Some(waiver) = &finding.waived {
        let suppression = Suppression::builder()
            .kind(Value::from("external"))
            .status(Value::from("accepted"))
            .justification(waiver.reason.clone())
            .properties(properties(vec![
                ("waiver", json!(waiver.number)),
                ("approved_by", json!(waiver.approved_by)),
                ("approved", json!(waiver.approved)),
                ("expires", json!(waiver.expires)),
            ]))
            .build();
        result.suppressions = Some(vec![suppression]);
    }
    result
}

fn error_notification(error: &JsonError, lang: Lang, level: &str) -> Notification {
    let text = if lang == Lang::Zh { &error.message.zh } else { &error.message.en };
    let mut notification = Notification::builder()
        .message(message(text.clone()))
        .level(Value::from(level))
        .descriptor(ReportingDescriptorReference::builder().id(error.code.clone()).build())
        .locations(vec![location(&error.file, error.line, error.column)])
        .build();
    if !error.pointer.is_empty() {
        notification.properties = Some(properties(vec![("pointer", json!(error.pointer))]));
    }
    notification
}

fn waiver_notification(waiver: &JsonWaiverFinding, lang: Lang) -> Notification {
    let text = if lang == Lang::Zh { &waiver.message.zh } else { &waiver.message.en };
    Notification::builder()
        .message(message(text.clone()))
        .level(Value::from(waiver.severity))
        .descriptor(ReportingDescriptorReference::builder().id(waiver.code.clone()).build())
        .locations(vec![location(&waiver.file, waiver.line, 1)])
        .properties(properties(vec![("case", json!(waiver.case)), ("rule", json!(waiver.rule))]))
        .build()
}

/// Renders the report as a SARIF 2.1.0 log (pretty-printed, ending with a newline).
pub fn render_sarif(report: &JsonReport, rules: &RuleSet, lang: Lang) -> String {
    let descriptors: Vec<ReportingDescriptor> = rules.rules.iter().map(|r| descriptor(r, lang)).collect();
    let index: BTreeMap<&str, usize> = rules.rules.iter().enumerate().map(|(i, r)| (r.id.as_str(), i)).collect();
    let results: Vec<SarifResult> =
        report.findings.iter().map(|f| result(f, index.get(f.rule.as_str()).copied(), lang)).collect();
    let driver = ToolComponent::builder()
        .name("caselint")
        .version(report.version)
        .semantic_version(report.version)
        .full_name(match lang {
            Lang::Zh => "caselint 认证案卷合规检查",
            Lang::En => "caselint certification case file checker",
        })
        .rules(descriptors)
        .build();
    let mut invocation = Invocation::builder().execution_successful(report.errors.is_empty()).build();
    if !report.errors.is_empty() || !report.warnings.is_empty() {
        let errors = report.errors.iter().map(|e| error_notification(e, lang, "error"));
        let warnings = report.warnings.iter().map(|w| error_notification(&w.entry, lang, w.severity));
        invocation.tool_execution_notifications = Some(errors.chain(warnings).collect());
    }
    if !report.waiver_findings.is_empty() {
        invocation.tool_configuration_notifications =
            Some(report.waiver_findings.iter().map(|w| waiver_notification(w, lang)).collect());
    }
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .invocations(vec![invocation])
        .language(if lang == Lang::Zh { "zh-CN" } else { "en" })
        .column_kind(Value::from("unicodeCodePoints"))
        .properties(properties(vec![("as_of", json!(report.as_of)), ("summary", json!(report.summary))]))
        .build();
    let log = Sarif::builder().schema(SARIF_SCHEMA).version(Version::V2_1_0.to_string()).runs(vec![run]).build();
    serde_json::to_string_pretty(&log).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_encoded() {
        assert_eq!(file_uri("examples/cases/A-1.json"), "examples/cases/A-1.json");
        assert_eq!(file_uri("案卷 1.json"), "%E6%A1%88%E5%8D%B7%201.json");
        assert_eq!(file_uri(r"C:\cases\a#1.json"), "file:///C:/cases/a%231.json");
    }

    #[test]
    fn names_are_pascal_case() {
        assert_eq!(pascal_name("cycle/itsms-surveillance-interval"), "CycleItsmsSurveillanceInterval");
    }
}
