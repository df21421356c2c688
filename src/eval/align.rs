//! Alignment of one document's predicted facts with its gold facts (§6).
//!
//! A predicted and a gold fact are *pairable* when their spans overlap and
//! their values are equal (two nulls are equal; decimals compare exactly).
//! The alignment is the one-to-one pairing with the most pairs; among those,
//! the one with the largest total overlap. The guide stops there; to make
//! the figures independent of the solver's path and to let a file scored
//! against itself come out perfect even when two facts share a span and a
//! value, two more keys follow: the most pairs agreeing on every attribute
//! (`unit`, `approx`, `metric`, `category`, `change`), then the most
//! agreeing attributes.
//!
//! **Invariant:** the result is an optimum of that lexicographic order for
//! every component of up to `EXACT_MAX` candidate pairs, never a greedy
//! approximation. Candidate pairs are split into connected components and
//! each component is solved exactly with a min-cost max-flow (successive
//! shortest paths); components are tiny in practice because spans only
//! overlap locally (real documents: one to a few pairs). Only a file built
//! to chain thousands of overlapping facts makes a larger one, and the
//! solver's time grows with the square of a component: such a component is
//! paired in one pass in source order instead, so `report` stays linear on
//! any input (issue 12).

use crate::annotation::load::PlacedFact;
use crate::model::{Attribute, Fact};

/// One pair of the alignment: indexes into the predicted and gold slices.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pair {
    pub predicted: usize,
    pub gold: usize,
    /// Characters both spans cover.
    pub overlap: usize,
}

/// The number of attributes (§6) whose values are equal in two facts.
pub fn attributes_agreeing(a: &Fact, b: &Fact) -> usize {
    Attribute::ALL
        .iter()
        .filter(|attribute| attribute.equal(a, b))
        .count()
}

/// Aligns predicted with gold facts; pairs come sorted by predicted index.
pub fn align(predicted: &[PlacedFact], gold: &[PlacedFact]) -> Vec<Pair> {
    let edges = candidate_pairs(predicted, gold);
    let mut pairs: Vec<Pair> = components(&edges, predicted.len(), gold.len())
        .into_iter()
        .flat_map(|component| best_matching(&component))
        .map(|e| Pair {
            predicted: e.predicted,
            gold: e.gold,
            overlap: e.overlap,
        })
        .collect();
    pairs.sort();
    pairs
}

/// A pairable (predicted, gold) couple and what it is worth.
#[derive(Clone, Copy, Debug)]
struct Edge {
    predicted: usize,
    gold: usize,
    overlap: usize,
    agreeing: usize,
}

/// Every pairable couple. Gold facts are visited in start order, and only
/// those that can reach a predicted span are looked at: a gold span overlaps
/// `p` only if it starts after `p.start - longest gold span`.
fn candidate_pairs(predicted: &[PlacedFact], gold: &[PlacedFact]) -> Vec<Edge> {
    let mut by_start: Vec<usize> = (0..gold.len()).collect();
    by_start.sort_by_key(|&g| gold[g].span.start);
    let longest = gold.iter().map(|g| g.span.len()).max().unwrap_or(0);
    let mut edges = Vec::new();
    for (p, pf) in predicted.iter().enumerate() {
        let from = pf.span.start.saturating_sub(longest);
        let first = by_start.partition_point(|&g| gold[g].span.start < from);
        for &g in by_start[first..]
            .iter()
            // (`<=` would add only gold spans that touch `p`, which the
            // overlap test drops: an equivalent mutant.)
            .take_while(|&&g| gold[g].span.start < pf.span.end)
        {
            let gf = &gold[g];
            let overlap = pf.span.overlap(&gf.span);
            if overlap > 0 && pf.fact.value == gf.fact.value {
                let agreeing = attributes_agreeing(&pf.fact, &gf.fact);
                edges.push(Edge {
                    predicted: p,
                    gold: g,
                    overlap,
                    agreeing,
                });
            }
        }
    }
    edges
}

