//! Validating loader: JSON text → [`Fact`] tree, every problem reported with its span.

use super::schema::{CASE, STAFF_REGISTRY, Shape};
use super::{Fact, FactValue, Fields, Origin, child_pointer, index_pointer};
use crate::source::{SourceFile, Span};
use jsonc_parser::ast::{ObjectPropName, Value as Json};
use std::collections::HashMap;

/// A case file, loaded and validated.
#[derive(Debug, Clone)]
pub struct Case {
    /// The file, kept for rendering diagnostics.
    pub source: SourceFile,
    /// The root object.
    pub root: Fact,
    /// The case's `case_id`.
    pub id: String,
    /// Warnings: keys the schema does not know (`LoadProblem::UnknownField`), each reported
    /// with its span; the case is checked all the same.
    pub warnings: Vec<LoadError>,
}

impl Case {
    /// The schemes the case certifies (`ISMS`, `ITSMS`).
    pub fn schemes(&self) -> Vec<String> {
        match self.root.get("schemes").map(|f| &f.value) {
            Some(FactValue::List(items)) => items.iter().filter_map(|i| i.as_text().map(str::to_string)).collect(),
            _ => Vec::new(),
        }
    }

    /// Staff ids of every audit team of the case, sorted, each once.
    pub fn team_staff(&self) -> Vec<String> {
        let Some(FactValue::List(audits)) = self.root.get("audits").map(|f| &f.value) else { return Vec::new() };
        let mut staff: Vec<String> = audits
            .iter()
            .filter_map(|audit| match audit.get("team").map(|t| &t.value) {
                Some(FactValue::List(team)) => Some(team),
                _ => None,
            })
            .flatten()
            .filter_map(|member| member.get("staff").and_then(Fact::as_text).map(str::to_string))
            .collect();
        staff.sort();
        staff.dedup();
        staff
    }
}

/// The staff registry: people by id, with their facts.
#[derive(Debug, Clone)]
pub struct StaffRegistry {
    /// The registry file.
    pub source: SourceFile,
    /// The whole registry, kept as loaded so its facts' pointers can be found.
    pub root: Fact,
    /// Each person's place in the registry's `staff` list, by staff id. Hashed (foldhash):
    /// rules look people up by id again and again, and a registry of thousands made string
    /// comparisons show.
    by_id: HashMap<String, usize, foldhash::fast::FixedState>,
    /// Warnings: keys the schema does not know, as for a case.
    pub warnings: Vec<LoadError>,
}

impl StaffRegistry {
    /// A registry with no one in it (checks that need none, tests).
    pub fn empty(source: SourceFile) -> Self {
        let root = Fact { value: FactValue::Object(Fields::new()), span: Span::default(), origin: Origin::Staff };
        Self { source, root, by_id: HashMap::default(), warnings: Vec::new() }
    }

    /// The person with this id.
    pub fn get(&self, id: &str) -> Option<&Fact> {
        self.people().get(*self.by_id.get(id)?)
    }

    /// Everyone, in the registry's order.
    fn people(&self) -> &[Fact] {
        match self.root.get("staff").map(|staff| &staff.value) {
            Some(FactValue::List(people)) => people,
            _ => &[],
        }
    }
}

/// One problem found while loading an input file.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadError {
    /// What is wrong.
    pub problem: LoadProblem,
    /// Where: the offending bytes (or the parent object for a missing key).
    pub span: Span,
    /// JSON pointer of the offending value, empty for whole-file problems.
    pub pointer: String,
}

impl LoadError {
    /// Whether the problem is a warning (the file is checked all the same), not an error.
    pub fn is_warning(&self) -> bool {
        matches!(self.problem, LoadProblem::UnknownField { .. })
    }
}

