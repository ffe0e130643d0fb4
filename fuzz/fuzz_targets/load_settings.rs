//! Any text as a caselint.toml: loading must never panic.
#![no_main]

use caselint::facts::settings::Settings;
use caselint::source::SourceFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = Settings::load(SourceFile::new("caselint.toml", text));
});
