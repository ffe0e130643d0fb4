//! The claims of a whole run, packed: a run over 100,000 cases keeps some two million of
//! them until every case is checked, so each is a handful of `u32` words and every string
//! (case ids, client names, staff ids) is stored once.
//!
//! A case's claims are packed where it is evaluated, on a worker thread, into
//! [`CaseClaims`]: the same words, with the case's own strings numbered locally. The
//! thread that collects the run's claims ([`ClaimBook::add`]) then only renumbers them,
//! interning each string of the case once rather than every value of every claim.

use super::value::{Kind, Unknown, Value};
use super::{Context, Eval};
use crate::source::Span;
use jiff::civil::Date;
use std::rc::Rc;

/// A word that stands for "nothing" (no role, no period, a label site not found).
const NONE: u32 = u32::MAX;
/// The tag of a packed value lives in the top three bits, its payload in the rest.
const TAG_SHIFT: u32 = 29;
const PAYLOAD: u32 = (1 << TAG_SHIFT) - 1;
const TAG_BOOL: u32 = 0;
const TAG_TEXT: u32 = 1;
const TAG_DATE: u32 = 2;
const TAG_NUMBER: u32 = 3;
const TAG_DURATION: u32 = 4;
const TAG_LIST: u32 = 5;

/// Header words of a packed claim: rule, case, key, role, period (two words); then the
/// values after `case_id` and two words per label site (its span). How many values and sites a claim
/// has is the same for every claim of a rule ([`ClaimBook::shapes`]).
const HEADER: usize = 6;

/// Every claim of a run, by index in the order they were added.
#[derive(Debug, Default)]
pub struct ClaimBook {
    atoms: Atoms,
    numbers: Vec<f64>,
    durations: Vec<(i64, i64)>,
    lists: Vec<Box<[u32]>>,
    /// Packed claims in chunks of [`CHUNK`] words, so growing never copies (or doubles)
    /// the whole book; a claim never straddles two chunks.
    chunks: Vec<Vec<u32>>,
    /// Where each claim starts: chunk index times [`CHUNK`] plus offset.
    starts: Vec<u32>,
    /// Per rule: how many values (after `case_id`) and label sites its claims have.
    shapes: Vec<(usize, usize)>,
    /// Per case input position: its `case_id`, as an atom.
    case_ids: Vec<u32>,
    /// Per case input position: its schemes, which its cross-case findings cite.
    case_schemes: Vec<crate::scheme::Schemes>,
    /// The words of the claim being packed.
    scratch: Vec<u32>,
}

/// Words per chunk of the book.
const CHUNK: usize = 1 << 20;

/// One claim read back from the book.
#[derive(Debug, Clone, Copy)]
pub struct ClaimRef<'b> {
    book: &'b ClaimBook,
    words: &'b [u32],
    start: usize,
}

