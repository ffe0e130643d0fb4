//! The shape of a case file and of the staff registry: the contract with exporters.
//!
//! One definition serves three purposes: the loader validates input against it, the
//! rules checker types fact paths against it, and `caselint schema` publishes it as
//! JSON Schema. Field names follow `case-model.md`; fields added for rules are marked
//! in their doc text.

use serde_json::{Map, Value, json};

/// The type of one value in a case file or staff registry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape {
    /// `true` / `false`.
    Bool,
    /// Any JSON number (days, percentages).
    Number,
    /// A whole number (head counts).
    Integer,
    /// Free text, often Chinese.
    Text,
    /// A calendar date `YYYY-MM-DD`, checked for existence (`2024-02-30` is rejected).
    Date,
    /// A string from a closed vocabulary.
    Enum(&'static [&'static str]),
    /// A staff id that must exist in the staff registry.
    StaffId,
    /// A JSON array of one shape.
    List(&'static Shape),
    /// A JSON object with known fields; another key is read past with a warning, one
    /// starting with the extension prefix `x_` (the CB's own data) silently.
    Object(&'static [Field]),
}

/// One known key of an object.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    /// The JSON key.
    pub name: &'static str,
    /// The value's shape.
    pub shape: Shape,
    /// Whether the key must be present for the file to load at all.
    pub required: bool,
    /// What the value records (English, one line), published in the JSON Schema.
    pub doc: &'static str,
    /// The same in Chinese, for the help of a missing required key (empty for optional
    /// keys, which no diagnostic describes).
    pub doc_zh: &'static str,
    /// For a number: the smallest and largest value a real record can hold, both included.
    /// A value outside is a load error (a negative head count, audit days of 10^30), not a
    /// finding computed from nonsense; published as `minimum`/`maximum`.
    pub range: Option<(f64, f64)>,
}

impl Field {
    /// The field with an allowed range (numbers only).
    pub(crate) const fn within(self, min: f64, max: f64) -> Field {
        Field { range: Some((min, max)), ..self }
    }
}

/// Most persons a client or a site can count (more than any organisation employs).
const MAX_PERSONNEL: f64 = 10_000_000.0;
/// Most auditor days one audit, or one audit time calculation, can take (IAF MD 5's table
/// tops out well below; a CB's largest client needs a few hundred).
const MAX_AUDIT_DAYS: f64 = 1_000.0;

/// An optional field (absent means "the record is silent").
pub(crate) const fn opt(name: &'static str, shape: Shape, doc: &'static str) -> Field {
    Field { name, shape, required: false, doc, doc_zh: "", range: None }
}

/// A field the file cannot load without.
pub(crate) const fn req(name: &'static str, shape: Shape, doc: &'static str, doc_zh: &'static str) -> Field {
    Field { name, shape, required: true, doc, doc_zh, range: None }
}

/// The management-system schemes the CB certifies.
pub const SCHEMES: &[&str] = &["ISMS", "ITSMS"];
/// Departments of procedure section 3, plus people outside the CB.
pub const DEPARTMENTS: &[&str] = &["market", "audit", "technical", "general", "external"];
/// Kinds of audit in a certification cycle. `transfer` (IAF MD 2 转换审核: the review, and
/// any visit, by which this CB takes over a certificate another accredited CB issued) and
/// `follow_up` (跟踪审核/验证审核: a visit to verify the correction of nonconformities) are
/// real records' kinds: neither is a stage 1, stage 2, surveillance or recertification, so no
/// rule of those kinds reads them; rules about every audit (team, plan, records) do.
pub const AUDIT_KINDS: &[&str] =
    &["stage1", "stage2", "surveillance", "recertification", "special", "transfer", "follow_up"];
/// Roles in an audit team; only `leader` and `member` count as auditors. Technical experts,
/// trainees (实习审核员), observers (观察员), guides (向导) and interpreters (翻译) are the
/// other team members CNAS-CC01 9.1.4 and 9.2.2 name: their time is not audit time and they do
/// not count towards the team's auditors or its competence in the scope (technical experts
/// do count for competence, 4.1.3.2).
pub const TEAM_ROLES: &[&str] =
    &["leader", "member", "technical_expert", "trainee", "observer", "guide", "interpreter"];
/// Outcomes a team may recommend or a decision maker may decide.
pub const OUTCOMES: &[&str] =
    &["grant", "refuse", "maintain", "renew", "suspend", "restore", "withdraw", "reduce_scope", "extend_scope"];
