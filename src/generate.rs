//! A corpus generator for tests and benchmarks, with ground truth.
//!
//! [`generate`] builds `cases` case files from the compliant fixture bases
//! (`tests/fixtures/_bases/`), each with its own case id, certificate number, client name and
//! address. About 40% of the cases carry exactly one injected violation: the patch of one
//! *pure* fail fixture (one whose patch, on its base, makes exactly the fixture's declared
//! findings appear across all rules, and nothing else: see [`INJECTORS`] and
//! `tests/generator.rs`). The ground truth of an injected case is that fixture's `expect`; a
//! clean case has none. Every case also carries what its base itself produces
//! ([`BACKGROUND`]: reminders of obligations that fall due after the as-of date). The corpus
//! is meant to be checked as of [`AS_OF`] with the default settings and the example staff
//! registry ([`GeneratedCorpus::staff`]); the truth lists `violated`, `not_evaluable` and
//! `not_yet_due` findings alike.
//!
//! The output depends only on `(cases, seed)`: a small splitmix64 generator drives every
//! choice, and JSON keeps insertion order. Nothing here panics; [`write_corpus`] is the only
//! function that touches the filesystem, and only under the directory it is given.

mod schedule;

use serde::Serialize;
use serde_json::Value;
use std::path::Path;

/// The date a generated corpus is checked against.
pub const AS_OF: &str = "2025-12-31";

/// One in how many cases, out of 10, carries an injected violation.
const INJECTED_TENTHS: u64 = 4;

/// A generated corpus: case files, the staff registry they reference, and the findings
/// caselint must report on them.
#[derive(Debug, Clone, PartialEq)]
pub struct GeneratedCorpus {
    /// The case files, as (file name, JSON text), sorted by file name.
    pub cases: Vec<(String, String)>,
    /// The staff registry (`staff.json`) the cases reference.
    pub staff: String,
    /// Every finding the cases must produce, sorted by file, rule, pointer and verdict.
    pub truth: Vec<TruthEntry>,
    /// The as-of date the truth holds for.
    pub as_of: &'static str,
}

/// One expected finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct TruthEntry {
    /// The case's `case_id`.
    pub case_id: String,
    /// The case's file name (in `cases/`).
    pub file: String,
    /// The rule id.
    pub rule: String,
    /// `violated`, `not_evaluable` or `not_yet_due`.
    pub verdict: String,
    /// The finding's JSON pointer.
    pub pointer: String,
}

/// The compliant bases, by name.
const BASES: &[(&str, &str)] = &[
    ("isms", include_str!("../tests/fixtures/_bases/isms.json")),
    ("itsms", include_str!("../tests/fixtures/_bases/itsms.json")),
    ("ims", include_str!("../tests/fixtures/_bases/ims.json")),
];

/// What the unpatched bases produce as of [`AS_OF`]: (base, rule id, verdict, pointer).
/// The bases violate nothing, but obligations that fall due after the as-of date are
/// reported as `not_yet_due` (the `calendar/*` reminders, for one), so every case built on a
/// base carries its base's entries in the truth. `tests/generator.rs` proves the list current.
pub const BACKGROUND: &[(&str, &str, &str, &str)] = &[
    ("ims", "calendar/next-surveillance", "not_yet_due", "/audits/2/end"),
    ("ims", "calendar/recertification", "not_yet_due", "/certificate/expires"),
    ("isms", "calendar/next-surveillance", "not_yet_due", "/audits/2/end"),
    ("isms", "calendar/recertification", "not_yet_due", "/certificate/expires"),
    ("itsms", "calendar/next-surveillance", "not_yet_due", "/audits/3/end"),
    ("itsms", "calendar/recertification", "not_yet_due", "/certificate/expires"),
];

/// The staff registry every generated case references.
const STAFF: &str = include_str!("../examples/staff.json");