impl ClaimBook {
    /// Adds the claims of the case at input position `case`, whose `case_id` is `case_id`.
    /// Borrowed: the claims are freed with their case, by the thread that built them.
    pub fn add(&mut self, case: usize, case_id: &str, claims: &CaseClaims) {
        let Ok(case_word) = u32::try_from(case) else { return };
        if claims.is_empty() {
            return;
        }
        if self.case_ids.len() <= case {
            self.case_ids.resize(case + 1, NONE);
        }
        let atom = self.atom(case_id);
        if let Some(slot) = self.case_ids.get_mut(case) {
            *slot = atom;
        }
        if self.case_schemes.len() <= case {
            self.case_schemes.resize(case + 1, crate::scheme::Schemes::BOTH);
        }
        if let Some(slot) = self.case_schemes.get_mut(case) {
            *slot = claims.schemes;
        }
        // Each string of the case interned once; the claims' words then only renumbered.
        let atoms: Vec<u32> = (0..claims.strings.len()).map(|i| self.atom(claims.strings.get(i))).collect();
        // One buffer for every claim: renumbering may intern, so it cannot write into the
        // chunk while it works.
        let mut words = std::mem::take(&mut self.scratch);
        let mut at = 0;
        while let Some(&[rule, values, sites, key, role, first, last]) = claims.words.get(at..at + LOCAL_HEADER) {
            let (values, sites) = (values as usize, sites as usize);
            let body = claims.words.get(at + LOCAL_HEADER..at + LOCAL_HEADER + values + 2 * sites).unwrap_or_default();
            at += LOCAL_HEADER + values + 2 * sites;
            let rule_index = rule as usize;
            if self.shapes.len() <= rule_index {
                self.shapes.resize(rule_index + 1, (0, 0));
            }
            if let Some(shape) = self.shapes.get_mut(rule_index) {
                *shape = (values, sites);
            }
            words.clear();
            let key = self.renumber(key, claims, &atoms);
            let role = if role == NONE { NONE } else { atoms.get(role as usize).copied().unwrap_or(NONE) };
            words.extend([rule, case_word, key, role, first, last]);
            for (index, &word) in body.iter().enumerate() {
                let word = if index < values { self.renumber(word, claims, &atoms) } else { word };
                words.push(word);
            }
            let fits = self.chunks.last().is_some_and(|chunk| chunk.len() + words.len() <= CHUNK);
            if !fits {
                self.chunks.push(Vec::with_capacity(CHUNK.max(words.len())));
            }
            let chunk_index = self.chunks.len() - 1;
            if let Some(chunk) = self.chunks.last_mut() {
                let start = chunk_index * CHUNK + chunk.len();
                self.starts.push(u32::try_from(start).unwrap_or(NONE));
                chunk.extend_from_slice(&words);
            }
        }
        self.scratch = words;
    }

    /// A value word of a case's claims in the book's numbering: strings by their atom,
    /// numbers, durations and lists moved into the book's own tables.
    fn renumber(&mut self, word: u32, claims: &CaseClaims, atoms: &[u32]) -> u32 {
        let payload = (word & PAYLOAD) as usize;
        match word >> TAG_SHIFT {
            TAG_TEXT => tagged(TAG_TEXT, atoms.get(payload).copied().unwrap_or(0) as usize),
            TAG_NUMBER => {
                self.numbers.push(claims.numbers.get(payload).copied().unwrap_or(0.0));
                tagged(TAG_NUMBER, self.numbers.len() - 1)
            }
            TAG_DURATION => {
                self.durations.push(claims.durations.get(payload).copied().unwrap_or_default());
                tagged(TAG_DURATION, self.durations.len() - 1)
            }
            TAG_LIST => {
                let items = claims.lists.get(payload).map_or(&[][..], |l| &l[..]);
                let packed: Box<[u32]> = items.iter().map(|&item| self.renumber(item, claims, atoms)).collect();
                self.lists.push(packed);
                tagged(TAG_LIST, self.lists.len() - 1)
            }
            _ => word,
        }
    }

    /// Number of claims.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Whether no case contributed a claim.
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The claim at an index.
    pub fn get(&self, index: usize) -> Option<ClaimRef<'_>> {
        let start = *self.starts.get(index)? as usize;
        let words = self.chunks.get(start / CHUNK)?;
        Some(ClaimRef { book: self, words, start: start % CHUNK })
    }

    fn atom(&mut self, text: &str) -> u32 {
        self.atoms.intern(text)
    }

    /// A packed value as a runtime value (without the fact it came from).
    fn value(&self, word: u32) -> Eval<'_> {
        let payload = (word & PAYLOAD) as usize;
        let kind = match word >> TAG_SHIFT {
            TAG_BOOL => Kind::Bool(payload == 1),
            TAG_TEXT => Kind::Text(self.atoms.get(payload)),
            TAG_DATE => Kind::Date(unpack_date(word).ok_or_else(Unknown::default)?),
            TAG_NUMBER => Kind::Number(self.numbers.get(payload).copied().unwrap_or(0.0)),
            TAG_DURATION => {
                let (months, days) = self.durations.get(payload).copied().unwrap_or_default();
                Kind::Duration { months, days }
            }
            TAG_LIST => {
                let items = self.lists.get(payload).map_or(&[][..], |l| &l[..]);
                Kind::List(Rc::new(items.iter().map(|&w| self.value(w)).collect::<Result<Vec<_>, _>>()?))
            }
            _ => return Err(Unknown::default()),
        };
        Ok(Value::computed(kind))
    }
}

