//! Any text as a rules file: parsing, checking and rendering errors must never panic.
#![no_main]

use caselint::check::load_rule_set;
use caselint::source::SourceFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Err(errors) = load_rule_set(&[SourceFile::new("fuzz.rules", text)]) {
        let diags: Vec<_> = errors.iter().map(|e| caselint::report::check_diag(e, caselint::syntax::ast::Lang::Zh)).collect();
        let _ = caselint::report::render_human(&diags, false);
    }
});
