//! Proves that `procedure/clauses.tsv` is a faithful index of `procedure/procedure.txt`:
//! every numbered heading is indexed, nothing is invented, and every text is quoted.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail by panicking")]

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::Path;

/// One data row of the clause index.
#[derive(Debug)]
struct Row {
    id: String,
    kind: String,
    text: String,
    line: usize,
}

/// A numbered heading found at the start of a procedure line.
#[derive(Debug, PartialEq, Eq)]
enum Heading {
    /// `1.目的` style top-level section.
    Section(String),
    /// `4.1.2.6.1 ` or `6.10《` style clause.
    Clause(String),
}

fn read(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn procedure() -> String {
    read("procedure/procedure.txt")
}

fn rows() -> Vec<Row> {
    let tsv = read("procedure/clauses.tsv");
    let mut rows = Vec::new();
    for (i, line) in tsv.lines().enumerate() {
        let line_no = i + 1;
        assert!(!line.trim().is_empty(), "clauses.tsv:{line_no}: blank line");
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 3, "clauses.tsv:{line_no}: expected 3 TAB-separated columns: {line:?}");
        let text = cols[2];
        assert!(
            !text.is_empty() && text.trim() == text,
            "clauses.tsv:{line_no}: empty text or stray surrounding whitespace"
        );
        rows.push(Row { id: cols[0].to_string(), kind: cols[1].to_string(), text: text.to_string(), line: line_no });
    }
    rows
}

/// Removes every whitespace character, so extraction line breaks and spaces do not matter.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Classifies a procedure line (after trimming) as a numbered heading, if it is one.
fn heading(line: &str) -> Option<Heading> {
    let line = line.trim();
    let digits = |s: &str| s.chars().take_while(char::is_ascii_digit).count();
    let first = digits(line);
    if first == 0 {
        return None;
    }
    let mut end = first;
    let mut dots = 0;
    while line[end..].starts_with('.') && digits(&line[end + 1..]) > 0 {
        end += 1 + digits(&line[end + 1..]);
        dots += 1;
    }
    let rest = &line[end..];
    if dots > 0 {
        (rest.starts_with(' ') || rest.starts_with('《')).then(|| Heading::Clause(line[..end].into()))
    } else {
        let mut after_dot = rest.strip_prefix('.')?.chars();
        let c = after_dot.next()?;
        (!c.is_whitespace() && !c.is_ascii_digit()).then(|| Heading::Section(line[..end].into()))
    }
}

/// Splits an item id into its parent id and the list markers that may introduce it.
fn parent_of(id: &str) -> (String, Vec<String>) {
    if let Some(body) = id.strip_suffix(')') {
        let open = body.rfind('(').expect("unbalanced item id");
        let n = &body[open + 1..];
        return (body[..open].into(), vec![format!("（{n}）"), format!("({n})")]);
    }
    if let Some((parent, n)) = id.rsplit_once('-')
        && !n.is_empty()
        && n.chars().all(|c| c.is_ascii_digit())
    {
        return (parent.into(), vec!["--".into(), "——".into()]);
    }
    let no_round = id.trim_end_matches(|c: char| c.is_ascii_digit());
    let letter = no_round.chars().last().expect("empty item id");
    assert!(letter.is_ascii_lowercase(), "item id {id:?} has no recognised suffix");
    let parent = &no_round[..no_round.len() - 1];
    (parent.into(), vec![format!("{letter}）"), format!("{letter})")])
}

/// Index rows are checked against the headings, so a missing or invented clause number is caught.
#[test]
fn headings_match_index_in_order() {
    let text = procedure();
    let in_text: Vec<Heading> = text.lines().filter_map(heading).collect();
    let in_index: Vec<Heading> = rows()
        .into_iter()
        .filter_map(|r| match r.kind.as_str() {
            "section" => Some(Heading::Section(r.id)),
            "clause" => Some(Heading::Clause(r.id)),
            _ => None,
        })
        .collect();
    let missing: Vec<_> = in_text.iter().filter(|h| !in_index.contains(h)).collect();
    let invented: Vec<_> = in_index.iter().filter(|h| !in_text.contains(h)).collect();
    assert!(missing.is_empty(), "headings missing from index: {missing:?}");
    assert!(invented.is_empty(), "index rows not headed in text: {invented:?}");
    assert_eq!(in_text, in_index, "index is not in document order");
}

/// Ids must be unique and well-formed so that findings can cite an exact clause or item.
#[test]
fn ids_unique_kinds_valid_items_anchored() {
    let rows = rows();
    let mut seen = HashSet::new();
    for r in &rows {
        assert!(seen.insert(&r.id), "clauses.tsv:{}: duplicate id {}", r.line, r.id);
        assert!(
            matches!(r.kind.as_str(), "section" | "clause" | "item"),
            "clauses.tsv:{}: bad kind {:?}",
            r.line,
            r.kind
        );
    }
    let kinds: HashMap<&str, &str> = rows.iter().map(|r| (r.id.as_str(), r.kind.as_str())).collect();
    let mut current_clause: Option<&str> = None;
    for r in &rows {
        match r.kind.as_str() {
            "clause" => current_clause = Some(&r.id),
            "section" => current_clause = None,
            _ => {
                let clause = current_clause.unwrap_or_else(|| panic!("clauses.tsv:{}: item before any clause", r.line));
                let rest =
                    r.id.strip_prefix(clause)
                        .unwrap_or_else(|| panic!("clauses.tsv:{}: item {} not under clause {clause}", r.line, r.id));
                assert!(
                    rest.starts_with(['(', '-']) || rest.starts_with(|c: char| c.is_ascii_lowercase()),
                    "clauses.tsv:{}: item {} does not extend clause id {clause}",
                    r.line,
                    r.id
                );
                assert_eq!(kinds.get(clause), Some(&"clause"));
                let (parent, _) = parent_of(&r.id);
                assert!(
                    matches!(kinds.get(parent.as_str()), Some(&"clause") | Some(&"item")),
                    "clauses.tsv:{}: parent {parent} of {} is not indexed",
                    r.line,
                    r.id
                );
            }
        }
    }
}

