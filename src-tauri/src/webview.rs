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
///
/// And without a GPU this process itself goes without OpenGL (`leave_opengl_to_the_web_process`).
pub fn prepare() {
    #[cfg(target_os = "linux")]
    let render_node = has_render_node(std::path::Path::new("/dev/dri"));
    #[cfg(target_os = "linux")]
    if without_opengl(
        OPENGL_CHOICES.iter().any(|v| std::env::var_os(v).is_some()),
        render_node,
    ) {
        leave_opengl_to_the_web_process();
    }
    #[cfg(target_os = "linux")]
    if let Some(value) = painting_threads(std::env::var_os(PAINTING_THREADS).is_some(), render_node)
    {
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

/// Without a GPU the app's own process has no use for OpenGL: it never composites (`accelerate`)
/// and shows what the web process paints. Yet GTK probes GLX as it opens the display, and
/// WebKit makes an EGL display as its first context is built; each loads Mesa's software driver,
/// LLVM with it — 50 MB of this process's 160 at the sign-in screen (BENCHMARKS.md, "Memory").
/// So both are asked for no OpenGL while this process settles its display (GTK's `GDK_GL`
/// switch; an EGL vendor list naming no driver, so WebKit's display is made without one), then
/// the variables are gone again before the first web process starts: it inherits the
/// environment and draws the map's WebGL with Mesa as before. Not done with a GPU, or where the
/// user set any of the variables.
#[cfg(target_os = "linux")]
fn leave_opengl_to_the_web_process() {
    // SAFETY: called first thing in `run`, before the app starts any thread; GTK and WebKit are
    // initialised here on the main thread, which tao's own `gtk::init` later finds done.
    unsafe {
        std::env::set_var(GDK_GL, "disable");
        std::env::set_var(EGL_VENDORS, "/dev/null");
    }
    if gtk::init().is_ok() {
        // WebKit settles its display once a process, as its first context is made.
        let _ = webkit2gtk::WebContext::default();
    }
    // SAFETY: as above.
    unsafe {
        std::env::remove_var(GDK_GL);
        std::env::remove_var(EGL_VENDORS);
    }
}

/// GTK's OpenGL switch, and glvnd's list of EGL drivers.
const GDK_GL: &str = "GDK_GL";
const EGL_VENDORS: &str = "__EGL_VENDOR_LIBRARY_FILENAMES";
/// Variables whose setting by the user leaves this process's OpenGL as the system has it.
const OPENGL_CHOICES: [&str; 3] = [GDK_GL, EGL_VENDORS, "__EGL_VENDOR_LIBRARY_DIRS"];

/// Whether the app's own process goes without OpenGL: without a GPU, unless the user chose.
fn without_opengl(user_set: bool, render_node: bool) -> bool {
    !user_set && !render_node
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
    fn the_apps_process_goes_without_opengl_only_without_a_gpu_and_a_users_choice() {
        assert!(without_opengl(false, false));
        assert!(!without_opengl(false, true));
        assert!(!without_opengl(true, false));
        assert!(!without_opengl(true, true));
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