/// The pure fail fixtures a violation is injected from: (rule id, fixture name, base, the
/// fixture's JSON text). `tests/generator.rs` proves each one pure (its patch on its base
/// yields exactly its `expect` across all rules as of [`AS_OF`], beside the base's
/// [`BACKGROUND`]) and lists the fail fixtures that are not, with the other rules they fire.
/// None has a custom `as_of`.
pub const INJECTORS: &[(&str, &str, &str, &str)] = &[
    (
        "application/isms-documented-and-implemented",
        "neither",
        "isms",
        include_str!("../tests/fixtures/application/isms-documented-and-implemented/fail-neither.json"),
    ),
    (
        "application/isms-documented-and-implemented",
        "not-implemented",
        "isms",
        include_str!("../tests/fixtures/application/isms-documented-and-implemented/fail-not-implemented.json"),
    ),
    (
        "application/itsms-declarations",
        "both",
        "itsms",
        include_str!("../tests/fixtures/application/itsms-declarations/fail-both.json"),
    ),
    (
        "application/itsms-declarations",
        "qualification-not-stated",
        "itsms",
        include_str!("../tests/fixtures/application/itsms-declarations/fail-qualification-not-stated.json"),
    ),
    (
        "application/itsms-declarations",
        "state-secrets-undeclared",
        "ims",
        include_str!("../tests/fixtures/application/itsms-declarations/fail-state-secrets-undeclared.json"),
    ),
    (
        "application/itsms-joint-services-declared",
        "service-not-stated",
        "ims",
        include_str!("../tests/fixtures/application/itsms-joint-services-declared/fail-service-not-stated.json"),
    ),
    (
        "application/itsms-risks-understood",
        "risks-not-understood",
        "itsms",
        include_str!("../tests/fixtures/application/itsms-risks-understood/fail-risks-not-understood.json"),
    ),
    (
        "application/review-before-programme",
        "rejected-but-audited",
        "isms",
        include_str!("../tests/fixtures/application/review-before-programme/fail-rejected-but-audited.json"),
    ),
    (
        "application/review-before-programme",
        "review-after-programme",
        "isms",
        include_str!("../tests/fixtures/application/review-before-programme/fail-review-after-programme.json"),
    ),
    (
        "certificate/effective-not-before-decision",
        "before-decision",
        "isms",
        include_str!("../tests/fixtures/certificate/effective-not-before-decision/fail-before-decision.json"),
    ),
    (
        "certificate/isms-soa-version",
        "empty",
        "isms",
        include_str!("../tests/fixtures/certificate/isms-soa-version/fail-empty.json"),
    ),
    (
        "certificate/isms-soa-version",
        "mismatch",
        "isms",
        include_str!("../tests/fixtures/certificate/isms-soa-version/fail-mismatch.json"),
    ),
    (
        "certificate/issued-after-decision",
        "before-decision",
        "isms",
        include_str!("../tests/fixtures/certificate/issued-after-decision/fail-before-decision.json"),
    ),
    (
        "certificate/published",
        "before-issue",
        "isms",
        include_str!("../tests/fixtures/certificate/published/fail-before-issue.json"),
    ),
    (
        "certificate/reported-to-cnca",
        "before-issue",
        "isms",
        include_str!("../tests/fixtures/certificate/reported-to-cnca/fail-before-issue.json"),
    ),
    (
        "certificate/reported-to-cnca",
        "late",
        "isms",
        include_str!("../tests/fixtures/certificate/reported-to-cnca/fail-late.json"),
    ),
    (
        "certificate/suspension-at-most-six-months",
        "not-yet-due",
        "isms",
        include_str!("../tests/fixtures/certificate/suspension-at-most-six-months/fail-not-yet-due.json"),
    ),
    (
        "certificate/suspension-at-most-six-months",
        "restored-late",
        "isms",
        include_str!("../tests/fixtures/certificate/suspension-at-most-six-months/fail-restored-late.json"),
    ),
    (
        "certificate/suspension-at-most-six-months",
        "still-suspended",
        "isms",
        include_str!("../tests/fixtures/certificate/suspension-at-most-six-months/fail-still-suspended.json"),
    ),
    (
        "certificate/validity-at-most-three-years",
        "beyond-cycle",
        "isms",
        include_str!("../tests/fixtures/certificate/validity-at-most-three-years/fail-beyond-cycle.json"),
    ),
    (
        "certificate/validity-at-most-three-years",
        "one-day-over",
        "isms",
        include_str!("../tests/fixtures/certificate/validity-at-most-three-years/fail-one-day-over.json"),
    ),
    (
        "combined/findings-by-standard",
        "stage2-mixed",
        "ims",
        include_str!("../tests/fixtures/combined/findings-by-standard/fail-stage2-mixed.json"),
    ),
    (
        "combined/itsms-security-process",
        "not-audited",
        "ims",
        include_str!("../tests/fixtures/combined/itsms-security-process/fail-not-audited.json"),
    ),
    (
        "combined/itsms-security-process",
        "not-standalone",
        "ims",
        include_str!("../tests/fixtures/combined/itsms-security-process/fail-not-standalone.json"),
    ),
    (
        "decision/mr-ia-evidence",
        "itsms-no-review-evidence",
        "itsms",
        include_str!("../tests/fixtures/decision/mr-ia-evidence/fail-itsms-no-review-evidence.json"),
    ),
    (
        "decision/mr-ia-evidence",
        "no-internal-audit-evidence",
        "isms",
        include_str!("../tests/fixtures/decision/mr-ia-evidence/fail-no-internal-audit-evidence.json"),
    ),
    (
        "decision/override-justified",
        "no-basis",
        "isms",
        include_str!("../tests/fixtures/decision/override-justified/fail-no-basis.json"),
    ),
    (
        "decision/override-justified",
        "recorded-outside-technical",
        "isms",
        include_str!("../tests/fixtures/decision/override-justified/fail-recorded-outside-technical.json"),
    ),
    (
        "decision/override-justified",
        "unflagged-override",
        "isms",
        include_str!("../tests/fixtures/decision/override-justified/fail-unflagged-override.json"),
    ),
    (
        "initial/itsms-service-partners-evidence",
        "no-evidence",
        "itsms",
        include_str!("../tests/fixtures/initial/itsms-service-partners-evidence/fail-no-evidence.json"),
    ),
    (
        "initial/itsms-service-partners-evidence",
        "none-declared-not-verified",
        "ims",
        include_str!("../tests/fixtures/initial/itsms-service-partners-evidence/fail-none-declared-not-verified.json"),
    ),
    (
        "initial/stage1-design-documents",
        "ims",
        "ims",
        include_str!("../tests/fixtures/initial/stage1-design-documents/fail-ims.json"),
    ),
    (
        "initial/stage1-design-documents",
        "not-obtained",
        "isms",
        include_str!("../tests/fixtures/initial/stage1-design-documents/fail-not-obtained.json"),
    ),
    (
        "initial/stage2-focus-topics",
        "ims-empty",
        "ims",
        include_str!("../tests/fixtures/initial/stage2-focus-topics/fail-ims-empty.json"),
    ),
    (
        "initial/stage2-focus-topics",
        "two-missing",
        "isms",
        include_str!("../tests/fixtures/initial/stage2-focus-topics/fail-two-missing.json"),
    ),
    (
        "nc/cause-analysis",
        "itsms-surveillance",
        "itsms",
        include_str!("../tests/fixtures/nc/cause-analysis/fail-itsms-surveillance.json"),
    ),
    (
        "nc/cause-analysis",
        "no-analysis",
        "isms",
        include_str!("../tests/fixtures/nc/cause-analysis/fail-no-analysis.json"),
    ),
    (
        "nc/closed-within-cb-deadline",
        "minor-late",
        "itsms",
        include_str!("../tests/fixtures/nc/closed-within-cb-deadline/fail-minor-late.json"),
    ),
    (
        "nc/correction-accepted",
        "accepted-before-raised",
        "isms",
        include_str!("../tests/fixtures/nc/correction-accepted/fail-accepted-before-raised.json"),
    ),
    (
        "nc/correction-accepted",
        "verified-before-accepted",
        "isms",
        include_str!("../tests/fixtures/nc/correction-accepted/fail-verified-before-accepted.json"),
    ),
    (
        "nc/corrective-action-effective",
        "not-effective",
        "isms",
        include_str!("../tests/fixtures/nc/corrective-action-effective/fail-not-effective.json"),
    ),
    (
        "nc/corrective-action-effective",
        "verified-by-technical",
        "itsms",
        include_str!("../tests/fixtures/nc/corrective-action-effective/fail-verified-by-technical.json"),
    ),
    (
        "nc/corrective-action-effective",
        "verified-by-trainee",
        "isms",
        include_str!("../tests/fixtures/nc/corrective-action-effective/fail-verified-by-trainee.json"),
    ),
    (
        "nc/major-verified-before-decision",
        "verified-after-decision",
        "isms",
        include_str!("../tests/fixtures/nc/major-verified-before-decision/fail-verified-after-decision.json"),
    ),
    (
        "nc/minor-plan-accepted-before-decision",
        "correction-after-decision",
        "itsms",
        include_str!("../tests/fixtures/nc/minor-plan-accepted-before-decision/fail-correction-after-decision.json"),
    ),
    (
        "nc/minor-plan-accepted-before-decision",
        "plan-after-decision",
        "isms",
        include_str!("../tests/fixtures/nc/minor-plan-accepted-before-decision/fail-plan-after-decision.json"),
    ),
    (
        "plan/considers-controls",
        "controls-not-considered",
        "isms",
        include_str!("../tests/fixtures/plan/considers-controls/fail-controls-not-considered.json"),
    ),
    (
        "plan/issued-before-audit",
        "same-day",
        "isms",
        include_str!("../tests/fixtures/plan/issued-before-audit/fail-same-day.json"),
    ),
    (
        "plan/objectives-include-effectiveness",
        "stage2",
        "isms",
        include_str!("../tests/fixtures/plan/objectives-include-effectiveness/fail-stage2.json"),
    ),
    (
        "plan/remote-techniques-identified",
        "mixed-without-techniques",
        "isms",
        include_str!("../tests/fixtures/plan/remote-techniques-identified/fail-mixed-without-techniques.json"),
    ),
    (
        "plan/reported-to-cnca",
        "reported-after-start",
        "isms",
        include_str!("../tests/fixtures/plan/reported-to-cnca/fail-reported-after-start.json"),
    ),
    (
        "plan/timing-agreed",
        "not-agreed",
        "ims",
        include_str!("../tests/fixtures/plan/timing-agreed/fail-not-agreed.json"),
    ),
    (
        "programme/considers-controls",
        "controls-not-considered",
        "isms",
        include_str!("../tests/fixtures/programme/considers-controls/fail-controls-not-considered.json"),
    ),
    (
        "programme/criteria-include-standard",
        "ims-without-20000",
        "ims",
        include_str!("../tests/fixtures/programme/criteria-include-standard/fail-ims-without-20000.json"),
    ),
    (
        "programme/criteria-include-standard",
        "isms-other-standard",
        "isms",
        include_str!("../tests/fixtures/programme/criteria-include-standard/fail-isms-other-standard.json"),
    ),
    (
        "programme/criteria-include-standard",
        "itsms-empty",
        "itsms",
        include_str!("../tests/fixtures/programme/criteria-include-standard/fail-itsms-empty.json"),
    ),
    (
        "programme/mr-ia-before-certification",
        "empty-management-reviews",
        "isms",
        include_str!("../tests/fixtures/programme/mr-ia-before-certification/fail-empty-management-reviews.json"),
    ),
    (
        "programme/mr-ia-before-certification",
        "internal-audits-empty-reviews-silent",
        "isms",
        include_str!(
            "../tests/fixtures/programme/mr-ia-before-certification/fail-internal-audits-empty-reviews-silent.json"
        ),
    ),
    (
        "programme/mr-ia-before-certification",
        "neither",
        "isms",
        include_str!("../tests/fixtures/programme/mr-ia-before-certification/fail-neither.json"),
    ),
    (
        "programme/mr-ia-before-certification",
        "no-internal-audit-before-stage1",
        "isms",
        include_str!(
            "../tests/fixtures/programme/mr-ia-before-certification/fail-no-internal-audit-before-stage1.json"
        ),
    ),
    (
        "programme/mr-ia-before-certification",
        "review-not-covering-scope",
        "isms",
        include_str!("../tests/fixtures/programme/mr-ia-before-certification/fail-review-not-covering-scope.json"),
    ),
    (
        "programme/mr-ia-before-certification",
        "same-day",
        "isms",
        include_str!("../tests/fixtures/programme/mr-ia-before-certification/fail-same-day.json"),
    ),
    (
        "programme/soa-per-scope",
        "second-without-version",
        "ims",
        include_str!("../tests/fixtures/programme/soa-per-scope/fail-second-without-version.json"),
    ),
    (
        "records/audit-plan",
        "surveillance-without-plan",
        "isms",
        include_str!("../tests/fixtures/records/audit-plan/fail-surveillance-without-plan.json"),
    ),
    (
        "records/audit-report",
        "surveillance",
        "itsms",
        include_str!("../tests/fixtures/records/audit-report/fail-surveillance.json"),
    ),
    (
        "records/checklist",
        "stage2-without-checklist",
        "itsms",
        include_str!("../tests/fixtures/records/checklist/fail-stage2-without-checklist.json"),
    ),
    (
        "records/client-info-confirmation",
        "missing",
        "itsms",
        include_str!("../tests/fixtures/records/client-info-confirmation/fail-missing.json"),
    ),
    (
        "records/dispatch-notice",
        "surveillance",
        "isms",
        include_str!("../tests/fixtures/records/dispatch-notice/fail-surveillance.json"),
    ),
    (
        "records/impartiality-declaration",
        "stage1",
        "ims",
        include_str!("../tests/fixtures/records/impartiality-declaration/fail-stage1.json"),
    ),
    (
        "records/nc-report",
        "stage2-nc-without-report",
        "isms",
        include_str!("../tests/fixtures/records/nc-report/fail-stage2-nc-without-report.json"),
    ),
    (
        "records/nc-report",
        "surveillance-nc-without-report",
        "itsms",
        include_str!("../tests/fixtures/records/nc-report/fail-surveillance-nc-without-report.json"),
    ),
    (
        "records/review-and-programme-form",
        "missing",
        "isms",
        include_str!("../tests/fixtures/records/review-and-programme-form/fail-missing.json"),
    ),
    (
        "records/stage1-report",
        "audit-report-instead",
        "isms",
        include_str!("../tests/fixtures/records/stage1-report/fail-audit-report-instead.json"),
    ),
    (
        "records/stage1-report",
        "missing",
        "ims",
        include_str!("../tests/fixtures/records/stage1-report/fail-missing.json"),
    ),
    (
        "report/isms-audit-description",
        "no-description",
        "isms",
        include_str!("../tests/fixtures/report/isms-audit-description/fail-no-description.json"),
    ),
    (
        "report/isms-audit-description",
        "no-document-review-summary",
        "isms",
        include_str!("../tests/fixtures/report/isms-audit-description/fail-no-document-review-summary.json"),
    ),
    (
        "report/isms-audit-description",
        "summary-not-recorded",
        "isms",
        include_str!("../tests/fixtures/report/isms-audit-description/fail-summary-not-recorded.json"),
    ),
    (
        "report/isms-conformity-and-soa",
        "no-opinion",
        "isms",
        include_str!("../tests/fixtures/report/isms-conformity-and-soa/fail-no-opinion.json"),
    ),
    (
        "report/isms-key-observations",
        "no-summary",
        "isms",
        include_str!("../tests/fixtures/report/isms-key-observations/fail-no-summary.json"),
    ),
    (
        "report/isms-observations",
        "neither",
        "isms",
        include_str!("../tests/fixtures/report/isms-observations/fail-neither.json"),
    ),
    (
        "report/isms-observations",
        "no-negative",
        "isms",
        include_str!("../tests/fixtures/report/isms-observations/fail-no-negative.json"),
    ),
    (
        "report/isms-plan-deviations",
        "not-stated",
        "isms",
        include_str!("../tests/fixtures/report/isms-plan-deviations/fail-not-stated.json"),
    ),
    (
        "report/isms-recommendation",
        "empty-rationale",
        "isms",
        include_str!("../tests/fixtures/report/isms-recommendation/fail-empty-rationale.json"),
    ),
    (
        "report/isms-recommendation",
        "no-rationale",
        "isms",
        include_str!("../tests/fixtures/report/isms-recommendation/fail-no-rationale.json"),
    ),
    (
        "report/isms-risk-analysis",
        "not-described",
        "isms",
        include_str!("../tests/fixtures/report/isms-risk-analysis/fail-not-described.json"),
    ),
    ("report/isms-scope", "no-scope", "isms", include_str!("../tests/fixtures/report/isms-scope/fail-no-scope.json")),
    (
        "report/isms-trails-and-methods",
        "not-stated",
        "isms",
        include_str!("../tests/fixtures/report/isms-trails-and-methods/fail-not-stated.json"),
    ),
    (
        "report/itsms-contents",
        "ims-no-scope-definition",
        "ims",
        include_str!("../tests/fixtures/report/itsms-contents/fail-ims-no-scope-definition.json"),
    ),
    (
        "report/itsms-contents",
        "no-rationale",
        "itsms",
        include_str!("../tests/fixtures/report/itsms-contents/fail-no-rationale.json"),
    ),
    (
        "report/itsms-contents",
        "scope-changes",
        "itsms",
        include_str!("../tests/fixtures/report/itsms-contents/fail-scope-changes.json"),
    ),
    (
        "report/itsms-contents",
        "two-lacking",
        "itsms",
        include_str!("../tests/fixtures/report/itsms-contents/fail-two-lacking.json"),
    ),
    (
        "report/written-for-every-audit",
        "itsms-stage1",
        "itsms",
        include_str!("../tests/fixtures/report/written-for-every-audit/fail-itsms-stage1.json"),
    ),
    (
        "report/written-for-every-audit",
        "surveillance",
        "isms",
        include_str!("../tests/fixtures/report/written-for-every-audit/fail-surveillance.json"),
    ),
    (
        "roles/application-received-by-market",
        "audit-department",
        "isms",
        include_str!("../tests/fixtures/roles/application-received-by-market/fail-audit-department.json"),
    ),
    (
        "roles/application-received-by-market",
        "external",
        "itsms",
        include_str!("../tests/fixtures/roles/application-received-by-market/fail-external.json"),
    ),
    (
        "roles/application-review-by-audit",
        "market-department",
        "isms",
        include_str!("../tests/fixtures/roles/application-review-by-audit/fail-market-department.json"),
    ),
    (
        "roles/certificate-issued-by-general",
        "technical-department",
        "isms",
        include_str!("../tests/fixtures/roles/certificate-issued-by-general/fail-technical-department.json"),
    ),
    (
        "roles/contract-signed-by-market",
        "general-department",
        "isms",
        include_str!("../tests/fixtures/roles/contract-signed-by-market/fail-general-department.json"),
    ),
    (
        "roles/decision-by-technical",
        "audit-department",
        "isms",
        include_str!("../tests/fixtures/roles/decision-by-technical/fail-audit-department.json"),
    ),
    (
        "roles/decision-by-technical",
        "one-of-two",
        "ims",
        include_str!("../tests/fixtures/roles/decision-by-technical/fail-one-of-two.json"),
    ),
    (
        "roles/dispatch-by-audit",
        "market-department",
        "isms",
        include_str!("../tests/fixtures/roles/dispatch-by-audit/fail-market-department.json"),
    ),
    (
        "roles/dispatch-by-audit",
        "two-surveillances",
        "itsms",
        include_str!("../tests/fixtures/roles/dispatch-by-audit/fail-two-surveillances.json"),
    ),
    (
        "roles/preliminary-evaluation-by-market",
        "audit-department",
        "isms",
        include_str!("../tests/fixtures/roles/preliminary-evaluation-by-market/fail-audit-department.json"),
    ),
    (
        "roles/programme-by-audit",
        "technical-department",
        "ims",
        include_str!("../tests/fixtures/roles/programme-by-audit/fail-technical-department.json"),
    ),
    (
        "sampling/corrective-action-all-sites",
        "local-only",
        "ims",
        include_str!("../tests/fixtures/sampling/corrective-action-all-sites/fail-local-only.json"),
    ),
    (
        "sampling/justification-recorded",
        "empty",
        "itsms",
        include_str!("../tests/fixtures/sampling/justification-recorded/fail-empty.json"),
    ),
    (
        "special/scope-extension-decided",
        "no-decision",
        "isms",
        include_str!("../tests/fixtures/special/scope-extension-decided/fail-no-decision.json"),
    ),
    (
        "special/short-notice-team-rationale",
        "no-rationale",
        "isms",
        include_str!("../tests/fixtures/special/short-notice-team-rationale/fail-no-rationale.json"),
    ),
    (
        "surveillance/complaints-reviewed",
        "isms-not-reviewed",
        "isms",
        include_str!("../tests/fixtures/surveillance/complaints-reviewed/fail-isms-not-reviewed.json"),
    ),
    (
        "surveillance/complaints-reviewed",
        "itsms-with-complaint",
        "itsms",
        include_str!("../tests/fixtures/surveillance/complaints-reviewed/fail-itsms-with-complaint.json"),
    ),
    (
        "surveillance/isms-programme-topics",
        "two-missing",
        "isms",
        include_str!("../tests/fixtures/surveillance/isms-programme-topics/fail-two-missing.json"),
    ),
    (
        "surveillance/isms-review-topics",
        "ims-no-control-review",
        "ims",
        include_str!("../tests/fixtures/surveillance/isms-review-topics/fail-ims-no-control-review.json"),
    ),
    (
        "surveillance/isms-review-topics",
        "no-legal-review",
        "isms",
        include_str!("../tests/fixtures/surveillance/isms-review-topics/fail-no-legal-review.json"),
    ),
    (
        "surveillance/isms-significant-changes",
        "empty",
        "isms",
        include_str!("../tests/fixtures/surveillance/isms-significant-changes/fail-empty.json"),
    ),
    (
        "surveillance/isms-soa-version",
        "empty",
        "ims",
        include_str!("../tests/fixtures/surveillance/isms-soa-version/fail-empty.json"),
    ),
    (
        "surveillance/isms-soa-version",
        "other-version",
        "isms",
        include_str!("../tests/fixtures/surveillance/isms-soa-version/fail-other-version.json"),
    ),
    (
        "surveillance/itsms-topics",
        "ims-isms-topics-only",
        "ims",
        include_str!("../tests/fixtures/surveillance/itsms-topics/fail-ims-isms-topics-only.json"),
    ),
    (
        "surveillance/itsms-topics",
        "no-catalogue-no-marks",
        "itsms",
        include_str!("../tests/fixtures/surveillance/itsms-topics/fail-no-catalogue-no-marks.json"),
    ),
    (
        "surveillance/previous-nc-cleared",
        "isms-not-cleared",
        "isms",
        include_str!("../tests/fixtures/surveillance/previous-nc-cleared/fail-isms-not-cleared.json"),
    ),
    (
        "surveillance/previous-nc-cleared",
        "itsms-second-surveillance",
        "itsms",
        include_str!("../tests/fixtures/surveillance/previous-nc-cleared/fail-itsms-second-surveillance.json"),
    ),
    (
        "team/decision-no-recent-consultancy",
        "maker-consulted",
        "isms",
        include_str!("../tests/fixtures/team/decision-no-recent-consultancy/fail-maker-consulted.json"),
    ),
    (
        "team/decision-no-recent-consultancy",
        "surveillance-decision",
        "isms",
        include_str!("../tests/fixtures/team/decision-no-recent-consultancy/fail-surveillance-decision.json"),
    ),
    (
        "team/declarations-signed",
        "signed-late",
        "isms",
        include_str!("../tests/fixtures/team/declarations-signed/fail-signed-late.json"),
    ),
    (
        "team/declarations-signed",
        "trainee-unsigned",
        "isms",
        include_str!("../tests/fixtures/team/declarations-signed/fail-trainee-unsigned.json"),
    ),
    (
        "team/expert-accompanied",
        "expert-alone",
        "itsms",
        include_str!("../tests/fixtures/team/expert-accompanied/fail-expert-alone.json"),
    ),
    (
        "team/no-recent-consultancy",
        "member-consulted",
        "isms",
        include_str!("../tests/fixtures/team/no-recent-consultancy/fail-member-consulted.json"),
    ),
    ("team/one-leader", "no-leader", "isms", include_str!("../tests/fixtures/team/one-leader/fail-no-leader.json")),
    ("team/one-leader", "two-leaders", "isms", include_str!("../tests/fixtures/team/one-leader/fail-two-leaders.json")),
    (
        "team/registration-scheme",
        "isms-only-auditor",
        "itsms",
        include_str!("../tests/fixtures/team/registration-scheme/fail-isms-only-auditor.json"),
    ),
    (
        "team/registration-scheme",
        "not-registered",
        "isms",
        include_str!("../tests/fixtures/team/registration-scheme/fail-not-registered.json"),
    ),
    (
        "time/auditor-days-cover-plan",
        "auditor-days-short",
        "isms",
        include_str!("../tests/fixtures/time/auditor-days-cover-plan/fail-auditor-days-short.json"),
    ),
    (
        "time/auditor-days-cover-plan",
        "expert-days-not-counted",
        "itsms",
        include_str!("../tests/fixtures/time/auditor-days-cover-plan/fail-expert-days-not-counted.json"),
    ),
    (
        "time/includes-reporting",
        "reporting-not-included",
        "isms",
        include_str!("../tests/fixtures/time/includes-reporting/fail-reporting-not-included.json"),
    ),
    (
        "time/isms-table-days",
        "ims-isms-only",
        "ims",
        include_str!("../tests/fixtures/time/isms-table-days/fail-ims-isms-only.json"),
    ),
    (
        "time/isms-table-days",
        "wrong-band",
        "isms",
        include_str!("../tests/fixtures/time/isms-table-days/fail-wrong-band.json"),
    ),
    (
        "time/itsms-table-days",
        "no-time-determined",
        "itsms",
        include_str!("../tests/fixtures/time/itsms-table-days/fail-no-time-determined.json"),
    ),
    (
        "time/reduction-within-limit",
        "ims-beyond-integration",
        "ims",
        include_str!("../tests/fixtures/time/reduction-within-limit/fail-ims-beyond-integration.json"),
    ),
    (
        "time/reduction-within-limit",
        "no-reasons",
        "itsms",
        include_str!("../tests/fixtures/time/reduction-within-limit/fail-no-reasons.json"),
    ),
    (
        "time/reduction-within-limit",
        "planned-below-lowest",
        "isms",
        include_str!("../tests/fixtures/time/reduction-within-limit/fail-planned-below-lowest.json"),
    ),
    (
        "time/reduction-within-limit",
        "reduction-over-limit",
        "isms",
        include_str!("../tests/fixtures/time/reduction-within-limit/fail-reduction-over-limit.json"),
    ),
    (
        "application/contract-before-audit",
        "signed-after-stage1",
        "isms",
        include_str!("../tests/fixtures/application/contract-before-audit/fail-signed-after-stage1.json"),
    ),
    (
        "application/received-evaluated-reviewed-in-order",
        "preliminary-after-review",
        "isms",
        include_str!(
            "../tests/fixtures/application/received-evaluated-reviewed-in-order/fail-preliminary-after-review.json"
        ),
    ),
    (
        "application/review-before-contract",
        "contract-before-review",
        "isms",
        include_str!("../tests/fixtures/application/review-before-contract/fail-contract-before-review.json"),
    ),
    (
        "initial/stage1-report-before-stage2",
        "after-stage2-start",
        "itsms",
        include_str!("../tests/fixtures/initial/stage1-report-before-stage2/fail-after-stage2-start.json"),
    ),
    (
        "initial/stage1-review-after-report",
        "reviewed-before-issued",
        "isms",
        include_str!("../tests/fixtures/initial/stage1-review-after-report/fail-reviewed-before-issued.json"),
    ),
    (
        "initial/stage1-review-before-stage2-team",
        "dispatched-before-review",
        "isms",
        include_str!("../tests/fixtures/initial/stage1-review-before-stage2-team/fail-dispatched-before-review.json"),
    ),
    (
        "report/dated-after-audit",
        "stage2-report-mid-audit",
        "isms",
        include_str!("../tests/fixtures/report/dated-after-audit/fail-stage2-report-mid-audit.json"),
    ),
    (
        "roles/audit-decision-by-technical",
        "audit-department",
        "isms",
        include_str!("../tests/fixtures/roles/audit-decision-by-technical/fail-audit-department.json"),
    ),
    (
        "team/dispatch-after-programme",
        "dispatched-before-programme",
        "isms",
        include_str!("../tests/fixtures/team/dispatch-after-programme/fail-dispatched-before-programme.json"),
    ),
    (
        "plan/issued-after-dispatch",
        "plan-before-dispatch",
        "isms",
        include_str!("../tests/fixtures/plan/issued-after-dispatch/fail-plan-before-dispatch.json"),
    ),
];

