//! pest pairs → [`ast`](super::ast). Syntax errors keep the span pest reports.

use super::ast::*;
use super::depth::MAX_DEPTH;
use crate::source::{SourceFile, Span};
use pest::Parser;
use pest::iterators::Pair;

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
    /// The file nests more than [`MAX_DEPTH`] levels here (`expected` is then empty).
    pub too_deep: bool,
    /// The parser gave up after [`MAX_PARSE_CALLS`] grammar-rule calls (`expected` is then empty).
    pub too_complex: bool,
}

/// pest backtracks, and some malformed nestings take it exponential time: thirty nested
/// `all(x in [1], …)` with one stray `.` inside kept a run busy for minutes (found by the
/// rules fuzz target). One file may take this many grammar-rule calls; the bundled rules take
/// well under a tenth of it per file (`bundled_rules_parse_well_within_the_call_limit`).
pub const MAX_PARSE_CALLS: usize = 20_000_000;

/// Parses one rules file. A file nested more than [`MAX_DEPTH`] levels deep is refused
/// before pest descends into it, and no expression tree deeper than that is built.
pub fn parse_rules(source: &SourceFile) -> Result<RulesFile, ParseError> {
    parse_rules_within(source, MAX_PARSE_CALLS)
}

/// [`parse_rules`] with another bound on grammar-rule calls (tests hold the bundled rules
/// to a tenth of [`MAX_PARSE_CALLS`] with it). pest keeps the bound in a global: every parse
/// sets its own before it starts.
pub fn parse_rules_within(source: &SourceFile, calls: usize) -> Result<RulesFile, ParseError> {
    let too_deep = |span| ParseError { expected: Vec::new(), span, too_deep: true, too_complex: false };
    if let Some(span) = super::depth::too_deep(&source.text) {
        return Err(too_deep(span));
    }
    pest::set_call_limit(std::num::NonZeroUsize::new(calls));
    let mut pairs = RulesGrammar::parse(Rule::file, &source.text).map_err(|e| convert_error(&e))?;
    let mut file = RulesFile { source: source.clone(), derived: Vec::new(), rules: Vec::new(), manual: Vec::new() };
    let Some(top) = pairs.next() else { return Ok(file) };
    let mut lowering = Lowering::default();
    for item in top.into_inner() {
        match item.as_rule() {
            Rule::derived => {
                let mut inner = item.into_inner();
                if let (Some(name), Some(expr)) = (inner.next(), inner.next()) {
                    file.derived.push(Derived { name: ident(&name), expr: lowering.expr(expr) });
                }
            }
            Rule::rule => file.rules.push(lowering.rule(item)),
            Rule::manual => file.manual.push(lowering.manual(item)),
            _ => {}
        }
    }
    match lowering.too_deep {
        Some(span) => Err(too_deep(span)),
        None => Ok(file),
    }
}

fn convert_error(error: &pest::error::Error<Rule>) -> ParseError {
    let span = match error.location {
        pest::error::InputLocation::Pos(p) => Span::new(p, p),
        pest::error::InputLocation::Span((s, e)) => Span::new(s, e),
    };
    // The grammar defines no custom errors: pest raises one only when the call limit is reached.
    let too_complex = matches!(error.variant, pest::error::ErrorVariant::CustomError { .. });
    let expected = match &error.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => {
            let mut names: Vec<&'static str> = positives.iter().map(|r| describe_rule(*r)).collect();
            names.sort_unstable();
            names.dedup();
            names
        }
        pest::error::ErrorVariant::CustomError { .. } => Vec::new(),
    };
    ParseError { expected, span, too_deep: false, too_complex }
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

impl Lowering {
    fn manual(&mut self, pair: Pair<Rule>) -> ManualDecl {
        let span = span_of(&pair);
        let mut manual = ManualDecl { clauses: Vec::new(), texts: Vec::new(), span };
        for item in pair.into_inner() {
            match item.as_rule() {
                Rule::string => {
                    manual.clauses.push(Spanned { value: unescape(inner_text(&item)), span: span_of(&item) })
                }
                Rule::text_item => manual.texts.push(self.text_item(item)),
                _ => {}
            }
        }
        manual
    }

