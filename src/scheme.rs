//! The certification schemes (ISMS, ITSMS) and which of them a procedure clause or an
//! imported standard speaks of.
//!
//! The procedure gives each scheme its own chapter of audit requirements (4.1 ISMS, 4.2
//! ITSMS) and shares the rest (chapters 1–3, 5 and 6). A rule's `clause` list decides which
//! schemes it is for: a rule citing only 4.1.x clauses does not apply to an ITSMS-only case.
//! A finding cites only the clauses and imported standards of its case's schemes, so an
//! ITSMS-only case is never sent to an ISMS clause for the same requirement.

use crate::facts::{Fact, FactValue};

/// A management-system scheme the CB certifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scheme {
    /// Information security management (ISO/IEC 27001), procedure 4.1.
    Isms,
    /// IT service management (ISO/IEC 20000-1), procedure 4.2.
    Itsms,
}

impl Scheme {
    /// The scheme of a case file's `schemes` entry (`"ISMS"`, `"ITSMS"`).
    pub fn parse(name: &str) -> Option<Scheme> {
        match name {
            "ISMS" => Some(Scheme::Isms),
            "ITSMS" => Some(Scheme::Itsms),
            _ => None,
        }
    }

    const fn bit(self) -> u8 {
        match self {
            Scheme::Isms => 1,
            Scheme::Itsms => 2,
        }
    }
}

/// A set of schemes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Schemes(u8);

impl Schemes {
    /// No scheme.
    pub const NONE: Schemes = Schemes(0);
    /// ISMS only.
    pub const ISMS: Schemes = Schemes(Scheme::Isms.bit());
    /// ITSMS only.
    pub const ITSMS: Schemes = Schemes(Scheme::Itsms.bit());
    /// Both schemes.
    pub const BOTH: Schemes = Schemes(Scheme::Isms.bit() | Scheme::Itsms.bit());

    /// Whether the set holds the scheme.
    pub fn contains(self, scheme: Scheme) -> bool {
        self.0 & scheme.bit() != 0
    }

    /// Whether the two sets share a scheme.
    pub fn intersects(self, other: Schemes) -> bool {
        self.0 & other.0 != 0
    }

    /// Both sets' schemes.
    pub fn union(self, other: Schemes) -> Schemes {
        Schemes(self.0 | other.0)
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The set with one more scheme.
    pub fn with(self, scheme: Scheme) -> Schemes {
        Schemes(self.0 | scheme.bit())
    }

    /// The schemes a procedure clause speaks of: 4.1 and its clauses ISMS, 4.2 and its
    /// clauses ITSMS, every other chapter (1–3, 4 itself, 5, 6) both.
    pub fn of_clause(id: &str) -> Schemes {
        let under =
            |head: &str| id == head || id.strip_prefix(head).is_some_and(|rest| rest.starts_with(['.', '(', '-']));
        if under("4.1") {
            Schemes::ISMS
        } else if under("4.2") {
            Schemes::ITSMS
        } else {
            Schemes::BOTH
        }
    }

    /// The schemes an imported standard speaks of: ISO/IEC 27006 and CNAS-CC170 are ISMS's,
    /// ISO/IEC 20000-6 and CNAS-CC175 ITSMS's; CNAS-CC01, IAF documents and CNCA's rules
    /// apply to both.
    pub fn of_cite(cite: &str) -> Schemes {
        const ISMS: [&str; 2] = ["CNAS-CC170", "ISO/IEC 27006"];
        const ITSMS: [&str; 2] = ["CNAS-CC175", "ISO/IEC 20000-6"];
        if ISMS.iter().any(|prefix| cite.starts_with(prefix)) {
            Schemes::ISMS
        } else if ITSMS.iter().any(|prefix| cite.starts_with(prefix)) {
            Schemes::ITSMS
        } else {
            Schemes::BOTH
        }
    }

    /// The schemes of a case: its `schemes` list. A case that names none (the loader
    /// reports such a file) is read as both, so that no rule is left out for it.
    pub fn of_case(root: &Fact) -> Schemes {
        let mut schemes = Schemes::NONE;
        if let Some(FactValue::List(items)) = root.get("schemes").map(|fact| &fact.value) {
            for scheme in items.iter().filter_map(Fact::as_text).filter_map(Scheme::parse) {
                schemes = schemes.with(scheme);
            }
        }
        if schemes.is_empty() { Schemes::BOTH } else { schemes }
    }

    /// The schemes a list of clauses speaks of together (a rule's `clause` list).
    pub fn of_clauses<'a>(ids: impl IntoIterator<Item = &'a str>) -> Schemes {
        ids.into_iter().fold(Schemes::NONE, |all, id| all.union(Schemes::of_clause(id)))
    }

