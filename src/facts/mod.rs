//! Stage 1 of checking a case: read the case file and the staff registry into facts.
//!
//! Consumes bytes, produces a [`Fact`] tree in which every value keeps its span and
//! JSON pointer, validated against [`schema`]. Malformed input becomes a
//! [`LoadError`], never a silently absent fact.

mod direct;
pub mod limits;
pub mod load;
pub mod schema;
pub mod settings;

pub use load::{Case, LoadError, LoadProblem, StaffRegistry, load_case, load_staff};

use crate::source::Span;

/// Which input a fact was read from; labels and missing-fact pointers name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// The case file being checked.
    Case,
    /// The staff registry.
    Staff,
    /// The CB settings (defaults and `caselint.toml`).
    Settings,
    /// The waiver register (`caselint.waivers.toml`).
    Waivers,
}

/// One loaded value with the span it came from. Its JSON pointer is not kept: only a
/// finding needs one, and [`pointer_in`] finds it from the root (a string per value was a
/// twentieth of a whole-CB run and a quarter of a loaded case's memory).
#[derive(Debug, Clone)]
pub struct Fact {
    /// The typed value.
    pub value: FactValue,
    /// Bytes of the value in its source file.
    pub span: Span,
    /// The file the value came from.
    pub origin: Origin,
}

/// A typed value of a case or staff file.
#[derive(Debug, Clone)]
pub enum FactValue {
    /// A boolean.
    Bool(bool),
    /// A number (integers included).
    Number(f64),
    /// A string (free text, enum value or staff id).
    Text(String),
    /// A validated calendar date.
    Date(jiff::civil::Date),
    /// An array.
    List(Vec<Fact>),
    /// An object; keys whose value was `null` are absent.
    Object(Fields),
}

