//! Stage 3: the fact dependency graph.
//!
//! Nodes are case facts (JSON pointer patterns such as `/audits/*/report/date`),
//! derived facts and rules; an edge `a → b` means "a reads b". Consumes a checked
//! [`RuleSet`], answers which facts a rule reads (for `explain` and for naming missing
//! evidence), and orders derived facts so each is computed after what it uses.

use crate::check::RuleSet;
use petgraph::algo::{tarjan_scc, toposort};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::Dfs;
use std::collections::{BTreeMap, BTreeSet};

/// A node of the fact graph.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Node {
    /// A fact of the case file or staff registry, as a pointer pattern.
    Fact(String),
    /// A derived fact, by name.
    Derived(String),
    /// A rule, by id.
    Rule(String),
}

/// The "reads" graph of a rule set.
#[derive(Debug, Clone)]
pub struct FactGraph {
    graph: DiGraph<Node, ()>,
    index: BTreeMap<Node, NodeIndex>,
}

impl FactGraph {
    /// Builds the graph of a checked rule set.
    pub fn build(rules: &RuleSet) -> Self {
        let mut graph = FactGraph { graph: DiGraph::new(), index: BTreeMap::new() };
        for derived in &rules.derived {
            let from = graph.node(Node::Derived(derived.name.clone()));
            graph.connect(from, &derived.reads, &derived.uses, rules);
        }
        for rule in &rules.rules {
            let from = graph.node(Node::Rule(rule.id.clone()));
            graph.connect(from, &rule.reads, &rule.uses, rules);
        }
        graph
    }

    fn node(&mut self, node: Node) -> NodeIndex {
        if let Some(&index) = self.index.get(&node) {
            return index;
        }
        let index = self.graph.add_node(node.clone());
        self.index.insert(node, index);
        index
    }

    fn connect(&mut self, from: NodeIndex, reads: &[String], uses: &[usize], rules: &RuleSet) {
        for path in reads {
            let to = self.node(Node::Fact(path.clone()));
            self.graph.update_edge(from, to, ());
        }
        for &used in uses {
            if let Some(derived) = rules.derived.get(used) {
                let to = self.node(Node::Derived(derived.name.clone()));
                self.graph.update_edge(from, to, ());
            }
        }
    }

    /// Everything a rule reads, directly or through derived facts: (facts, derived facts).
    pub fn reads_of_rule(&self, rule_id: &str) -> (BTreeSet<String>, BTreeSet<String>) {
        let mut facts = BTreeSet::new();
        let mut derived = BTreeSet::new();
        let Some(&start) = self.index.get(&Node::Rule(rule_id.to_string())) else { return (facts, derived) };
        let mut dfs = Dfs::new(&self.graph, start);
        while let Some(next) = dfs.next(&self.graph) {
            match self.graph.node_weight(next) {
                Some(Node::Fact(path)) => {
                    facts.insert(path.clone());
                }
                Some(Node::Derived(name)) => {
                    derived.insert(name.clone());
                }
                _ => {}
            }
        }
        (facts, derived)
    }

    /// The rules that read a fact pattern, directly or through derived facts.
    pub fn rules_reading(&self, path: &str) -> BTreeSet<String> {
        let mut rules = BTreeSet::new();
        for (node, &index) in &self.index {
            if let Node::Rule(id) = node {
                let mut dfs = Dfs::new(&self.graph, index);
                while let Some(next) = dfs.next(&self.graph) {
                    if matches!(self.graph.node_weight(next), Some(Node::Fact(p)) if p == path) {
                        rules.insert(id.clone());
                        break;
                    }
                }
            }
        }
        rules
    }

    /// Number of nodes and edges, for `explain` and tests.
    pub fn size(&self) -> (usize, usize) {
        (self.graph.node_count(), self.graph.edge_count())
    }
}

/// Orders derived facts so that each comes after those it uses.
///
/// `deps[i]` lists the derived facts that fact `i` uses. Returns the evaluation order,
/// or the members of one cycle (in index order) when there is none.
pub fn order_derived(deps: &[Vec<usize>]) -> Result<Vec<usize>, Vec<usize>> {
    let mut graph: DiGraph<usize, ()> = DiGraph::new();
    let nodes: Vec<NodeIndex> = (0..deps.len()).map(|i| graph.add_node(i)).collect();
    for (user, used) in deps.iter().enumerate() {
        for &dep in used {
            if let (Some(&from), Some(&to)) = (nodes.get(dep), nodes.get(user)) {
                graph.add_edge(from, to, ());
            }
        }
    }
    match toposort(&graph, None) {
        Ok(order) => Ok(order.into_iter().filter_map(|n| graph.node_weight(n).copied()).collect()),
        Err(_) => {
            let cycle = tarjan_scc(&graph)
                .into_iter()
                .find(|scc| scc.len() > 1 || scc.iter().any(|&n| graph.contains_edge(n, n)))
                .unwrap_or_default();
            let mut members: Vec<usize> = cycle.into_iter().filter_map(|n| graph.node_weight(n).copied()).collect();
            members.sort_unstable();
            Err(members)
        }
    }
}
