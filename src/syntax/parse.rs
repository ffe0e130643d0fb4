//! pest pairs → [`ast`](super::ast). Syntax errors keep the span pest reports.

use super::ast::*;
use crate::source::{SourceFile, Span};
use pest::Parser;
use pest::iterators::{Pair, Pairs};
use pest::pratt_parser::{Assoc, Op, PrattParser};
use std::sync::LazyLock;

mod grammar {
    //! The pest-generated parser; its `Rule` enum is documented by the grammar's `///` comments.
    #![allow(missing_docs, reason = "generated code; the grammar file carries the docs")]
    #[derive(pest_derive::Parser)]
    #[grammar = "grammar/caselint.pest"]
    pub struct RulesGrammar;
}
use grammar::{Rule, RulesGrammar};

/// A syntax error in a rules file.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    /// What the parser expected, in English token names (see `describe_rule`).
    pub expected: Vec<&'static str>,
    /// Where parsing stopped.
    pub span: Span,
}

/// Parses one rules file.
pub fn parse_rules(source: &SourceFile) -> Result<RulesFile, ParseError> {
    let mut pairs = RulesGrammar::parse(Rule::file, &source.text).map_err(|e| convert_error(&e))?;
    let mut file = RulesFile { source: source.clone(), derived: Vec::new(), rules: Vec::new(), manual: Vec::new() };
    let Some(top) = pairs.next() else { return Ok(file) };
    for item in top.into_inner() {
        match item.as_rule() {
            Rule::derived => {
                let mut inner = item.into_inner();
                if let (Some(name), Some(expr)) = (inner.next(), inner.next()) {
                    file.derived.push(Derived { name: ident(&name), expr: lower_expr(expr) });
                }
            }
            Rule::rule => file.rules.push(lower_rule(item)),
            Rule::manual => file.manual.push(lower_manual(item)),
            _ => {}
        }
    }
    Ok(file)
}

fn convert_error(error: &pest::error::Error<Rule>) -> ParseError {
    let span = match error.location {
        pest::error::InputLocation::Pos(p) => Span::new(p, p),
        pest::error::InputLocation::Span((s, e)) => Span::new(s, e),
    };
    let expected = match &error.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => {
            let mut names: Vec<&'static str> = positives.iter().map(|r| describe_rule(*r)).collect();
            names.sort_unstable();
            names.dedup();
            names
        }
        pest::error::ErrorVariant::CustomError { .. } => Vec::new(),
    };
    ParseError { expected, span }
}

/// Human names of grammar rules for "expected ..." messages.
fn describe_rule(grammar_rule: Rule) -> &'static str {
    match grammar_rule {
        Rule::EOI => "end of file",
        Rule::derived => "`let`",
        Rule::manual => "`manual`",
        Rule::rule => "`rule`",
        Rule::rule_id => "a rule id like `cycle/surveillance-interval`",
        Rule::clause_item | Rule::cites_item | Rule::severity_item | Rule::text_item => "a rule header item",
        Rule::applies_item | Rule::for_item | Rule::local_item | Rule::require_item => "a rule body item",
        Rule::due_item | Rule::at_item | Rule::also_item => "a rule body item",
        Rule::across_item | Rule::key_item | Rule::role_item | Rule::period_item => "a rule body item",
        Rule::between_item | Rule::kw_across | Rule::kw_key | Rule::kw_role => "a rule body item",
        Rule::kw_period | Rule::kw_between | Rule::kw_cases => "a rule body item",
        Rule::severity => "`error` or `warning`",
        Rule::text_key => "`title`, `message`, `help` or `doc`",
        Rule::lang => "`zh` or `en`",
        Rule::expr | Rule::binder_call | Rule::call | Rule::name | Rule::list | Rule::conditional => "an expression",
        Rule::or | Rule::and | Rule::eq | Rule::ne | Rule::le | Rule::ge | Rule::lt | Rule::gt => "an operator",
        Rule::not_in | Rule::in_ | Rule::add | Rule::sub | Rule::mul | Rule::div => "an operator",
        Rule::not | Rule::neg => "an operator",
        Rule::field => "`.field`",
        Rule::duration | Rule::unit => "a duration like `12 months`",
        Rule::number => "a number",
        Rule::boolean => "`true` or `false`",
        Rule::ident | Rule::keyword => "a name",
        Rule::string | Rule::string_inner => "a string",
        Rule::template | Rule::template_text | Rule::hole => "a text in quotes",
        Rule::block | Rule::block_inner => "a text block `\"\"\"...\"\"\"`",
        Rule::label_text => "`label.zh` or `label.en`",
        Rule::id_word => "a rule id word",
        _ => "a rule or a `let`",
    }
}