const CITIES: &[&str] = &[
    "北京", "上海", "广州", "深圳", "杭州", "南京", "苏州", "成都", "武汉", "西安", "天津", "重庆", "长沙", "合肥",
    "厦门", "青岛", "济南", "郑州", "宁波", "无锡", "福州", "大连", "沈阳", "昆明",
];
const BRANDS: &[&str] = &[
    "华信", "启航", "瑞达", "博远", "中科", "云帆", "恒泰", "智联", "同创", "星河", "海纳", "天衡", "金桥", "安泰",
    "鼎盛", "卓越", "明德", "汇智", "联创", "腾跃", "正元", "鸿图", "嘉禾", "致远", "凌云", "长风", "新航", "远景",
];
const INDUSTRIES: &[&str] = &[
    "信息技术",
    "软件科技",
    "网络科技",
    "数据服务",
    "云计算",
    "信息系统集成",
    "数字科技",
    "通信技术",
    "电子商务",
    "金融科技",
    "智能科技",
    "信息安全技术",
    "运维服务",
    "计算机系统",
];
const SUFFIXES: &[&str] = &["有限公司", "股份有限公司", "有限责任公司", "集团有限公司"];
const DISTRICTS: &[&str] =
    &["高新区", "经济技术开发区", "软件园", "科技园", "自贸区", "新区", "科学城", "工业园区", "中心区", "滨湖新区"];