/// Groups edges into connected components (union-find over facts: predicted
/// `p` is node `p`, gold `g` is node `n_predicted + g`).
fn components(edges: &[Edge], n_predicted: usize, n_gold: usize) -> Vec<Vec<Edge>> {
    let mut parent: Vec<usize> = (0..n_predicted + n_gold).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for e in edges {
        let a = root(&mut parent, e.predicted);
        let b = root(&mut parent, n_predicted + e.gold);
        parent[a] = b;
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<Edge>> = Default::default();
    for e in edges {
        let r = root(&mut parent, e.predicted);
        groups.entry(r).or_default().push(*e);
    }
    groups.into_values().collect()
}

/// The largest component solved exactly: its solver costs about the square
/// of its size, a few milliseconds at this size.
const EXACT_MAX: usize = 2048;

/// The optimal matching of one component. A single edge is its own answer;
/// anything larger goes through the flow solver, up to `EXACT_MAX` edges.
fn best_matching(edges: &[Edge]) -> Vec<Edge> {
    if edges.len() == 1 {
        return edges.to_vec();
    }
    if edges.len() > EXACT_MAX {
        return in_source_order(edges);
    }
    let mut left: Vec<usize> = edges.iter().map(|e| e.predicted).collect();
    let mut right: Vec<usize> = edges.iter().map(|e| e.gold).collect();
    left.sort_unstable();
    left.dedup();
    right.sort_unstable();
    right.dedup();
    // The lexicographic keys (overlap, strict pairs, agreeing attributes)
    // folded into one number: each key's sum over a whole matching stays
    // below the step of the key before it.
    let pairs = left.len().min(right.len()) as i64;
    let strict_step = 5 * pairs + 1;
    let overlap_step = (pairs + 1) * strict_step;
    let mut flow = Flow::new(2 + left.len() + right.len());
    let (source, sink) = (0, 1);
    for (i, _) in left.iter().enumerate() {
        flow.add_edge(source, 2 + i, 0);
    }
    for (j, _) in right.iter().enumerate() {
        flow.add_edge(2 + left.len() + j, sink, 0);
    }
    let mut arc_of_edge = Vec::with_capacity(edges.len());
    for e in edges {
        let i = left
            .binary_search(&e.predicted)
            .expect("predicted node of its own edge");
        let j = right
            .binary_search(&e.gold)
            .expect("gold node of its own edge");
        let strict = i64::from(e.agreeing == Attribute::COUNT);
        let weight = e.overlap as i64 * overlap_step + strict * strict_step + e.agreeing as i64;
        arc_of_edge.push(flow.add_edge(2 + i, 2 + left.len() + j, -weight));
    }
    flow.run(source, sink);
    edges
        .iter()
        .zip(arc_of_edge)
        .filter(|(_, arc)| flow.arcs[*arc].capacity == 0)
        .map(|(e, _)| *e)
        .collect()
}

/// A matching of an oversized component in one pass: predicted facts in
/// order, each taking its best free gold fact by the alignment's keys
/// (overlap, all attributes agreeing, agreeing attributes).
fn in_source_order(edges: &[Edge]) -> Vec<Edge> {
    let mut sorted = edges.to_vec();
    sorted.sort_by_key(|e| {
        (
            e.predicted,
            std::cmp::Reverse((e.overlap, e.agreeing == Attribute::COUNT, e.agreeing)),
        )
    });
    let mut taken_gold = std::collections::HashSet::new();
    let mut last_predicted = None;
    let mut out = Vec::new();
    for e in sorted {
        if last_predicted != Some(e.predicted) && taken_gold.insert(e.gold) {
            last_predicted = Some(e.predicted);
            out.push(e);
        }
    }
    out
}

/// A unit-capacity flow network solved by successive shortest paths
/// (Bellman-Ford queue variant, since arc costs are negative). Each
/// augmentation adds one pair and keeps the cost minimal for its size, so
/// the final flow is a maximum matching of minimum cost.
struct Flow {
    arcs: Vec<Arc>,
    out: Vec<Vec<usize>>,
}

struct Arc {
    to: usize,
    capacity: i32,
    cost: i64,
}

impl Flow {
    fn new(nodes: usize) -> Flow {
        Flow {
            arcs: Vec::new(),
            out: vec![Vec::new(); nodes],
        }
    }

    /// Adds a unit arc and its residual twin; returns the arc's index.
    fn add_edge(&mut self, from: usize, to: usize, cost: i64) -> usize {
        let id = self.arcs.len();
        self.arcs.push(Arc {
            to,
            capacity: 1,
            cost,
        });
        self.arcs.push(Arc {
            to: from,
            capacity: 0,
            cost: -cost,
        });
        self.out[from].push(id);
        self.out[to].push(id + 1);
        id
    }

    fn run(&mut self, source: usize, sink: usize) {
        while let Some(path) = self.shortest_path(source, sink) {
            for arc in path {
                self.arcs[arc].capacity -= 1;
                self.arcs[arc ^ 1].capacity += 1;
            }
        }
    }

    /// Arcs of a cheapest source→sink path in the residual network.
    fn shortest_path(&self, source: usize, sink: usize) -> Option<Vec<usize>> {
        let n = self.out.len();
        let mut dist = vec![i64::MAX; n];
        let mut via = vec![usize::MAX; n];
        let mut queued = vec![false; n];
        let mut queue = std::collections::VecDeque::from([source]);
        dist[source] = 0;
        while let Some(u) = queue.pop_front() {
            queued[u] = false;
            for &a in &self.out[u] {
                let arc = &self.arcs[a];
                if arc.capacity > 0 && dist[u] + arc.cost < dist[arc.to] {
                    dist[arc.to] = dist[u] + arc.cost;
                    via[arc.to] = a;
                    if !queued[arc.to] {
                        queued[arc.to] = true;
                        queue.push_back(arc.to);
                    }
                }
            }
        }
        if dist[sink] == i64::MAX {
            return None;
        }
        let mut path = Vec::new();
        let mut node = sink;
        while node != source {
            let a = via[node];
            path.push(a);
            node = self.arcs[a ^ 1].to;
        }
        Some(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Metric, Number};
    use crate::text::locate::Span;

    fn fact(start: usize, end: usize, value: Option<i64>, metric: Metric) -> PlacedFact {
        PlacedFact {
            span: Span::new(start, end),
            fact: Fact {
                quote: String::new(),
                occurrence: None,
                value: value.map(Number::from),
                unit: "人".into(),
                approx: None,
                metric,
                category: None,
                change: None,
                span: None,
            },
        }
    }

    fn pairs(predicted: &[PlacedFact], gold: &[PlacedFact]) -> Vec<(usize, usize)> {
        align(predicted, gold)
            .iter()
            .map(|p| (p.predicted, p.gold))
            .collect()
    }

    use Metric::Suspects as S;

    /// Many small components whose edges together pass `EXACT_MAX` are each
    /// still solved exactly: the bound is per component. Each component is
    /// one where pairing in source order loses a pair (the first prediction's
    /// best gold is the only one the second can take).
    #[test]
    fn the_exact_bound_is_per_component() {
        let (mut predicted, mut gold) = (Vec::new(), Vec::new());
        let groups = EXACT_MAX / 3 + 10;
        for k in 0..groups {
            let at = k * 100;
            // p0 overlaps g0 by 5 and g1 by 1; p1 overlaps g0 only.
            predicted.push(fact(at, at + 6, Some(1), S));
            predicted.push(fact(at + 5, at + 7, Some(1), S));
            gold.push(fact(at + 1, at + 6, Some(1), S));
            gold.push(fact(at, at + 1, Some(1), S));
        }
        assert!(candidate_pairs(&predicted, &gold).len() > EXACT_MAX);
        assert_eq!(pairs(&predicted, &gold).len(), 2 * groups);
    }

    #[test]
    fn most_pairs_beats_first_match() {
        // p0 overlaps both golds, p1 only g0: greedy in order takes p0-g0 and
        // strands p1; the maximum takes p0-g1 and p1-g0.
        let predicted = [fact(0, 10, Some(5), S), fact(0, 3, Some(5), S)];
        let gold = [fact(0, 4, Some(5), S), fact(6, 10, Some(5), S)];
        assert_eq!(pairs(&predicted, &gold), vec![(0, 1), (1, 0)]);
    }

    #[test]
    fn most_pairs_beats_largest_overlap_first() {
        // Greedy by overlap takes p0-g1 (overlap 8) and leaves p1, g0 apart.
        let predicted = [fact(0, 10, Some(5), S), fact(8, 12, Some(5), S)];
        let gold = [fact(0, 2, Some(5), S), fact(2, 12, Some(5), S)];
        assert_eq!(pairs(&predicted, &gold), vec![(0, 0), (1, 1)]);
    }

    #[test]
    fn equal_size_pairings_prefer_more_overlap() {
        let predicted = [fact(0, 6, Some(5), S), fact(4, 10, Some(5), S)];
        let gold = [fact(5, 10, Some(5), S), fact(0, 5, Some(5), S)];
        let got = align(&predicted, &gold);
        assert_eq!(
            got.iter()
                .map(|p| (p.predicted, p.gold))
                .collect::<Vec<_>>(),
            vec![(0, 1), (1, 0)]
        );
        assert_eq!(got.iter().map(|p| p.overlap).sum::<usize>(), 10);
    }

    #[test]
    fn values_must_match_and_nulls_match() {
        let predicted = [fact(0, 5, Some(5), S), fact(6, 9, None, S)];
        let gold = [fact(0, 5, Some(6), S), fact(6, 9, None, S)];
        assert_eq!(pairs(&predicted, &gold), vec![(1, 1)]);
    }

    #[test]
    fn ties_in_overlap_go_to_agreeing_attributes() {
        let predicted = [fact(0, 5, Some(5), Metric::Cases), fact(0, 5, Some(5), S)];
        let gold = [fact(0, 5, Some(5), S), fact(0, 5, Some(5), Metric::Cases)];
        assert_eq!(pairs(&predicted, &gold), vec![(0, 1), (1, 0)]);
    }

    #[test]
    fn touching_spans_do_not_overlap() {
        assert!(pairs(&[fact(0, 5, Some(5), S)], &[fact(5, 9, Some(5), S)]).is_empty());
    }
}
