//! Graph clean-up after assembly: keep the largest strongly-connected driving component and
//! the largest walking component, merge chains of identical edges through plain bends, and
//! thin edge shapes (Douglas–Peucker) to keep the committed file small.

use crate::assemble::{Edge, Graph, Xy};

/// Iterative Tarjan; returns a component id per node.
fn scc(n: usize, adj: &[Vec<u32>]) -> Vec<u32> {
    const NONE: u32 = u32::MAX;
    let (mut index, mut low, mut comp) = (vec![NONE; n], vec![0u32; n], vec![NONE; n]);
    let mut on_stack = vec![false; n];
    let (mut stack, mut next, mut ncomp) = (Vec::new(), 0u32, 0u32);
    for root in 0..n {
        if index[root] != NONE {
            continue;
        }
        // (node, next child position)
        let mut call: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut ci)) = call.last_mut() {
            if let Some(&w) = adj[v].get(*ci) {
                *ci += 1;
                let w = w as usize;
                if index[w] == NONE {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            call.pop();
            if let Some(&(parent, _)) = call.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                loop {
                    let w = stack.pop().expect("Tarjan stack");
                    on_stack[w] = false;
                    comp[w] = ncomp;
                    if w == v {
                        break;
                    }
                }
                ncomp += 1;
            }
        }
    }
    comp
}

/// The id of the largest component (ties: the one holding the lowest node).
fn largest(comp: &[u32], member: impl Fn(usize) -> bool) -> u32 {
    let mut size = std::collections::HashMap::<u32, (usize, usize)>::new();
    for (v, &c) in comp.iter().enumerate().filter(|(v, _)| member(*v)) {
        let e = size.entry(c).or_insert((0, v));
        e.0 += 1;
    }
    size.into_iter()
        .max_by_key(|&(_, (n, first))| (n, std::cmp::Reverse(first)))
        .map_or(u32::MAX, |(c, _)| c)
}

/// Clears `car` outside the largest strongly-connected driving component and `foot` outside
/// the largest walking component, then drops edges nobody may use.
pub fn keep_main_components(g: &mut Graph) {
    let n = g.nodes.len();
    let mut adj = vec![Vec::new(); n];
    let mut has_car = vec![false; n];
    for e in g.edges.iter().filter(|e| e.attr.car) {
        adj[e.from as usize].push(e.to);
        if !e.attr.oneway {
            adj[e.to as usize].push(e.from);
        }
        has_car[e.from as usize] = true;
        has_car[e.to as usize] = true;
    }
    let comp = scc(n, &adj);
    let main = largest(&comp, |v| has_car[v]);
    // Walking ignores direction: an undirected graph's SCCs are its connected components.
    let mut adj = vec![Vec::new(); n];
    let mut has_foot = vec![false; n];
    for e in g.edges.iter().filter(|e| e.attr.foot) {
        adj[e.from as usize].push(e.to);
        adj[e.to as usize].push(e.from);
        has_foot[e.from as usize] = true;
        has_foot[e.to as usize] = true;
    }
    let wcomp = scc(n, &adj);
    let wmain = largest(&wcomp, |v| has_foot[v]);
    for e in &mut g.edges {
        let (a, b) = (e.from as usize, e.to as usize);
        e.attr.car &= comp[a] == main && comp[b] == main;
        e.attr.foot &= wcomp[a] == wmain && wcomp[b] == wmain;
        if !e.attr.car {
            e.attr.oneway = false;
        }
    }
    g.edges.retain(|e| e.attr.car || e.attr.foot);
}

fn reversed(e: &Edge) -> Edge {
    Edge {
        from: e.to,
        to: e.from,
        attr: e.attr,
        shape: e.shape.iter().rev().copied().collect(),
    }
}

/// Merges the two edges at every node where exactly two edges with the same attributes
/// meet (and one-way ones run on through it), so the file stores bends as shape points.
pub fn merge_chains(g: &mut Graph) {
    let mut slots: Vec<Option<Edge>> = g.edges.drain(..).map(Some).collect();
    let mut incident: Vec<Vec<usize>> = vec![Vec::new(); g.nodes.len()];
    for (i, e) in slots.iter().enumerate() {
        let e = e.as_ref().expect("fresh");
        incident[e.from as usize].push(i);
        incident[e.to as usize].push(i);
    }
    for n in 0..g.nodes.len() as u32 {
        let inc = &incident[n as usize];
        if inc.len() != 2 || inc[0] == inc[1] {
            continue;
        }
        let (i, j) = (inc[0], inc[1]);
        let (a, b) = (
            slots[i].as_ref().expect("live"),
            slots[j].as_ref().expect("live"),
        );
        if a.attr != b.attr {
            continue;
        }
        // Orient a → n → b.
        let (a, b) = if a.to == n && b.from == n {
            (a.clone(), b.clone())
        } else if b.to == n && a.from == n {
            (b.clone(), a.clone())
        } else if a.attr.oneway {
            continue; // both point into n or both out of it
        } else if a.to == n {
            (a.clone(), reversed(b))
        } else {
            (reversed(a), b.clone())
        };
        if a.from == b.to {
            continue; // would close a loop
        }
        let mut shape = a.shape;
        shape.push(g.nodes[n as usize]);
        shape.extend(b.shape);
        let (near, far) = (a.from, b.to);
        slots[i] = Some(Edge {
            from: near,
            to: far,
            attr: a.attr,
            shape,
        });
        slots[j] = None;
        incident[n as usize].clear();
        // The merged edge lives in slot i; whichever far end knew it as j learns the new slot.
        for end in [near, far] {
            for k in incident[end as usize].iter_mut() {
                if *k == j {
                    *k = i;
                }
            }
        }
    }
    g.edges = slots.into_iter().flatten().collect();
}

fn seg_dist2(p: Xy, a: Xy, b: Xy) -> f64 {
    let (px, py, ax, ay, bx, by) = (
        p.0 as f64, p.1 as f64, a.0 as f64, a.1 as f64, b.0 as f64, b.1 as f64,
    );
    let (dx, dy) = (bx - ax, by - ay);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((px - ax) * dx + (py - ay) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (cx, cy) = (ax + t * dx - px, ay + t * dy - py);
    cx * cx + cy * cy
}

/// Douglas–Peucker over each edge (ends fixed), `tol` in world units.
pub fn simplify(g: &mut Graph, tol: f64) {
    let nodes = &g.nodes;
    for e in &mut g.edges {
        let mut line = Vec::with_capacity(e.shape.len() + 2);
        line.push(nodes[e.from as usize]);
        line.extend_from_slice(&e.shape);
        line.push(nodes[e.to as usize]);
        let mut keep = vec![false; line.len()];
        let last = line.len() - 1;
        keep[0] = true;
        keep[last] = true;
        let mut todo = vec![(0usize, last)];
        while let Some((a, b)) = todo.pop() {
            let (mut far, mut far_d) = (0, tol * tol);
            for k in a + 1..b {
                let d = seg_dist2(line[k], line[a], line[b]);
                if d > far_d {
                    far = k;
                    far_d = d;
                }
            }
            if far != 0 {
                keep[far] = true;
                todo.push((a, far));
                todo.push((far, b));
            }
        }
        e.shape = (1..last).filter(|&k| keep[k]).map(|k| line[k]).collect();
    }
}