/// Every text must be quoted from the procedure, so the index cannot drift from the source.
#[test]
fn texts_are_quoted_from_procedure() {
    let whole = squash(&procedure());
    let rows = rows();
    let by_id: HashMap<&str, &Row> = rows.iter().map(|r| (r.id.as_str(), r)).collect();
    let headings: Vec<&Row> = rows.iter().filter(|r| r.kind != "item").collect();
    for (i, r) in headings.iter().enumerate() {
        if r.kind == "section" {
            let quoted = squash(&format!("{}.{}", r.id, r.text));
            assert!(whole.contains(&quoted), "section {} not quoted: {quoted}", r.id);
            continue;
        }
        // A clause text starts right after its number; a `heading：` prefix may have been added.
        let verbatim = squash(&format!("{}{}", r.id, r.text));
        let unprefixed = squash(&format!("{}{}", r.id, r.text.replacen('：', "", 1)));
        let quoted = [verbatim, unprefixed]
            .into_iter()
            .find(|q| whole.contains(q.as_str()))
            .unwrap_or_else(|| panic!("clause {} not quoted from procedure: {}", r.id, r.text));
        // The clause text is complete: it runs up to the next heading.
        let complete = match headings.get(i + 1) {
            Some(next) if next.kind == "section" => whole.contains(&format!("{quoted}{}.", next.id)),
            Some(next) => whole.contains(&format!("{quoted}{}", next.id)),
            None => whole.ends_with(&quoted),
        };
        assert!(complete, "clause {} text stops before the next heading", r.id);
    }
    for r in rows.iter().filter(|r| r.kind == "item") {
        // Item texts omit their own marker; put it back (full- or half-width) to locate them.
        let (parent, markers) = parent_of(&r.id);
        let parent_text = squash(&by_id[parent.as_str()].text);
        let body = squash(&r.text);
        let found = markers.iter().any(|m| {
            let quoted = format!("{m}{body}");
            whole.contains(&quoted) && parent_text.contains(&quoted)
        });
        assert!(found, "item {} not quoted inside {parent}: {}", r.id, r.text);
    }
}

/// Spot checks against counts read off the procedure, so a dropped or merged item is caught.
#[test]
fn item_counts_match_procedure() {
    let rows = rows();
    let children = |parent: &str, dash: bool| -> Vec<String> {
        rows.iter()
            .filter(|r| r.kind == "item")
            .filter(|r| {
                let (p, markers) = parent_of(&r.id);
                p == parent && (markers[0] == "--") == dash
            })
            .map(|r| r.id[parent.len()..].to_string())
            .collect()
    };
    assert_eq!(children("4.1.2.6.2", false), ["a", "b", "c", "d", "e", "f"]);
    let dashes = |parent: &str, n: usize| {
        let expected: Vec<String> = (1..=n).map(|i| format!("-{i}")).collect();
        assert_eq!(children(parent, true), expected, "dash items of {parent}");
    };
    dashes("4.1.2.6.2b", 12);
    dashes("4.2.8.1(2)", 8);
    dashes("4.1.7.2(2)", 4);
    assert_eq!(children("4.1.5.3.2", false), ["a", "b", "c", "a2", "b2"]);
}

/// Every list marker that opens a procedure line must be indexed as an item, so none is skipped.
#[test]
fn every_list_marker_line_is_an_item() {
    let text = procedure();
    let (mut paren, mut letter, mut dash) = (0, 0, 0);
    for line in text.lines().map(str::trim) {
        let mut chars = line.chars();
        let (a, b) = (chars.next(), chars.next());
        if line.starts_with("--") || line.starts_with("——") {
            dash += 1;
        } else if matches!(a, Some('（' | '(')) && b.is_some_and(|c| c.is_ascii_digit()) {
            paren += 1;
        } else if a.is_some_and(|c| c.is_ascii_lowercase()) && matches!(b, Some('）' | ')')) {
            letter += 1;
        }
    }
    let rows = rows();
    let count = |pred: &dyn Fn(&str) -> bool| rows.iter().filter(|r| r.kind == "item" && pred(&r.id)).count();
    let is_dash = |id: &str| parent_of(id).1[0] == "--";
    let is_paren = |id: &str| id.ends_with(')');
    assert_eq!(count(&is_dash), dash, "dash items");
    assert_eq!(count(&is_paren), paren, "numbered items");
    assert_eq!(count(&|id| !is_dash(id) && !is_paren(id)), letter, "letter items");
}
