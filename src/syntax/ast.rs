//! The syntax tree of a rules file; every node keeps its span.

use crate::source::{SourceFile, Span};

/// One parsed rules file.
#[derive(Debug, Clone)]
pub struct RulesFile {
    /// The file, for diagnostics.
    pub source: SourceFile,
    /// Named derived facts, in file order.
    pub derived: Vec<Derived>,
    /// Rules, in file order.
    pub rules: Vec<RuleDecl>,
    /// Manual clauses, in file order.
    pub manual: Vec<ManualDecl>,
}

/// `manual "4.1.3.2-2" { reason.zh ... inspect.en ... }`: clauses checked by people.
#[derive(Debug, Clone)]
pub struct ManualDecl {
    /// The clauses this entry accounts for.
    pub clauses: Vec<Spanned<String>>,
    /// `reason` and `inspect` texts in both languages.
    pub texts: Vec<TextItem>,
    /// The whole declaration.
    pub span: Span,
}

/// `let name = expr;` at the top level: a fact computed once per case.
#[derive(Debug, Clone)]
pub struct Derived {
    /// The name rules use.
    pub name: Ident,
    /// Its definition.
    pub expr: Expr,
}

/// A name with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Ident {
    /// The name.
    pub name: String,
    /// Where it is written.
    pub span: Span,
}

/// A string literal with its span (clause numbers, citations).
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it is written.
    pub span: Span,
}

/// Error rules fail the check; warnings report memory-only or CB-configurable requirements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// A requirement the sources support (C1, C2, SEED).
    Error,
    /// A requirement known from memory only, or a CB choice.
    Warning,
}

/// The two languages of every user-facing text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    /// Chinese, the default.
    Zh,
    /// English.
    En,
}

/// Which text of a rule a `text_item` sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TextKey {
    /// One-line name of the rule.
    Title,
    /// The finding's message, with computed values.
    Message,
    /// What would satisfy the rule.
    Help,
    /// The rule's documentation: what it checks, why, examples.
    Doc,
    /// Why a manual clause cannot be checked by machine.
    Reason,
    /// Which record a reviewer inspects for a manual clause.
    Inspect,
}

/// `rule id { ... }`.
#[derive(Debug, Clone)]
pub struct RuleDecl {
    /// The stable id, e.g. `cycle/itsms-surveillance-interval`.
    pub id: Spanned<String>,
    /// The whole declaration.
    pub span: Span,
    /// Procedure clauses enforced.
    pub clauses: Vec<Spanned<String>>,
    /// Standard clauses imported.
    pub cites: Vec<Spanned<String>>,
    /// Severity, if declared.
    pub severity: Option<Spanned<Severity>>,
    /// Titles, messages, helps and docs in both languages.
    pub texts: Vec<TextItem>,
    /// Applicability condition.
    pub applies: Option<Expr>,
    /// Subjects: one verdict per element; several `for`s nest, each seeing the ones before.
    pub for_each: Vec<ForEach>,
    /// The cross-case part, for a rule declared `across cases`.
    pub population: Option<PopulationDecl>,
    /// Per-subject computed values, in order.
    pub locals: Vec<(Ident, Expr)>,
    /// What must hold.
    pub require: Option<Expr>,
    /// The deadline, if the requirement has one.
    pub due: Option<Expr>,
    /// The primary label.
    pub at: Option<LabelDecl>,
    /// Secondary labels.
    pub also: Vec<LabelDecl>,
}

/// The items of a cross-case rule (`across cases`).
#[derive(Debug, Clone)]
pub struct PopulationDecl {
    /// The first cross-case item.
    pub span: Span,
    /// Whether the rule says `across cases` (the other items require it).
    pub across: bool,
    /// What claims are grouped by.
    pub key: Option<Expr>,
    /// The part a claim plays.
    pub role: Option<Expr>,
    /// The first and last day a claim covers.
    pub period: Option<(Expr, Expr)>,
    /// The roles compared: `this` plays the first, `other` the second.
    pub between: Option<(Spanned<String>, Spanned<String>)>,
}

