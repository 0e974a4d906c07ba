//! trackmate-viewer: the native quick viewer behind `trackmate view` — track files and server
//! tracks on a walkers (egui) map, without a web engine. Parsing, statistics, stops and
//! simplification come from `trackmate-tracks`; map tiles from `trackmate-tiles` (the app's
//! sources and cache). Nothing here knows about Tauri or the server API: the CLI fetches
//! server tracks and hands them over.
//!
//! - [`geo`] — Web Mercator as walkers draws it, fitting a box, panning.
//! - [`track`] — a track's columns, statistics, stops and per-zoom simplified lines.
//! - [`draw`] — the screen transform, visible polylines and the point under the pointer.
//! - [`plugin`] — the walkers plugin painting all that; [`raster`] — very dense lines as a picture.
//! - [`tiles`] — the walkers tile layer over the app's tile cache.
//! - [`soft`] — the window without OpenGL: winit + egui painted on the CPU, shown by softbuffer.
//! - [`theme`] — light or dark from the system (the viewer never sees the app's choice).
//! - [`load`], [`panel`], [`colors`], `app` (the window), `instrument` (bench/probe hooks) and
//!   `mem` (freed memory back to the system).

mod app;
pub mod basemap;
pub mod colors;
pub mod draw;
pub mod format;
pub mod geo;
pub mod i18n;
mod instrument;
pub mod load;
pub mod notice;
pub mod panel;
pub mod plugin;
pub mod raster;
pub mod soft;
pub mod stroke;
pub mod theme;
pub mod tiles;
pub mod track;

pub use notice::Notice;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;
use trackmate_tiles::{TileCache, TileSource};
pub use trackmate_tracks::ImportOptions;
use trackmate_tracks::Track;
pub use trackmate_tracks::speed_scale::{SpeedScale, SpeedUnit};

/// Which map goes under the tracks.
#[derive(Debug, Clone)]
pub enum MapChoice {
    /// Tiles from this source through the app's tile cache.
    Online(TileSource),
    /// The offline basemap of the demo area (walkers' vector tiles, drawn with wgpu).
    Offline,
    /// No tiles: a plain background, and the panel says why.
    Plain(Notice),
}

/// What to show.
pub struct Options {
    /// Track files, read from the start while the window opens (each failure is reported in the
    /// window).
    pub files: Vec<PathBuf>,
    /// The limits those files, and files dropped on the window, are opened within.
    pub import: ImportOptions,
    /// Tracks already in memory (from the server), with where they came from.
    pub tracks: Vec<(Track, String)>,
    pub unit: SpeedUnit,
    pub map: MapChoice,
    /// The window's title.
    pub title: String,
    pub renderer: Renderer,
}

/// What paints the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Renderer {
    /// The CPU (no OpenGL needed), except for the offline basemap, which needs wgpu.
    #[default]
    Auto,
    /// Always the CPU; the offline basemap is then replaced by a plain background.
    Software,
    /// OpenGL (glow), or wgpu for the offline basemap: for large screens with a real GPU.
    OpenGl,
}

/// What a window needs, said when it cannot open.
#[cfg(all(unix, not(target_os = "macos")))]
const NEEDS: &str = "It needs a graphical session (DISPLAY or WAYLAND_DISPLAY).";
#[cfg(not(all(unix, not(target_os = "macos"))))]
const NEEDS: &str = "It needs a desktop session (not a service or a remote shell without one).";

#[derive(Debug, thiserror::Error)]
pub enum ViewerError {
    #[error("the viewer's window could not open: {0}. {needs}", needs = NEEDS)]
    Window(String),
    #[error("the viewer could not start its tile loader: {0}")]
    Runtime(std::io::Error),
}

/// Opens the window and returns when it is closed. Blocks the calling thread, which must be
/// the main thread (a windowing rule on several systems).
///
/// `TRACKMATE_VIEW_BENCH=1` prints the time to the first frame with a track and quits;
/// `TRACKMATE_VIEW_BENCH=pan:N` then pans for N frames and prints their frame times.
pub fn run(options: Options) -> Result<(), ViewerError> {
    let started = Instant::now();
    let bench = instrument::Bench::from_env(started);
    skip_compose_table();
    let desktop = theme::Desktop::read();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("tiles")
        .enable_all()
        .build()
        .map_err(ViewerError::Runtime)?;
    let Options {
        files,
        import,
        tracks,
        unit,
        mut map,
        title,
        renderer,
    } = options;
    // The files start reading now, while the window opens.
    let reading = load::Reading::start(
        load::Files {
            paths: files,
            import,
        },
        SpeedScale::new(unit),
    );
    let Some(engine) = gpu_engine(renderer, &mut map) else {
        let handle = runtime.handle().clone();
        let result = soft::run(
            viewport(&title),
            Box::new(move |ctx| {
                let mut app = build(
                    ctx, map, None, tracks, reading, unit, bench, handle, desktop,
                );
                Box::new(move |ui| app.show(ui))
            }),
        );
        drop(runtime);
        return result.map_err(ViewerError::Window);
    };
    let handle = runtime.handle().clone();
    let native = eframe::NativeOptions {
        renderer: engine,
        viewport: viewport(&title),
        // Frame times are the point of the benchmark: do not wait for vertical sync there.
        glow_options: eframe::egui_glow::GlowConfiguration {
            vsync: bench.is_none(),
            ..Default::default()
        },
        ..Default::default()
    };
    let result = eframe::run_native(
        &title,
        native,
        Box::new(move |cc| {
            let app = build(
                &cc.egui_ctx,
                map,
                cc.wgpu_render_state.as_ref(),
                tracks,
                reading,
                unit,
                bench,
                handle,
                desktop,
            );
            Ok(Box::new(app))
        }),
    );
    drop(runtime);
    result.map_err(|e| ViewerError::Window(e.to_string()))
}