/// Header words of a claim in [`CaseClaims`]: rule, how many values, how many label sites,
/// key, role, period (two words); the values and the sites' spans follow.
const LOCAL_HEADER: usize = 7;

/// A packed word: a tag in the top three bits, its payload in the rest.
fn tagged(tag: u32, payload: usize) -> u32 {
    (tag << TAG_SHIFT) | (u32::try_from(payload).unwrap_or(PAYLOAD) & PAYLOAD)
}

/// What one case contributes to cross-case rules, packed while the case is evaluated: the
/// words of [`ClaimBook`], with the case's own strings, numbers, durations and lists in
/// tables of its own. Plain data, so it outlives the case.
#[derive(Debug, Clone, Default)]
pub struct CaseClaims {
    words: Vec<u32>,
    strings: LocalStrings,
    numbers: Vec<f64>,
    durations: Vec<(i64, i64)>,
    lists: Vec<Vec<u32>>,
    count: usize,
    /// The case's schemes.
    pub(crate) schemes: crate::scheme::Schemes,
}

/// The strings of one case's claims, each fact's text stored once: a case's claims repeat
/// its client and case id, found by the address of the fact's text.
#[derive(Debug, Clone, Default)]
struct LocalStrings {
    strings: EndToEnd,
    /// Address and length of the text each string was copied from.
    origins: Vec<(usize, usize)>,
}

impl LocalStrings {
    fn get(&self, index: usize) -> &str {
        self.strings.get(index)
    }

    fn len(&self) -> usize {
        self.origins.len()
    }

    /// The number of a text that lives while the case is evaluated (a fact's, a rule's).
    fn number(&mut self, text: &str) -> u32 {
        let origin = (text.as_ptr() as usize, text.len());
        if let Some(index) = self.origins.iter().rposition(|&o| o == origin) {
            return u32::try_from(index).unwrap_or(0);
        }
        self.origins.push(origin);
        self.strings.push(text)
    }

    /// Adds a text without remembering where it came from (a computed one, whose address
    /// a later text may reuse).
    fn append(&mut self, text: &str) -> u32 {
        self.origins.push((0, 0));
        self.strings.push(text)
    }
}

impl CaseClaims {
    /// Whether the case contributed no claim.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Number of claims.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Adds one claim of rule `rule` (by index): its key, role, period, the values of the
    /// rule's locals and the spans of the facts its labels underline.
    pub(super) fn push<'a>(&mut self, claim: LocalClaim<'_, 'a>, cx: &Context<'a>) {
        let start = self.words.len();
        self.words.extend([u32::try_from(claim.rule).unwrap_or(NONE), 0, 0, 0, NONE, NONE, NONE]);
        let key = self.value(claim.key, cx);
        let role = claim.role.map_or(NONE, |role| self.strings.number(role));
        let (first, last) = claim.period.map_or((NONE, NONE), |(first, last)| (pack_date(first), pack_date(last)));
        let mut values = 0u32;
        for value in claim.values {
            let word = self.value(value, cx);
            self.words.push(word);
            values += 1;
        }
        let mut sites = 0u32;
        for site in claim.sites {
            let span = site.map(|span| [span.start, span.end].map(|n| u32::try_from(n).unwrap_or(NONE)));
            self.words.extend(span.unwrap_or([NONE, NONE]));
            sites += 1;
        }
        if let Some(header) = self.words.get_mut(start + 1..start + LOCAL_HEADER) {
            header.copy_from_slice(&[values, sites, key, role, first, last]);
        }
        self.count += 1;
    }

    /// A runtime value as a packed word, shown as a message would show it (an object by
    /// its id, or its pointer).
    fn value<'a>(&mut self, value: &Value<'a>, cx: &Context<'a>) -> u32 {
        match &value.kind {
            Kind::Bool(b) => tagged(TAG_BOOL, usize::from(*b)),
            Kind::Text(text) => tagged(TAG_TEXT, self.strings.number(text) as usize),
            Kind::Date(date) => pack_date(*date),
            Kind::Number(n) => {
                self.numbers.push(*n);
                tagged(TAG_NUMBER, self.numbers.len() - 1)
            }
            Kind::Duration { months, days } => {
                self.durations.push((*months, *days));
                tagged(TAG_DURATION, self.durations.len() - 1)
            }
            Kind::Object(fact) => match fact.get("id").and_then(crate::facts::Fact::as_text) {
                Some(id) => tagged(TAG_TEXT, self.strings.number(id) as usize),
                None => {
                    let pointer = cx.pointer_of(fact);
                    tagged(TAG_TEXT, self.strings.append(&pointer) as usize)
                }
            },
            Kind::Pair(pair) => {
                let items = vec![self.value(&pair.0, cx), self.value(&pair.1, cx)];
                self.lists.push(items);
                tagged(TAG_LIST, self.lists.len() - 1)
            }
            Kind::List(_) | Kind::Facts(_) | Kind::Literals(_) => {
                let items: Vec<u32> = value.items().into_iter().flatten().map(|item| self.value(&item, cx)).collect();
                self.lists.push(items);
                tagged(TAG_LIST, self.lists.len() - 1)
            }
        }
    }
}

