//! CB settings: what the procedure leaves to the certification body.
//!
//! Settings come from the built-in defaults (`defaults.toml`) overridden by a
//! `caselint.toml`. Both are validated against [`SETTINGS`]; an unknown key, a wrong type
//! or a value outside its vocabulary is a [`LoadError`] with a span; a number outside what
//! the procedure allows is refused by [`super::limits`]. Rules read them as
//! `settings.<section>.<key>`, the same way they read case facts.

use super::limits::ConfigError;
use super::load::{LoadError, LoadProblem, parse_date};
use super::schema::{Shape, opt, req};
use super::{Fact, FactValue, Fields, Origin, child_pointer, index_pointer};
use crate::source::{SourceFile, Span};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The built-in defaults, as shipped.
pub const DEFAULT_SETTINGS: &str = include_str!("defaults.toml");

/// Anchors the first surveillance deadline can count from.
pub const SURVEILLANCE_ANCHORS: &[&str] = &["decision", "stage2_end", "certificate_issue"];

static TIME_ROW: Shape = Shape::Object(&[
    req("min_personnel", Shape::Integer, "smallest head count of the band", "该档的最少人数"),
    req("max_personnel", Shape::Integer, "largest head count of the band", "该档的最多人数"),
    req("days", Shape::Number, "audit days for the band", "该档的审核人日"),
]);

/// The shape of the settings file.
pub static SETTINGS: Shape = Shape::Object(&[
    opt(
        "surveillance",
        Shape::Object(&[
            opt(
                "first_anchor",
                Shape::Enum(SURVEILLANCE_ANCHORS),
                "what the first surveillance's 12 months count from",
            ),
            opt("max_interval_months", Shape::Integer, "longest interval between surveillance audits"),
        ]),
        "surveillance deadlines",
    ),
    opt(
        "nonconformities",
        Shape::Object(&[
            opt("major_verification_months", Shape::Integer, "months after the last stage 2 day to verify major NCs"),
            opt("close_days", Shape::Integer, "CB deadline for closing an NC, in days"),
        ]),
        "nonconformity deadlines",
    ),
    opt(
        "stage1",
        Shape::Object(&[opt("stage2_gap_warning_months", Shape::Integer, "stage 1 to stage 2 gap worth a warning")]),
        "stage 1",
    ),
    opt(
        "audit_time",
        Shape::Object(&[
            opt("max_reduction_percent", Shape::Number, "largest total reduction of the table time"),
            opt("itsms_table", Shape::List(&TIME_ROW), "ISO/IEC 20000-6 Table 1, as the CB holds it"),
        ]),
        "audit time",
    ),
    opt("suspension", Shape::Object(&[opt("max_months", Shape::Integer, "longest suspension")]), "suspension"),
    opt(
        "waivers",
        Shape::Object(&[opt(
            "approver_department",
            Shape::Enum(super::schema::DEPARTMENTS),
            "department whose staff may approve waivers",
        )]),
        "waivers",
    ),
    opt(
        "evaluation",
        Shape::Object(&[opt(
            "max_steps",
            Shape::Integer,
            "work one rule may do on one case (steps and list elements); more is not evaluable",
        )]),
        "evaluation",
    ),
]);

/// The effective settings and where each value came from.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The merged settings tree (defaults overridden by the file).
    pub root: Fact,
    /// The settings file, if one was used.
    pub file: Option<SourceFile>,
    /// Pointers of the leaves the file set (the rest are defaults).
    pub from_file: Vec<String>,
}

impl Settings {
    /// The built-in defaults alone.
    pub fn defaults() -> Settings {
        let source = SourceFile::new("<defaults>", DEFAULT_SETTINGS);
        let root = load_tree(&source).unwrap_or_else(|_| empty_object());
        Settings { root, file: None, from_file: Vec::new() }
    }

    /// The defaults overridden by a settings file; values outside what the procedure
    /// allows are refused ([`super::limits`]).
    pub fn load(file: SourceFile) -> Result<Settings, Vec<ConfigError>> {
        let mut settings = Settings::defaults();
        let user = load_tree(&file).map_err(|errors| errors.into_iter().map(ConfigError::Load).collect::<Vec<_>>())?;
        let refused = super::limits::check_settings(&user, &file.text);
        if !refused.is_empty() {
            return Err(refused.into_iter().map(ConfigError::Refused).collect());
        }
        let mut from_file = Vec::new();
        merge(&mut settings.root, user, "", &mut from_file);
        settings.file = Some(file);
        settings.from_file = from_file;
        Ok(settings)
    }

