//! The rules shipped inside the binary, so `caselint check` works without a rules directory.
//!
//! `tests/bundled_rules.rs` fails when this list and `rules/` disagree.

/// (path, text) of every bundled rules file, in load order.
pub const BUNDLED_RULES: &[(&str, &str)] = &[
    ("rules/00-prelude.rules", include_str!("../rules/00-prelude.rules")),
    ("rules/03-responsibilities.rules", include_str!("../rules/03-responsibilities.rules")),
    ("rules/04-1-1-application-time.rules", include_str!("../rules/04-1-1-application-time.rules")),
    ("rules/04-1-2-6-multisite-combined.rules", include_str!("../rules/04-1-2-6-multisite-combined.rules")),
    ("rules/04-1-2-programme.rules", include_str!("../rules/04-1-2-programme.rules")),
    ("rules/04-1-3-team-plan.rules", include_str!("../rules/04-1-3-team-plan.rules")),
    ("rules/04-1-4-initial-audit.rules", include_str!("../rules/04-1-4-initial-audit.rules")),
    ("rules/04-1-5-report.rules", include_str!("../rules/04-1-5-report.rules")),
    ("rules/04-1-6-decision.rules", include_str!("../rules/04-1-6-decision.rules")),
    ("rules/04-1-7-surveillance-content.rules", include_str!("../rules/04-1-7-surveillance-content.rules")),
    ("rules/04-2-6-reports-nonconformities.rules", include_str!("../rules/04-2-6-reports-nonconformities.rules")),
    ("rules/04-2-8-surveillance.rules", include_str!("../rules/04-2-8-surveillance.rules")),
    ("rules/04-cycle-certificate.rules", include_str!("../rules/04-cycle-certificate.rules")),
    ("rules/04-special-audits.rules", include_str!("../rules/04-special-audits.rules")),
    ("rules/05-cross-case.rules", include_str!("../rules/05-cross-case.rules")),
    ("rules/06-records.rules", include_str!("../rules/06-records.rules")),
    ("rules/09-calendar.rules", include_str!("../rules/09-calendar.rules")),
    ("rules/90-manual.rules", include_str!("../rules/90-manual.rules")),
];