/// `for a in coll where cond`.
#[derive(Debug, Clone)]
pub struct ForEach {
    /// The bound name.
    pub binder: Ident,
    /// The collection.
    pub collection: Expr,
    /// A filter on elements.
    pub filter: Option<Expr>,
}

/// `title.zh "..."` and friends.
#[derive(Debug, Clone)]
pub struct TextItem {
    /// Which text.
    pub key: TextKey,
    /// In which language.
    pub lang: Lang,
    /// The text, with holes for messages and helps.
    pub template: Template,
    /// The whole item.
    pub span: Span,
}

/// Text with `{expr}` holes.
#[derive(Debug, Clone, Default)]
pub struct Template {
    /// Literal text and holes, in order.
    pub parts: Vec<TemplatePart>,
}

/// A piece of a template.
#[derive(Debug, Clone)]
pub enum TemplatePart {
    /// Literal text, escapes resolved.
    Text(String),
    /// `{expr}`, rendered in the reader's language.
    Hole(Expr),
}

/// `at expr label.zh "..." label.en "..."`.
#[derive(Debug, Clone)]
pub struct LabelDecl {
    /// The fact to underline.
    pub expr: Expr,
    /// Label captions per language.
    pub texts: Vec<(Lang, Template)>,
}

/// An expression with its span.
#[derive(Debug, Clone)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Where it is written.
    pub span: Span,
}

/// Calendar units of a duration literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// `30 days`.
    Days,
    /// `12 months`.
    Months,
    /// `3 years`.
    Years,
}

/// Expression forms.
#[derive(Debug, Clone)]
pub enum ExprKind {
    /// `true`.
    Bool(bool),
    /// `0.6`.
    Number(f64),
    /// `"ITSMS"`.
    Text(String),
    /// `12 months`.
    Duration(i64, Unit),
    /// `["stage1", "stage2"]`.
    List(Vec<Expr>),
    /// `case`, `as_of`, a derived fact, a local or a bound variable.
    Name(String),
    /// `a.start`.
    Field(Box<Expr>, Ident),
    /// `not x`, `-x`.
    Unary(UnaryOp, Box<Expr>),
    /// `a <= b`.
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    /// `months_between(a, b)`.
    Call(Ident, Vec<Expr>),
    /// `all(a in xs, cond)`.
    BinderCall(Ident, Ident, Box<Expr>, Box<Expr>),
    /// `if cond then a else b`.
    If(Box<Expr>, Box<Expr>, Box<Expr>),
}

/// Prefix operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    /// `not`.
    Not,
    /// `-`.
    Neg,
}

/// Infix operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    /// `or`.
    Or,
    /// `and`.
    And,
    /// `==`.
    Eq,
    /// `!=`.
    Ne,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
    /// `in`.
    In,
    /// `not in`.
    NotIn,
    /// `+`.
    Add,
    /// `-`.
    Sub,
    /// `*`.
    Mul,
    /// `/`.
    Div,
}

impl BinaryOp {
    /// The operator as written, for messages.
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Or => "or",
            BinaryOp::And => "and",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::In => "in",
            BinaryOp::NotIn => "not in",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
        }
    }
}

impl RuleDecl {
    /// The template for a text key in a language, if declared.
    pub fn text(&self, key: TextKey, lang: Lang) -> Option<&Template> {
        self.texts.iter().find(|t| t.key == key && t.lang == lang).map(|t| &t.template)
    }
}

impl Template {
    /// The literal text of a template without holes (titles, docs).
    pub fn plain(&self) -> String {
        self.parts
            .iter()
            .map(|p| match p {
                TemplatePart::Text(t) => t.as_str(),
                TemplatePart::Hole(_) => "…",
            })
            .collect()
    }
}