const ROADS: &[&str] = &[
    "科技路",
    "创新大道",
    "人民路",
    "建设路",
    "学府路",
    "长江路",
    "中山路",
    "解放路",
    "花园路",
    "金融街",
    "东方大道",
    "软件大道",
    "云谷路",
    "智慧大道",
    "文华路",
    "锦绣路",
];

/// splitmix64: small, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0); the modulo bias is negligible for small `n`.
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items.get(self.below(items.len())).copied().unwrap_or_default()
    }

    /// `0..n` in a random order (Fisher–Yates).
    fn permutation(&mut self, n: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            let j = self.below(i + 1);
            order.swap(i, j);
        }
        order
    }
}

/// Deals the injectors in a seeded order, every one before any repeats, so that a corpus
/// with at least as many injected cases as injectors uses each of them.
struct Dealer {
    order: Vec<usize>,
    next: usize,
}

impl Dealer {
    fn deal(&mut self, rng: &mut Rng) -> Option<usize> {
        if self.next >= self.order.len() {
            self.order = rng.permutation(INJECTORS.len());
            self.next = 0;
        }
        let index = self.order.get(self.next).copied();
        self.next += 1;
        index
    }
}

/// Generates `cases` cases, deterministically for `(cases, seed)`.
///
/// Case `n` has case id `GEN-{seed}-{n:06}` and file `GEN-{seed}-{n:06}.json`. With
/// probability 0.4 a case carries the violation of one injector (dealt in a seeded order, on
/// that injector's base); otherwise it is one of the three bases, chosen uniformly, with no
/// finding beyond its base's [`BACKGROUND`]. A prefix of a corpus is the corpus of fewer cases
/// with the same seed.
pub fn generate(cases: usize, seed: u64) -> GeneratedCorpus {
    let bases: Vec<(&str, Option<Value>)> =
        BASES.iter().map(|(name, text)| (*name, serde_json::from_str(text).ok())).collect();
    let mut rng = Rng(seed);
    let mut dealer = Dealer { order: Vec::new(), next: 0 };
    let mut corpus = GeneratedCorpus { cases: Vec::new(), staff: STAFF.to_string(), truth: Vec::new(), as_of: AS_OF };
    let as_of = AS_OF.parse::<jiff::civil::Date>().unwrap_or_default();
    let mut scheduler = schedule::Scheduler::new(STAFF, as_of);
    let mut clients: std::collections::HashSet<String> = std::collections::HashSet::new();
    for n in 0..cases {
        let case_id = format!("GEN-{seed}-{n:06}");
        let file = format!("{case_id}.json");
        let inject = rng.next() % 10 < INJECTED_TENTHS;
        let clean_base = rng.below(BASES.len());
        let injector_index = if inject { dealer.deal(&mut rng) } else { None };
        let injector = injector_index.and_then(|i| INJECTORS.get(i));
        let mut identity = Identity::draw(&mut rng, seed, n);
        // Client names are unique: cross-case rules tell clients apart by name.
        if !clients.insert(identity.client_name.clone()) {
            identity.client_name = identity.client_name.replacen("有限", &format!("第{}有限", n + 1), 1);
            clients.insert(identity.client_name.clone());
        }
        let base_name = injector.map_or_else(|| BASES.get(clean_base).map_or("isms", |b| b.0), |i| i.2);
        let Some(base) = bases.iter().find(|(name, _)| *name == base_name).and_then(|(_, doc)| doc.as_ref()) else {
            continue;
        };
        let mut doc = base.clone();
        identity.apply(&mut doc, &case_id);
        let mut expected: Vec<(String, String, String)> = BACKGROUND
            .iter()
            .filter(|entry| entry.0 == base_name)
            .map(|(_, rule, verdict, pointer)| ((*rule).to_string(), (*verdict).to_string(), (*pointer).to_string()))
            .collect();
        // What the case's content is, for the scheduler's cache of safe shifts.
        let mut content = INJECTORS.len() + BASES.iter().position(|b| b.0 == base_name).unwrap_or(0);
        if let Some((rule, _, _, text)) = injector {
            // A fixture that does not parse or apply leaves the case as its base: the truth
            // always describes the case as written.
            let mut patched = doc.clone();
            if let Some(expect) = inject_fixture(&mut patched, text) {
                doc = patched;
                expected.extend(expect.into_iter().map(|(verdict, pointer)| ((*rule).to_string(), verdict, pointer)));
                content = injector_index.unwrap_or(content);
            }
        }
        scheduler.place(&mut doc, content, |n| rng.below(n));
        let truth = expected.into_iter().map(|(rule, verdict, pointer)| TruthEntry {
            case_id: case_id.clone(),
            file: file.clone(),
            rule,
            verdict,
            pointer,
        });
        let Ok(text) = serde_json::to_string_pretty(&doc) else { continue };
        corpus.truth.extend(truth);
        corpus.cases.push((file, text + "\n"));
    }
    corpus.cases.sort();
    sort_truth(&mut corpus.truth);
    if let Some(staff) = schedule::registry_with_stand_ins(STAFF, &scheduler.stand_ins()) {
        corpus.staff = staff;
    }
    corpus
}

