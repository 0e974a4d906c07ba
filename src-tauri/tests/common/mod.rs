//! Shared set-up of the command tests: the app on `tauri::test::mock_builder()` with a window
//! named like the real one, an `invoke` that goes through the real IPC path, and emulators.
#![allow(dead_code)] // each test binary uses a different subset

pub mod load;

use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody, InvokeResponseBody};
use tauri::test::{
    INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets,
};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};
use trackmate_app::{AppState, SettingsStore, run_app};
use trackmate_keystore::{MemoryStore, SecretStore};
use trackmate_sim::{SimConfig, SimServer};

pub struct TestApp {
    // Dropping the app would drop the state (and the demo server) while the window is in use.
    pub app: App<MockRuntime>,
    pub window: WebviewWindow<MockRuntime>,
}

/// The app over `store`, with in-memory settings.
pub fn app_with(store: Box<dyn SecretStore>) -> TestApp {
    app_with_state(AppState::new(store, SettingsStore::in_memory()))
}

/// The app with `state`, on the mock runtime with no ACL (every command allowed).
pub fn app_with_state(state: AppState) -> TestApp {
    boot(run_app(mock_builder(), state))
}

/// Builds the app on `builder` and opens its window, named like the real one.
fn boot(builder: tauri::Builder<MockRuntime>) -> TestApp {
    let app = builder
        .build(mock_context(noop_assets()))
        .expect("app builds");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("window");
    TestApp { app, window }
}

/// The app over `store` with the real menu bar (`trackmate_app::menu::build`).
pub fn app_with_menu(store: Box<dyn SecretStore>) -> TestApp {
    let state = AppState::new(store, SettingsStore::in_memory());
    boot(run_app(mock_builder(), state).menu(trackmate_app::menu::build))
}

/// The app over a shared `MemoryStore` the test can inspect.
pub fn app(store: &Arc<MemoryStore>) -> TestApp {
    app_with(Box::new(Arc::clone(store)))
}

impl TestApp {
    /// Calls `cmd` with camelCase `args` as the web view would; `Err` is the `AppError` JSON.
    pub fn invoke_raw(&self, cmd: &str, args: Value) -> Result<InvokeResponseBody, Value> {
        invoke_on(&self.window, cmd, args)
    }

    pub fn invoke<T: DeserializeOwned>(&self, cmd: &str, args: Value) -> Result<T, Value> {
        self.invoke_raw(cmd, args)
            .map(|b| b.deserialize::<T>().expect("reply decodes"))
    }

    pub fn invoke_json(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        self.invoke(cmd, args)
    }

    /// `export_track` as the page calls it: `args` (strings) as headers, the track's packed
    /// points — the page's copy — as the raw body.
    pub fn export<T: DeserializeOwned>(&self, args: Value, packed: &[u8]) -> Result<T, Value> {
        let mut headers = tauri::http::HeaderMap::new();
        for (k, v) in args.as_object().expect("named arguments") {
            let name = tauri::http::HeaderName::from_bytes(k.as_bytes()).unwrap();
            let value = v.as_str().map_or_else(|| v.to_string(), str::to_owned);
            headers.insert(name, value.parse().unwrap());
        }
        get_ipc_response(
            &self.window,
            InvokeRequest {
                cmd: "export_track".into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().unwrap(),
                body: InvokeBody::Raw(packed.to_vec()),
                headers,
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|b| b.deserialize::<T>().expect("reply decodes"))
    }
}

pub fn invoke_on(
    window: &WebviewWindow<MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<InvokeResponseBody, Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            // On Linux the app is served as tauri://localhost; other origins are refused.
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
}

/// An emulator on the app's async runtime (commands run there too), without rate limits.
pub fn sim_with(cfg: SimConfig) -> SimServer {
    tauri::async_runtime::block_on(SimServer::start(SimConfig {
        rate_limit_per_sec: None,
        ..cfg
    }))
    .expect("emulator starts")
}

pub fn sim() -> SimServer {
    sim_with(SimConfig::default())
}

/// `sign_in` arguments for the emulator's demo user.
/// `remember`: true = the session and the password ("sessionAndPassword"), false = nothing.
pub fn sign_in_args(sim: &SimServer, password: &str, remember: bool) -> Value {
    let choice = if remember {
        "sessionAndPassword"
    } else {
        "nothing"
    };
    sign_in_choice(sim, password, choice)
}

/// Sign-in arguments with a `Remember` choice: `nothing`, `session` or `sessionAndPassword`.
pub fn sign_in_choice(sim: &SimServer, password: &str, remember: &str) -> Value {
    json!({
        "server": sim.url(),
        "login": sim.demo().login,
        "password": password,
        "dealerId": null,
        "remember": remember,
    })
}

/// A period ending now, as RFC 3339 strings.
pub fn last_days(days: i64) -> (String, String) {
    let to = chrono::Utc::now();
    let from = to - chrono::Duration::days(days);
    (from.to_rfc3339(), to.to_rfc3339())
}

/// The raw bytes of a binary reply.
pub fn bytes(body: InvokeResponseBody) -> Vec<u8> {
    match body {
        InvokeResponseBody::Raw(b) => b,
        InvokeResponseBody::Json(j) => panic!("expected raw bytes, got JSON {j}"),
    }
}

/// A direct client of the same server, signed in as the demo user, to compare the app's results
/// with what the server says.
pub fn reference(server: &str) -> trackmate_api::Client {
    let c = trackmate_api::Client::new(server).unwrap();
    let demo = SimConfig::default();
    tauri::async_runtime::block_on(async {
        c.user()
            .auth(&demo.login, &demo.password, None)
            .await
            .unwrap();
        c.user().load_profile().await.unwrap();
    });
    c
}