/// An object's fields. A vector rather than a `BTreeMap`: case and staff objects have a
/// few keys each, and a map node reserves room for eleven, which made a registry of 20,000
/// people take 170 MB. Keys are the schema's own field names, so the checked rules (which
/// name fields by the same strings) find a field by address first. The loaders keep the
/// file's order (sorting every object's keys was 2% of a run; nothing reads case fields in
/// key order); the settings, built by [`Fields::insert`], are kept in key order for their
/// listing.
#[derive(Debug, Clone, Default)]
pub struct Fields(Vec<(&'static str, Fact)>);

impl Fields {
    /// No fields.
    pub fn new() -> Self {
        Self(Vec::new())
    }

    /// Fields from pairs with distinct keys, kept in their order (the loader's case: it
    /// rejects a repeated key before it gets here).
    pub fn from_distinct(mut pairs: Vec<(&'static str, Fact)>) -> Self {
        pairs.shrink_to_fit();
        Self(pairs)
    }

    fn position(&self, key: &str) -> Option<usize> {
        self.0.iter().position(|(k, _)| *k == key)
    }

    /// The field named `key`, by its text (rules, which hold the schema's own strings, use
    /// [`Fields::get_by_schema_name`]).
    pub fn get(&self, key: &str) -> Option<&Fact> {
        // Text is compared only when the lengths agree, and not at all when the key is the
        // very string the object was keyed by (the compiler merges equal string literals).
        let same = |k: &str| k.len() == key.len() && (k.as_ptr() == key.as_ptr() || k == key);
        self.0.iter().find(|(k, _)| same(k)).map(|(_, fact)| fact)
    }

    /// The field named by `name`, the schema's own string for it, as checked rules hold it:
    /// found by its address alone. The loaders key every object by its shape's field names,
    /// and the checker names fields by the same strings, so no text needs comparing (rules
    /// read fields some 1,300 times a case, most of them absent or beside keys of the same
    /// length).
    pub fn get_by_schema_name(&self, name: &'static str) -> Option<&Fact> {
        self.0.iter().find(|(k, _)| std::ptr::eq(*k, name)).map(|(_, fact)| fact)
    }

    /// The field named `key`, to change it.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Fact> {
        let index = self.position(key)?;
        self.0.get_mut(index).map(|(_, fact)| fact)
    }

    /// Whether there is a field named `key`.
    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_some()
    }

    /// Sets a field, replacing one of the same name; a new one goes before the first
    /// greater key, so fields built only by inserting stay in key order.
    pub fn insert(&mut self, key: &'static str, fact: Fact) {
        match self.position(key) {
            Some(index) => {
                if let Some(slot) = self.0.get_mut(index) {
                    slot.1 = fact;
                }
            }
            None => {
                let index = self.0.partition_point(|(k, _)| *k < key);
                self.0.insert(index, (key, fact));
            }
        }
    }

    /// The fields in their order (see [`Fields`]).
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &Fact)> {
        self.0.iter().map(|(k, v)| (*k, v))
    }

    /// Number of fields.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no fields.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl IntoIterator for Fields {
    type Item = (&'static str, Fact);
    type IntoIter = std::vec::IntoIter<(&'static str, Fact)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl Fact {
    /// The value under `key` when this fact is an object.
    pub fn get(&self, key: &str) -> Option<&Fact> {
        match &self.value {
            FactValue::Object(fields) => fields.get(key),
            _ => None,
        }
    }

    /// The text when this fact is a string.
    pub fn as_text(&self) -> Option<&str> {
        match &self.value {
            FactValue::Text(text) => Some(text),
            _ => None,
        }
    }
}

/// The RFC 6901 pointer of `target` (e.g. `/audits/1/report/date`), a fact of the tree
/// under `root`; none when it is not there.
///
/// In a JSON file a value's bytes lie inside its parent's, and the loaders keep children in
/// the file's order: the walk goes straight down, at each level to the last child that
/// starts at or before the target (a binary search). Settings merge two files (the defaults
/// and `caselint.toml`), whose spans cannot be compared: their small tree is searched whole.
pub fn pointer_in(root: &Fact, target: &Fact) -> Option<String> {
    let mut pointer = String::with_capacity(48);
    match target.origin {
        Origin::Case | Origin::Staff => descend(root, target, &mut pointer)?,
        Origin::Settings | Origin::Waivers => search(root, target, &mut pointer).then_some(())?,
    }
    Some(pointer)
}

fn descend(root: &Fact, target: &Fact, pointer: &mut String) -> Option<()> {
    let start = target.span.start;
    let mut node = root;
    while !std::ptr::eq(node, target) {
        node = match &node.value {
            FactValue::Object(fields) => {
                let index = fields.0.partition_point(|(_, child)| child.span.start <= start).checked_sub(1)?;
                let (key, child) = fields.0.get(index)?;
                pointer.push('/');
                pointer.push_str(&pointer_segment(key));
                child
            }
            FactValue::List(items) => {
                let index = items.partition_point(|child| child.span.start <= start).checked_sub(1)?;
                push_index(pointer, index);
                items.get(index)?
            }
            _ => return None,
        };
        if target.span.end > node.span.end {
            return None;
        }
    }
    Some(())
}

fn search(node: &Fact, target: &Fact, pointer: &mut String) -> bool {
    if std::ptr::eq(node, target) {
        return true;
    }
    let length = pointer.len();
    let child_holds = |child: &Fact, pointer: &mut String| {
        if search(child, target, pointer) {
            return true;
        }
        pointer.truncate(length);
        false
    };
    match &node.value {
        FactValue::Object(fields) => fields.iter().any(|(key, child)| {
            pointer.push('/');
            pointer.push_str(&pointer_segment(key));
            child_holds(child, pointer)
        }),
        FactValue::List(items) => items.iter().enumerate().any(|(index, child)| {
            push_index(pointer, index);
            child_holds(child, pointer)
        }),
        _ => false,
    }
}

/// The RFC 6901 pointer of the value that starts at byte `offset` of a JSON text (offsets
/// count from the file's first byte, a byte-order mark included), found by walking the
/// text; none when no value starts there.
///
/// For the labels of cross-case findings: a claim keeps only the spans of the facts it
/// labels (a run over 100,000 cases keeps two million claims), and the few that become
/// findings get their pointers from their case file's text, read again.
pub fn pointer_at(text: &str, offset: usize) -> Option<String> {
    let (at, _) = load::skip_bom(text);
    let mut walk = Walk { text, bytes: text.as_bytes(), at, offset, pointer: String::new() };
    walk.value(0)?.then_some(walk.pointer)
}

/// [`pointer_at`]'s walk: the text has been loaded, so it only needs to find its way.
struct Walk<'t> {
    text: &'t str,
    bytes: &'t [u8],
    at: usize,
    offset: usize,
    pointer: String,
}

impl Walk<'_> {
    fn space(&mut self) {
        while matches!(self.bytes.get(self.at), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.space();
        let found = self.bytes.get(self.at) == Some(&byte);
        if found {
            self.at += 1;
        }
        found
    }

    /// Passes over one value: true when the target starts at it or inside it (the pointer
    /// then leads there), false when it lies beyond.
    fn value(&mut self, depth: usize) -> Option<bool> {
        self.space();
        if self.at == self.offset {
            return Some(true);
        }
        if self.at > self.offset || depth > 256 {
            return None;
        }
        match *self.bytes.get(self.at)? {
            b'{' => {
                self.at += 1;
                if self.eat(b'}') {
                    return Some(false);
                }
                loop {
                    self.space();
                    let start = self.at;
                    self.string()?;
                    let key: String = serde_json::from_str(self.text.get(start..self.at)?).ok()?;
                    if !self.eat(b':') {
                        return None;
                    }
                    if self.member(&pointer_segment(&key), depth)? {
                        return Some(true);
                    }
                    if !self.eat(b',') {
                        return self.eat(b'}').then_some(false);
                    }
                }
            }
            b'[' => {
                self.at += 1;
                if self.eat(b']') {
                    return Some(false);
                }
                for index in 0.. {
                    if self.member(&index.to_string(), depth)? {
                        return Some(true);
                    }
                    if !self.eat(b',') {
                        break;
                    }
                }
                self.eat(b']').then_some(false)
            }
            b'"' => self.string().map(|()| false),
            _ => {
                while !matches!(self.bytes.get(self.at), None | Some(b',' | b']' | b'}' | b' ' | b'\n' | b'\r' | b'\t'))
                {
                    self.at += 1;
                }
                Some(false)
            }
        }
    }

    /// A member's value, its segment added to the pointer while it is walked.
    fn member(&mut self, segment: &str, depth: usize) -> Option<bool> {
        let length = self.pointer.len();
        self.pointer.push('/');
        self.pointer.push_str(segment);
        let found = self.value(depth + 1)?;
        if !found {
            self.pointer.truncate(length);
        }
        Some(found)
    }

    /// Passes over a string, from its opening quote.
    fn string(&mut self) -> Option<()> {
        if self.bytes.get(self.at) != Some(&b'"') {
            return None;
        }
        self.at += 1;
        loop {
            match *self.bytes.get(self.at)? {
                b'"' => {
                    self.at += 1;
                    return Some(());
                }
                b'\\' => self.at += 2,
                _ => self.at += 1,
            }
        }
    }
}

/// `parent` + `/` + the escaped `key`.
pub fn child_pointer(parent: &str, key: &str) -> String {
    let segment = pointer_segment(key);
    let mut pointer = String::with_capacity(parent.len() + 1 + segment.len());
    pointer.push_str(parent);
    pointer.push('/');
    pointer.push_str(&segment);
    pointer
}

/// `parent` + `/` + a list index.
pub fn index_pointer(parent: &str, index: usize) -> String {
    let mut pointer = String::with_capacity(parent.len() + 4);
    pointer.push_str(parent);
    push_index(&mut pointer, index);
    pointer
}

fn push_index(pointer: &mut String, index: usize) {
    pointer.push('/');
    if let Some(digit) = char::from_digit(index as u32, 10).filter(|_| index < 10) {
        pointer.push(digit);
        return;
    }
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = index;
    loop {
        at -= 1;
        if let Some(slot) = digits.get_mut(at) {
            *slot = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || at == 0 {
            break;
        }
    }
    pointer.push_str(std::str::from_utf8(digits.get(at..).unwrap_or_default()).unwrap_or_default());
}

/// Escapes one JSON pointer segment (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn pointer_segment(key: &str) -> std::borrow::Cow<'_, str> {
    if key.bytes().any(|byte| byte == b'~' || byte == b'/') {
        std::borrow::Cow::Owned(key.replace('~', "~0").replace('/', "~1"))
    } else {
        std::borrow::Cow::Borrowed(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    /// Every fact of the tree with the pointer its path gives it, parents first.
    fn walk<'f>(fact: &'f Fact, pointer: String, out: &mut Vec<(&'f Fact, String)>) {
        out.push((fact, pointer.clone()));
        match &fact.value {
            FactValue::Object(fields) => {
                fields.iter().for_each(|(key, child)| walk(child, child_pointer(&pointer, key), out))
            }
            FactValue::List(items) => {
                items.iter().enumerate().for_each(|(index, child)| walk(child, index_pointer(&pointer, index), out))
            }
            _ => {}
        }
    }

    fn read(path: &str) -> SourceFile {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        SourceFile::new(path, std::fs::read_to_string(root.join(path)).unwrap_or_default())
    }

    #[test]
    fn every_fact_of_a_case_and_the_registry_is_found_by_its_pointer() {
        let staff = load_staff(read("examples/staff.json"));
        assert!(staff.is_ok(), "the registry loads");
        let Ok(staff) = staff else { return };
        let case = load_case(read("examples/cases/ZQHX-2024-IMS-0042.json"), &staff);
        assert!(case.is_ok(), "the case loads");
        let Ok(case) = case else { return };
        for root in [&case.root, &staff.root] {
            let mut facts = Vec::new();
            walk(root, String::new(), &mut facts);
            assert!(facts.len() > 100, "a real tree: {} facts", facts.len());
            for (fact, expected) in facts {
                assert_eq!(pointer_in(root, fact).as_deref(), Some(expected.as_str()));
            }
        }
        // The same pointers from the text alone, with and without a byte-order mark.
        let mut facts = Vec::new();
        walk(&case.root, String::new(), &mut facts);
        let text = &case.source.text;
        let marked = format!("\u{feff}{text}");
        for (fact, expected) in &facts {
            assert_eq!(pointer_at(text, fact.span.start).as_deref(), Some(expected.as_str()));
            assert_eq!(pointer_at(&marked, fact.span.start + 3).as_deref(), Some(expected.as_str()));
        }
        assert_eq!(pointer_at(text, 1), None, "no value starts at a line break");
        assert_eq!(pointer_at(text, text.len() + 5), None);
        let escaped = r#"{"a~b": {"c/d": [1, {"\u0065": true}]}}"#;
        assert_eq!(pointer_at(escaped, escaped.find("true").unwrap_or(0)).as_deref(), Some("/a~0b/c~1d/1/e"));
        // A fact of another tree is not found, even where a fact of this one has its span.
        assert_eq!(pointer_in(&case.root, &staff.root), None);
        let stranger = Fact { value: FactValue::Bool(true), span: case.root.span, origin: Origin::Case };
        assert_eq!(pointer_in(&case.root, &stranger), None);
    }

    #[test]
    fn settings_facts_from_two_files_are_found_by_their_pointer() {
        let file = SourceFile::new("caselint.toml", "[surveillance]\nmax_interval_months = 11\n");
        let settings = settings::Settings::load(file);
        assert!(settings.is_ok(), "the settings load");
        let Ok(settings) = settings else { return };
        let mut facts = Vec::new();
        walk(&settings.root, String::new(), &mut facts);
        assert!(facts.len() > 10, "defaults and the file merged: {} facts", facts.len());
        for (fact, expected) in facts {
            assert_eq!(pointer_in(&settings.root, fact).as_deref(), Some(expected.as_str()));
        }
    }
}