/// The kinds of input problems; the report layer words them in zh and en.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadProblem {
    /// The file could not be read (`missing.json`, a directory, no permission).
    Io {
        /// What kind of failure, so it can be worded in both languages.
        kind: std::io::ErrorKind,
        /// The operating system's message.
        message: String,
    },
    /// No staff registry was given and none was found beside the case.
    NoStaffRegistry,
    /// The case file's content changed between its check and the cross-case comparison
    /// that reads it again.
    ChangedDuringRun,
    /// The bytes are not UTF-8 (e.g. a GBK export).
    NotUtf8,
    /// The file holds nothing but whitespace.
    Empty,
    /// Not JSON, or broken JSON (`{"a": 1,}`, a truncated file).
    Syntax {
        /// What the JSON parser expected, in English.
        detail: String,
    },
    /// Broken TOML in a settings file (`[surveillance` without `]`).
    TomlSyntax {
        /// What the TOML parser reported, in English.
        detail: String,
    },
    /// Arrays or objects nested too deeply to be a case file.
    TooDeep,
    /// A value of the wrong JSON type (`"days": "two"`).
    WrongType {
        /// The shape the schema expects.
        expected: &'static str,
        /// The JSON type found.
        found: &'static str,
    },
    /// A string where the schema wants a number or a boolean, whose text is one (`"3"`,
    /// `"true"`): the help says to write it without quotes.
    QuotedValue {
        /// The text inside the quotes.
        text: String,
        /// The shape the schema expects (`number`, `integer`, `boolean`).
        expected: &'static str,
    },
    /// A date string that is not `YYYY-MM-DD` (`2024-1-5`) or carries a time.
    DateFormat {
        /// The text found.
        text: String,
    },
    /// A well-formed date that does not exist (`2024-02-30`, `2024-13-01`).
    ImpossibleDate {
        /// The text found.
        text: String,
    },
    /// A string outside its vocabulary (`"kind": "stage3"`).
    UnknownEnum {
        /// The text found.
        text: String,
        /// The values allowed.
        allowed: &'static [&'static str],
    },
    /// A staff id the registry does not have.
    UnknownStaff {
        /// The id found.
        id: String,
        /// The registry consulted, as named to the user.
        registry: String,
        /// Other places the same unknown id appears (one diagnostic per id, not per use).
        elsewhere: Vec<Span>,
    },
    /// The same key twice in one object; JSON readers disagree on which wins.
    DuplicateKey {
        /// The key.
        key: String,
        /// Where it first appeared.
        first: Span,
    },
    /// A key the schema requires is absent.
    MissingRequired {
        /// The key.
        key: &'static str,
        /// What the key records (the schema's description), zh and en, for the help line.
        doc: [&'static str; 2],
    },
    /// A number that does not fit (`1e400`, a fractional head count).
    BadNumber {
        /// The text found.
        text: String,
    },
    /// A key of a case file or staff registry the schema does not know (a warning: a typo
    /// would otherwise silently make the fact absent). Keys starting with
    /// [`EXTENSION_PREFIX`] are the CB's own data and are not reported.
    UnknownField {
        /// The key.
        key: String,
        /// The known key it most likely misspells.
        suggestion: Option<&'static str>,
        /// The keys allowed here.
        allowed: Vec<&'static str>,
    },
    /// A number outside the range a real record can hold (a negative `effective_personnel`,
    /// audit `days` of 10^30, a percentage over 100).
    OutOfRange {
        /// The text found.
        text: String,
        /// The smallest allowed value.
        min: f64,
        /// The largest allowed value.
        max: f64,
    },
    /// A control character (U+0000 to U+001F: a line break, a tab, ESC) written raw inside a
    /// string, which JSON forbids (RFC 8259 section 7): it must be escaped.
    ControlCharacter {
        /// The character's code.
        code: u8,
    },
    /// A settings key caselint does not know (a typo would otherwise be silently ignored).
    UnknownKey {
        /// The key.
        key: String,
        /// The keys allowed here.
        allowed: Vec<&'static str>,
    },
    /// Two registry entries with one id.
    DuplicateStaffId {
        /// The id.
        id: String,
        /// Where it first appeared.
        first: Span,
    },
}

/// Keys starting with this prefix (at any depth, with whatever is under them) are the CB's
/// own data: the loader reads past them without a warning.
pub const EXTENSION_PREFIX: &str = "x_";

/// Loads a case file, checking staff ids against the registry.
pub fn load_case(source: SourceFile, staff: &StaffRegistry) -> Result<Case, Vec<LoadError>> {
    let (root, warnings) = load_tree(&source, &CASE, Origin::Case, Some(staff))?;
    let id = root.get("case_id").and_then(Fact::as_text).unwrap_or_default().to_string();
    Ok(Case { source, root, id, warnings })
}