    fn text_item(&mut self, item: Pair<Rule>) -> TextItem {
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
        let template = parts.next().map(|t| self.text(t)).unwrap_or_default();
        TextItem { key, lang, template, span }
    }

    fn rule(&mut self, pair: Pair<Rule>) -> RuleDecl {
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
                Rule::text_item => rule.texts.push(self.text_item(item)),
                Rule::applies_item => rule.applies = item.into_inner().next().map(|e| self.expr(e)),
                Rule::for_item => {
                    let mut parts = item.into_inner();
                    if let (Some(binder), Some(collection)) = (parts.next(), parts.next()) {
                        rule.for_each.push(ForEach {
                            binder: ident(&binder),
                            collection: self.expr(collection),
                            filter: parts.next().map(|e| self.expr(e)),
                        });
                    }
                }
                Rule::local_item => {
                    let mut parts = item.into_inner();
                    if let (Some(name), Some(expr)) = (parts.next(), parts.next()) {
                        rule.locals.push((ident(&name), self.expr(expr)));
                    }
                }
                Rule::require_item => rule.require = item.into_inner().next().map(|e| self.expr(e)),
                Rule::due_item => rule.due = item.into_inner().next().map(|e| self.expr(e)),
                Rule::at_item => rule.at = self.label(item),
                Rule::across_item => population(&mut rule, item_span).across = true,
                Rule::key_item => population(&mut rule, item_span).key = item.into_inner().nth(1).map(|e| self.expr(e)),
                Rule::role_item => {
                    population(&mut rule, item_span).role = item.into_inner().nth(1).map(|e| self.expr(e))
                }
                Rule::period_item => {
                    let mut parts = item.into_inner().skip(1);
                    if let (Some(first), Some(last)) = (parts.next(), parts.next()) {
                        population(&mut rule, item_span).period = Some((self.expr(first), self.expr(last)));
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
                Rule::also_item => rule.also.extend(self.label(item)),
                _ => {}
            }
        }
        rule
    }

    fn label(&mut self, pair: Pair<Rule>) -> Option<LabelDecl> {
        let mut parts = pair.into_inner();
        let expr = self.expr(parts.next()?);
        let texts = parts
            .map(|label| {
                let mut inner = label.into_inner();
                let lang = lang_of(inner.next());
                (lang, inner.next().map(|t| self.text(t)).unwrap_or_default())
            })
            .collect();
        Some(LabelDecl { expr, texts })
    }

