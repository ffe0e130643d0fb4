//! The fast path of loading: one pass from JSON text to facts, without a syntax tree.
//!
//! Almost every file of a whole-CB run is well formed, and building jsonc-parser's tree
//! only to walk it once cost a fifth of a run. This reader builds the same [`Fact`]s
//! straight from the bytes, guided by the schema's [`Shape`]s, for files in which it meets
//! nothing unusual. At the first thing it does not accept (a syntax error, a wrong type,
//! a duplicate key, an escaped key, a key the schema does not know outside the extension
//! prefix `x_`, an unknown staff id, nesting deeper than a case needs) it gives up and returns `None`, and the caller loads the file through the
//! validating path, which words every problem. So it only has to be right on good files:
//! `tests::agrees_with_the_validating_loader` holds it to the same facts there.

use super::load::{EXTENSION_PREFIX, StaffRegistry, parse_date};
use super::schema::{Field, Shape};
use super::{Fact, FactValue, Fields, Origin};
use crate::source::Span;
use std::borrow::Cow;

/// Nesting a case file never needs; deeper input is left to the validating path.
const MAX_DEPTH: usize = 64;

/// Reads `text` (the file after any byte-order mark of `bom` bytes) as one value of
/// `shape`, or `None` when the validating path must look at it.
pub(super) fn read(
    text: &str,
    bom: usize,
    shape: &Shape,
    origin: Origin,
    staff: Option<&StaffRegistry>,
) -> Option<Fact> {
    let mut reader = Reader { text, bytes: text.as_bytes(), at: 0, bom, origin, staff, depth: 0 };
    let fact = reader.value(shape)?;
    reader.skip_space();
    (reader.at == reader.bytes.len()).then_some(fact)
}

struct Reader<'t, 's> {
    text: &'t str,
    bytes: &'t [u8],
    at: usize,
    bom: usize,
    origin: Origin,
    staff: Option<&'s StaffRegistry>,
    depth: usize,
}