/// Loads the staff registry; duplicate ids are errors.
pub fn load_staff(source: SourceFile) -> Result<StaffRegistry, Vec<LoadError>> {
    let (root, warnings) = load_tree(&source, &STAFF_REGISTRY, Origin::Staff, None)?;
    let mut registry = StaffRegistry { source, root, by_id: HashMap::default(), warnings };
    let mut by_id: HashMap<String, usize, foldhash::fast::FixedState> = HashMap::default();
    let mut errors = Vec::new();
    for (index, person) in registry.people().iter().enumerate() {
        let Some(id_fact) = person.get("id") else { continue };
        let id = id_fact.as_text().unwrap_or_default().to_string();
        let first = by_id.get(&id).and_then(|&first| registry.people().get(first)).and_then(|p| p.get("id"));
        if let Some(first) = first {
            errors.push(LoadError {
                problem: LoadProblem::DuplicateStaffId { id, first: first.span },
                span: id_fact.span,
                pointer: format!("/staff/{index}/id"),
            });
            continue;
        }
        by_id.insert(id, index);
    }
    registry.by_id = by_id;
    if errors.is_empty() { Ok(registry) } else { Err(errors) }
}

/// Reads a file's bytes into a [`SourceFile`].
///
/// On failure the error comes with the best source there is to show it against:
/// the lossily decoded text for non-UTF-8 bytes, an empty text for IO errors.
pub fn read_source(name: &str, bytes: std::io::Result<Vec<u8>>) -> Result<SourceFile, Box<(SourceFile, LoadError)>> {
    let whole_file = |problem, span| LoadError { problem, span, pointer: String::new() };
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(err) => {
            let error = whole_file(LoadProblem::Io { kind: err.kind(), message: err.to_string() }, Span::default());
            return Err(Box::new((SourceFile::new(name, ""), error)));
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(name, text)),
        Err(err) => {
            let offset = err.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(err.as_bytes()).into_owned();
            // The replacement character is 3 bytes in the lossy text.
            let error = whole_file(LoadProblem::NotUtf8, Span::new(offset, offset + 3));
            Err(Box::new((SourceFile::new(name, text), error)))
        }
    }
}

const STRICT_JSON: jsonc_parser::ParseOptions = jsonc_parser::ParseOptions {
    allow_comments: false,
    allow_loose_object_property_names: false,
    allow_trailing_commas: false,
    allow_missing_commas: false,
    allow_single_quoted_strings: false,
    allow_hexadecimal_numbers: false,
    allow_unary_plus_numbers: false,
    allow_bare_decimal_point_numbers: false,
    allow_non_finite_numbers: false,
    allow_extended_string_escapes: false,
};

/// The facts of a file and its warnings, or its errors.
type Loaded = Result<(Fact, Vec<LoadError>), Vec<LoadError>>;

fn load_tree(source: &SourceFile, shape: &Shape, origin: Origin, staff: Option<&StaffRegistry>) -> Loaded {
    let (bom, text) = skip_bom(&source.text);
    match super::direct::read(text, bom, shape, origin, staff) {
        Some(fact) => Ok((fact, Vec::new())),
        None => load_tree_validating(source, shape, origin, staff),
    }
}

/// A UTF-8 byte-order mark is accepted (spreadsheet exports write one) and skipped;
/// offsets stay those of the original bytes.
pub(crate) fn skip_bom(text: &str) -> (usize, &str) {
    let bom = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    (bom, text.get(bom..).unwrap_or(""))
}

