//! Any text as a rules file: parsing, checking and rendering errors must never panic,
//! overflow the stack or run away.
//!
//! Each input is tried twice: as rules text (byte mutations find lexical trouble), and as
//! the seed of an expression tree rendered to a rule (structure-aware: one mutation can
//! nest an expression ten thousand levels deep, or build one a quantifier at a time). A
//! rule set that checks is then evaluated on an example case with a small budget.
#![no_main]

use caselint::check::{RuleSet, load_rule_set};
use caselint::eval::evaluate_case;
use caselint::facts::settings::Settings;
use caselint::facts::{Case, StaffRegistry, load_case, load_staff};
use caselint::source::SourceFile;
use caselint::syntax::ast::Lang;
use libfuzzer_sys::arbitrary::{self, Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

/// An expression, as the generator sees it.
#[derive(Arbitrary, Debug)]
enum Expr {
    Leaf(u8),
    Not(Box<Expr>),
    Neg(Box<Expr>),
    Paren(Box<Expr>),
    Binary(u8, Box<Expr>, Box<Expr>),
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    List(Vec<Expr>),
    Call(u8, Vec<Expr>),
    Binder(u8, Box<Expr>, Box<Expr>),
    Field(Box<Expr>, u8),
    /// One wrapper repeated: `not not …`, `((…))`, `if c then … else`, `[[…]]`, `len(len(…))`,
    /// `… and true and true`, `all(x in [1], …)`.
    Repeat(u8, u16, Box<Expr>),
}

const LEAVES: &[&str] = &[
    "true", "1", "0.5", "\"ISMS\"", "case.audits", "case.schemes", "as_of", "12 months", "[]", "x", "settings",
    "case.decision.date", "case.certificate.expires", "[1, 2, 3]", "case.team",
];
const OPERATORS: &[&str] = &["and", "or", "==", "!=", "<", "<=", ">", ">=", "in", "not in", "+", "-", "*", "/"];
const FUNCTIONS: &[&str] = &[
    "len", "exists", "flatten", "first", "last", "min", "max", "sum", "distinct", "pairs", "date", "days",
    "months", "months_between", "days_between", "elapsed", "staff", "intersects", "ceil", "floor", "sqrt",
];
const BINDERS: &[&str] = &["all", "any", "none", "count", "filter", "map", "sort_by", "first", "last", "min", "max", "sum"];
const FIELDS: &[&str] = &["kind", "start", "end", "date", "team", "report", "staff", "prev", "next", "id"];

fn pick<'a>(list: &[&'a str], index: u8) -> &'a str {
    list[usize::from(index) % list.len()]
}