fn sort_truth(truth: &mut Vec<TruthEntry>) {
    truth.sort_by(|a, b| {
        (&a.file, &a.rule, &a.pointer, &a.verdict, &a.case_id)
            .cmp(&(&b.file, &b.rule, &b.pointer, &b.verdict, &b.case_id))
    });
    truth.dedup();
}

/// A case's fictional identity.
struct Identity {
    client_name: String,
    address: String,
    city: &'static str,
    certificate_number_suffix: String,
}

impl Identity {
    fn draw(rng: &mut Rng, seed: u64, n: usize) -> Identity {
        let city = rng.pick(CITIES);
        let brand = rng.pick(BRANDS);
        let industry = rng.pick(INDUSTRIES);
        let suffix = rng.pick(SUFFIXES);
        let district = rng.pick(DISTRICTS);
        let road = rng.pick(ROADS);
        let number = 1 + rng.below(2000);
        Identity {
            client_name: format!("{city}{brand}{industry}{suffix}"),
            address: format!("{city}市{district}{road}{number}号"),
            city,
            certificate_number_suffix: format!("G{seed}-{n:06}"),
        }
    }

    /// Writes the identity into a base: case id, client name and address, the head office's
    /// name, and the certificate number (keeping the base's `ZQHX-<scheme>-<yy>` prefix).
    fn apply(&self, doc: &mut Value, case_id: &str) {
        let Some(root) = doc.as_object_mut() else { return };
        root.insert("case_id".into(), Value::String(case_id.to_string()));
        if let Some(client) = root.get_mut("client").and_then(Value::as_object_mut) {
            client.insert("name".into(), Value::String(self.client_name.clone()));
            client.insert("address".into(), Value::String(self.address.clone()));
            let head_office = client
                .get_mut("sites")
                .and_then(Value::as_array_mut)
                .and_then(|sites| sites.iter_mut().find(|s| s.get("id").and_then(Value::as_str) == Some("HQ")))
                .and_then(Value::as_object_mut);
            if let Some(site) = head_office {
                site.insert("name".into(), Value::String(format!("{}总部（{}）", self.city, self.address)));
            }
        }
        if let Some(certificate) = root.get_mut("certificate").and_then(Value::as_object_mut) {
            let prefix = certificate
                .get("number")
                .and_then(Value::as_str)
                .and_then(|n| n.rsplit_once('-'))
                .map_or_else(|| "ZQHX".to_string(), |(prefix, _)| prefix.to_string());
            let number = format!("{prefix}-{}", self.certificate_number_suffix);
            certificate.insert("number".into(), Value::String(number));
        }
    }
}