    fn text(&mut self, pair: Pair<Rule>) -> Template {
        match pair.as_rule() {
            Rule::block => Template { parts: vec![TemplatePart::Text(dedent(inner_text(&pair)))] },
            _ => {
                let parts = pair
                    .into_inner()
                    .filter_map(|part| match part.as_rule() {
                        Rule::template_text => Some(TemplatePart::Text(unescape(part.as_str()))),
                        Rule::hole => part.into_inner().next().map(|e| TemplatePart::Hole(self.expr(e))),
                        _ => None,
                    })
                    .collect();
                Template { parts }
            }
        }
    }
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

/// Removes the common indentation of a `"""` block and its first and last blank lines.
fn dedent(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let indent =
        lines.iter().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min().unwrap_or(0);
    let body: Vec<&str> = lines.iter().map(|l| l.get(indent..).unwrap_or_else(|| l.trim_start())).collect();
    body.join("\n").trim_matches('\n').trim_end().to_string()
}

/// Turns pest's pairs into the syntax tree, refusing to build one deeper than
/// [`MAX_DEPTH`]: every walk of the tree (checking, lowering, evaluating, dropping it)
/// recurses once per level, so a deep tree would overflow the stack later.
#[derive(Debug, Default)]
struct Lowering {
    /// Where the tree first grew too deep.
    too_deep: Option<Span>,
}

/// How an operator of an expression's flat token list combines, by precedence (higher
/// binds tighter): or, and, not, comparisons and `in`, `+ -`, `* /`, unary `-`; `.field`
/// binds tightest of all and is applied as soon as it is read.
#[derive(Debug, Clone, Copy)]
enum Operator {
    Prefix(UnaryOp),
    Infix(BinaryOp),
}

impl Operator {
    fn of(grammar_rule: Rule) -> Option<Operator> {
        let infix = |op| Some(Operator::Infix(op));
        match grammar_rule {
            Rule::not => Some(Operator::Prefix(UnaryOp::Not)),
            Rule::neg => Some(Operator::Prefix(UnaryOp::Neg)),
            Rule::or => infix(BinaryOp::Or),
            Rule::and => infix(BinaryOp::And),
            Rule::eq => infix(BinaryOp::Eq),
            Rule::ne => infix(BinaryOp::Ne),
            Rule::lt => infix(BinaryOp::Lt),
            Rule::le => infix(BinaryOp::Le),
            Rule::gt => infix(BinaryOp::Gt),
            Rule::ge => infix(BinaryOp::Ge),
            Rule::in_ => infix(BinaryOp::In),
            Rule::not_in => infix(BinaryOp::NotIn),
            Rule::add => infix(BinaryOp::Add),
            Rule::sub => infix(BinaryOp::Sub),
            Rule::mul => infix(BinaryOp::Mul),
            Rule::div => infix(BinaryOp::Div),
            _ => None,
        }
    }

    fn precedence(self) -> u8 {
        match self {
            Operator::Infix(BinaryOp::Or) => 1,
            Operator::Infix(BinaryOp::And) => 2,
            Operator::Prefix(UnaryOp::Not) => 3,
            Operator::Infix(BinaryOp::Add | BinaryOp::Sub) => 5,
            Operator::Infix(BinaryOp::Mul | BinaryOp::Div) => 6,
            Operator::Prefix(UnaryOp::Neg) => 7,
            Operator::Infix(_) => 4,
        }
    }
}

/// An expression and the depth of its tree.
type Deep = (Expr, usize);

impl Lowering {
    /// An expression's tree, or a placeholder where it would nest too deeply (the error is
    /// kept in `too_deep`).
    fn expr(&mut self, pair: Pair<Rule>) -> Expr {
        self.deep_expr(pair).0
    }

    /// Operator precedence without recursion: an expression is a flat list of operands and
    /// operators (`prefix* primary postfix* (infix prefix* primary postfix*)*`), combined
    /// with two stacks, so ten thousand `not`s or `and`s in a row cost no stack.
    fn deep_expr(&mut self, pair: Pair<Rule>) -> Deep {
        let span = span_of(&pair);
        let mut operands: Vec<Deep> = Vec::new();
        let mut operators: Vec<(Operator, Span)> = Vec::new();
        for part in pair.into_inner() {
            let part_span = span_of(&part);
            match part.as_rule() {
                Rule::field => {
                    let Some((object, depth)) = operands.pop() else { continue };
                    let name =
                        part.into_inner().next().map_or(Ident { name: String::new(), span: part_span }, |p| ident(&p));
                    let field_span = Span::new(object.span.start, part_span.end);
                    let field = Expr { kind: ExprKind::Field(Box::new(object), name), span: field_span };
                    operands.push(self.node(field, depth + 1, part_span));
                }
                grammar_rule => match Operator::of(grammar_rule) {
                    Some(operator @ Operator::Prefix(_)) => operators.push((operator, part_span)),
                    Some(operator) => {
                        while let Some(&(top, top_span)) = operators.last()
                            && top.precedence() >= operator.precedence()
                        {
                            operators.pop();
                            self.apply(top, top_span, &mut operands);
                        }
                        operators.push((operator, part_span));
                    }
                    None => {
                        let primary = self.primary(part);
                        operands.push(primary);
                    }
                },
            }
        }
        while let Some((operator, operator_span)) = operators.pop() {
            self.apply(operator, operator_span, &mut operands);
        }
        operands.pop().unwrap_or((Expr { kind: ExprKind::Bool(false), span }, 1))
    }