/// One claim as the evaluator hands it to [`CaseClaims::push`].
pub(super) struct LocalClaim<'v, 'a> {
    /// The rule, by index.
    pub rule: usize,
    /// The grouping key.
    pub key: &'v Value<'a>,
    /// The part it plays, for `between`.
    pub role: Option<&'v str>,
    /// The first and last day it covers.
    pub period: Option<(Date, Date)>,
    /// The rule's locals, in order.
    pub values: &'v mut dyn Iterator<Item = &'v Value<'a>>,
    /// The spans its labels underline, `at` first.
    pub sites: &'v [Option<Span>],
}

impl<'b> ClaimRef<'b> {
    fn word(&self, offset: usize) -> u32 {
        self.words.get(self.start + offset).copied().unwrap_or(NONE)
    }

    /// The rule, by index into the rule set.
    pub fn rule(&self) -> usize {
        self.word(0) as usize
    }

    /// The input position of the case that contributed it.
    pub fn case(&self) -> usize {
        self.word(1) as usize
    }

    /// The packed key: claims are grouped by equal words (strings are stored once).
    pub fn key_word(&self) -> u32 {
        self.word(2)
    }

    /// The key as a runtime value.
    pub fn key(&self) -> Eval<'b> {
        self.book.value(self.word(2))
    }

    /// The part it plays, if the rule has roles.
    pub fn role(&self) -> Option<&'b str> {
        let atom = self.word(3);
        if atom == NONE { None } else { Some(self.book.atoms.get(atom as usize)) }
    }

    /// The first and last day it covers, if the rule has a period.
    pub fn period(&self) -> Option<(Date, Date)> {
        Some((unpack_date(self.word(4))?, unpack_date(self.word(5))?))
    }

    fn shape(&self) -> (usize, usize) {
        self.book.shapes.get(self.rule()).copied().unwrap_or_default()
    }

    /// The kept values (`case_id`, then the rule's locals) as runtime values.
    pub fn values(&self) -> impl Iterator<Item = Eval<'b>> + '_ {
        let book = self.book;
        let case_id = book.case_ids.get(self.case()).map_or(Ok(Value::computed(Kind::Text(""))), |&atom| {
            Ok(Value::computed(Kind::Text(book.atoms.get(atom as usize))))
        });
        std::iter::once(case_id).chain((0..self.shape().0).map(move |i| book.value(self.word(HEADER + i))))
    }

    /// The schemes of the claim's case.
    pub fn case_schemes(&self) -> crate::scheme::Schemes {
        self.book.case_schemes.get(self.case()).copied().unwrap_or(crate::scheme::Schemes::BOTH)
    }

    /// The `case_id` of the claim's case.
    pub fn case_id(&self) -> String {
        self.book
            .case_ids
            .get(self.case())
            .map_or_else(String::new, |&atom| self.book.atoms.get(atom as usize).to_string())
    }

    /// The spans of the facts its labels underline, `at` first (none where not found).
    pub fn sites(&self) -> Vec<Option<Span>> {
        let (values, count) = self.shape();
        let at = HEADER + values;
        (0..count)
            .map(|i| {
                let (start, end) = (self.word(at + 2 * i), self.word(at + 2 * i + 1));
                (start != NONE && end != NONE).then(|| Span::new(start as usize, end as usize))
            })
            .collect()
    }
}