    /// Every leaf value as (dotted key, value text, source), for `caselint config`.
    pub fn describe(&self) -> Vec<(String, String, String)> {
        let mut rows = Vec::new();
        describe(&self.root, "", "", self, &mut rows);
        rows
    }
}

fn empty_object() -> Fact {
    Fact { value: FactValue::Object(Fields::new()), span: Span::default(), origin: Origin::Settings }
}

/// Lays `over` (from the file, at `pointer`) over `base`, noting the pointer of each value
/// the file sets.
fn merge(base: &mut Fact, over: Fact, pointer: &str, from_file: &mut Vec<String>) {
    match (&mut base.value, over.value) {
        (FactValue::Object(base_fields), FactValue::Object(over_fields)) => {
            for (key, value) in over_fields {
                let child = child_pointer(pointer, key);
                match base_fields.get_mut(key) {
                    Some(existing) if matches!(existing.value, FactValue::Object(_)) => {
                        merge(existing, value, &child, from_file)
                    }
                    _ => {
                        from_file.push(child);
                        base_fields.insert(key, value);
                    }
                }
            }
        }
        (_, value) => {
            from_file.push(pointer.to_string());
            *base = Fact { value, ..over };
        }
    }
}

fn describe(fact: &Fact, prefix: &str, pointer: &str, settings: &Settings, rows: &mut Vec<(String, String, String)>) {
    match &fact.value {
        FactValue::Object(fields) => {
            for (key, child) in fields.iter() {
                let name = if prefix.is_empty() { key.to_string() } else { format!("{prefix}.{key}") };
                describe(child, &name, &child_pointer(pointer, key), settings, rows);
            }
        }
        _ => {
            let source = match &settings.file {
                Some(file) if settings.from_file.iter().any(|set| set == pointer) => {
                    format!("{}:{}", file.name, file.line_column(fact.span.start).0)
                }
                _ => "default".to_string(),
            };
            let text = settings.file.as_ref().filter(|_| source != "default").map_or_else(
                || DEFAULT_SETTINGS.get(fact.span.start..fact.span.end).unwrap_or("").to_string(),
                |file| file.slice(fact.span).to_string(),
            );
            rows.push((prefix.to_string(), text, source));
        }
    }
}

fn load_tree(source: &SourceFile) -> Result<Fact, Vec<LoadError>> {
    load_toml(source, &SETTINGS, Origin::Settings)
}

/// Reads a TOML file into facts of a shape; unknown keys, wrong types and unknown
/// values are errors with spans (settings and waivers share it).
pub(crate) fn load_toml(source: &SourceFile, shape: &Shape, origin: Origin) -> Result<Fact, Vec<LoadError>> {
    let table = DeTable::parse(&source.text).map_err(|err| {
        let span = err.span().map_or(Span::default(), |r| Span::new(r.start, r.end));
        vec![LoadError {
            problem: LoadProblem::TomlSyntax { detail: err.message().to_string() },
            span,
            pointer: String::new(),
        }]
    })?;
    let whole = Span::new(0, source.text.len());
    let mut errors = Vec::new();
    let root = table_fact(table.get_ref(), whole, shape, String::new(), origin, &mut errors);
    errors.sort_by_key(|e| e.span.start);
    match root {
        Some(root) if errors.is_empty() => Ok(root),
        _ => Err(errors),
    }
}

fn span_of<T>(spanned: &Spanned<T>) -> Span {
    let range = spanned.span();
    Span::new(range.start, range.end)
}

