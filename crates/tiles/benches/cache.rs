//! TileCache speed against the tests' local tile server (loopback): cache-hit latency and
//! throughput, download and revalidation latency, and opening a cache of 10,000 tiles. Prints a
//! Markdown table for BENCHMARKS.md. Run: `cargo bench -p trackmate-tiles --bench cache`.

#[path = "../tests/common/mod.rs"]
mod common;

use common::{Reply, Server};
use std::time::{Duration, Instant};
use trackmate_tiles::{Origin, TileCache};

/// A typical raster tile is 10–30 KB.
const TILE_BYTES: usize = 20_000;
const WORKING_SET: u32 = 500;
const OPEN_TILES: u32 = 10_000;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn us(d: Duration) -> String {
    format!("{:.1} µs", d.as_secs_f64() * 1e6)
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(run());
}

async fn run() {
    let server = Server::start().await;
    server.respond(|r| {
        Reply::tile(&r.uri)
            .body(common::png(&r.uri, TILE_BYTES))
            .header("cache-control", "max-age=86400")
    });
    let dir = tempfile::tempdir().unwrap();
    let cache = TileCache::open(dir.path(), 1 << 30).unwrap();
    let source = server.source("bench");
    let tile = |i: u32| (14u8, 8000 + i % 100, 5000 + i / 100);

    // Downloads: loopback HTTP, image check, write-then-rename, index update.
    let mut miss = Vec::new();
    for i in 0..WORKING_SET {
        let (z, x, y) = tile(i);
        let t = Instant::now();
        assert_eq!(
            cache.get(&source, z, x, y).await.unwrap().origin,
            Origin::Network
        );
        miss.push(t.elapsed());
    }
    miss.sort();

    // Sequential hits over the working set.
    let rounds = 40;
    let mut hit = Vec::with_capacity((WORKING_SET * rounds) as usize);
    let all = Instant::now();
    for r in 0..rounds {
        for i in 0..WORKING_SET {
            let (z, x, y) = tile((i * 7 + r) % WORKING_SET);
            let t = Instant::now();
            let got = cache.get(&source, z, x, y).await.unwrap();
            hit.push(t.elapsed());
            assert_eq!(got.origin, Origin::Cache);
        }
    }
    let seq_rate = hit.len() as f64 / all.elapsed().as_secs_f64();
    hit.sort();

    // Concurrent hits: 8 tasks on the 2 worker threads.
    let per_task = 5_000u32;
    let all = Instant::now();
    let tasks: Vec<_> = (0..8u32)
        .map(|k| {
            let (cache, source) = (cache.clone(), source.clone());
            tokio::spawn(async move {
                for i in 0..per_task {
                    let (z, x, y) = tile((i * 13 + k * 61) % WORKING_SET);
                    cache.get(&source, z, x, y).await.unwrap();
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let secs = all.elapsed().as_secs_f64();
    let par_rate = (8 * per_task) as f64 / secs;
    let par_mb = par_rate * TILE_BYTES as f64 / 1e6;

    // Revalidation: every tile expired, the server answers 304.
    server.respond(|r| {
        if r.header("if-none-match").is_some() {
            Reply::status(304).header("cache-control", "max-age=0")
        } else {
            Reply::tile(&r.uri)
                .body(common::png(&r.uri, TILE_BYTES))
                .header("cache-control", "max-age=0")
                .header("etag", "\"e\"")
        }
    });
    let reval_source = common::Server::source(&server, "reval");
    let mut reval = Vec::new();
    for i in 0..WORKING_SET {
        let (z, x, y) = tile(i);
        cache.get(&reval_source, z, x, y).await.unwrap();
        let t = Instant::now();
        assert_eq!(
            cache.get(&reval_source, z, x, y).await.unwrap().origin,
            Origin::Revalidated
        );
        reval.push(t.elapsed());
    }
    reval.sort();

    // Opening a cache of 10,000 tiles (directory scan + index).
    server.respond(|r| Reply::tile(&r.uri).body(common::png(&r.uri, TILE_BYTES)));
    let big = tempfile::tempdir().unwrap();
    {
        let cache = TileCache::open(big.path(), 1 << 30).unwrap();
        let open_source = server.source("open");
        for i in 0..OPEN_TILES {
            cache.get(&open_source, 16, i % 200, i / 200).await.unwrap();
        }
    }
    let mut opens = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let cache = TileCache::open(big.path(), 1 << 30).unwrap();
        opens.push(t.elapsed());
        assert_eq!(cache.stats().entries, OPEN_TILES as u64);
    }
    opens.sort();

    println!(
        "| what ({} KB tiles, {WORKING_SET}-tile working set) | result |",
        TILE_BYTES / 1000
    );
    println!("|---|---:|");
    println!(
        "| cache hit, sequential: p50 / p99 | {} / {} |",
        us(percentile(&hit, 0.5)),
        us(percentile(&hit, 0.99))
    );
    println!("| cache hit, sequential: throughput | {seq_rate:.0} tiles/s |");
    println!(
        "| cache hit, 8 concurrent tasks: throughput | {par_rate:.0} tiles/s ({par_mb:.0} MB/s) |"
    );
    println!(
        "| download over loopback + store: p50 / p99 | {} / {} |",
        us(percentile(&miss, 0.5)),
        us(percentile(&miss, 0.99))
    );
    println!(
        "| revalidation (304) over loopback: p50 | {} |",
        us(percentile(&reval, 0.5))
    );
    println!(
        "| open a cache of {OPEN_TILES} tiles ({} MB), best of 3 | {:.1} ms |",
        OPEN_TILES as usize * TILE_BYTES / 1_000_000,
        opens[0].as_secs_f64() * 1e3
    );
}