/// Interned strings, each stored once, end to end in one buffer: a run interns a few
/// hundred thousand (client names, case ids, certificate numbers), and a string allocated
/// on its own plus a map entry keyed by it cost some 70 bytes beyond the text each.
#[derive(Default)]
struct Atoms {
    strings: EndToEnd,
    /// Atom numbers, found by the hash of their text.
    table: hashbrown::HashTable<u32>,
    hasher: foldhash::fast::FixedState,
    /// The atoms interned last: a case's claims repeat its client, its case id and their
    /// roles, found here without hashing them again.
    recent: [Option<u32>; RECENT],
}

/// How many atoms [`Atoms::recent`] remembers.
const RECENT: usize = 8;

impl std::fmt::Debug for Atoms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Atoms").field("count", &self.strings.ends.len()).finish()
    }
}

impl Atoms {
    fn get(&self, atom: usize) -> &str {
        self.strings.get(atom)
    }

    fn intern(&mut self, text: &str) -> u32 {
        use std::hash::BuildHasher;
        if let Some(atom) = self.recent.iter().flatten().find(|&&atom| self.get(atom as usize) == text) {
            return *atom;
        }
        let hash = self.hasher.hash_one(text);
        let Self { strings, table, hasher, recent } = self;
        let atom = match table.find(hash, |&atom| strings.get(atom as usize) == text) {
            Some(&atom) => atom,
            None => {
                let atom = u32::try_from(strings.ends.len()).unwrap_or(PAYLOAD).min(PAYLOAD);
                table.insert_unique(hash, atom, |&atom| hasher.hash_one(strings.get(atom as usize)));
                strings.push(text);
                atom
            }
        };
        recent.rotate_right(1);
        if let Some(first) = recent.first_mut() {
            *first = Some(atom);
        }
        atom
    }
}

/// Strings stored end to end in one buffer, by number: a string allocated on its own costs
/// some 30 bytes beyond its text, and a run keeps hundreds of thousands.
#[derive(Debug, Clone, Default)]
struct EndToEnd {
    text: String,
    /// Where each string ends in `text` (it starts where the previous one ends).
    ends: Vec<usize>,
}

impl EndToEnd {
    fn get(&self, index: usize) -> &str {
        let start = index.checked_sub(1).and_then(|previous| self.ends.get(previous)).copied().unwrap_or(0);
        let end = self.ends.get(index).copied().unwrap_or(start);
        self.text.get(start..end).unwrap_or("")
    }

    /// Adds a string; its number is the count before.
    fn push(&mut self, text: &str) -> u32 {
        self.text.push_str(text);
        self.ends.push(self.text.len());
        u32::try_from(self.ends.len() - 1).unwrap_or(PAYLOAD)
    }
}

/// Dates as days since 0001-01-01 (jiff's range fits the 29-bit payload; earlier dates,
/// which no case holds, count as that day). Counted directly: asking jiff for the span
/// between two dates was most of packing a claim.
fn pack_date(date: Date) -> u32 {
    let year = i64::from(date.year()) - 1;
    let days =
        365 * year + year.div_euclid(4) - year.div_euclid(100) + year.div_euclid(400) + i64::from(date.day_of_year())
            - 1;
    (TAG_DATE << TAG_SHIFT) | (u32::try_from(days).unwrap_or(0) & PAYLOAD)
}