fn table_fact(
    table: &DeTable,
    span: Span,
    shape: &Shape,
    pointer: String,
    origin: Origin,
    errors: &mut Vec<LoadError>,
) -> Option<Fact> {
    let fields = shape.fields();
    let mut values = Fields::new();
    let mut ok = true;
    for (key, value) in table.iter() {
        let name: &str = key.get_ref();
        let child_pointer = child_pointer(&pointer, name);
        let Some(field) = fields.iter().find(|f| f.name == name) else {
            let allowed = fields.iter().map(|f| f.name).collect();
            let problem = LoadProblem::UnknownKey { key: name.to_string(), allowed };
            errors.push(LoadError { problem, span: span_of(key), pointer: child_pointer });
            ok = false;
            continue;
        };
        match value_fact(value, &field.shape, child_pointer, origin, errors) {
            Some(fact) => {
                values.insert(field.name, fact);
            }
            None => ok = false,
        }
    }
    for field in fields.iter().filter(|f| f.required) {
        if !values.contains_key(field.name) && ok {
            let problem = LoadProblem::MissingRequired { key: field.name, doc: [field.doc_zh, field.doc] };
            errors.push(LoadError { problem, span, pointer: pointer.clone() });
            ok = false;
        }
    }
    ok.then_some(Fact { value: FactValue::Object(values), span, origin })
}

fn value_fact(
    value: &Spanned<DeValue>,
    shape: &Shape,
    pointer: String,
    origin: Origin,
    errors: &mut Vec<LoadError>,
) -> Option<Fact> {
    let span = span_of(value);
    let fact = |value| Some(Fact { value, span, origin });
    let mut fail = |problem| {
        errors.push(LoadError { problem, span, pointer: pointer.clone() });
        None
    };
    match (shape, value.get_ref()) {
        (Shape::Bool, DeValue::Boolean(b)) => fact(FactValue::Bool(*b)),
        (Shape::Integer, DeValue::Integer(n)) => match i64::from_str_radix(&n.as_str().replace('_', ""), n.radix()) {
            Ok(n) => fact(FactValue::Number(n as f64)),
            Err(_) => fail(LoadProblem::BadNumber { text: n.as_str().to_string() }),
        },
        (Shape::Number, DeValue::Integer(n)) => match n.as_str().replace('_', "").parse::<f64>() {
            Ok(n) => fact(FactValue::Number(n)),
            Err(_) => fail(LoadProblem::BadNumber { text: n.as_str().to_string() }),
        },
        (Shape::Number, DeValue::Float(n)) => match n.as_str().replace('_', "").parse::<f64>() {
            Ok(n) if n.is_finite() => fact(FactValue::Number(n)),
            _ => fail(LoadProblem::BadNumber { text: n.as_str().to_string() }),
        },
        (Shape::Text, DeValue::String(s)) => fact(FactValue::Text(s.to_string())),
        (Shape::Date, DeValue::Datetime(datetime)) => match parse_date(&datetime.to_string()) {
            Ok(date) => fact(FactValue::Date(date)),
            Err(problem) => fail(problem),
        },
        // Staff ids are checked against the registry where they are used.
        (Shape::StaffId, DeValue::String(s)) => fact(FactValue::Text(s.to_string())),
        (Shape::Date, DeValue::String(s)) => match parse_date(s) {
            Ok(date) => fact(FactValue::Date(date)),
            Err(problem) => fail(problem),
        },
        (Shape::Enum(allowed), DeValue::String(s)) => {
            if allowed.contains(&s.as_ref()) {
                fact(FactValue::Text(s.to_string()))
            } else {
                fail(LoadProblem::UnknownEnum { text: s.to_string(), allowed })
            }
        }
        (Shape::List(item), DeValue::Array(array)) => {
            let mut items = Vec::new();
            let mut ok = true;
            for (index, element) in array.iter().enumerate() {
                match value_fact(element, item, index_pointer(&pointer, index), origin, errors) {
                    Some(fact) => items.push(fact),
                    None => ok = false,
                }
            }
            if ok { fact(FactValue::List(items)) } else { None }
        }
        (Shape::Object(_), DeValue::Table(table)) => table_fact(table, span, shape, pointer.clone(), origin, errors),
        (_, found) => {
            let found = match found {
                DeValue::String(_) => "string",
                DeValue::Integer(_) => "integer",
                DeValue::Float(_) => "number",
                DeValue::Boolean(_) => "boolean",
                DeValue::Datetime(_) => "date",
                DeValue::Array(_) => "array",
                DeValue::Table(_) => "object",
            };
            fail(LoadProblem::WrongType { expected: shape.describe(), found })
        }
    }
}