/// Events in a certificate's life after issue. `expired` (过期, a state CNCA's reporting uses)
/// records that the certificate lapsed at its expiry date without renewal: the certificate
/// simply ran out, so no rule asks for a notice on it (3.4.3 names the notices of suspension,
/// restoration, withdrawal and cancellation); as a status change it is still reported to CNCA.
pub const CERTIFICATE_EVENTS: &[&str] =
    &["suspended", "restored", "withdrawn", "cancelled", "scope_reduced", "expired"];
/// Records of procedure section 6 (and the dispatch notice of 3.2.1).
pub const RECORDS: &[&str] = &[
    "audit_plan",
    "checklist",
    "stage1_report",
    "nc_report",
    "improvement_list",
    "audit_report",
    "client_info_confirmation",
    "client_info_change",
    "termination_report",
    "impartiality_declaration",
    "review_and_programme_form",
    "dispatch_notice",
];
/// Topics a surveillance report may say it covered (4.1.7.2, 4.2.8.1(2)).
pub const SURVEILLANCE_TOPICS: &[&str] = &[
    "risk_assessment_maintenance",
    "internal_audit",
    "management_review",
    "corrective_actions",
    "changes",
    "legal_compliance_review",
    "control_changes",
    "service_catalogue_changes",
    "mark_use",
    "complaints",
    "external_communication",
    "selected_requirements",
    "isms_effectiveness",
    "control_implementation",
    "scope_changes",
    "other_areas",
];
/// Auditor grades in the registration.
pub const AUDITOR_GRADES: &[&str] = &["lead_auditor", "auditor", "trainee"];
/// Grades of an audit finding in a nonconformities list: `major` and `minor` are
/// nonconformities (CNAS-CC01 3.12, 3.13); `observation` (观察项) and
/// `opportunity_for_improvement` (改进机会) are findings CB records list beside them that are
/// not nonconformities, so no nonconformity rule demands a correction, a corrective action or
/// a nonconformity report for them. A finding without a grade is read as a nonconformity.
pub const NC_GRADES: &[&str] = &["major", "minor", "observation", "opportunity_for_improvement"];
/// Outcomes of the application review.
pub const REVIEW_OUTCOMES: &[&str] = &["accepted", "rejected"];
/// Focus topics of a stage 2 audit (4.1.4.2(2)).
pub const STAGE2_TOPICS: &[&str] = &[
    "leadership_commitment",
    "documentation_requirements",
    "risk_assessment",
    "control_objectives",
    "performance_and_effectiveness",
    "consistency",
    "control_implementation",
    "traceability",
];
/// How an audit was carried out.
pub const AUDIT_METHODS: &[&str] = &["onsite", "remote", "mixed"];
/// Why a special audit took place (4.1.7.4, 4.2.8.3).
pub const SPECIAL_REASONS: &[&str] =
    &["scope_extension", "short_notice", "complaint", "changes", "suspension_follow_up"];

static TEXTS: Shape = Shape::Text;
static SCHEME_LIST: Shape = Shape::Enum(SCHEMES);
static RECORD_LIST: Shape = Shape::Enum(RECORDS);
static TOPIC_LIST: Shape = Shape::Enum(SURVEILLANCE_TOPICS);
static STAGE2_TOPIC_LIST: Shape = Shape::Enum(STAGE2_TOPICS);

static DATED_BY: Shape =
    Shape::Object(&[opt("date", Shape::Date, "when it was done"), opt("by", Shape::StaffId, "who did it")]);

static SITE: Shape = Shape::Object(&[
    req("id", Shape::Text, "site id, referenced by audits and nonconformities", "场所编号，供审核和不符合引用"),
    opt("name", Shape::Text, "site name"),
    opt("address", Shape::Text, "site address"),
    opt("personnel", Shape::Integer, "persons working at the site").within(0.0, MAX_PERSONNEL),
    opt("significant_risk", Shape::Bool, "the site carries significant information-security risk (4.1.2.6.2 d)"),
    opt("in_internal_audit", Shape::Bool, "the site is in the client's internal audit programme (4.1.2.6.1 b)"),
    opt("in_management_review", Shape::Bool, "the site is in the client's management review programme (4.1.2.6.1 c)"),
    opt(
        "central_function",
        Shape::Bool,
        "the site is the central function (headquarters) of a multi-site client (added)",
    ),
]);