    /// Combines the operator with its operand(s) on top of the stack.
    fn apply(&mut self, operator: Operator, operator_span: Span, operands: &mut Vec<Deep>) {
        let combined = match operator {
            Operator::Prefix(op) => {
                let Some((operand, depth)) = operands.pop() else { return };
                let span = Span::new(operator_span.start, operand.span.end);
                (Expr { kind: ExprKind::Unary(op, Box::new(operand)), span }, depth + 1)
            }
            Operator::Infix(op) => {
                let (Some((right, right_depth)), Some((left, left_depth))) = (operands.pop(), operands.pop()) else {
                    return;
                };
                let span = Span::new(left.span.start, right.span.end);
                (
                    Expr { kind: ExprKind::Binary(op, Box::new(left), Box::new(right)), span },
                    left_depth.max(right_depth) + 1,
                )
            }
        };
        let (expr, depth) = combined;
        operands.push(self.node(expr, depth, operator_span));
    }

    /// A node `depth` levels deep; past [`MAX_DEPTH`], a leaf in its place and the error
    /// kept at `at` (where the limit is crossed).
    fn node(&mut self, expr: Expr, depth: usize, at: Span) -> Deep {
        if depth <= MAX_DEPTH {
            return (expr, depth);
        }
        self.too_deep.get_or_insert(at);
        (Expr { kind: ExprKind::Bool(false), span: expr.span }, 1)
    }

    /// The deepest of some expressions, as a node one level above them.
    fn children<'i>(&mut self, pairs: impl Iterator<Item = Pair<'i, Rule>>) -> (Vec<Expr>, usize) {
        let mut depth = 0;
        let exprs = pairs
            .map(|pair| {
                let (expr, d) = self.deep_expr(pair);
                depth = depth.max(d);
                expr
            })
            .collect();
        (exprs, depth + 1)
    }

