//! An API key reaches the tile server and nothing else: not the templates, `Debug`, error
//! messages, cache file names or contents, the index, or the log (ours and the HTTP stack's,
//! captured at TRACE with `log` records forwarded). One test per process: the log capture is
//! the global subscriber.

mod common;

use common::{Reply, Server};
use std::io::Write;
use std::sync::{Arc, Mutex};
use trackmate_tiles::{SourceSpec, TileCache, TileJson, TileSource};

const KEY: &str = "TopSecret-Key-42";

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn assert_secret_free(what: &str, text: &str) {
    assert!(!text.contains(KEY), "the key leaked into {what}: {text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_key_goes_to_the_tile_server_and_nowhere_else() {
    let log = Capture::default();
    let writer = log.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .try_init()
        .unwrap();

    let server = Server::start().await;
    server.respond(|r| {
        if !r.uri.contains(&format!("apikey={KEY}")) {
            Reply::status(401)
        } else if r.uri.starts_with("/forbidden/") {
            Reply::status(403)
        } else {
            // The body is seeded by the path only: the test server must not put the key in it.
            Reply::tile(r.uri.split('?').next().unwrap()).header("cache-control", "max-age=0")
        }
    });
    let keyed = |path: &str| {
        let url = format!(
            "http://{}/{path}{{z}}/{{x}}/{{y}}.png?lang=en&apikey={KEY}",
            server.addr
        );
        TileSource::new(SourceSpec::xyz("keyed", "Keyed", url)).unwrap()
    };
    let source = keyed("");
    assert!(source.has_key());
    assert!(
        source.urls()[0].ends_with("?lang=en&apikey={key}"),
        "{:?}",
        source.urls()
    );
    assert_secret_free("Debug of the source", &format!("{source:?}"));

    let dir = tempfile::tempdir().unwrap();
    let cache = TileCache::open(dir.path(), 1 << 20).unwrap();
    let tile = cache.get(&source, 4, 3, 2).await.unwrap();
    assert_eq!(
        server.last().uri,
        format!("/4/3/2.png?lang=en&apikey={KEY}"),
        "the key is sent"
    );
    cache.get(&source, 4, 3, 2).await.unwrap(); // revalidation path too
    assert_eq!(tile.bytes.len(), 1000);

    let mut errors = Vec::new();
    errors.push(cache.get(&keyed("forbidden/"), 1, 0, 0).await.unwrap_err());
    let dead = common::dead_template()
        .await
        .replace(".png", &format!(".png?apikey={KEY}"));
    let dead = TileSource::new(SourceSpec::xyz("dead", "", dead)).unwrap();
    errors.push(cache.get(&dead, 1, 0, 0).await.unwrap_err());
    assert_eq!(
        errors.iter().map(|e| e.kind()).collect::<Vec<_>>(),
        ["forbidden", "offline"]
    );
    for e in &errors {
        assert_secret_free("an error message", &e.to_string());
        assert_secret_free("an error's Debug", &format!("{e:?}"));
    }
    assert!(errors[0].to_string().contains("API key"), "{}", errors[0]);
    let bad = TileJson::parse(
        format!(r#"{{"tiles":"https://t/{{z}}/{{x}}/{{y}}?key={KEY}"}}"#).as_bytes(),
    )
    .unwrap_err();
    assert_secret_free("a TileJSON error", &format!("{bad} {bad:?}"));
    let missing = TileSource::new(SourceSpec::xyz(
        "x",
        "",
        format!("https://h/{{z}}/{{x}}.png?key={KEY}"),
    ))
    .unwrap_err();
    assert_secret_free("a validation error", &missing.to_string());

    cache.flush().unwrap();
    let files = common::files(dir.path());
    assert!(files.iter().any(|(p, _)| p == "index"));
    for (path, _) in &files {
        assert_secret_free("a cache path", path);
        let bytes = std::fs::read(dir.path().join(path)).unwrap();
        assert_secret_free("a cache file", &String::from_utf8_lossy(&bytes));
    }

    let log = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    // The capture works: it has reqwest's `log` records and this crate's own events.
    assert!(log.contains("starting new connection"), "{log}");
    assert!(log.contains("tile failed"), "{log}");
    assert_secret_free("the log", &log);
}