static SOA: Shape = Shape::Object(&[
    opt("version", Shape::Text, "statement of applicability version"),
    opt("scope", Shape::Text, "the certification scope this SoA covers"),
]);

static ISMS: Shape = Shape::Object(&[
    opt("documented", Shape::Bool, "the ISMS is documented (4.1.1.1)"),
    opt("implemented", Shape::Bool, "the ISMS is implemented (4.1.1.1)"),
    opt("interfaces_addressed", Shape::Bool, "interfaces to services outside the scope are addressed (4.1.2.3)"),
    opt(
        "risk_assessment_covers_scope",
        Shape::Bool,
        "risk assessment and treatment reflect the scope's activities to its boundaries (4.1.2.3, added)",
    ),
    opt("soa", Shape::List(&SOA), "statements of applicability, one or more per scope (4.1.2.3)"),
]);

static CLIENT_REVIEW: Shape = Shape::Object(&[
    opt("date", Shape::Date, "when the client held it"),
    opt("covers_scope", Shape::Bool, "it covered the whole certification scope (4.1.2.2)"),
    opt("sites", Shape::List(&TEXTS), "site ids it covered"),
]);

static LEGAL: Shape = Shape::Object(&[
    opt(
        "qualification_requirements_stated",
        Shape::Bool,
        "ITSMS applicant stated CB qualification, integrity and personnel-background requirements (4.2.1)",
    ),
    opt("state_secrets_relevant", Shape::Bool, "state-secret or national-security law applies (4.2.1)"),
]);

static SERVICE_PARTNER: Shape = Shape::Object(&[
    opt("name", Shape::Text, "the other party"),
    opt("role", Shape::Text, "what it provides jointly with the client"),
    opt("governance", Shape::Text, "how the client manages it under ISO/IEC 20000-1 (4.2.5(2))"),
]);

static CONSULTANCY: Shape = Shape::Object(&[
    opt("used", Shape::Bool, "the client used management-system consultancy"),
    opt("by", Shape::Text, "the consultant (organisation or person)"),
    opt("staff", Shape::List(&STAFF_IDS), "CB staff who took part in the consultancy (added for impartiality rules)"),
    opt("ended", Shape::Date, "when the consultancy ended"),
]);
static STAFF_IDS: Shape = Shape::StaffId;

static CLIENT: Shape = Shape::Object(&[
    opt("name", Shape::Text, "client name"),
    opt("address", Shape::Text, "client address"),
    opt("scope", Shape::Text, "certification scope as applied for"),
    opt("technical_areas", Shape::List(&TEXTS), "technical area codes of the scope, e.g. 33.03"),
    opt("effective_personnel", Shape::Integer, "effective number of persons for audit time").within(1.0, MAX_PERSONNEL),
    opt("sites", Shape::List(&SITE), "physical sites"),
    opt("isms", ISMS, "ISMS facts (ISMS cases)"),
    opt("management_reviews", Shape::List(&CLIENT_REVIEW), "management reviews the client held"),
    opt("internal_audits", Shape::List(&CLIENT_REVIEW), "internal audits the client held"),
    opt("legal", LEGAL, "legal declarations (4.2.1)"),
    opt("service_partners", Shape::List(&SERVICE_PARTNER), "other parties involved in service provision (4.2.1)"),
    opt("consultancy", CONSULTANCY, "management-system consultancy the client received (added)"),
    opt(
        "business_activities",
        Shape::List(&TEXTS),
        "business activities in the ITSMS scope, each to be covered by surveillance within the certificate's validity (4.2.8.1(1), added)",
    ),
    opt(
        "isms_covers_sms_scope",
        Shape::Bool,
        "combined ISMS+ITSMS: the ISMS scope covers the SMS scope (4.2.4(3), added)",
    ),
]);

static REVIEW: Shape = Shape::Object(&[
    opt("date", Shape::Date, "when the application was reviewed"),
    opt("by", Shape::StaffId, "who reviewed it (audit department, 3.2.1)"),
    opt("outcome", Shape::Enum(REVIEW_OUTCOMES), "accepted or rejected"),
    opt("sufficient_information", Shape::Bool, "the application gave enough information (4.2.5(1))"),
    opt(
        "risks_understood",
        Shape::Bool,
        "the review gives a clear understanding of the client's activities and the possible risks of the SMS and services (4.2.1, added)",
    ),
    opt(
        "site_differences_identified",
        Shape::Bool,
        "multi-site: differences between sites identified at the initial contract review (4.1.2.6.2 a, added)",
    ),
]);