    fn primary(&mut self, pair: Pair<Rule>) -> Deep {
        let span = span_of(&pair);
        let (kind, depth) = match pair.as_rule() {
            Rule::expr => return self.deep_expr(pair),
            Rule::boolean => (ExprKind::Bool(pair.as_str() == "true"), 1),
            Rule::number => (ExprKind::Number(pair.as_str().parse().unwrap_or(0.0)), 1),
            Rule::string => (ExprKind::Text(unescape(inner_text(&pair))), 1),
            Rule::name => (ExprKind::Name(pair.as_str().to_string()), 1),
            Rule::duration => {
                let mut parts = pair.into_inner();
                let amount = parts.next().and_then(|p| p.as_str().parse::<f64>().ok()).unwrap_or(0.0) as i64;
                let unit = match parts.next().map(|p| p.as_str()).unwrap_or("") {
                    u if u.starts_with("day") => Unit::Days,
                    u if u.starts_with("year") => Unit::Years,
                    _ => Unit::Months,
                };
                (ExprKind::Duration(amount, unit), 1)
            }
            Rule::list => {
                let (items, depth) = self.children(pair.into_inner());
                (ExprKind::List(items), depth)
            }
            Rule::conditional => {
                let (parts, depth) = self.children(pair.into_inner().filter(|p| p.as_rule() == Rule::expr));
                let mut parts = parts.into_iter();
                match (parts.next(), parts.next(), parts.next()) {
                    (Some(c), Some(a), Some(b)) => (ExprKind::If(Box::new(c), Box::new(a), Box::new(b)), depth),
                    _ => (ExprKind::Bool(false), 1),
                }
            }
            Rule::call => {
                let mut parts = pair.into_inner();
                let name = parts.next().map(|p| ident(&p)).unwrap_or(Ident { name: String::new(), span });
                let (args, depth) = self.children(parts);
                (ExprKind::Call(name, args), depth)
            }
            Rule::binder_call => {
                let mut parts = pair.into_inner().filter(|p| p.as_rule() != Rule::in_);
                let blank = || Ident { name: String::new(), span };
                let name = parts.next().map(|p| ident(&p)).unwrap_or_else(blank);
                let binder = parts.next().map(|p| ident(&p)).unwrap_or_else(blank);
                let (parts, depth) = self.children(parts);
                let mut parts = parts.into_iter();
                match (parts.next(), parts.next()) {
                    (Some(c), Some(b)) => (ExprKind::BinderCall(name, binder, Box::new(c), Box::new(b)), depth),
                    _ => (ExprKind::Bool(false), 1),
                }
            }
            _ => (ExprKind::Bool(false), 1),
        };
        self.node(Expr { kind, span }, depth, span)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic, reason = "tests fail by panicking")]
    use super::*;

    /// The expression of `let x = …;`, fully parenthesised.
    fn shape(text: &str) -> String {
        fn show(expr: &Expr) -> String {
            match &expr.kind {
                ExprKind::Name(name) => name.clone(),
                ExprKind::Number(n) => n.to_string(),
                ExprKind::Field(object, field) => format!("{}.{}", show(object), field.name),
                ExprKind::Unary(UnaryOp::Not, inner) => format!("(not {})", show(inner)),
                ExprKind::Unary(UnaryOp::Neg, inner) => format!("(-{})", show(inner)),
                ExprKind::Binary(op, a, b) => format!("({} {} {})", show(a), op.symbol(), show(b)),
                other => format!("{other:?}"),
            }
        }
        let source = SourceFile::new("t.rules", format!("let x = {text};"));
        let file = parse_rules(&source).unwrap();
        let expr = &file.derived[0].expr;
        if !text.starts_with('(') {
            assert_eq!(&source.text[expr.span.start..expr.span.end], text, "the span covers the expression");
        }
        show(expr)
    }

    /// The precedence the language documents (and pest's Pratt parser gave before).
    #[test]
    fn operators_bind_as_documented() {
        assert_eq!(shape("a or b and c"), "(a or (b and c))");
        assert_eq!(shape("a and b or c"), "((a and b) or c)");
        assert_eq!(shape("not a and b"), "((not a) and b)");
        assert_eq!(shape("not a == b"), "(not (a == b))");
        assert_eq!(shape("a == not b == c"), "(a == (not (b == c)))");
        assert_eq!(shape("a - b - c"), "((a - b) - c)");
        assert_eq!(shape("a + b * c - d / e"), "((a + (b * c)) - (d / e))");
        assert_eq!(shape("-a * b"), "((-a) * b)");
        assert_eq!(shape("-a.b.c + 1"), "((-a.b.c) + 1)");
        assert_eq!(shape("not not a.b in c"), "(not (not (a.b in c)))");
        assert_eq!(shape("a not in b or c < d + 1"), "((a not in b) or (c < (d + 1)))");
        assert_eq!(shape("(a or b) and c"), "((a or b) and c)");
    }

    #[test]
    fn operator_chains_are_bounded_not_recursive() {
        let deep = |n: usize| SourceFile::new("t.rules", format!("let x = a{};", " and a".repeat(n)));
        assert!(parse_rules(&deep(MAX_DEPTH - 1)).is_ok());
        // 100,000 operators (the figure); past about 150,000 the parser's call limit
        // (MAX_PARSE_CALLS) refuses the file first, as `too_complex`.
        let error = parse_rules(&deep(100_000)).unwrap_err();
        assert!(error.too_deep);
        // The operator where the limit is crossed: the 100th `and` makes the tree 101 deep.
        let at = "let x = a".len() + (MAX_DEPTH - 1) * " and a".len() + 1;
        assert_eq!(error.span, Span::new(at, at + 3));
        let nots = SourceFile::new("t.rules", format!("let x = {}a;", "not ".repeat(200_000)));
        assert!(parse_rules(&nots).unwrap_err().too_deep);
    }
}