/// Loads through jsonc-parser's syntax tree, wording every problem the file has.
pub(super) fn load_tree_validating(
    source: &SourceFile,
    shape: &Shape,
    origin: Origin,
    staff: Option<&StaffRegistry>,
) -> Loaded {
    let (bom, text) = skip_bom(&source.text);
    let whole = Span::new(bom, source.text.len());
    if text.trim().is_empty() {
        return Err(vec![LoadError { problem: LoadProblem::Empty, span: whole, pointer: String::new() }]);
    }
    let parsed = jsonc_parser::parse_to_ast(text, &Default::default(), &STRICT_JSON).map_err(|err| {
        let range = err.range();
        let problem = match err.kind() {
            jsonc_parser::errors::ParseErrorKind::NestingDepthExceeded => LoadProblem::TooDeep,
            kind => LoadProblem::Syntax { detail: kind.to_string() },
        };
        vec![LoadError { problem, span: Span::new(range.start + bom, range.end + bom), pointer: String::new() }]
    })?;
    let Some(json) = parsed.value else {
        return Err(vec![LoadError { problem: LoadProblem::Empty, span: whole, pointer: String::new() }]);
    };
    let controls = raw_controls(text, bom);
    if !controls.is_empty() {
        return Err(controls);
    }
    let mut loader = Loader { bom, origin, staff, errors: Vec::new(), warnings: Vec::new() };
    let fact = loader.value(&json, shape, String::new());
    match fact {
        Some(fact) if loader.errors.is_empty() => Ok((fact, loader.warnings)),
        _ => Err(loader.errors),
    }
}

struct Loader<'s> {
    bom: usize,
    origin: Origin,
    staff: Option<&'s StaffRegistry>,
    errors: Vec<LoadError>,
    warnings: Vec<LoadError>,
}

