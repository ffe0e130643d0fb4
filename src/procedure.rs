//! The clause index of the CB's procedure, embedded from `procedure/clauses.tsv`.
//!
//! Rules cite clauses by id (`4.2.8.1(1)`); the checker rejects ids the procedure does
//! not have, and `explain` quotes the clause text.

use std::collections::BTreeMap;
use std::sync::LazyLock;

/// The index file, as committed (one `id<TAB>kind<TAB>text` row per clause or item).
pub const CLAUSES_TSV: &str = include_str!("../procedure/clauses.tsv");

/// One indexed clause, section or item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// `4.2.8.1(1)`.
    pub id: String,
    /// `section`, `clause` or `item`.
    pub kind: String,
    /// The zh text, quoted from the procedure.
    pub text: String,
}

/// The clauses in document order.
static CLAUSES: LazyLock<Vec<Clause>> = LazyLock::new(|| {
    CLAUSES_TSV
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| {
            let mut columns = line.splitn(3, '\t');
            let (id, kind, text) = (columns.next()?, columns.next()?, columns.next()?);
            Some(Clause { id: id.to_string(), kind: kind.to_string(), text: text.to_string() })
        })
        .collect()
});

static INDEX: LazyLock<BTreeMap<&'static str, &'static Clause>> =
    LazyLock::new(|| CLAUSES.iter().map(|c| (c.id.as_str(), c)).collect());

/// The clause with this id.
pub fn clause(id: &str) -> Option<&'static Clause> {
    INDEX.get(id).copied()
}

/// The nearest enclosing clause of an id: `4.1.2.6.2b` for `4.1.2.6.2b-3`, `4.1` for `4.1.1`.
pub fn parent(id: &str) -> Option<&'static Clause> {
    let mut end = id.len();
    while end > 0 {
        end -= 1;
        let (head, tail) = (id.get(..end)?, id.get(end..)?);
        let separated = tail.starts_with(['.', '(', '-']) || tail.starts_with(|c: char| c.is_ascii_lowercase());
        if separated && let Some(found) = clause(head) {
            return Some(found);
        }
    }
    None
}

/// Every indexed clause, in the procedure's order.
pub fn clauses() -> impl Iterator<Item = &'static Clause> {
    CLAUSES.iter()
}