static APPLICATION: Shape = Shape::Object(&[
    opt("received", Shape::Date, "when the application was received"),
    opt("received_by", Shape::StaffId, "who received it (market department, 3.1.1)"),
    opt("preliminary_evaluation", DATED_BY, "preliminary evaluation of the application (3.1.2)"),
    opt("review", REVIEW, "application review (4.1.1.2, 3.2.1)"),
]);

static CONTRACT: Shape = Shape::Object(&[
    opt("signed", Shape::Date, "when the certification contract was signed"),
    opt("signed_by", Shape::StaffId, "who signed for the CB (market department, 3.1.3)"),
]);

static AUDIT_TIME: Shape = Shape::Object(&[
    opt("basis_personnel", Shape::Integer, "persons the calculation is based on").within(1.0, MAX_PERSONNEL),
    opt("table_days", Shape::Number, "audit days from the table").within(0.0, MAX_AUDIT_DAYS),
    opt("adjustment_percent", Shape::Number, "total adjustment, negative for a reduction").within(-100.0, 100.0),
    opt("adjustment_reasons", Shape::List(&TEXTS), "justification of each adjustment"),
    opt("planned_days", Shape::Number, "audit days planned").within(0.0, MAX_AUDIT_DAYS),
    opt("includes_reporting", Shape::Bool, "the total audit time includes enough time for reporting (4.1.2.5, added)"),
]);

static SAMPLING: Shape = Shape::Object(&[
    opt("used", Shape::Bool, "multi-site sampling is used (4.1.2.6, 4.2.3)"),
    opt("sites_total", Shape::Integer, "number of sites in scope").within(1.0, 1_000_000.0),
    opt("sampled", Shape::List(&TEXTS), "site ids sampled"),
    opt("justification", Shape::Text, "justification of the sampling method"),
]);

static PROGRAMME: Shape = Shape::Object(&[
    opt("planned", Shape::Date, "when the audit programme was planned"),
    opt("planned_by", Shape::StaffId, "who planned it (audit department, 3.2.1)"),
    opt("criteria", Shape::List(&TEXTS), "audit criteria (4.1.2.4)"),
    opt("considers_controls", Shape::Bool, "the programme considers the determined controls (4.1.2.1)"),
    opt("audit_time", AUDIT_TIME, "audit time determination (4.1.2.5)"),
    opt("sampling", SAMPLING, "multi-site sampling (4.1.2.6)"),
]);

static TEAM_MEMBER: Shape = Shape::Object(&[
    req("staff", Shape::StaffId, "the team member", "审核组成员（人员编号）"),
    opt(
        "role",
        Shape::Enum(TEAM_ROLES),
        "leader, member (the auditors), technical_expert, trainee, observer, guide or interpreter; only leader and member count as auditors and their days as audit time (CNAS-CC01 9.1.4, 9.2.2)",
    ),
    opt("days", Shape::Number, "days this person spent on the audit (added)").within(0.0, MAX_AUDIT_DAYS),
    opt("accompanied_by", Shape::StaffId, "the auditor a technical expert or trainee works under (added)"),
]);

static NOTICE: Shape = Shape::Object(&[
    opt("issued", Shape::Date, "when the notice was issued"),
    opt("by", Shape::StaffId, "who issued it"),
]);

static DECLARATION: Shape = Shape::Object(&[
    opt("staff", Shape::StaffId, "who signed (6.15 保密及公正性声明)"),
    opt("signed", Shape::Date, "when"),
]);

static PLAN: Shape = Shape::Object(&[
    opt("issued", Shape::Date, "when the audit plan was issued (6.5)"),
    opt("reported_to_cnca", Shape::Date, "when it was reported to CNCA (3.2.2)"),
    opt("considers_controls", Shape::Bool, "the plan considers the determined controls (4.1.3.3)"),
    opt("remote_techniques", Shape::List(&TEXTS), "network-assisted audit techniques used (4.1.3.3)"),
    opt(
        "objectives_include_effectiveness",
        Shape::Bool,
        "the audit objectives include determining the effectiveness of the management system (4.1.3.1, added)",
    ),
    opt("timing_agreed", Shape::Bool, "the audit timing was agreed with the client (4.1.3.3, added)"),
]);

