//! The parser's bound on grammar-rule calls (`syntax::MAX_PARSE_CALLS`): malformed nesting
//! that made pest backtrack for minutes is a located rules error within a second, and the
//! bundled rules parse well within the bound. One test per process: pest keeps the bound in
//! a global, so no other parse may run beside it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail by panicking")]

use caselint::bundled::BUNDLED_RULES;
use caselint::source::SourceFile;
use caselint::syntax::{MAX_PARSE_CALLS, parse_rules, parse_rules_within};

#[test]
fn the_call_limit_stops_backtracking_and_spares_real_rules() {
    // Found by the rules fuzz target: 30 nested `all(x in [1], …)` with one stray `.` took
    // more than two minutes before the bound.
    let nested = |stray: usize| -> String {
        let mut body = String::new();
        for level in 0..30 {
            body.push_str(if level == stray { "all(.x in [1], " } else { "all(x in [1], " });
        }
        body.push_str("true");
        body.push_str(&")".repeat(30));
        format!(
            "rule seed/nested {{\n    clause \"4.1.2.2\"\n    severity error\n    require {body}\n    title.zh \"t\" title.en \"t\"\n    message.zh \"t\" message.en \"t\"\n    help.zh \"t\" help.en \"t\"\n    doc.zh \"\"\"t\"\"\" doc.en \"\"\"t\"\"\"\n}}\n"
        )
    };
    let text = nested(24);
    let started = std::time::Instant::now();
    let error = parse_rules(&SourceFile::new("nested.rules", text.clone())).unwrap_err();
    assert!(error.too_complex, "{error:?}");
    // It says where: at the stray dot or before it, on the require line.
    let stray = text.find("all(.x").unwrap();
    assert!(error.span.start <= stray + 4, "{error:?} (stray dot at {stray})");
    // Not a timing assertion of the product: a guard that the bound, not luck, ended it.
    assert!(started.elapsed().as_secs() < 60, "took {:?}", started.elapsed());
    // Without the stray dot the same nesting parses at once.
    let fine = text.replacen("all(.x", "all(x", 1);
    parse_rules(&SourceFile::new("fine.rules", fine)).unwrap();
    // Every bundled rules file parses within a tenth of the bound.
    for (name, text) in BUNDLED_RULES {
        parse_rules_within(&SourceFile::new(*name, text.to_string()), MAX_PARSE_CALLS / 10)
            .unwrap_or_else(|e| panic!("{name} needs more than a tenth of the call limit: {e:?}"));
    }
}
