//! Any bytes as a case file: loading, evaluating and rendering must never panic.
#![no_main]

use caselint::bundled::BUNDLED_RULES;
use caselint::check::{RuleSet, load_rule_set};
use caselint::facts::settings::Settings;
use caselint::facts::{StaffRegistry, load_case, load_staff};
use caselint::source::SourceFile;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static RULES: LazyLock<Option<RuleSet>> = LazyLock::new(|| {
    let files: Vec<SourceFile> = BUNDLED_RULES.iter().map(|(n, t)| SourceFile::new(*n, *t)).collect();
    load_rule_set(&files).ok()
});
static STAFF: LazyLock<Option<StaffRegistry>> = LazyLock::new(|| {
    load_staff(SourceFile::new("staff.json", include_str!("../../examples/staff.json"))).ok()
});

fuzz_target!(|data: &[u8]| {
    let (Some(rules), Some(staff)) = (RULES.as_ref(), STAFF.as_ref()) else { return };
    let Ok(source) = caselint::facts::load::read_source("fuzz.json", Ok(data.to_vec())) else { return };
    if let Ok(case) = load_case(source, staff) {
        let date = caselint::facts::load::parse_date("2025-12-31").ok();
        let Some(date) = date else { return };
        let result = caselint::eval::evaluate_case(rules, &case, staff, &Settings::defaults(), date);
        for finding in &result.findings {
            if let Some(rule) = rules.rule(&finding.rule) {
                let diag = caselint::report::finding_diag(finding, rule, &case.source, caselint::syntax::ast::Lang::Zh);
                let _ = caselint::report::render_human(&[diag], false);
            }
        }
    }
});