static REPORT_CONTENTS: Shape = Shape::Object(&[
    opt("audit_description", Shape::Bool, "4.1.5.3.1 a) audit description"),
    opt("document_review_summary", Shape::Bool, "4.1.5.3.1 a) summary of the document review"),
    opt("risk_analysis_description", Shape::Bool, "4.1.5.3.1 b) description of the audit of the risk analysis"),
    opt("plan_deviations", Shape::Bool, "4.1.5.3.1 c) deviations from the audit plan"),
    opt("isms_scope", Shape::Bool, "4.1.5.3.1 d) the ISMS scope"),
    opt("audit_trails_and_methods", Shape::Bool, "4.1.5.3.2 a) / 4.2.6.8 main audit trails and methods"),
    opt("positive_observations", Shape::Bool, "4.1.5.3.2 b) positive observations"),
    opt("negative_observations", Shape::Bool, "4.1.5.3.2 b) negative observations"),
    opt("conformity_opinion", Shape::Bool, "4.1.5.3.2 c) opinion on conformity"),
    opt("soa_version", Shape::Text, "4.1.5.3.2 c) the SoA version referenced"),
    opt("key_observations_summary", Shape::Bool, "4.1.5.3.2 a) summary of the most important observations"),
    opt("scope_definition", Shape::Bool, "4.2.6.8 definition of the certification scope (ITSMS)"),
    opt("scope_changes", Shape::Bool, "4.2.6.8 changes of scope mentioned (ITSMS)"),
]);

static RECOMMENDATION: Shape = Shape::Object(&[
    opt("outcome", Shape::Enum(OUTCOMES), "what the team recommends"),
    opt("rationale", Shape::Text, "information supporting the recommendation"),
]);

static REPORT: Shape = Shape::Object(&[
    opt("date", Shape::Date, "when the report was issued"),
    opt("written", Shape::Bool, "a written report exists"),
    opt("reviewed", DATED_BY, "review of the stage 1 report before stage 2 (4.1.4.1(2))"),
    opt("contents", REPORT_CONTENTS, "what the report contains"),
    opt("recommendation", RECOMMENDATION, "the team's recommendation"),
    opt("previous_nc_cleared", Shape::Bool, "surveillance: earlier nonconformities cleared (4.1.7.2(3))"),
    opt("soa_version", Shape::Text, "surveillance: SoA version (4.1.7.2(3))"),
    opt("significant_changes", Shape::Text, "surveillance: significant changes since the last audit"),
    opt("complaints_reviewed", Shape::Bool, "surveillance: the client's complaint records were reviewed"),
    opt("topics", Shape::List(&TOPIC_LIST), "surveillance: topics covered (4.1.7.2, 4.2.8.1(2))"),
    opt("stage2_topics", Shape::List(&STAGE2_TOPIC_LIST), "stage 2: the focus topics of 4.1.4.2(2) covered (added)"),
    opt(
        "design_documents_obtained",
        Shape::Bool,
        "stage 1: ISMS design documents required by ISO/IEC 27001 obtained (4.1.4.1(1), added)",
    ),
    opt(
        "findings_by_standard",
        Shape::Bool,
        "combined audit: findings identifiable per standard (4.1.2.7, 4.2.4(2), added)",
    ),
    opt(
        "security_process_audited",
        Shape::Bool,
        "combined ISMS+ITSMS: the ISO/IEC 20000-1 information security process was audited (4.2.4(3), added)",
    ),
    opt(
        "security_process_standalone",
        Shape::Bool,
        "that process was audited as a standalone process (4.2.4(3), added)",
    ),
    opt(
        "service_partners_evidence",
        Shape::Bool,
        "evidence of other parties in service provision and how they are governed (4.2.5(2), added)",
    ),
    opt("activities_covered", Shape::List(&TEXTS), "ITSMS business activities this audit covered (4.2.8.1(1), added)"),
    opt("ict_extent", Shape::Text, "extent to which remote (ICT) techniques were used (4.1.3.3, added)"),
]);

static CORRECTION: Shape = Shape::Object(&[opt("accepted", Shape::Date, "when the CB accepted it")]);

static CORRECTIVE_ACTION: Shape = Shape::Object(&[
    opt("accepted", Shape::Date, "when the CB accepted it"),
    opt("verified", Shape::Date, "when the CB verified it"),
    opt("verified_by", Shape::StaffId, "who verified it"),
    opt("effective", Shape::Bool, "it was found effective (4.2.6.10)"),
    opt(
        "applied_to_all_sites",
        Shape::Bool,
        "the corrective action covers headquarters and every site in scope (4.1.2.6.2 f, added)",
    ),
]);