fn unpack_date(word: u32) -> Option<Date> {
    if word == NONE || word >> TAG_SHIFT != TAG_DATE {
        return None;
    }
    let days = i64::from(word & PAYLOAD);
    Date::constant(1, 1, 1).checked_add(jiff::Span::new().days(days)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_packed_as_days_since_the_first_of_the_era_and_read_back() {
        let first = Date::constant(1, 1, 1);
        let mut date = first;
        // Every day of four centuries (leap years, the 100- and 400-year rules), then the
        // ends of jiff's range.
        for _ in 0..146_097 {
            let days = first.until(date).map(|span| span.get_days()).unwrap_or(-1);
            assert_eq!(pack_date(date) & PAYLOAD, u32::try_from(days).unwrap_or(0), "{date}");
            assert_eq!(unpack_date(pack_date(date)), Some(date));
            date = date.tomorrow().unwrap_or(date);
        }
        for date in [Date::constant(1600, 2, 29), Date::constant(2000, 2, 29), Date::constant(9999, 12, 31)] {
            assert_eq!(unpack_date(pack_date(date)), Some(date));
        }
    }

    #[test]
    fn claims_packed_per_case_read_back_from_the_book_with_shared_strings() {
        use crate::facts::{StaffRegistry, settings::Settings};
        // Each case's client name is its own string, equal in text.
        let clients = [String::from("苏州某公司"), String::from("苏州某公司")];
        let staff = StaffRegistry::empty(crate::source::SourceFile::new("", ""));
        let settings = Settings::defaults();
        let cx = Context::new(None, &staff, &settings, Date::constant(2025, 1, 1));
        let (start, end) = (Date::constant(2024, 10, 14), Date::constant(2024, 10, 18));
        let mut book = ClaimBook::default();
        for (case, client) in clients.iter().enumerate() {
            let key = Value::computed(Kind::Text("AU01"));
            let name = Value::computed(Kind::Text(client));
            let days = Value::computed(Kind::Number(2.5));
            let list = Value::computed(Kind::List(Rc::new(vec![name.clone(), days.clone()])));
            let length = Value::computed(Kind::Duration { months: 1, days: 2 });
            let mut claims = CaseClaims::default();
            for _ in 0..2 {
                let values = [name.clone(), days.clone(), list.clone(), length.clone()];
                let sites = [Some(Span::new(3, 9)), None];
                let mut values = values.iter();
                let claim = LocalClaim {
                    rule: 2,
                    key: &key,
                    role: Some("audit"),
                    period: Some((start, end)),
                    values: &mut values,
                    sites: &sites,
                };
                claims.push(claim, &cx);
            }
            assert_eq!(claims.len(), 2);
            assert_eq!(claims.strings.len(), 3, "the client, the key and the role, each once");
            book.add(case, &format!("C{case}"), &claims);
        }
        assert_eq!(book.len(), 4);
        let claims: Vec<ClaimRef> = (0..4).filter_map(|i| book.get(i)).collect();
        assert!(claims.iter().all(|c| c.key_word() == claims[0].key_word()), "one key, one word");
        let last = claims[3];
        assert_eq!((last.rule(), last.case(), last.role()), (2, 1, Some("audit")));
        assert_eq!(last.period(), Some((start, end)));
        assert_eq!(last.sites(), vec![Some(Span::new(3, 9)), None]);
        let shown: Vec<String> = last.values().map(|v| format!("{:?}", v.map(|v| v.kind))).collect();
        assert_eq!(shown.len(), 5);
        assert!(shown[0].contains("\"C1\""), "{shown:?}");
        assert!(shown[1].contains("苏州某公司"), "{shown:?}");
        assert!(shown[2].contains("2.5"), "{shown:?}");
        assert!(shown[3].contains("苏州某公司") && shown[3].contains("2.5"), "{shown:?}");
        assert!(shown[4].contains("months: 1") && shown[4].contains("days: 2"), "{shown:?}");
    }
}
