//! The platform web view tuned for what it shows: one page of ours, never navigated away from,
//! whose tiles and tracks go through caches of our own (the tile cache, the page's data), and
//! which needs the GPU compositor only once it shows the map.

use tauri::{AppHandle, Manager, Runtime};

/// WebKitGTK's caches are sized for a browser by default: a memory cache of fetched resources,
/// decoded images and back/forward pages, which this page never revisits. The "document viewer"
/// model turns them off (WebKit's own words: for applications that show one local document with
/// no navigation), which is what the app is.
///
/// The page starts at the sign-in screen, a form that needs no compositing. WebKitGTK composites
/// every page with OpenGL by default; without a GPU that is Mesa's llvmpipe, and its buffers and
/// compiled code held ~100 MB of the web process at the sign-in screen (BENCHMARKS.md). So the
/// web view starts without it, and `accelerate` turns it on before the map is made. Elsewhere
/// the system's web view keeps its defaults.
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
pub async fn accelerate<R: Runtime>(app: &AppHandle<R>) {
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
