//! The claims of a whole run, packed: a run over 100,000 cases keeps some two million of
//! them until every case is checked, so each is a handful of `u32` words and every string
//! (case ids, client names, staff ids, pointers) is stored once.

use super::value::{Kind, Unknown, Value};
use super::{Claim, Eval, Shown};
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
const TAG_UNKNOWN: u32 = 6;

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
    pub fn add(&mut self, case: usize, case_id: &str, claims: &[Claim]) {
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
        // One buffer for every claim: packing interns strings, so it cannot write into the
        // chunk while it packs.
        let mut words = std::mem::take(&mut self.scratch);
        for claim in claims {
            let Ok(rule_word) = u32::try_from(claim.rule) else { continue };
            if self.shapes.len() <= claim.rule {
                self.shapes.resize(claim.rule + 1, (0, 0));
            }
            if let Some(shape) = self.shapes.get_mut(claim.rule) {
                *shape = (claim.values.len(), claim.sites.len());
            }
            words.clear();
            let key = self.pack(&claim.key);
            let role = claim.role.as_deref().map_or(NONE, |role| self.atom(role));
            let (first, last) = claim.period.map_or((NONE, NONE), |(first, last)| (pack_date(first), pack_date(last)));
            words.extend([rule_word, case_word, key, role, first, last]);
            for value in &claim.values {
                let word = self.pack(value);
                words.push(word);
            }
            for site in &claim.sites {
                let span = site.map(|span| [span.start, span.end].map(|n| u32::try_from(n).unwrap_or(NONE)));
                words.extend(span.unwrap_or([NONE, NONE]));
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

    fn pack(&mut self, value: &Shown) -> u32 {
        let tagged =
            |tag: u32, payload: usize| (tag << TAG_SHIFT) | (u32::try_from(payload).unwrap_or(PAYLOAD) & PAYLOAD);
        match value {
            Shown::Bool(b) => tagged(TAG_BOOL, usize::from(*b)),
            Shown::Text(t) | Shown::Term(t) | Shown::Object(t) => {
                let atom = self.atom(t);
                tagged(TAG_TEXT, atom as usize)
            }
            Shown::Date(d) => pack_date(*d),
            Shown::Number(n) => {
                self.numbers.push(*n);
                tagged(TAG_NUMBER, self.numbers.len() - 1)
            }
            Shown::Duration { months, days } => {
                self.durations.push((*months, *days));
                tagged(TAG_DURATION, self.durations.len() - 1)
            }
            Shown::List(items) => {
                let packed: Box<[u32]> = items.iter().map(|item| self.pack(item)).collect();
                self.lists.push(packed);
                tagged(TAG_LIST, self.lists.len() - 1)
            }
            Shown::Unknown => tagged(TAG_UNKNOWN, 0),
        }
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

    /// The case's `case_id`.
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
    text: String,
    /// Where each atom ends in `text` (it starts where the previous one ends).
    ends: Vec<usize>,
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
        f.debug_struct("Atoms").field("count", &self.ends.len()).finish()
    }
}

impl Atoms {
    fn get(&self, atom: usize) -> &str {
        let start = match atom.checked_sub(1) {
            Some(previous) => self.ends.get(previous).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.ends.get(atom).copied().unwrap_or(start);
        self.text.get(start..end).unwrap_or("")
    }

    fn intern(&mut self, text: &str) -> u32 {
        use std::hash::BuildHasher;
        if let Some(atom) = self.recent.iter().flatten().find(|&&atom| self.get(atom as usize) == text) {
            return *atom;
        }
        let hash = self.hasher.hash_one(text);
        let Self { text: all, ends, table, hasher, recent } = self;
        let get = |atom: u32| {
            let atom = atom as usize;
            let start = atom.checked_sub(1).and_then(|p| ends.get(p)).copied().unwrap_or(0);
            all.get(start..ends.get(atom).copied().unwrap_or(start)).unwrap_or("")
        };
        let atom = match table.find(hash, |&atom| get(atom) == text) {
            Some(&atom) => atom,
            None => {
                let atom = u32::try_from(ends.len()).unwrap_or(PAYLOAD).min(PAYLOAD);
                table.insert_unique(hash, atom, |&atom| hasher.hash_one(get(atom)));
                all.push_str(text);
                ends.push(all.len());
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

/// Dates as days since 0001-01-01 (jiff's range fits the 29-bit payload).
fn pack_date(date: Date) -> u32 {
    let days = Date::constant(1, 1, 1).until(date).map_or(0, |span| span.get_days());
    (TAG_DATE << TAG_SHIFT) | (u32::try_from(days).unwrap_or(0) & PAYLOAD)
}

fn unpack_date(word: u32) -> Option<Date> {
    if word == NONE || word >> TAG_SHIFT != TAG_DATE {
        return None;
    }
    let days = i64::from(word & PAYLOAD);
    Date::constant(1, 1, 1).checked_add(jiff::Span::new().days(days)).ok()
}