    /// The clauses of `ids` that speak of a scheme of this set, in their order. When none
    /// does (a rule judged on a case of other schemes), all of them.
    pub fn filter_clauses(self, ids: &[String]) -> Vec<&str> {
        keep(ids, |id| Schemes::of_clause(id).intersects(self))
    }

    /// The imported standards of `cites` that speak of a scheme of this set, in their order.
    pub fn filter_cites(self, cites: &[String]) -> Vec<&str> {
        cites.iter().map(String::as_str).filter(|cite| Schemes::of_cite(cite).intersects(self)).collect()
    }
}

fn keep(ids: &[String], wanted: impl Fn(&str) -> bool) -> Vec<&str> {
    let kept: Vec<&str> = ids.iter().map(String::as_str).filter(|id| wanted(id)).collect();
    if kept.is_empty() { ids.iter().map(String::as_str).collect() } else { kept }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn clauses_by_chapter() {
        assert_eq!(Schemes::of_clause("4.1.2.6.2e"), Schemes::ISMS);
        assert_eq!(Schemes::of_clause("4.1"), Schemes::ISMS);
        assert_eq!(Schemes::of_clause("4.2.8.1(1)"), Schemes::ITSMS);
        assert_eq!(Schemes::of_clause("4.2.3-2"), Schemes::ITSMS);
        assert_eq!(Schemes::of_clause("3.2.1"), Schemes::BOTH);
        assert_eq!(Schemes::of_clause("6.15"), Schemes::BOTH);
        assert_eq!(Schemes::of_clause("4"), Schemes::BOTH);
        // 4.10 would not be 4.1's.
        assert_eq!(Schemes::of_clause("4.10"), Schemes::BOTH);
    }

    #[test]
    fn cites_by_standard() {
        assert_eq!(Schemes::of_cite("CNAS-CC170 9.1.5"), Schemes::ISMS);
        assert_eq!(Schemes::of_cite("ISO/IEC 27006 Annex B"), Schemes::ISMS);
        assert_eq!(Schemes::of_cite("ISO/IEC 20000-6 Table 1"), Schemes::ITSMS);
        assert_eq!(Schemes::of_cite("CNAS-CC175 9.1.4"), Schemes::ITSMS);
        assert_eq!(Schemes::of_cite("CNAS-CC01 9.6.2"), Schemes::BOTH);
        assert_eq!(Schemes::of_cite("IAF MD11"), Schemes::BOTH);
    }

    #[test]
    fn a_rule_is_for_the_schemes_of_its_clauses() {
        assert_eq!(Schemes::of_clauses(["4.1.6.1"]), Schemes::ISMS);
        assert_eq!(Schemes::of_clauses(["4.1.6.1", "4.2.7"]), Schemes::BOTH);
        assert_eq!(Schemes::of_clauses(["4.2.8.1(1)", "3.2.2"]), Schemes::BOTH);
        assert!(!Schemes::of_clauses(["4.1.4.1(2)"]).intersects(Schemes::ITSMS));
    }

    #[test]
    fn a_finding_cites_its_case_schemes() {
        let clauses = strings(&["4.1.6.1", "4.2.7", "6.9"]);
        let cites = strings(&["CNAS-CC01 9.5.1", "CNAS-CC170 9.5", "CNAS-CC175 9.5"]);
        assert_eq!(Schemes::ITSMS.filter_clauses(&clauses), ["4.2.7", "6.9"]);
        assert_eq!(Schemes::ISMS.filter_clauses(&clauses), ["4.1.6.1", "6.9"]);
        assert_eq!(Schemes::BOTH.filter_clauses(&clauses), ["4.1.6.1", "4.2.7", "6.9"]);
        assert_eq!(Schemes::ITSMS.filter_cites(&cites), ["CNAS-CC01 9.5.1", "CNAS-CC175 9.5"]);
        assert_eq!(Schemes::ISMS.filter_cites(&cites), ["CNAS-CC01 9.5.1", "CNAS-CC170 9.5"]);
        // A rule with nothing for the case's schemes keeps its clauses rather than citing none.
        assert_eq!(Schemes::ITSMS.filter_clauses(&strings(&["4.1.3"])), ["4.1.3"]);
    }
}