impl Loader<'_> {
    fn span(&self, range: jsonc_parser::common::Range) -> Span {
        Span::new(range.start + self.bom, range.end + self.bom)
    }

    fn fail(&mut self, problem: LoadProblem, span: Span, pointer: &str) -> Option<Fact> {
        self.errors.push(LoadError { problem, span, pointer: pointer.to_string() });
        None
    }

    /// Reports an unknown staff id once, gathering its later uses as extra spans.
    fn unknown_staff(&mut self, id: &str, span: Span, pointer: &str) -> Option<Fact> {
        let earlier = self.errors.iter_mut().find_map(|e| match &mut e.problem {
            LoadProblem::UnknownStaff { id: known, elsewhere, .. } if known == id => Some(elsewhere),
            _ => None,
        });
        match earlier {
            Some(elsewhere) => {
                elsewhere.push(span);
                None
            }
            None => {
                let registry = self.staff.map(|s| s.source.name.to_string()).unwrap_or_default();
                let problem = LoadProblem::UnknownStaff { id: id.to_string(), registry, elsewhere: Vec::new() };
                self.fail(problem, span, pointer)
            }
        }
    }

    fn fact(&self, value: FactValue, span: Span) -> Option<Fact> {
        Some(Fact { value, span, origin: self.origin })
    }

    /// Validates one JSON value against its shape; `None` when it is invalid (already reported).
    fn value(&mut self, json: &Json, shape: &Shape, pointer: String) -> Option<Fact> {
        let span = self.span(json_range(json));
        match (shape, json) {
            (Shape::Bool, Json::BooleanLit(b)) => self.fact(FactValue::Bool(b.value), span),
            (Shape::Number | Shape::Integer, Json::NumberLit(n)) => self.number(n.value, shape, span, pointer),
            (Shape::Text, Json::StringLit(s)) => self.fact(FactValue::Text(s.value.to_string()), span),
            (Shape::Date, Json::StringLit(s)) => self.date(&s.value, span, pointer),
            (Shape::Enum(allowed), Json::StringLit(s)) => {
                if allowed.contains(&s.value.as_ref()) {
                    self.fact(FactValue::Text(s.value.to_string()), span)
                } else {
                    self.fail(LoadProblem::UnknownEnum { text: s.value.to_string(), allowed }, span, &pointer)
                }
            }
            (Shape::StaffId, Json::StringLit(s)) => {
                let known = self.staff.is_none_or(|staff| staff.get(&s.value).is_some());
                if known {
                    self.fact(FactValue::Text(s.value.to_string()), span)
                } else {
                    self.unknown_staff(&s.value, span, &pointer)
                }
            }
            (Shape::List(item), Json::Array(array)) => {
                let mut items = Vec::with_capacity(array.elements.len());
                let mut ok = true;
                for (index, element) in array.elements.iter().enumerate() {
                    match self.value(element, item, index_pointer(&pointer, index)) {
                        Some(fact) => items.push(fact),
                        None => ok = false,
                    }
                }
                if ok { self.fact(FactValue::List(items), span) } else { None }
            }
            (Shape::Object(fields), Json::Object(object)) => {
                // Objects have a few dozen keys at most: a list beats hashing every key.
                let mut seen: Vec<(&str, Span)> = Vec::with_capacity(object.properties.len());
                let mut values: Vec<(&'static str, Fact)> = Vec::with_capacity(object.properties.len());
                let mut ok = true;
                for property in &object.properties {
                    let key: &str = match &property.name {
                        ObjectPropName::String(s) => &s.value,
                        ObjectPropName::Word(w) => w.value,
                    };
                    let key_span = self.span(match &property.name {
                        ObjectPropName::String(s) => s.range,
                        ObjectPropName::Word(w) => w.range,
                    });
                    let child_pointer = child_pointer(&pointer, key);
                    if let Some(&(_, first)) = seen.iter().find(|(k, _)| *k == key) {
                        self.fail(LoadProblem::DuplicateKey { key: key.to_string(), first }, key_span, &child_pointer);
                        ok = false;
                        continue;
                    }
                    seen.push((key, key_span));
                    let Some(field) = fields.iter().find(|f| f.name == key) else {
                        // A key the schema does not know is read past with a warning (a typo
                        // would otherwise silently make a fact absent); the CB's own data
                        // under the extension prefix is read past silently.
                        if !key.starts_with(EXTENSION_PREFIX) {
                            let allowed: Vec<&'static str> = fields.iter().map(|f| f.name).collect();
                            let suggestion = super::schema::did_you_mean(key, &allowed);
                            let problem = LoadProblem::UnknownField { key: key.to_string(), suggestion, allowed };
                            self.warnings.push(LoadError { problem, span: key_span, pointer: child_pointer });
                        }
                        continue;
                    };
                    if matches!(property.value, Json::NullKeyword(_)) {
                        // null means "the record is silent", like an absent key.
                        continue;
                    }
                    // A number outside its range (a negative head count, 10^30 audit days).
                    if let (Some((min, max)), Json::NumberLit(number)) = (field.range, &property.value)
                        && number.value.parse::<f64>().is_ok_and(|n| n.is_finite() && !(min..=max).contains(&n))
                    {
                        let problem = LoadProblem::OutOfRange { text: number.value.to_string(), min, max };
                        self.fail(problem, self.span(number.range), &child_pointer);
                        ok = false;
                        continue;
                    }
                    match self.value(&property.value, &field.shape, child_pointer) {
                        Some(fact) => {
                            values.push((field.name, fact));
                        }
                        None => ok = false,
                    }
                }
                for field in fields.iter().filter(|f| f.required) {
                    if !seen.iter().any(|(k, _)| *k == field.name) {
                        // The opening brace stands for the object: a big object would fill the screen.
                        let brace = Span::new(span.start, span.start + 1);
                        self.fail(
                            LoadProblem::MissingRequired { key: field.name, doc: [field.doc_zh, field.doc] },
                            brace,
                            &pointer,
                        );
                        ok = false;
                    }
                }
                if ok { self.fact(FactValue::Object(Fields::from_distinct(values)), span) } else { None }
            }
            (Shape::Number | Shape::Integer | Shape::Bool, Json::StringLit(s)) if quoted_value(shape, &s.value) => {
                let problem = LoadProblem::QuotedValue { text: s.value.to_string(), expected: shape.describe() };
                self.fail(problem, span, &pointer)
            }
            (_, found) => {
                let problem = LoadProblem::WrongType { expected: shape.describe(), found: json_type(found) };
                self.fail(problem, span, &pointer)
            }
        }
    }

    fn number(&mut self, text: &str, shape: &Shape, span: Span, pointer: String) -> Option<Fact> {
        let bad = |text: &str| LoadProblem::BadNumber { text: text.to_string() };
        match text.parse::<f64>() {
            Ok(n) if n.is_finite() => {
                let integral = n.fract() == 0.0 && n.abs() < 9.0e15;
                if *shape == Shape::Integer && !integral {
                    return self.fail(bad(text), span, &pointer);
                }
                self.fact(FactValue::Number(n), span)
            }
            _ => self.fail(bad(text), span, &pointer),
        }
    }

    fn date(&mut self, text: &str, span: Span, pointer: String) -> Option<Fact> {
        match parse_date(text) {
            Ok(date) => self.fact(FactValue::Date(date), span),
            Err(problem) => self.fail(problem, span, &pointer),
        }
    }
}