fn span_of(pair: &Pair<Rule>) -> Span {
    pair.as_span().into()
}

fn ident(pair: &Pair<Rule>) -> Ident {
    Ident { name: pair.as_str().to_string(), span: span_of(pair) }
}

fn strings(pair: Pair<Rule>) -> Vec<Spanned<String>> {
    pair.into_inner().map(|s| Spanned { value: unescape(inner_text(&s)), span: span_of(&s) }).collect()
}

fn inner_text<'i>(pair: &Pair<'i, Rule>) -> &'i str {
    pair.clone().into_inner().next().map_or("", |p| p.as_str())
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

fn lower_manual(pair: Pair<Rule>) -> ManualDecl {
    let span = span_of(&pair);
    let mut manual = ManualDecl { clauses: Vec::new(), texts: Vec::new(), span };
    for item in pair.into_inner() {
        match item.as_rule() {
            Rule::string => manual.clauses.push(Spanned { value: unescape(inner_text(&item)), span: span_of(&item) }),
            Rule::text_item => manual.texts.push(lower_text_item(item)),
            _ => {}
        }
    }
    manual
}

fn lower_text_item(item: Pair<Rule>) -> TextItem {
    let span = span_of(&item);
    let mut parts = item.into_inner();
    let key = match parts.next().map(|p| p.as_str()) {
        Some("title") => TextKey::Title,
        Some("message") => TextKey::Message,
        Some("help") => TextKey::Help,
        Some("reason") => TextKey::Reason,
        Some("inspect") => TextKey::Inspect,
        _ => TextKey::Doc,
    };
    let lang = lang_of(parts.next());
    let template = parts.next().map(lower_text).unwrap_or_default();
    TextItem { key, lang, template, span }
}

fn lower_rule(pair: Pair<Rule>) -> RuleDecl {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let id = inner.next().map(|p| Spanned { value: p.as_str().to_string(), span: span_of(&p) });
    let mut rule = RuleDecl {
        id: id.unwrap_or(Spanned { value: String::new(), span }),
        span,
        clauses: Vec::new(),
        cites: Vec::new(),
        severity: None,
        texts: Vec::new(),
        applies: None,
        for_each: Vec::new(),
        population: None,
        locals: Vec::new(),
        require: None,
        due: None,
        at: None,
        also: Vec::new(),
    };
    for item in inner {
        let item_span = span_of(&item);
        match item.as_rule() {
            Rule::clause_item => rule.clauses.extend(strings(item)),
            Rule::cites_item => rule.cites.extend(strings(item)),
            Rule::severity_item => {
                let value = if item.as_str().contains("warning") { Severity::Warning } else { Severity::Error };
                rule.severity = Some(Spanned { value, span: item_span });
            }
            Rule::text_item => rule.texts.push(lower_text_item(item)),
            Rule::applies_item => rule.applies = item.into_inner().next().map(lower_expr),
            Rule::for_item => {
                let mut parts = item.into_inner();
                if let (Some(binder), Some(collection)) = (parts.next(), parts.next()) {
                    rule.for_each.push(ForEach {
                        binder: ident(&binder),
                        collection: lower_expr(collection),
                        filter: parts.next().map(lower_expr),
                    });
                }
            }
            Rule::local_item => {
                let mut parts = item.into_inner();
                if let (Some(name), Some(expr)) = (parts.next(), parts.next()) {
                    rule.locals.push((ident(&name), lower_expr(expr)));
                }
            }
            Rule::require_item => rule.require = item.into_inner().next().map(lower_expr),
            Rule::due_item => rule.due = item.into_inner().next().map(lower_expr),
            Rule::at_item => rule.at = lower_label(item),
            Rule::across_item => population(&mut rule, item_span).across = true,
            Rule::key_item => population(&mut rule, item_span).key = item.into_inner().nth(1).map(lower_expr),
            Rule::role_item => population(&mut rule, item_span).role = item.into_inner().nth(1).map(lower_expr),
            Rule::period_item => {
                let mut parts = item.into_inner().skip(1);
                if let (Some(first), Some(last)) = (parts.next(), parts.next()) {
                    population(&mut rule, item_span).period = Some((lower_expr(first), lower_expr(last)));
                }
            }
            Rule::between_item => {
                let roles: Vec<Spanned<String>> = item
                    .into_inner()
                    .filter(|p| p.as_rule() == Rule::string)
                    .map(|s| Spanned { value: unescape(inner_text(&s)), span: span_of(&s) })
                    .collect();
                if let [first, second] = roles.as_slice() {
                    population(&mut rule, item_span).between = Some((first.clone(), second.clone()));
                }
            }
            Rule::also_item => rule.also.extend(lower_label(item)),
            _ => {}
        }
    }
    rule
}