/// The eframe renderer for `renderer` and `map`, or `None` for the CPU window (`soft`). The
/// offline basemap's vector tiles need wgpu; on the CPU it becomes a plain background.
fn gpu_engine(renderer: Renderer, map: &mut MapChoice) -> Option<eframe::Renderer> {
    match (renderer, &*map) {
        (Renderer::Auto | Renderer::OpenGl, MapChoice::Offline) => Some(eframe::Renderer::Wgpu),
        (Renderer::OpenGl, _) => Some(eframe::Renderer::Glow),
        (Renderer::Software, MapChoice::Offline) => {
            *map = MapChoice::Plain(Notice::NeedsGpu);
            None
        }
        (Renderer::Auto | Renderer::Software, _) => None,
    }
}

fn viewport(title: &str) -> egui::ViewportBuilder {
    egui::ViewportBuilder::default()
        .with_title(title)
        .with_app_id("trackmate-viewer")
        .with_inner_size([1200.0, 800.0])
        .with_drag_and_drop(true)
}

/// The window's content, once the window (and its renderer) exists.
#[allow(clippy::too_many_arguments)]
fn build(
    ctx: &egui::Context,
    map: MapChoice,
    wgpu: Option<&eframe::egui_wgpu::RenderState>,
    tracks: Vec<(Track, String)>,
    reading: load::Reading,
    unit: SpeedUnit,
    bench: Option<instrument::Bench>,
    handle: tokio::runtime::Handle,
    desktop: theme::Desktop,
) -> app::ViewerApp {
    theme::follow_system(ctx, desktop);
    let (layer, notice) = match map {
        MapChoice::Plain(notice) => (app::Layer::None, Some(notice)),
        MapChoice::Online(source) => match open_cache() {
            Ok(cache) => (
                app::Layer::Cache(Box::new(tiles::CacheTiles::new(
                    source,
                    cache,
                    handle,
                    ctx.clone(),
                ))),
                None,
            ),
            Err(e) => (app::Layer::None, Some(e)),
        },
        MapChoice::Offline => match wgpu {
            Some(state) => {
                walkers::install_renderer(Some(state));
                match basemap::tiles(ctx) {
                    Ok(t) => (app::Layer::Basemap(Box::new(t)), None),
                    Err(e) => (app::Layer::None, Some(Notice::Failed(e))),
                }
            }
            None => (app::Layer::None, Some(Notice::NoWgpu)),
        },
    };
    let given = tracks
        .iter()
        .map(|(t, origin)| load::from_track(t, origin, &SpeedScale::new(unit)))
        .collect();
    app::ViewerApp::new(ctx, given, reading, layer, notice, unit, bench)
}

/// The app's tile cache, or why there is none (the map then stays plain).
fn open_cache() -> Result<Arc<TileCache>, Notice> {
    let dir = trackmate_tiles::app_tile_dir().ok_or(Notice::NoCacheFolder)?;
    TileCache::open(&dir, trackmate_tiles::cache_limit())
        .map(Arc::new)
        .map_err(|e| Notice::Failed(e.to_string()))
}

/// Opens the window without a compose table. The viewer has no text field, so compose and
/// dead-key sequences have nothing to type into, yet opening the window on X11 reads the
/// locale's table twice (Xlib's input method and xkbcommon's; 500 KB for UTF-8 locales, read a
/// character at a time) — 10–17 ms of a 100,000-point file's ~80 ms to the screen on 2 cores.
/// winit has no switch for it; `XCOMPOSEFILE` is the variable both libraries read the table's
/// path from, and an empty file is an empty table. Should the viewer ever get a text field,
/// this goes (a test below fails first).
fn skip_compose_table() {
    #[cfg(all(unix, not(target_os = "macos")))]
    // SAFETY: called at the start of `run`, before the viewer starts any thread; the CLI's
    // runtime threads are idle in `block_on`'s absence and read no environment.
    unsafe {
        std::env::set_var("XCOMPOSEFILE", "/dev/null");
    }
}

#[cfg(test)]
mod tests {
    /// `skip_compose_table` is only right while the viewer has nowhere to type text.
    #[test]
    fn the_viewer_has_no_text_field_for_compose_sequences() {
        let mut dirs = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")];
        let mut read = 0;
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    read += 1;
                    for field in ["TextEdit", "text_edit_singleline", "text_edit_multiline"] {
                        // This file names them only here, in quotes.
                        let named = text.matches(field).count()
                            - text.matches(&format!("\"{field}\"")).count();
                        assert_eq!(named, 0, "{} has a {field}", path.display());
                    }
                }
            }
        }
        assert!(read > 10, "the viewer's sources were not found");
    }
}
