//! The platform web view tuned for what it shows: one page of ours, never navigated away from,
//! whose tiles and tracks go through caches of our own (the tile cache, the page's data).

/// WebKitGTK's caches are sized for a browser by default: a memory cache of fetched resources,
/// decoded images and back/forward pages, which this page never revisits. The "document viewer"
/// model turns them off (WebKit's own words: for applications that show one local document with
/// no navigation), which is what the app is. Elsewhere the system's web view keeps its defaults.
pub fn tune(app: &tauri::AppHandle) {
    #[cfg(target_os = "linux")]
    {
        use tauri::Manager;
        for (_, window) in app.webview_windows() {
            let tuned = window.with_webview(|view| {
                use webkit2gtk::{CacheModel, WebContextExt, WebViewExt};
                if let Some(context) = view.inner().context() {
                    context.set_cache_model(CacheModel::DocumentViewer);
                }
            });
            if let Err(e) = tuned {
                tracing::warn!("the web view's cache model stays the default: {e}");
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = app;
}