/// The cross-case part of a rule, created by its first cross-case item; the checker
/// requires `across cases` when any of them appears.
fn population(rule: &mut RuleDecl, span: Span) -> &mut PopulationDecl {
    rule.population.get_or_insert(PopulationDecl {
        span,
        across: false,
        key: None,
        role: None,
        period: None,
        between: None,
    })
}

fn lang_of(pair: Option<Pair<Rule>>) -> Lang {
    if pair.is_some_and(|p| p.as_str() == "en") { Lang::En } else { Lang::Zh }
}

fn lower_label(pair: Pair<Rule>) -> Option<LabelDecl> {
    let mut parts = pair.into_inner();
    let expr = lower_expr(parts.next()?);
    let texts = parts
        .map(|label| {
            let mut inner = label.into_inner();
            let lang = lang_of(inner.next());
            (lang, inner.next().map(lower_text).unwrap_or_default())
        })
        .collect();
    Some(LabelDecl { expr, texts })
}

fn lower_text(pair: Pair<Rule>) -> Template {
    match pair.as_rule() {
        Rule::block => Template { parts: vec![TemplatePart::Text(dedent(inner_text(&pair)))] },
        _ => {
            let parts = pair
                .into_inner()
                .filter_map(|part| match part.as_rule() {
                    Rule::template_text => Some(TemplatePart::Text(unescape(part.as_str()))),
                    Rule::hole => part.into_inner().next().map(|e| TemplatePart::Hole(lower_expr(e))),
                    _ => None,
                })
                .collect();
            Template { parts }
        }
    }
}

/// Removes the common indentation of a `"""` block and its first and last blank lines.
fn dedent(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let indent =
        lines.iter().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min().unwrap_or(0);
    let body: Vec<&str> = lines.iter().map(|l| l.get(indent..).unwrap_or_else(|| l.trim_start())).collect();
    body.join("\n").trim_matches('\n').trim_end().to_string()
}

static PRATT: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    PrattParser::new()
        .op(Op::infix(Rule::or, Assoc::Left))
        .op(Op::infix(Rule::and, Assoc::Left))
        .op(Op::prefix(Rule::not))
        .op(Op::infix(Rule::eq, Assoc::Left)
            | Op::infix(Rule::ne, Assoc::Left)
            | Op::infix(Rule::lt, Assoc::Left)
            | Op::infix(Rule::le, Assoc::Left)
            | Op::infix(Rule::gt, Assoc::Left)
            | Op::infix(Rule::ge, Assoc::Left)
            | Op::infix(Rule::in_, Assoc::Left)
            | Op::infix(Rule::not_in, Assoc::Left))
        .op(Op::infix(Rule::add, Assoc::Left) | Op::infix(Rule::sub, Assoc::Left))
        .op(Op::infix(Rule::mul, Assoc::Left) | Op::infix(Rule::div, Assoc::Left))
        .op(Op::prefix(Rule::neg))
        .op(Op::postfix(Rule::field))
});

