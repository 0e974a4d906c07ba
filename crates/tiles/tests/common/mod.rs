//! The tests' local tile server on 127.0.0.1:0: records every request (path, headers), counts
//! requests in flight, and answers what the test tells it to (status, headers, body, delay).
#![allow(dead_code)]

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::response::Response;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use trackmate_tiles::{SourceSpec, TileSource};

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// Path and query.
    pub uri: String,
    pub headers: HeaderMap,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    }
}

/// What the server answers.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Send the body in 1 KiB chunks without a Content-Length.
    pub chunked: bool,
}

impl Reply {
    /// A PNG-looking tile, unique per URI, fresh for an hour.
    pub fn tile(uri: &str) -> Self {
        Self {
            status: 200,
            headers: vec![("content-type".into(), "image/png".into())],
            body: png(uri, 1000),
            chunked: false,
        }
        .header("cache-control", "max-age=3600")
    }

    pub fn status(status: u16) -> Self {
        Self {
            status,
            headers: vec![],
            body: vec![],
            chunked: false,
        }
    }

    /// Sets (replacing) a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn without(mut self, name: &str) -> Self {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self
    }

    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }
}

/// PNG magic, then `seed`, padded to `len` bytes.
pub fn png(seed: &str, len: usize) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
    b.extend_from_slice(seed.as_bytes());
    b.resize(len.max(b.len()), b'.');
    b
}

type Responder = Arc<dyn Fn(&Recorded) -> Reply + Send + Sync>;

struct Shared {
    requests: Mutex<Vec<Recorded>>,
    responder: Mutex<Responder>,
    delay: Mutex<Duration>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
}

pub struct Server {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Server {
    /// Starts a server answering [`Reply::tile`] to everything.
    pub async fn start() -> Self {
        let shared = Arc::new(Shared {
            requests: Mutex::new(Vec::new()),
            responder: Mutex::new(Arc::new(|r: &Recorded| Reply::tile(&r.uri))),
            delay: Mutex::new(Duration::ZERO),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(shared.clone());
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await
                .unwrap();
        });
        Self {
            addr,
            shared,
            shutdown: Some(tx),
            task: Some(task),
        }
    }

    pub fn respond(&self, f: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) {
        *self.shared.responder.lock().unwrap() = Arc::new(f);
    }

    pub fn set_delay(&self, delay: Duration) {
        *self.shared.delay.lock().unwrap() = delay;
    }

    pub fn count(&self) -> usize {
        self.shared.requests.lock().unwrap().len()
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.requests.lock().unwrap().clone()
    }

    pub fn last(&self) -> Recorded {
        self.requests().pop().expect("a request was made")
    }

    pub fn max_in_flight(&self) -> usize {
        self.shared.max_in_flight.load(SeqCst)
    }

    /// `http://127.0.0.1:<port>/{z}/{x}/{y}.png`
    pub fn template(&self) -> String {
        format!("http://{}/{{z}}/{{x}}/{{y}}.png", self.addr)
    }

    /// A source with id `id` over this server.
    pub fn source(&self, id: &str) -> TileSource {
        TileSource::new(SourceSpec::xyz(id, id, self.template())).unwrap()
    }

    /// Stops accepting and closes idle connections: afterwards requests fail to connect.
    pub async fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap();
        }
    }
}

async fn handle(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let recorded = Recorded {
        uri: req.uri().to_string(),
        headers: req.headers().clone(),
    };
    shared.requests.lock().unwrap().push(recorded.clone());
    let now = shared.in_flight.fetch_add(1, SeqCst) + 1;
    shared.max_in_flight.fetch_max(now, SeqCst);
    let delay = *shared.delay.lock().unwrap();
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let responder = shared.responder.lock().unwrap().clone();
    let reply = responder(&recorded);
    shared.in_flight.fetch_sub(1, SeqCst);
    let mut response = Response::builder().status(reply.status);
    for (name, value) in &reply.headers {
        response = response.header(name, value);
    }
    let body = if reply.chunked {
        let chunks: Vec<Result<Vec<u8>, std::convert::Infallible>> =
            reply.body.chunks(1024).map(|c| Ok(c.to_vec())).collect();
        Body::from_stream(futures::stream::iter(chunks))
    } else {
        Body::from(reply.body)
    };
    response.body(body).unwrap()
}

/// A URL template on a port nobody listens on (bound, then released).
pub async fn dead_template() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}/{{z}}/{{x}}/{{y}}.png")
}

/// Every file under `dir` (relative paths) with its size.
pub fn files(dir: &std::path::Path) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                let rel = e
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.push((rel, e.metadata().unwrap().len()));
            }
        }
    }
    out.sort();
    out
}

/// The tile files (`*.tile`) under `dir`.
pub fn tile_files(dir: &std::path::Path) -> Vec<(String, u64)> {
    files(dir)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".tile"))
        .collect()
}
