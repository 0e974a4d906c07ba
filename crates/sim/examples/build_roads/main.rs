//! Builds the demo fleet's road graph from OpenStreetMap vector tiles (the osm-qa-astana
//! extract of npm `@mapbox/mvt-fixtures`): `scripts/build-roads.sh` runs it as
//! `build_roads TILE_DIR OUT_FILE`. The output is a pure function of the tiles' bytes.

mod assemble;
mod encode;
mod mvt;
mod tags;
mod topo;

use assemble::{Piece, attr_of, clip};

const ZOOM: u32 = 12;
/// Joining distance for ways cut at tile borders, metres.
const SNAP_M: f64 = 1.0;
/// Douglas–Peucker tolerance for edge shapes, metres.
const SIMPLIFY_M: f64 = 1.0;
/// A traffic signal belongs to the nearest junction within this distance, metres.
const SIGNAL_M: f64 = 30.0;
/// Latitude of the extract's middle, for the metres ↔ world units scale.
const MID_LAT: f64 = 51.18;

fn units_per_metre() -> f64 {
    (1u64 << (ZOOM + 20)) as f64 / (40_075_016.686 * MID_LAT.to_radians().cos())
}

/// (x, y) of a `12-X-Y.mvt` file name.
fn tile_xy(name: &str) -> Option<(i64, i64)> {
    let stem = name.strip_suffix(".mvt")?;
    let mut it = stem.split('-');
    let z: u32 = it.next()?.parse().ok()?;
    let x = it.next()?.parse().ok()?;
    let y = it.next()?.parse().ok()?;
    (z == ZOOM && it.next().is_none()).then_some((x, y))
}

fn run(dir: &str, out: &str) -> Result<(), String> {
    let mut files: Vec<(String, i64, i64)> = std::fs::read_dir(dir)
        .map_err(|e| format!("{dir}: {e}"))?
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            let (x, y) = tile_xy(&name)?;
            Some((name, x, y))
        })
        .collect();
    // Sorted, so vertex numbering (and with it every tie-break) is the same on every run.
    files.sort();
    if files.is_empty() {
        return Err(format!("{dir}: no {ZOOM}-X-Y.mvt tiles"));
    }
    let mut pieces = Vec::new();
    let mut signals = Vec::new();
    for (name, tx, ty) in &files {
        let bytes = std::fs::read(format!("{dir}/{name}")).map_err(|e| format!("{name}: {e}"))?;
        for layer in mvt::decode(&bytes).map_err(|e| format!("{name}: {e}"))? {
            if layer.extent != 1 << 20 {
                return Err(format!("{name}: extent {} (expected 2^20)", layer.extent));
            }
            let e = layer.extent as i64;
            let (min, max) = ((tx * e, ty * e), ((tx + 1) * e, (ty + 1) * e));
            for f in layer.features.iter().filter(|f| f.geom_type == 1) {
                if f.tags
                    .get("highway")
                    .is_some_and(|h| h == "traffic_signals")
                {
                    let inside = |&&(x, y): &&(i64, i64)| x >= 0 && y >= 0 && x < e && y < e;
                    for &(x, y) in f.parts.iter().flatten().filter(inside) {
                        signals.push((min.0 + x, min.1 + y));
                    }
                }
            }
            for f in layer.features.iter().filter(|f| f.geom_type == 2) {
                let Some(w) = tags::classify(&f.tags) else {
                    continue;
                };
                for part in &f.parts {
                    let mut global: Vec<_> =
                        part.iter().map(|&(x, y)| (min.0 + x, min.1 + y)).collect();
                    if w.oneway < 0 {
                        global.reverse();
                    }
                    for pts in clip(&global, min, max) {
                        pieces.push(Piece {
                            attr: attr_of(&w),
                            pts,
                        });
                    }
                }
            }
        }
    }
    let upm = units_per_metre();
    let mut g = assemble::assemble(&pieces, (SNAP_M * upm).round() as i64);
    topo::keep_main_components(&mut g);
    topo::merge_chains(&mut g);
    topo::simplify(&mut g, SIMPLIFY_M * upm);
    let km = |car: bool| -> f64 {
        g.edges
            .iter()
            .filter(|e| if car { e.attr.car } else { e.attr.foot })
            .map(|e| {
                let mut pts = vec![g.nodes[e.from as usize]];
                pts.extend_from_slice(&e.shape);
                pts.push(g.nodes[e.to as usize]);
                pts.windows(2)
                    .map(|w| ((w[1].0 - w[0].0) as f64).hypot((w[1].1 - w[0].1) as f64))
                    .sum::<f64>()
                    / upm
                    / 1000.0
            })
            .sum()
    };
    let (bytes, s) = encode::encode(&g, &signals, SIGNAL_M * upm);
    std::fs::write(out, &bytes).map_err(|e| format!("{out}: {e}"))?;
    println!(
        "{out}: {} bytes, {} nodes, {} edges, {} shape points, {} signals; \
         {:.0} km drivable, {:.0} km walkable",
        bytes.len(),
        s.nodes,
        s.edges,
        s.shape_points,
        s.signals,
        km(true),
        km(false)
    );
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, out] = args.as_slice() else {
        eprintln!("usage: build_roads TILE_DIR OUT_FILE");
        std::process::exit(2);
    };
    if let Err(e) = run(dir, out) {
        eprintln!("build_roads: {e}");
        std::process::exit(1);
    }
}