fn lower_expr(pair: Pair<Rule>) -> Expr {
    pratt(pair.into_inner())
}

fn pratt(pairs: Pairs<Rule>) -> Expr {
    PRATT
        .map_primary(lower_primary)
        .map_prefix(|op, rhs| {
            let span = Span::new(span_of(&op).start, rhs.span.end);
            let op = if op.as_rule() == Rule::not { UnaryOp::Not } else { UnaryOp::Neg };
            Expr { kind: ExprKind::Unary(op, Box::new(rhs)), span }
        })
        .map_postfix(|lhs, op| {
            let span = Span::new(lhs.span.start, span_of(&op).end);
            let name = op.into_inner().next().map(|p| ident(&p)).unwrap_or(Ident { name: String::new(), span });
            Expr { kind: ExprKind::Field(Box::new(lhs), name), span }
        })
        .map_infix(|lhs, op, rhs| {
            let span = Span::new(lhs.span.start, rhs.span.end);
            let op = match op.as_rule() {
                Rule::or => BinaryOp::Or,
                Rule::and => BinaryOp::And,
                Rule::eq => BinaryOp::Eq,
                Rule::ne => BinaryOp::Ne,
                Rule::lt => BinaryOp::Lt,
                Rule::le => BinaryOp::Le,
                Rule::gt => BinaryOp::Gt,
                Rule::ge => BinaryOp::Ge,
                Rule::in_ => BinaryOp::In,
                Rule::not_in => BinaryOp::NotIn,
                Rule::add => BinaryOp::Add,
                Rule::sub => BinaryOp::Sub,
                Rule::mul => BinaryOp::Mul,
                _ => BinaryOp::Div,
            };
            Expr { kind: ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)), span }
        })
        .parse(pairs)
}

fn lower_primary(pair: Pair<Rule>) -> Expr {
    let span = span_of(&pair);
    let kind = match pair.as_rule() {
        Rule::expr => return lower_expr(pair),
        Rule::boolean => ExprKind::Bool(pair.as_str() == "true"),
        Rule::number => ExprKind::Number(pair.as_str().parse().unwrap_or(0.0)),
        Rule::string => ExprKind::Text(unescape(inner_text(&pair))),
        Rule::name => ExprKind::Name(pair.as_str().to_string()),
        Rule::duration => {
            let mut parts = pair.into_inner();
            let amount = parts.next().and_then(|p| p.as_str().parse::<f64>().ok()).unwrap_or(0.0) as i64;
            let unit = match parts.next().map(|p| p.as_str()).unwrap_or("") {
                u if u.starts_with("day") => Unit::Days,
                u if u.starts_with("year") => Unit::Years,
                _ => Unit::Months,
            };
            ExprKind::Duration(amount, unit)
        }
        Rule::list => ExprKind::List(pair.into_inner().map(lower_expr).collect()),
        Rule::conditional => {
            let mut parts = pair.into_inner().filter(|p| p.as_rule() == Rule::expr).map(lower_expr);
            match (parts.next(), parts.next(), parts.next()) {
                (Some(c), Some(a), Some(b)) => ExprKind::If(Box::new(c), Box::new(a), Box::new(b)),
                _ => ExprKind::Bool(false),
            }
        }
        Rule::call => {
            let mut parts = pair.into_inner();
            let name = parts.next().map(|p| ident(&p)).unwrap_or(Ident { name: String::new(), span });
            ExprKind::Call(name, parts.map(lower_expr).collect())
        }
        Rule::binder_call => {
            let mut parts = pair.into_inner().filter(|p| p.as_rule() != Rule::in_);
            let blank = || Ident { name: String::new(), span };
            let name = parts.next().map(|p| ident(&p)).unwrap_or_else(blank);
            let binder = parts.next().map(|p| ident(&p)).unwrap_or_else(blank);
            let collection = parts.next().map(lower_expr);
            let body = parts.next().map(lower_expr);
            match (collection, body) {
                (Some(c), Some(b)) => ExprKind::BinderCall(name, binder, Box::new(c), Box::new(b)),
                _ => ExprKind::Bool(false),
            }
        }
        _ => ExprKind::Bool(false),
    };
    Expr { kind, span }
}
