//! The platform web view tuned for what it shows: one page of ours, never navigated away from,
//! whose tiles and tracks go through caches of our own (the tile cache, the page's data), and
//! which needs the GPU compositor only once it shows the map.

use tauri::{AppHandle, Manager, Runtime};

/// WebKitGTK's painting, settled before its first process starts (its processes read their
/// environment once): with no GPU render node, WebKit's layer painting would run on threads of
/// its own, each with a software OpenGL (llvmpipe) context and Skia's caches — 35 MB of the
/// signed-in web process on a machine without a GPU, for a page whose layers are a few panels
/// (BENCHMARKS.md, "Memory"). Painting then happens on the web process's main thread, as with
/// the setting at 0. A value the user set is kept; with a GPU, WebKit's default stays.
///
/// The web process's allocator, too: glibc serves a block of 128 KB or more as a mapping of its
/// own, but raises that bar after each such mapping is freed (up to 32 MB), so the page's and
/// the GL driver's big buffers of one load later come from the heap, whose pages stay with the
/// process once freed. With the bar fixed at 128 KB (`MALLOC_MMAP_THRESHOLD_`, read by glibc as
/// the web process starts) the signed-in web process held 15–50 MB less, map and 1M track alike.
/// A value the user set is kept.
pub fn prepare() {
    #[cfg(target_os = "linux")]
    if let Some(value) = painting_threads(
        std::env::var_os(PAINTING_THREADS).is_some(),
        has_render_node(std::path::Path::new("/dev/dri")),
    ) {
        // SAFETY: called first thing in `run`, before the app starts any thread.
        unsafe {
            std::env::set_var(PAINTING_THREADS, value);
        }
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os(WEB_MMAP_THRESHOLD).is_none() {
        // SAFETY: as above, before any thread; this process's own allocator read its
        // environment long before and is set apart (`trackmate_tracks::mem`).
        unsafe {
            std::env::set_var(WEB_MMAP_THRESHOLD, "131072");
        }
    }
}

const PAINTING_THREADS: &str = "WEBKIT_SKIA_GPU_PAINTING_THREADS";
/// glibc's fixed bar for blocks served as mappings of their own, for the processes the app starts.
const WEB_MMAP_THRESHOLD: &str = "MALLOC_MMAP_THRESHOLD_";

/// The painting threads to ask WebKit for: none without a GPU, unless the user chose.
fn painting_threads(user_set: bool, render_node: bool) -> Option<&'static str> {
    (!user_set && !render_node).then_some("0")
}

/// Whether `dri` (`/dev/dri`) has a GPU render node (`renderD128`…): without one, OpenGL is
/// Mesa's software rasterizer.
fn has_render_node(dri: &std::path::Path) -> bool {
    std::fs::read_dir(dri).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    })
}

/// WebKitGTK's caches are sized for a browser by default: a memory cache of fetched resources,
/// decoded images and back/forward pages, which this page never revisits. The "document viewer"
/// model turns them off (WebKit's own words: for applications that show one local document with
/// no navigation), which is what the app is.
///
/// The page starts at the sign-in screen, a form that needs no compositing. WebKitGTK composites
/// every page with OpenGL by default; without a GPU that is Mesa's llvmpipe, and its buffers and
/// compiled code held ~100 MB of the web process at the sign-in screen (BENCHMARKS.md). So the
/// web view starts without it, and `accelerate` turns it on before the map is made where there
/// is a GPU (without one, the map's WebGL is drawn without compositing). Elsewhere the system's
/// web view keeps its defaults.
pub fn tune<R: Runtime>(app: &AppHandle<R>) {
    // At setup nothing waits on it: the sign-in screen loads after.
    let _ = each_view(
        app,
        "the web view keeps its default caches and compositing",
        |_view| {
            #[cfg(target_os = "linux")]
            {
                use webkit2gtk::{
                    CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
                };
                if let Some(context) = _view.inner().context() {
                    context.set_cache_model(CacheModel::DocumentViewer);
                }
                if let Some(settings) = WebViewExt::settings(&_view.inner()) {
                    settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
                }
            }
        },
    );
}

/// Turns the web view's GPU compositing on: the map (WebGL) is about to be made. Done when the
/// setting is changed (the change runs on the main thread), so the page's next script — the
/// main window — comes after it.
///
/// Only with a GPU: without one, OpenGL is Mesa's llvmpipe, and compositing the page with it
/// cost the signed-in web process 50–90 MB more than leaving it off, and was slower — the map's
/// WebGL canvas, painted into the page on the CPU, panned at 28–31 fps against 23–26 and
/// replayed at 62 against 59 with the million-point track (BENCHMARKS.md, "Memory").
pub async fn accelerate<R: Runtime>(app: &AppHandle<R>) {
    #[cfg(target_os = "linux")]
    if !has_render_node(std::path::Path::new("/dev/dri")) {
        return;
    }
    let done = each_view(app, "the map is drawn without compositing", |_view| {
        #[cfg(target_os = "linux")]
        {
            use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
            if let Some(settings) = WebViewExt::settings(&_view.inner())
                && settings.hardware_acceleration_policy() != HardwareAccelerationPolicy::Always
            {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Always);
            }
        }
    });
    for ran in done {
        // A change that never runs (no main loop, as in tests) drops its sender: not waited for.
        let _ = ran.await;
    }
}

/// Runs `f` on every window's platform web view (on the main thread); a failure is logged with
/// what it means for the user (`consequence`). Each returned receiver hears when its run ended.
fn each_view<R: Runtime>(
    app: &AppHandle<R>,
    consequence: &'static str,
    f: impl Fn(tauri::webview::PlatformWebview) + Send + Clone + 'static,
) -> Vec<tokio::sync::oneshot::Receiver<()>> {
    let mut done = Vec::new();
    for (_, window) in app.webview_windows() {
        let (ran, heard) = tokio::sync::oneshot::channel();
        let f = f.clone();
        match window.with_webview(move |view| {
            f(view);
            let _ = ran.send(());
        }) {
            Ok(()) => done.push(heard),
            Err(e) => tracing::warn!("{consequence}: {e}"),
        }
    }
    done
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn painting_stays_on_the_main_thread_only_without_a_gpu_and_a_users_choice() {
        assert_eq!(painting_threads(false, false), Some("0"));
        assert_eq!(painting_threads(false, true), None);
        assert_eq!(painting_threads(true, false), None);
        assert_eq!(painting_threads(true, true), None);
    }

    #[test]
    fn a_render_node_is_a_renderd_entry() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!has_render_node(&dir.path().join("missing")));
        assert!(!has_render_node(dir.path()));
        std::fs::write(dir.path().join("card0"), "").unwrap();
        assert!(!has_render_node(dir.path()));
        std::fs::write(dir.path().join("renderD128"), "").unwrap();
        assert!(has_render_node(dir.path()));
    }
}