impl<'t> Reader<'t, '_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// JSON's own whitespace only: anything else jsonc-parser might accept is its business.
    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        self.skip_space();
        (self.peek() == Some(byte)).then(|| self.at += 1)
    }

    fn fact(&self, value: FactValue, start: usize) -> Option<Fact> {
        let span = Span::new(start + self.bom, self.at + self.bom);
        Some(Fact { value, span, origin: self.origin })
    }

    fn value(&mut self, shape: &Shape) -> Option<Fact> {
        self.skip_space();
        let start = self.at;
        match (shape, self.peek()?) {
            (Shape::Object(fields), b'{') => self.object(fields),
            (Shape::List(item), b'[') => self.list(item),
            (Shape::Bool, b't') => self.word("true").and_then(|()| self.fact(FactValue::Bool(true), start)),
            (Shape::Bool, b'f') => self.word("false").and_then(|()| self.fact(FactValue::Bool(false), start)),
            (Shape::Number | Shape::Integer, b'-' | b'0'..=b'9') => {
                let number = self.number()?;
                let integral = number.fract() == 0.0 && number.abs() < 9.0e15;
                if *shape == Shape::Integer && !integral {
                    return None;
                }
                self.fact(FactValue::Number(number), start)
            }
            (Shape::Text | Shape::Date | Shape::Enum(_) | Shape::StaffId, b'"') => {
                let text = self.string()?;
                let value = match shape {
                    Shape::Date => FactValue::Date(parse_date(&text).ok()?),
                    Shape::Enum(allowed) if !allowed.contains(&text.as_ref()) => return None,
                    Shape::StaffId if self.staff.is_some_and(|staff| staff.get(&text).is_none()) => return None,
                    _ => FactValue::Text(text.into_owned()),
                };
                self.fact(value, start)
            }
            _ => None,
        }
    }

    fn object(&mut self, fields: &'static [Field]) -> Option<Fact> {
        let start = self.at;
        // The schema's keys seen so far, one bit each; keys it does not know, by name.
        if fields.len() > 64 {
            return None;
        }
        let mut seen = 0u64;
        let mut unknown: Vec<&'t str> = Vec::new();
        // Files list keys in the schema's order: the search for a key starts after the last.
        let mut next = 0;
        let mut values: Vec<(&'static str, Fact)> = Vec::with_capacity(fields.len());
        self.elements(b'}', |reader| {
            reader.skip_space();
            let key = reader.key()?;
            let (after, before) = (fields.get(next..)?, fields.get(..next)?);
            let found = after.iter().chain(before).position(|field| field.name == key);
            let field = match found.map(|offset| (next + offset) % fields.len()) {
                Some(index) => {
                    let bit = 1u64 << index;
                    if seen & bit != 0 {
                        return None;
                    }
                    seen |= bit;
                    next = index + 1;
                    fields.get(index)
                }
                None if unknown.contains(&key) => return None,
                // A key the schema does not know is a warning the validating path words;
                // only the CB's own data (the extension prefix) is read past here.
                None if !key.starts_with(EXTENSION_PREFIX) => return None,
                None => {
                    unknown.push(key);
                    None
                }
            };
            reader.eat(b':')?;
            reader.skip_space();
            match field {
                // null means "the record is silent", like an absent key.
                Some(_) if reader.peek() == Some(b'n') => reader.word("null"),
                Some(field) => {
                    let fact = reader.value(&field.shape)?;
                    // A number outside its range is an error the validating path words.
                    if let (Some((min, max)), FactValue::Number(n)) = (field.range, &fact.value)
                        && !(min..=max).contains(n)
                    {
                        return None;
                    }
                    values.push((field.name, fact));
                    Some(())
                }
                // Exporters may add keys the rules do not read.
                None => reader.skip_value(),
            }
        })?;
        if fields.iter().enumerate().any(|(index, field)| field.required && seen & (1u64 << index) == 0) {
            return None;
        }
        self.fact(FactValue::Object(Fields::from_distinct(values)), start)
    }

    fn list(&mut self, item: &Shape) -> Option<Fact> {
        let start = self.at;
        let mut items = Vec::new();
        self.elements(b']', |reader| {
            items.push(reader.value(item)?);
            Some(())
        })?;
        self.fact(FactValue::List(items), start)
    }

    /// The elements of an array or the members of an object, from the opening bracket to
    /// `close`, each read by `element`: the commas and the nesting depth are handled here.
    fn elements(&mut self, close: u8, mut element: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.depth += 1;
        self.at += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        if self.eat(close).is_none() {
            loop {
                element(self)?;
                if self.eat(b',').is_none() {
                    self.eat(close)?;
                    break;
                }
            }
        }
        self.depth -= 1;
        Some(())
    }

    /// A key without escapes (an escaped key is left to the validating path).
    fn key(&mut self) -> Option<&'t str> {
        match self.string()? {
            Cow::Borrowed(key) => Some(key),
            Cow::Owned(_) => None,
        }
    }

    /// Passes over the value of a key the schema does not know, checking its syntax.
    fn skip_value(&mut self) -> Option<()> {
        self.skip_space();
        match self.peek()? {
            b'{' => self.elements(b'}', |reader| {
                reader.skip_space();
                reader.string()?;
                reader.eat(b':')?;
                reader.skip_value()
            }),
            b'[' => self.elements(b']', Self::skip_value),
            b'"' => self.string().map(drop),
            b't' => self.word("true"),
            b'f' => self.word("false"),
            b'n' => self.word("null"),
            b'-' | b'0'..=b'9' => self.number().map(drop),
            _ => None,
        }
    }

    fn word(&mut self, word: &str) -> Option<()> {
        let end = self.at + word.len();
        let matches = self.bytes.get(self.at..end) == Some(word.as_bytes());
        let followed = self.bytes.get(end).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
        (matches && !followed).then(|| self.at = end)
    }

    /// A number in JSON's strict grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    fn number(&mut self) -> Option<f64> {
        let start = self.at;
        let digits = |reader: &mut Self| {
            let from = reader.at;
            while reader.peek().is_some_and(|b| b.is_ascii_digit()) {
                reader.at += 1;
            }
            reader.at > from
        };
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let leading_zero = self.peek() == Some(b'0');
        let whole = self.at;
        if !digits(self) || (leading_zero && self.at - whole > 1) {
            return None;
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if !digits(self) {
                return None;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if !digits(self) {
                return None;
            }
        }
        if self.peek().is_some_and(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_') {
            return None;
        }
        let number: f64 = self.text.get(start..self.at)?.parse().ok()?;
        number.is_finite().then_some(number)
    }

    /// A string, borrowed from the text when it has no escapes.
    fn string(&mut self) -> Option<Cow<'t, str>> {
        if self.peek() != Some(b'"') {
            return None;
        }
        self.at += 1;
        let start = self.at;
        loop {
            match self.peek()? {
                b'"' => {
                    let text = self.text.get(start..self.at)?;
                    self.at += 1;
                    return Some(Cow::Borrowed(text));
                }
                b'\\' => break,
                byte if byte < 0x20 => return None,
                _ => self.at += 1,
            }
        }
        let mut owned = String::from(self.text.get(start..self.at)?);
        loop {
            let run = self.at;
            while !matches!(self.peek()?, b'"' | b'\\' | 0..0x20) {
                self.at += 1;
            }
            owned.push_str(self.text.get(run..self.at)?);
            match self.peek()? {
                b'"' => {
                    self.at += 1;
                    return Some(Cow::Owned(owned));
                }
                b'\\' => {
                    self.at += 1;
                    let escaped = self.peek()?;
                    self.at += 1;
                    owned.push(match escaped {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        // A surrogate (half of a pair) is no char: the validating path decodes pairs.
                        b'u' => char::from_u32(self.hex4()?)?,
                        _ => return None,
                    });
                }
                _ => return None,
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.at..self.at + 4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.at += 4;
        u32::from_str_radix(digits, 16).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::super::load::{LoadProblem, load_staff, load_tree_validating};
    use super::super::schema::CASE;
    use super::*;
    use crate::source::SourceFile;
    use proptest::prelude::*;
    use serde_json::Value;
    use std::path::{Path, PathBuf};

    fn json_files(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                json_files(&path, found);
            } else if path.extension().is_some_and(|x| x == "json") {
                found.push(path);
            }
        }
    }

    fn root() -> &'static Path {
        Path::new(env!("CARGO_MANIFEST_DIR"))
    }

    fn registry(text: String) -> StaffRegistry {
        let staff = load_staff(SourceFile::new("staff.json", text));
        assert!(staff.is_ok(), "the registry loads");
        staff.unwrap_or_else(|_| StaffRegistry::empty(SourceFile::new("", "")))
    }

    /// Whether the fast path agrees with the validating one on `text`: the same facts when
    /// it accepts the file, and nothing it accepts that the validating path refuses.
    /// The fast path tracks an object's keys in a 64-bit mask: no object of the case or
    /// registry schema may have more fields, or every such file would take the slow path.
    #[test]
    fn every_object_of_the_schemas_fits_the_key_mask() {
        fn widest(shape: &Shape) -> usize {
            match shape {
                Shape::List(item) => widest(item),
                Shape::Object(fields) => fields.iter().map(|f| widest(&f.shape)).fold(fields.len(), usize::max),
                _ => 0,
            }
        }
        let widest = widest(&CASE).max(widest(&crate::facts::schema::STAFF_REGISTRY));
        assert!((10..=64).contains(&widest), "widest object: {widest} fields");
    }

    fn agree(text: &str, staff: &StaffRegistry) -> Result<bool, String> {
        let source = SourceFile::new("case.json", text);
        let body = text.trim_start_matches('\u{feff}');
        let direct = read(body, text.len() - body.len(), &CASE, Origin::Case, Some(staff));
        let validating = load_tree_validating(&source, &CASE, Origin::Case, Some(staff));
        match (direct, validating) {
            (None, _) => Ok(false),
            (Some(direct), Ok((validating, warnings)))
                if warnings.is_empty() && format!("{direct:?}") == format!("{validating:?}") =>
            {
                Ok(true)
            }
            (Some(direct), validating) => Err(format!("fast: {direct:?}\nvalidating: {validating:?}")),
        }
    }

    /// Fixtures as the checker sees them: each patch applied to its base, pretty and compact.
    fn fixture_texts() -> Vec<(String, String)> {
        let mut files = Vec::new();
        json_files(&root().join("tests/fixtures"), &mut files);
        let mut texts = Vec::new();
        for path in files {
            let Ok(spec) = serde_json::from_str::<Value>(&std::fs::read_to_string(&path).unwrap_or_default()) else {
                continue;
            };
            let specs = match spec.get("cases").and_then(Value::as_array) {
                Some(cases) => cases.clone(),
                None => vec![spec],
            };
            for spec in specs {
                let base = spec.get("base").and_then(Value::as_str).unwrap_or("isms");
                let base = std::fs::read_to_string(root().join(format!("tests/fixtures/_bases/{base}.json")));
                let Ok(mut doc) = serde_json::from_str::<Value>(&base.unwrap_or_default()) else { continue };
                let patch = spec.get("patch").and_then(Value::as_array).cloned().unwrap_or_default();
                if crate::generate::apply_patch(&mut doc, &patch).is_ok() {
                    let name = path.display().to_string();
                    texts.push((name.clone(), serde_json::to_string_pretty(&doc).unwrap_or_default()));
                    texts.push((name, serde_json::to_string(&doc).unwrap_or_default()));
                }
            }
        }
        texts
    }

    /// Every example, every fixture, every bad input and a generated corpus: the fast path
    /// gives the validating path's facts wherever it accepts a file.
    #[test]
    fn agrees_with_the_validating_loader() {
        let staff = registry(std::fs::read_to_string(root().join("examples/staff.json")).unwrap_or_default());
        let mut texts = fixture_texts();
        let mut files = Vec::new();
        json_files(&root().join("examples/cases"), &mut files);
        json_files(&root().join("tests/bad-input"), &mut files);
        for path in files {
            let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap_or_default()).into_owned();
            texts.push((path.display().to_string(), text));
        }
        // A spreadsheet export's byte-order mark: skipped, with spans still counted from it.
        let base = std::fs::read_to_string(root().join("tests/fixtures/_bases/ims.json")).unwrap_or_default();
        assert_eq!(agree(&format!("\u{feff}{base}"), &staff), Ok(true), "a case after a byte-order mark");
        let mut accepted = 0;
        for (name, text) in &texts {
            match agree(text, &staff) {
                Ok(fast) => accepted += usize::from(fast),
                Err(difference) => panic!("{name}: {difference}"),
            }
        }
        assert!(accepted * 10 > texts.len() * 9, "the fast path took {accepted} of {} files", texts.len());
        let corpus = crate::generate::generate(120, 7);
        let staff = registry(corpus.staff.clone());
        for (name, text) in &corpus.cases {
            assert_eq!(agree(text, &staff), Ok(true), "{name}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        /// One byte of a good case replaced: the fast path accepts only what the validating
        /// path reads to the same facts.
        #[test]
        fn agrees_on_near_misses(position in 0usize..20_000, byte in prop_oneof![
            Just(b'"'), Just(b','), Just(b'}'), Just(b']'), Just(b'{'), Just(b'['), Just(b'\\'),
            Just(b'0'), Just(b'-'), Just(b'e'), Just(b'.'), Just(b' '), Just(b'n'), Just(b'\n'), Just(b'u'),
        ]) {
            static STAFF: std::sync::LazyLock<StaffRegistry> = std::sync::LazyLock::new(|| {
                registry(std::fs::read_to_string(root().join("examples/staff.json")).unwrap_or_default())
            });
            let text = std::fs::read_to_string(root().join("tests/fixtures/_bases/ims.json")).unwrap_or_default();
            let mut bytes = text.into_bytes();
            let at = position % bytes.len().max(1);
            if let Some(slot) = bytes.get_mut(at) {
                *slot = byte;
            }
            if let Ok(text) = String::from_utf8(bytes) {
                prop_assert!(agree(&text, &STAFF).is_ok(), "{:?}", agree(&text, &STAFF));
            }
        }
    }

    /// Inputs the fast path must leave to the validating one, each a near miss of a good file.
    #[test]
    fn gives_way_on_what_it_does_not_accept() {
        let staff = registry(std::fs::read_to_string(root().join("examples/staff.json")).unwrap_or_default());
        let shape = Shape::Object(&[
            Field { name: "n", shape: Shape::Integer, required: false, doc: "", doc_zh: "", range: None },
            Field { name: "s", shape: Shape::StaffId, required: false, doc: "", doc_zh: "", range: None },
            Field { name: "d", shape: Shape::Date, required: false, doc: "", doc_zh: "", range: None },
        ]);
        let good = [
            r#"{"n": 1, "s": "AU01", "d": "2024-02-29"}"#,
            r#" { "n" : -0 , "x_notes" : [ {"y": null}, "a\"b", 1.5e3, true ] } "#,
            r#"{"n": null, "s": "A\u0055\u00301"}"#,
            r#"{"d": "2024-01-01", "s": "AU01", "n": 3, "x_a": 1, "x_b": {"c": 2}}"#,
        ];
        for text in good {
            assert!(read(text, 0, &shape, Origin::Case, Some(&staff)).is_some(), "{text}");
        }
        let refused = [
            r#"{"n": 1.5}"#,
            r#"{"n": 01}"#,
            r#"{"n": 1,}"#,
            r#"{"n": 1} x"#,
            r#"{"n": 1, "n": 2}"#,
            r#"{"d": "2024-01-01", "n": 1, "s": "AU01", "d": "2024-01-02"}"#,
            r#"{"n": null, "n": 2}"#,
            r#"{"x_a": 1, "n": 2, "x_a": 3}"#,
            r#"{"n": 1, "x": 2}"#,
            r#"{"N": 1}"#,
            r#"{"\u006e": 1}"#,
            r#"{"s": "AU99"}"#,
            r#"{"d": "2024-02-30"}"#,
            r#"{"n": "1"}"#,
            r#"{"x_x": [1 2]}"#,
            r#"{"x_x": "\ud83d\ude00"}"#,
            "{\"x_x\": \"line\nbreak\"}",
            r#"{"x_x": nul}"#,
            r#"{"x_x": truex}"#,
            r#"{"n": 1e999}"#,
            r#"{"x_x": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}"#,
            "// c\n{}",
        ];
        for text in refused {
            assert!(read(text, 0, &shape, Origin::Case, Some(&staff)).is_none(), "{text}");
        }
        // Raw control characters inside strings (RFC 8259 forbids them): the fast path gives
        // way and the validating path refuses them too, at the character.
        let base = std::fs::read_to_string(root().join("tests/fixtures/_bases/ims.json")).unwrap_or_default();
        let at = base.find("\"name\": \"").unwrap_or(0) + 9;
        for control in ['\n', '\t', '\u{1b}', '\u{7}', '\0'] {
            let mut text = base.clone();
            text.insert(at, control);
            assert!(read(&text, 0, &CASE, Origin::Case, Some(&staff)).is_none(), "{control:?}");
            let source = SourceFile::new("case.json", text.as_str());
            let refused = load_tree_validating(&source, &CASE, Origin::Case, Some(&staff));
            let errors = refused.err().unwrap_or_default();
            assert_eq!(errors.len(), 1, "{control:?}");
            let error = errors.first().map(|e| (&e.problem, e.span));
            let code = u8::try_from(u32::from(control)).unwrap_or(0);
            assert_eq!(error, Some((&LoadProblem::ControlCharacter { code }, Span::new(at, at + 1))), "{control:?}");
        }
    }
}
