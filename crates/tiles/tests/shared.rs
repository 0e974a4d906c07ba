//! One cache folder used by two processes at once, as the app and `trackmate view` do: this test
//! binary starts itself twice as child processes that fill the same folder from the local tile
//! server concurrently (one of them also re-opening the folder again and again, which scans it).
//! Every tile is served, no write of one is lost to the other's clean-up, the index file is
//! readable whenever it is looked at, and after both have flushed the folder is within the one
//! limit and the index lists exactly the files on disk.

mod common;

use common::{Server, tile_files};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;
use trackmate_tiles::{Origin, SourceSpec, TileCache, TileSource};

const CHILD: &str = "TRACKMATE_TILES_TEST_CHILD";
const COUNT: u32 = 120;

/// What a child does: `role dir template limit`.
struct Job {
    role: String,
    dir: PathBuf,
    template: String,
    limit: u64,
}

impl Job {
    fn encode(&self) -> String {
        format!(
            "{}\n{}\n{}\n{}",
            self.role,
            self.dir.display(),
            self.template,
            self.limit
        )
    }

    fn decode(s: &str) -> Self {
        let mut l = s.lines();
        Self {
            role: l.next().unwrap().into(),
            dir: l.next().unwrap().into(),
            template: l.next().unwrap().into(),
            limit: l.next().unwrap().parse().unwrap(),
        }
    }
}

/// The tiles a child asks for: its own row, and every fourth tile of a row both ask for.
fn tiles_of(role: &str) -> Vec<(u8, u32, u32)> {
    let own_y = if role == "a" { 1 } else { 2 };
    (0..COUNT)
        .flat_map(|x| {
            let shared = (x % 4 == 0).then_some((12, x, 3));
            std::iter::once((12, x, own_y)).chain(shared)
        })
        .collect()
}

/// The index file, read as an independent reader would: a header, a limit, then
/// `seq size stamp key` lines. Panics on anything else.
fn read_index(dir: &Path) -> Option<(u64, Vec<(String, u64)>)> {
    let text = std::fs::read_to_string(dir.join("index")).ok()?;
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("trackmate-tiles index 2"), "{text}");
    let limit = lines
        .next()
        .and_then(|l| l.strip_prefix("limit "))
        .expect("a limit line")
        .parse()
        .unwrap();
    let entries = lines
        .map(|l| {
            let parts: Vec<&str> = l.splitn(4, ' ').collect();
            assert_eq!(parts.len(), 4, "{l:?}");
            parts[0].parse::<u64>().unwrap();
            u64::from_str_radix(parts[2], 16).unwrap();
            (parts[3].to_owned(), parts[1].parse().unwrap())
        })
        .collect();
    Some((limit, entries))
}

#[test]
#[ignore = "a child process of the two-process tests in this file, started by them"]
fn child_fills_the_shared_folder() {
    let Ok(spec) = std::env::var(CHILD) else {
        return;
    };
    let job = Job::decode(&spec);
    // Both children start filling together: each says it is ready, then waits for the other.
    std::fs::write(job.dir.join(format!("ready-{}", job.role)), b"").unwrap();
    let other = if job.role == "a" { "b" } else { "a" };
    while !job.dir.join(format!("ready-{other}")).exists() {
        std::thread::sleep(Duration::from_millis(1));
    }
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let root = job.dir.join("cache");
        let cache = TileCache::open(&root, job.limit).unwrap();
        assert!(cache.note().is_none(), "{:?}", cache.note());
        let source =
            TileSource::new(SourceSpec::xyz("shared", "shared", job.template.clone())).unwrap();
        for (i, (z, x, y)) in tiles_of(&job.role).into_iter().enumerate() {
            let tile = cache
                .get(&source, z, x, y)
                .await
                .expect("every tile is served");
            assert_eq!(tile.bytes, common::png(&format!("/{z}/{x}/{y}.png"), 1000));
            if i % 8 == 0 {
                // The index is whole whenever it is read.
                read_index(&root);
            }
            if job.role == "b" && i % 6 == 0 {
                // Another opener scans the folder while `a` writes into it.
                let again = TileCache::open(&root, job.limit).unwrap();
                assert!(again.note().is_none());
            }
        }
        cache.flush().unwrap();
        let stats = cache.stats();
        assert_eq!(stats.write_failures, 0, "no write lost its file: {stats:?}");
        assert!(!stats.memory_only);
    });
    println!("child {} filled", job.role);
}