static NONCONFORMITY: Shape = Shape::Object(&[
    opt("id", Shape::Text, "nonconformity id"),
    opt(
        "grade",
        Shape::Enum(NC_GRADES),
        "major or minor (nonconformities), or observation / opportunity_for_improvement (findings that are not nonconformities: no correction is required); absent is read as a nonconformity",
    ),
    opt("clause", Shape::Text, "the requirement not met"),
    opt("raised", Shape::Date, "when it was raised"),
    opt("sites", Shape::List(&TEXTS), "sites where it was found"),
    opt("cause_analysis", Shape::Bool, "the client analysed the cause (4.2.6.9)"),
    opt("correction", CORRECTION, "the correction"),
    opt("corrective_action", CORRECTIVE_ACTION, "the corrective action"),
]);

static DECISION_EVIDENCE: Shape = Shape::Object(&[
    opt("management_review", Shape::Bool, "management review shown implemented and effective (4.1.6.2, 4.2.7)"),
    opt("internal_audit", Shape::Bool, "internal audit shown implemented and effective (4.1.6.2, 4.2.7)"),
]);

static DECISION: Shape = Shape::Object(&[
    opt("date", Shape::Date, "when the decision was made"),
    opt("by", Shape::List(&STAFF_IDS), "who decided (technical department, 3.3.1)"),
    opt("outcome", Shape::Enum(OUTCOMES), "what was decided"),
    opt("recommendation_overridden", Shape::Bool, "the decision went against the team's recommendation (4.1.6.3)"),
    opt("override_basis", Shape::Text, "basis of the override (4.1.6.3, added)"),
    opt("override_justification", Shape::Text, "justification of the override (4.1.6.3)"),
    opt("override_recorded_by", Shape::StaffId, "who recorded the override (technical department, added)"),
    opt("evidence", DECISION_EVIDENCE, "evidence the decision relied on"),
]);

static AUDIT: Shape = Shape::Object(&[
    req("id", Shape::Text, "audit id within the case", "案卷内的审核编号"),
    req(
        "kind",
        Shape::Enum(AUDIT_KINDS),
        "stage1, stage2, surveillance, recertification, special, transfer (IAF MD 2 transfer) or follow_up (a visit verifying nonconformity corrections); transfer and follow_up are not stage 1/2, surveillance or recertification audits",
        "审核类型：stage1、stage2、surveillance、recertification、special、transfer（转换审核）或 follow_up（跟踪审核/验证审核）",
    ),
    opt("start", Shape::Date, "first audit day"),
    opt("end", Shape::Date, "last audit day"),
    opt("days", Shape::Number, "auditor days spent").within(0.0, MAX_AUDIT_DAYS),
    opt("sites", Shape::List(&TEXTS), "site ids audited"),
    opt("team", Shape::List(&TEAM_MEMBER), "the audit team"),
    opt("dispatch_notice", NOTICE, "《审核组派遣通知书》 (3.2.1)"),
    opt("declarations", Shape::List(&DECLARATION), "signed confidentiality and impartiality declarations (6.15)"),
    opt("plan", PLAN, "the audit plan (6.5)"),
    opt("combined_with", Shape::List(&SCHEME_LIST), "schemes audited together with this one"),
    opt("report", REPORT, "the audit report"),
    opt("nonconformities", Shape::List(&NONCONFORMITY), "nonconformities raised (6.9)"),
    opt("decision", DECISION, "decision taken on this audit (surveillance, recertification; added)"),
    opt("method", Shape::Enum(AUDIT_METHODS), "onsite, remote or mixed (added)"),
    opt("special_reason", Shape::Enum(SPECIAL_REASONS), "why a special audit took place (added)"),
    opt("team_rationale", Shape::Text, "why the team was chosen, required for short-notice audits (added)"),
    opt("records", Shape::List(&RECORD_LIST), "records this audit left (section 6, added)"),
]);

static EVENT: Shape = Shape::Object(&[
    req(
        "type",
        Shape::Enum(CERTIFICATE_EVENTS),
        "suspended, restored, withdrawn, cancelled, scope_reduced or expired (lapsed at expiry without renewal: no notice is required, the report to CNCA is)",
        "证书变更类型：suspended、restored、withdrawn、cancelled、scope_reduced 或 expired（过期）",
    ),
    opt("date", Shape::Date, "when it took effect"),
    opt("reason", Shape::Text, "why"),
    opt("notice", NOTICE, "the notice (general department, 3.4.3)"),
    opt("reported_to_cnca", Shape::Date, "when it was reported to CNCA"),
]);

