//! The viewer's tile layer over the app's tile cache, against a local tile server: a tile is
//! asked for once, decoded into a texture and then served from memory; while a tile loads, its
//! loaded ancestor stands in (the right quarter of it); a failing server gives a notice.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::time::{Duration, Instant};
use trackmate_tiles::{SourceSpec, TileCache, TileSource};
use trackmate_viewer::tiles::CacheTiles;
use walkers::{TileId, Tiles};

fn png() -> Vec<u8> {
    let img = image::RgbaImage::from_pixel(256, 256, image::Rgba([200, 220, 240, 255]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

struct Server {
    hits: AtomicUsize,
    png: Vec<u8>,
    fail: bool,
}

async fn tile(
    State(s): State<Arc<Server>>,
    Path((_z, _x, _y)): Path<(u8, u32, String)>,
) -> impl IntoResponse {
    s.hits.fetch_add(1, SeqCst);
    if s.fail {
        return (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "text/plain")],
            b"no".to_vec(),
        );
    }
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "image/png")],
        s.png.clone(),
    )
}

fn serve(fail: bool) -> (tokio::runtime::Runtime, Arc<Server>, String) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let server = Arc::new(Server {
        hits: AtomicUsize::new(0),
        png: png(),
        fail,
    });
    let app = Router::new()
        .route("/{z}/{x}/{y}", get(tile))
        .with_state(Arc::clone(&server));
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let url = format!(
        "http://{}/{{z}}/{{x}}/{{y}}.png",
        listener.local_addr().unwrap()
    );
    rt.spawn(async move { axum::serve(listener, app).await.unwrap() });
    (rt, server, url)
}

fn layer(rt: &tokio::runtime::Runtime, url: &str, dir: &std::path::Path) -> CacheTiles {
    let source = TileSource::new(SourceSpec::xyz("local", "Local", url)).unwrap();
    let cache = Arc::new(TileCache::open(dir, 16 << 20).unwrap());
    CacheTiles::new(source, cache, rt.handle().clone(), egui::Context::default())
}

/// Polls until `at(id)` gives a piece (or the time runs out).
fn wait_for(tiles: &mut CacheTiles, id: TileId) -> Option<walkers::TilePiece> {
    let end = Instant::now() + Duration::from_secs(10);
    while Instant::now() < end {
        tiles.poll();
        if let Some(p) = tiles.at(id) {
            return Some(p);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    None
}

#[test]
fn a_tile_is_fetched_once_decoded_and_stands_in_for_its_children() {
    let (rt, server, url) = serve(false);
    let dir = tempfile::tempdir().unwrap();
    let mut tiles = layer(&rt, &url, dir.path());
    let id = TileId {
        x: 5,
        y: 3,
        zoom: 4,
    };
    let piece = wait_for(&mut tiles, id).expect("the tile arrives");
    assert_eq!(
        piece.uv,
        egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0))
    );
    for _ in 0..5 {
        tiles.poll();
        assert!(tiles.at(id).is_some());
    }
    assert_eq!(
        server.hits.load(SeqCst),
        1,
        "served from memory after the first fetch"
    );
    assert!(tiles.problem.is_none());

    // A child not loaded yet: the parent's bottom-right quarter stands in for it.
    let child = TileId {
        x: 11,
        y: 7,
        zoom: 5,
    };
    let stand_in = tiles.at(child).expect("the ancestor stands in");
    assert_eq!(
        stand_in.uv,
        egui::Rect::from_min_max(egui::pos2(0.5, 0.5), egui::pos2(1.0, 1.0))
    );
    assert_eq!(tiles.tile_size(), 256);
    assert_eq!(tiles.attribution().text, tiles.source().attribution_text());
}

#[test]
fn a_refusing_server_leaves_a_notice_and_no_tile() {
    let (rt, _server, url) = serve(true);
    let dir = tempfile::tempdir().unwrap();
    let mut tiles = layer(&rt, &url, dir.path());
    let id = TileId {
        x: 1,
        y: 1,
        zoom: 2,
    };
    let end = Instant::now() + Duration::from_secs(10);
    while tiles.problem.is_none() && Instant::now() < end {
        tiles.poll();
        assert!(tiles.at(id).is_none());
        std::thread::sleep(Duration::from_millis(10));
    }
    let problem = tiles.problem.clone().expect("a notice");
    assert!(problem.contains("403"), "{problem}");
    tiles.retry();
    assert!(tiles.problem.is_none());
}
