//! Shared by the tile tests (`tiles.rs`, `tile_scheme.rs`): a local axum tile server on
//! 127.0.0.1:0 that records request URIs and answers what the test says, PNG tiles, a keyring
//! that is never there, and app state with its settings file and tile cache in a folder.
#![allow(dead_code)] // each test binary uses a different subset

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::Response;
use tauri::async_runtime::block_on;
use trackmate_app::{AppState, SettingsStore};
use trackmate_keystore::{Error as KeyError, SecretStore};

/// What the test server answers: status, headers, body.
pub type Reply = (u16, Vec<(&'static str, String)>, Vec<u8>);
type Responder = Arc<dyn Fn(&str) -> Reply + Send + Sync>;

/// A tile server on 127.0.0.1:0 that records request URIs and answers what the test says.
pub struct TileServer {
    pub addr: SocketAddr,
    responder: Arc<Mutex<Responder>>,
    requests: Arc<Mutex<Vec<String>>>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tauri::async_runtime::JoinHandle<()>>,
}

pub fn png(seed: &str) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
    b.extend_from_slice(seed.as_bytes());
    b
}

/// A PNG tile fresh for an hour.
pub fn tile(uri: &str) -> Reply {
    let headers = vec![
        ("content-type", "image/png".to_owned()),
        ("cache-control", "max-age=3600".to_owned()),
    ];
    (200, headers, png(uri))
}

impl TileServer {
    pub fn start() -> Self {
        let responder: Arc<Mutex<Responder>> = Arc::new(Mutex::new(Arc::new(tile)));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let shared = (Arc::clone(&responder), Arc::clone(&requests));
        let listener =
            block_on(async { tokio::net::TcpListener::bind("127.0.0.1:0").await }).unwrap();
        let addr = listener.local_addr().unwrap();
        let app = axum::Router::new().fallback(handle).with_state(shared);
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let task = tauri::async_runtime::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await
                .unwrap();
        });
        Self {
            addr,
            responder,
            requests,
            shutdown: Some(tx),
            task: Some(task),
        }
    }

    pub fn respond(&self, f: impl Fn(&str) -> Reply + Send + Sync + 'static) {
        *self.responder.lock().unwrap() = Arc::new(f);
    }

    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }

    pub fn template(&self) -> String {
        format!("http://{}/{{z}}/{{x}}/{{y}}.png", self.addr)
    }

    /// Stops accepting and closes idle connections: later requests fail to connect.
    pub fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            block_on(task).unwrap();
        }
    }
}

type Shared = (Arc<Mutex<Responder>>, Arc<Mutex<Vec<String>>>);

async fn handle(State((responder, requests)): State<Shared>, req: Request) -> Response {
    let uri = req.uri().to_string();
    requests.lock().unwrap().push(uri.clone());
    let responder = responder.lock().unwrap().clone();
    let (status, headers, body) = responder(&uri);
    let mut response = Response::builder().status(status);
    for (name, value) in headers {
        response = response.header(name, value);
    }
    response.body(Body::from(body)).unwrap()
}

/// A secret store whose keyring is never there.
pub struct NoKeyring;

impl SecretStore for NoKeyring {
    fn load(&self, _: &str) -> Result<Option<String>, KeyError> {
        Err(KeyError::Unavailable("no Secret Service".into()))
    }
    fn save(&self, _: &str, _: &str) -> Result<(), KeyError> {
        Err(KeyError::Unavailable("no Secret Service".into()))
    }
    fn delete(&self, _: &str) -> Result<(), KeyError> {
        Err(KeyError::Unavailable("no Secret Service".into()))
    }
}

/// App state over `store`, settings in `dir/settings.json`, the tile cache in `dir/tiles`.
pub fn state_in(dir: &Path, store: Box<dyn SecretStore>) -> AppState {
    let state = AppState::new(store, SettingsStore::at(dir.join("settings.json")));
    state.tiles().configure(dir.join("tiles"), 1 << 20);
    state
}

pub fn settings_file(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("settings.json")).unwrap_or_default()
}
