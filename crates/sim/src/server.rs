//! `SimServer`: binds the listener, builds the shared simulator state (`state::Sim`), and
//! exposes the test-facing controls (faults, session expiry, hit counts, demo facts).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use chrono_tz::Tz;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::faults::FaultRule;
use crate::fleet::Fleet;
use crate::state::Sim;
use crate::{DemoInfo, SimConfig};

pub struct SimServer {
    sim: Arc<Sim>,
    addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
    /// The generated test CA (PEM) when serving TLS.
    ca_pem: Option<String>,
}

fn normalize_prefix(p: &str) -> String {
    let trimmed = p.trim().trim_matches('/');
    if trimmed.is_empty() {
        String::new()
    } else {
        format!("/{trimmed}")
    }
}

impl SimServer {
    /// Builds the demo world (cheap: days are generated lazily) and starts serving on
    /// 127.0.0.1. Fails with `InvalidInput` for an unknown time zone.
    pub async fn start(config: SimConfig) -> std::io::Result<SimServer> {
        let tz: Tz = config.time_zone.parse().map_err(|_| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("unknown time zone {:?}", config.time_zone),
            )
        })?;
        let now = config.now.unwrap_or_else(Utc::now);
        let scale = config.scale.clone().unwrap_or_default();
        let fleet = Fleet::new(config.seed, now, scale.fleet_size, scale.points_in_day);
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", config.port)).await?;
        let addr = listener.local_addr()?;
        let prefix = normalize_prefix(&config.prefix);
        let sim = Arc::new(Sim::new(config, tz, prefix, fleet));
        let app = axum::Router::new()
            .fallback(crate::http::handle)
            .with_state(sim.clone());
        let (tx, rx) = oneshot::channel::<()>();
        let stopped = async {
            let _ = rx.await;
        };
        let certs = sim.config.tls.map(crate::tls::make).transpose()?;
        let ca_pem = certs.as_ref().map(|c| c.ca_pem.clone());
        let task = match certs {
            None => tokio::spawn(async move {
                let serve = axum::serve(listener, app).with_graceful_shutdown(stopped);
                if let Err(e) = serve.await {
                    tracing::warn!("simulator server stopped: {e}");
                }
            }),
            Some(certs) => {
                let tls = crate::tls::TlsListener::new(listener, certs.server)?;
                tokio::spawn(async move {
                    let serve = axum::serve(tls, app).with_graceful_shutdown(stopped);
                    if let Err(e) = serve.await {
                        tracing::warn!("simulator server stopped: {e}");
                    }
                })
            }
        };
        Ok(SimServer {
            sim,
            addr,
            shutdown: Some(tx),
            task: Some(task),
            ca_pem,
        })
    }

    /// Base URL including the prefix, without a trailing slash.
    pub fn url(&self) -> String {
        format!("{}{}", self.root_url(), self.sim.prefix)
    }

    /// `http://127.0.0.1:PORT`, or `https://` when serving TLS.
    pub fn root_url(&self) -> String {
        let scheme = if self.ca_pem.is_some() {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://{}", self.addr)
    }

    /// The test CA that signed the server's certificate (PEM), when serving TLS: what a
    /// client trusts to reach a [`TlsMode::Valid`](crate::TlsMode::Valid) server.
    pub fn ca_pem(&self) -> Option<&str> {
        self.ca_pem.as_deref()
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn config(&self) -> &SimConfig {
        &self.sim.config
    }

    pub fn inject(&self, rule: FaultRule) {
        self.sim.faults.push(rule);
    }

    pub fn clear_faults(&self) {
        self.sim.faults.clear();
    }

    /// Every existing hash now answers 4, as after a server-side session purge.
    pub fn expire_all_sessions(&self) {
        self.sim.sessions.clear();
    }

    /// Moves the server's clock forward (or back) by `by` for every later request: live mode
    /// under a fixed test clock. The demo world itself (offline trackers, the scale tracker's
    /// window) stays as it was built at start-up.
    pub fn advance_clock(&self, by: chrono::Duration) {
        self.sim.advance_clock(by);
    }

    /// Requests that reached `endpoint` (e.g. `"track/list"`), counted before faults,
    /// rate limiting and authentication.
    pub fn hits(&self, endpoint: &str) -> usize {
        self.sim.hits(endpoint.trim_matches('/'))
    }

    pub fn demo(&self) -> DemoInfo {
        let fleet = &self.sim.fleet;
        let cfg = &self.sim.config;
        DemoInfo {
            login: cfg.login.clone(),
            password: cfg.password.clone(),
            tracker_ids: fleet.trackers.iter().map(|t| t.id).collect(),
            blocked_tracker_id: fleet
                .trackers
                .iter()
                .find(|t| t.blocked)
                .map_or(0, |t| t.id),
            offline_tracker_ids: fleet
                .trackers
                .iter()
                .filter(|t| t.last_data_day.is_some())
                .map(|t| t.id)
                .collect(),
            moving_tracker_id: fleet.moving_tracker().id,
            scale_tracker_id: fleet.scale_tracker().map(|t| t.id),
        }
    }

    /// Stops accepting connections and waits (up to 2 s) for in-flight requests.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(mut task) = self.task.take() {
            if tokio::time::timeout(Duration::from_secs(2), &mut task)
                .await
                .is_err()
            {
                task.abort();
            }
        }
    }
}

impl Drop for SimServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        assert_eq!(normalize_prefix("/v2"), "/v2");
        assert_eq!(normalize_prefix("v2/"), "/v2");
        assert_eq!(normalize_prefix(""), "");
        assert_eq!(normalize_prefix("/"), "");
    }
}