/// Writes the expression as rules text, with an explicit stack (the tree may be deep).
fn render(expr: &Expr, out: &mut String) {
    enum Step<'e> {
        Expr(&'e Expr),
        Text(&'static str),
        Owned(String),
    }
    let mut stack = vec![Step::Expr(expr)];
    while let Some(step) = stack.pop() {
        let expr = match step {
            Step::Text(text) => {
                out.push_str(text);
                continue;
            }
            Step::Owned(text) => {
                out.push_str(&text);
                continue;
            }
            Step::Expr(expr) => expr,
        };
        // Pushed in reverse: the last pushed is written first.
        match expr {
            Expr::Leaf(i) => out.push_str(pick(LEAVES, *i)),
            Expr::Not(e) => {
                out.push_str("not ");
                stack.push(Step::Expr(e));
            }
            Expr::Neg(e) => {
                out.push('-');
                stack.push(Step::Expr(e));
            }
            Expr::Paren(e) => {
                out.push('(');
                stack.push(Step::Text(")"));
                stack.push(Step::Expr(e));
            }
            Expr::Binary(op, a, b) => {
                stack.push(Step::Expr(b));
                stack.push(Step::Owned(format!(" {} ", pick(OPERATORS, *op))));
                stack.push(Step::Expr(a));
            }
            Expr::If(c, a, b) => {
                out.push_str("if ");
                stack.push(Step::Expr(b));
                stack.push(Step::Text(" else "));
                stack.push(Step::Expr(a));
                stack.push(Step::Text(" then "));
                stack.push(Step::Expr(c));
            }
            Expr::List(items) | Expr::Call(_, items) => {
                let (open, close) = match expr {
                    Expr::Call(f, _) => (format!("{}(", pick(FUNCTIONS, *f)), ")"),
                    _ => ("[".to_string(), "]"),
                };
                out.push_str(&open);
                stack.push(Step::Text(close));
                for (n, item) in items.iter().enumerate().rev() {
                    stack.push(Step::Expr(item));
                    if n > 0 {
                        stack.push(Step::Text(", "));
                    }
                }
            }
            Expr::Binder(b, collection, body) => {
                out.push_str(pick(BINDERS, *b));
                out.push_str("(x in ");
                stack.push(Step::Text(")"));
                stack.push(Step::Expr(body));
                stack.push(Step::Text(", "));
                stack.push(Step::Expr(collection));
            }
            Expr::Field(e, f) => {
                stack.push(Step::Owned(format!(".{}", pick(FIELDS, *f))));
                stack.push(Step::Expr(e));
            }
            Expr::Repeat(shape, times, e) => {
                let times = usize::from(*times % 1024);
                let (open, close) = match shape % 7 {
                    0 => ("not ", ""),
                    1 => ("(", ")"),
                    2 => ("if true then 1 else ", ""),
                    3 => ("[", "]"),
                    4 => ("len(", ")"),
                    5 => ("", " and true"),
                    _ => ("all(x in [1], ", ")"),
                };
                out.push_str(&open.repeat(times));
                stack.push(Step::Owned(close.repeat(times)));
                stack.push(Step::Expr(e));
            }
        }
    }
}

fn rule_text(require: &Expr, local: &Expr, derived: &Expr) -> String {
    let mut text = String::from("let d = ");
    render(derived, &mut text);
    text.push_str(";\nrule fuzz/rule {\n    clause \"4.1.2.2\"\n    severity error\n    let v = ");
    render(local, &mut text);
    text.push_str("\n    require ");
    render(require, &mut text);
    text.push_str(
        "\n    title.zh \"t\" title.en \"t\"\n    message.zh \"{v} {d}\" message.en \"{v}\"\n    help.zh \"h\" \
         help.en \"h\"\n    doc.zh \"\"\"d\"\"\" doc.en \"\"\"d\"\"\"\n}\n",
    );
    text
}

static STAFF: LazyLock<StaffRegistry> =
    LazyLock::new(|| load_staff(SourceFile::new("staff.json", include_str!("../../examples/staff.json"))).unwrap());
static CASE: LazyLock<Case> = LazyLock::new(|| {
    let text = include_str!("../../examples/cases/ZQHX-2024-ISMS-0318.json");
    load_case(SourceFile::new("case.json", text), &STAFF).unwrap()
});
/// The smallest budget allowed, so a runaway rule is cut short quickly.
static SETTINGS: LazyLock<Settings> =
    LazyLock::new(|| Settings::load(SourceFile::new("caselint.toml", "[evaluation]\nmax_steps = 1000\n")).unwrap());

fn check(text: &str) {
    match load_rule_set(&[SourceFile::new("fuzz.rules", text)]) {
        Ok(rules) => evaluate(&rules),
        Err(errors) => {
            let diags: Vec<_> = errors.iter().map(|e| caselint::report::check_diag(e, Lang::Zh)).collect();
            let _ = caselint::report::render_human(&diags, false);
        }
    }
}

fn evaluate(rules: &RuleSet) {
    let as_of = jiff::civil::date(2025, 12, 31);
    let _ = evaluate_case(rules, &CASE, &STAFF, &SETTINGS, as_of);
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        check(text);
    }
    let mut input = Unstructured::new(data);
    if let (Ok(require), Ok(local), Ok(derived)) =
        (Expr::arbitrary(&mut input), Expr::arbitrary(&mut input), Expr::arbitrary(&mut input))
    {
        check(&rule_text(&require, &local, &derived));
    }
});