/// Most raw control characters reported in one file: the first of each string, up to this.
const MAX_CONTROL_REPORTS: usize = 20;

/// Control characters (U+0000 to U+001F) written raw inside strings, which RFC 8259 forbids
/// (jsonc-parser accepts them): the first of each string, each with its span. The one-pass
/// reader refuses them too, so both readers agree.
fn raw_controls(text: &str, bom: usize) -> Vec<LoadError> {
    let mut errors = Vec::new();
    let (mut in_string, mut escaped, mut reported) = (false, false, false);
    for (at, byte) in text.bytes().enumerate() {
        if !in_string {
            if byte == b'"' {
                (in_string, reported) = (true, false);
            }
            continue;
        }
        match byte {
            _ if escaped => escaped = false,
            b'\\' => escaped = true,
            b'"' => in_string = false,
            0..0x20 if !reported => {
                reported = true;
                let span = Span::new(at + bom, at + bom + 1);
                errors.push(LoadError {
                    problem: LoadProblem::ControlCharacter { code: byte },
                    span,
                    pointer: String::new(),
                });
                if errors.len() == MAX_CONTROL_REPORTS {
                    break;
                }
            }
            _ => {}
        }
    }
    errors
}

/// Parses a strict `YYYY-MM-DD` calendar date.
pub fn parse_date(text: &str) -> Result<jiff::civil::Date, LoadProblem> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() });
    if !shaped {
        return Err(LoadProblem::DateFormat { text: text.to_string() });
    }
    let field = |range: std::ops::Range<usize>| text.get(range).and_then(|s| s.parse::<i16>().ok()).unwrap_or(0);
    let (year, month, day) = (field(0..4), field(5..7), field(8..10));
    jiff::civil::Date::new(year, month as i8, day as i8)
        .map_err(|_| LoadProblem::ImpossibleDate { text: text.to_string() })
}

/// Whether a string's text is a value of the shape written in quotes (`"3"` for a number).
fn quoted_value(shape: &Shape, text: &str) -> bool {
    match shape {
        Shape::Bool => matches!(text, "true" | "false"),
        Shape::Integer => text.parse::<i64>().is_ok(),
        _ => text.parse::<f64>().is_ok_and(f64::is_finite) && !text.contains(['i', 'I', 'n', 'N']),
    }
}

/// The date a malformed date text most likely means, in `YYYY-MM-DD`: `2025-01-02T10:00`,
/// `2025-01-02 10:00`, `2025/1/2`, `2025.01.02`, `2025年1月2日` and `20250102` all give
/// `2025-01-02`; `None` when the text names no existing date.
pub fn suggest_date(text: &str) -> Option<String> {
    let text = text.trim();
    let date_part = text.split(['T', ' ']).next().unwrap_or(text);
    let numbers: Vec<&str> = date_part.split(['-', '/', '.', '年', '月', '日']).filter(|s| !s.is_empty()).collect();
    let (year, month, day) = match numbers.as_slice() {
        [y, m, d] => (*y, *m, *d),
        [compact] if compact.len() == 8 => (compact.get(..4)?, compact.get(4..6)?, compact.get(6..)?),
        _ => return None,
    };
    let parse =
        |s: &str| if s.bytes().all(|b| b.is_ascii_digit()) && s.len() <= 4 { s.parse::<i16>().ok() } else { None };
    let (year, month, day) = (parse(year)?, parse(month)?, parse(day)?);
    if !(1000..=9999).contains(&year) {
        return None;
    }
    let date = jiff::civil::Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()?;
    Some(date.to_string())
}

fn json_range(json: &Json) -> jsonc_parser::common::Range {
    match json {
        Json::StringLit(v) => v.range,
        Json::NumberLit(v) => v.range,
        Json::BooleanLit(v) => v.range,
        Json::Object(v) => v.range,
        Json::Array(v) => v.range,
        Json::NullKeyword(v) => v.range,
    }
}

fn json_type(json: &Json) -> &'static str {
    match json {
        Json::StringLit(_) => "string",
        Json::NumberLit(_) => "number",
        Json::BooleanLit(_) => "boolean",
        Json::Object(_) => "object",
        Json::Array(_) => "array",
        Json::NullKeyword(_) => "null",
    }
}