/// Applies a fixture's patch to `doc`; returns its `expect` as (verdict, pointer), or `None`
/// when the fixture does not parse or its patch does not apply.
fn inject_fixture(doc: &mut Value, fixture: &str) -> Option<Vec<(String, String)>> {
    let spec: Value = serde_json::from_str(fixture).ok()?;
    apply_patch(doc, spec.get("patch")?.as_array()?).ok()?;
    spec.get("expect")?
        .as_array()?
        .iter()
        .map(|e| Some((e.get("verdict")?.as_str()?.to_string(), e.get("pointer")?.as_str()?.to_string())))
        .collect()
}

/// Applies RFC 6902 operations (`add`, `remove`, `replace`) to a document, as the fixture
/// tests do.
pub fn apply_patch(doc: &mut Value, ops: &[Value]) -> Result<(), String> {
    for op in ops {
        let kind = op.get("op").and_then(Value::as_str).ok_or("op without `op`")?;
        let path = op.get("path").and_then(Value::as_str).ok_or("op without `path`")?;
        let value = op.get("value").cloned().unwrap_or(Value::Null);
        let (parent_path, key) = path.rsplit_once('/').ok_or_else(|| format!("bad path {path}"))?;
        let key = key.replace("~1", "/").replace("~0", "~");
        let parent = doc.pointer_mut(parent_path).ok_or_else(|| format!("no parent for {path}"))?;
        match (kind, parent) {
            ("remove", Value::Object(map)) => {
                map.shift_remove(&key).ok_or_else(|| format!("nothing to remove at {path}"))?;
            }
            ("remove", Value::Array(items)) => {
                let index: usize = key.parse().map_err(|_| format!("bad index in {path}"))?;
                if index >= items.len() {
                    return Err(format!("nothing to remove at {path}"));
                }
                items.remove(index);
            }
            ("add" | "replace", Value::Object(map)) => {
                if kind == "replace" && !map.contains_key(&key) {
                    return Err(format!("nothing to replace at {path}"));
                }
                map.insert(key, value);
            }
            ("add", Value::Array(items)) if key == "-" => items.push(value),
            ("add" | "replace", Value::Array(items)) => {
                let index: usize = key.parse().map_err(|_| format!("bad index in {path}"))?;
                if kind == "replace" {
                    *items.get_mut(index).ok_or_else(|| format!("nothing to replace at {path}"))? = value;
                } else if index <= items.len() {
                    items.insert(index, value);
                } else {
                    return Err(format!("index out of range in {path}"));
                }
            }
            (other, _) => return Err(format!("unsupported op `{other}` at {path}")),
        }
    }
    Ok(())
}

/// Writes a corpus under `dir`: `cases/<file>` for every case, `staff.json`, and
/// `truth.json` (the truth as a JSON array, sorted by file, rule and pointer). Creates the
/// directories it needs; overwrites files of the same names and leaves other files alone. A
/// case file name with a path separator or a leading dot is refused (`InvalidInput`).
pub fn write_corpus(corpus: &GeneratedCorpus, dir: &Path) -> std::io::Result<()> {
    let cases = dir.join("cases");
    std::fs::create_dir_all(&cases)?;
    for (file, text) in &corpus.cases {
        if file.is_empty() || file.contains(['/', '\\']) || file.starts_with('.') {
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, format!("bad case file name `{file}`")));
        }
        std::fs::write(cases.join(file), text)?;
    }
    std::fs::write(dir.join("staff.json"), &corpus.staff)?;
    let mut truth = corpus.truth.clone();
    sort_truth(&mut truth);
    let json = serde_json::to_string_pretty(&truth).map_err(std::io::Error::other)?;
    std::fs::write(dir.join("truth.json"), json + "\n")
}