static CERTIFICATE: Shape = Shape::Object(&[
    opt("number", Shape::Text, "certificate number"),
    opt("issued", Shape::Date, "when it was issued"),
    opt("effective", Shape::Date, "effective date"),
    opt("expires", Shape::Date, "expiry date"),
    opt(
        "previous_expires",
        Shape::Date,
        "a renewed certificate: the expiry date of the certificate it renews, on which its own expiry may be based (CNAS-CC01 9.6.3.2.3, added)",
    ),
    opt("scope", Shape::Text, "certified scope"),
    opt("soa_version", Shape::Text, "SoA version on an ISMS certificate"),
    opt("issued_by", Shape::StaffId, "who issued it (general department, 3.4.3)"),
    opt("published", Shape::Date, "published on the CB website (3.4.4)"),
    opt("reported_to_cnca", Shape::Date, "reported to CNCA (3.2.2)"),
    opt("events", Shape::List(&EVENT), "suspension, restoration, withdrawal, cancellation, scope reduction"),
]);

static COMPLAINT: Shape = Shape::Object(&[
    opt("date", Shape::Date, "when it was received"),
    opt("summary", Shape::Text, "what it was about"),
    opt("closed", Shape::Date, "when it was closed"),
]);

static AUDITS: Shape = Shape::List(&AUDIT);

/// The shape of one case file.
pub static CASE: Shape = Shape::Object(&[
    req("case_id", Shape::Text, "the case's unique id", "案卷的唯一编号"),
    req("schemes", Shape::List(&SCHEME_LIST), "ISMS, ITSMS or both", "认证体系：ISMS、ITSMS 或两者"),
    opt("client", CLIENT, "the applicant organisation"),
    opt("application", APPLICATION, "the application and its review"),
    opt("contract", CONTRACT, "the certification contract"),
    opt("programme", PROGRAMME, "the audit programme (6.16)"),
    opt("audits", AUDITS, "every audit of the cycle"),
    opt(
        "decision",
        DECISION,
        "the decision that opens the cycle this file holds: the initial grant, or the renewal after a recertification audit",
    ),
    opt("certificate", CERTIFICATE, "the certificate"),
    opt("complaints", Shape::List(&COMPLAINT), "complaints about the client"),
    opt("records", Shape::List(&RECORD_LIST), "records kept on file (section 6)"),
]);

static AUDITOR: Shape = Shape::Object(&[
    opt("registration", Shape::Text, "CCAA registration number"),
    opt("grade", Shape::Enum(AUDITOR_GRADES), "lead_auditor, auditor or trainee"),
    opt("schemes", Shape::List(&SCHEME_LIST), "schemes the registration covers"),
    opt("valid_until", Shape::Date, "last day the registration is valid"),
    opt("technical_areas", Shape::List(&TEXTS), "technical areas the auditor is competent in"),
]);

static EXPERT: Shape = Shape::Object(&[opt("technical_areas", Shape::List(&TEXTS), "technical areas of expertise")]);

/// The shape of one person in the staff registry.
pub static STAFF_MEMBER: Shape = Shape::Object(&[
    req("id", Shape::Text, "staff id, referenced from case files", "人员编号，供案卷引用"),
    opt("name", Shape::Text, "name"),
    req("department", Shape::Enum(DEPARTMENTS), "department (procedure section 3)", "所属部门（程序第 3 章）"),
    opt("auditor", AUDITOR, "auditor registration"),
    opt("technical_expert", EXPERT, "technical expert competence"),
    opt(
        "left",
        Shape::Date,
        "former staff: the last day the person worked for the CB (离职日期). The registry keeps people who left, so that old case files still name them; an act recorded on or before this day is theirs to do, an act after it is a finding (added)",
    ),
]);

static STAFF_LIST: Shape = Shape::List(&STAFF_MEMBER);

/// The shape of the staff registry file.
pub static STAFF_REGISTRY: Shape =
    Shape::Object(&[req("staff", STAFF_LIST, "every person of the CB", "机构的全部人员")]);