/// Runs both children on `root`'s folder and waits for them.
async fn run_children(server: &Server, dir: &Path, limit: u64) {
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = ["a", "b"]
        .into_iter()
        .map(|role| {
            let job = Job {
                role: role.into(),
                dir: dir.to_owned(),
                template: server.template(),
                limit,
            };
            let mut command = Command::new(&exe);
            command
                .args([
                    "--ignored",
                    "--exact",
                    "child_fills_the_shared_folder",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env(CHILD, job.encode());
            // Both run at once, each waited for on its own blocking thread.
            tokio::task::spawn_blocking(move || command.output())
        })
        .collect();
    for child in children {
        let out = child.await.unwrap().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.contains("filled"),
            "child failed: {stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn disk_total(root: &Path) -> u64 {
    tile_files(root).iter().map(|(_, n)| n).sum()
}

fn tile_keys(root: &Path) -> BTreeSet<String> {
    tile_files(root)
        .into_iter()
        .map(|(p, _)| {
            p.trim_start_matches("tiles/")
                .trim_end_matches(".tile")
                .to_owned()
        })
        .collect()
}

/// The size on disk of one of the server's standard tiles.
async fn tile_size(server: &Server) -> u64 {
    let dir = tempfile::tempdir().unwrap();
    let cache = TileCache::open(dir.path(), 1 << 20).unwrap();
    cache.get(&server.source("shared"), 12, 0, 1).await.unwrap();
    cache.stats().bytes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_filling_one_folder_keep_to_one_limit() {
    let server = Server::start().await;
    let size = tile_size(&server).await;
    let limit = size * 50 + size / 2;
    let dir = tempfile::tempdir().unwrap();
    run_children(&server, dir.path(), limit).await;

    let root = dir.path().join("cache");
    let total = disk_total(&root);
    assert!(total <= limit, "{total} bytes on disk, limit {limit}");
    let (folder_limit, entries) = read_index(&root).expect("an index");
    assert_eq!(folder_limit, limit);
    let listed: BTreeSet<String> = entries.iter().map(|(k, _)| k.clone()).collect();
    assert_eq!(listed, tile_keys(&root), "the index lists what is on disk");
    assert_eq!(entries.iter().map(|(_, n)| n).sum::<u64>(), total);

    // A later session finds them all, offline.
    let cache = TileCache::open(&root, limit).unwrap();
    assert_eq!(cache.stats().entries, listed.len() as u64);
    let source = TileSource::new(SourceSpec::xyz("shared", "shared", server.template())).unwrap();
    let before = server.count();
    let key = listed.iter().next_back().unwrap();
    let mut parts = key.rsplitn(4, '/');
    let y: u32 = parts.next().unwrap().parse().unwrap();
    let x: u32 = parts.next().unwrap().parse().unwrap();
    let z: u8 = parts.next().unwrap().parse().unwrap();
    assert_eq!(
        cache.get(&source, z, x, y).await.unwrap().origin,
        Origin::Cache
    );
    assert_eq!(server.count(), before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_lose_none_of_each_others_tiles() {
    let server = Server::start().await;
    let dir = tempfile::tempdir().unwrap();
    run_children(&server, dir.path(), 1 << 30).await;

    let root = dir.path().join("cache");
    let on_disk = tile_keys(&root);
    let source = TileSource::new(SourceSpec::xyz("shared", "shared", server.template())).unwrap();
    let wanted: BTreeSet<String> = ["a", "b"]
        .iter()
        .flat_map(|r| tiles_of(r))
        .map(|(z, x, y)| format!("{}/{z}/{x}/{y}", source.cache_id()))
        .collect();
    assert_eq!(on_disk, wanted, "every tile either process stored is there");
    let (_, entries) = read_index(&root).unwrap();
    assert_eq!(entries.len(), wanted.len());
}