impl Shape {
    /// The fields of an object shape, or none.
    pub fn fields(&self) -> &'static [Field] {
        match self {
            Shape::Object(fields) => fields,
            _ => &[],
        }
    }

    /// The named field of an object shape.
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields().iter().find(|f| f.name == name)
    }

    /// A short English name of the shape, for messages ("a date", "a list").
    pub fn describe(&self) -> &'static str {
        match self {
            Shape::Bool => "boolean",
            Shape::Number => "number",
            Shape::Integer => "integer",
            Shape::Text | Shape::Enum(_) | Shape::StaffId => "string",
            Shape::Date => "date",
            Shape::List(_) => "array",
            Shape::Object(_) => "object",
        }
    }
}

/// The JSON Schema (draft 2020-12) of a shape, with a title, for publication.
pub fn json_schema(shape: &Shape, title: &str) -> Value {
    let mut schema = shape_schema(shape);
    if let Value::Object(map) = &mut schema {
        map.insert("$schema".into(), json!("https://json-schema.org/draft/2020-12/schema"));
        map.insert("title".into(), json!(title));
    }
    schema
}

fn shape_schema(shape: &Shape) -> Value {
    match shape {
        Shape::Bool => json!({"type": "boolean"}),
        Shape::Number => json!({"type": "number"}),
        Shape::Integer => json!({"type": "integer"}),
        Shape::Text => json!({"type": "string"}),
        Shape::Date => json!({"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}),
        Shape::Enum(values) => json!({"type": "string", "enum": values}),
        Shape::StaffId => json!({"type": "string", "description": "a staff id from the staff registry"}),
        Shape::List(item) => json!({"type": "array", "items": shape_schema(item)}),
        Shape::Object(fields) => {
            let mut properties = Map::new();
            for field in *fields {
                let mut property = shape_schema(&field.shape);
                if let Value::Object(map) = &mut property {
                    map.insert("description".into(), json!(field.doc));
                    if let Some((min, max)) = field.range {
                        map.insert("minimum".into(), json!(min));
                        map.insert("maximum".into(), json!(max));
                    }
                    if !field.required {
                        // Absent and null both mean "the record is silent".
                        let inner = Value::Object(std::mem::take(map));
                        property = json!({"anyOf": [inner, {"type": "null"}]});
                    }
                }
                properties.insert(field.name.into(), property);
            }
            let required: Vec<&str> = fields.iter().filter(|f| f.required).map(|f| f.name).collect();
            let extension = json!({
                "description": "the CB's own data, at any depth: read past without a warning (any other key the schema does not name is read past with a warning)"
            });
            json!({"type": "object", "properties": properties, "required": required, "patternProperties": {"^x_": extension}})
        }
    }
}

/// The allowed key a misspelled one most likely means: the nearest by edit distance,
/// ignoring case, when it is near enough (a third of the key's length, at least one edit);
/// the first in schema order on a tie.
pub fn did_you_mean(key: &str, allowed: &[&'static str]) -> Option<&'static str> {
    let key = key.to_lowercase();
    let limit = (key.chars().count() / 3).max(1);
    let mut best: Option<(usize, &'static str)> = None;
    for candidate in allowed {
        let distance = edit_distance(&key, &candidate.to_lowercase());
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, name)| name)
}

/// Edit distance over characters, a swap of two neighbours counting as one edit (`nmae`
/// is one edit from `name`): the optimal string alignment distance.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut two_back: Vec<usize> = Vec::new();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let at = |row: &[usize], k: usize| row.get(k).copied().unwrap_or(usize::MAX - 1);
            let mut best =
                (at(&previous, j) + usize::from(ca != cb)).min(at(&previous, j + 1) + 1).min(at(&current, j) + 1);
            let swapped = i > 0 && j > 0 && a.get(i - 1) == Some(cb) && b.get(j - 1) == Some(ca);
            if swapped {
                best = best.min(at(&two_back, j - 1) + 1);
            }
            if let Some(cell) = current.get_mut(j + 1) {
                *cell = best;
            }
        }
        two_back = std::mem::replace(&mut previous, current);
    }
    previous.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_key_a_typo_means() {
        let plan: Vec<&str> = PLAN.fields().iter().map(|f| f.name).collect();
        assert_eq!(did_you_mean("reported_to_CNCA", &plan), Some("reported_to_cnca"));
        assert_eq!(did_you_mean("isued", &plan), Some("issued"));
        assert_eq!(did_you_mean("remote_technique", &plan), Some("remote_techniques"));
        assert_eq!(did_you_mean("auditor_notes", &plan), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("nmae", "name"), 1);
        assert_eq!(did_you_mean("nmae", &["id", "name", "department"]), Some("name"));
    }
}
