//! `AppState`, everything the commands share: the signed-in client, a sign-in waiting for its
//! second factor, the embedded demo server, the stored sessions (and the secret store under
//! them, which also keeps the map's API key), the running track load's cancel token, the tracks
//! shown in the two view slots, the settings, and the map tiles (source and cache).

use std::sync::{Arc, Mutex};

use tokio::sync::RwLock;
use tokio_util::sync::CancellationToken;
use trackmate_api::Client;
use trackmate_keystore::{OsKeyring, SecretStore, Sessions};
use trackmate_sim::SimServer;

use crate::dto::UserSummary;
use crate::error::AppError;
use crate::lock::lock;
use crate::service::settings::SettingsStore;
use crate::service::tiles::{Tiles, TilesCtx};
use crate::service::view::Views;

/// The keyring service, shared with the CLI so one sign-in serves both.
pub const KEYRING_SERVICE: &str = "app.trackmate";
/// The keyring entry (profile) of the one signed-in session.
pub const PROFILE: &str = "default";

/// The signed-in session: the client (holding the hash, which never leaves Rust) and what the UI
/// was told about it.
#[derive(Debug, Clone)]
pub struct Signed {
    pub client: Client,
    pub user: UserSummary,
}

/// A password sign-in waiting for `verify_code`. The password is not kept: signing in again
/// silently would need a fresh code anyway, so a two-factor session is remembered by its hash.
/// `Debug` is safe: the client's shows no hash.
#[derive(Debug)]
pub struct Pending {
    pub client: Client,
    pub login: String,
    pub dealer_id: Option<i64>,
}

/// State shared by all commands (`tauri::State<AppState>`).
pub struct AppState {
    pub(crate) signed: RwLock<Option<Signed>>,
    pub(crate) pending: Mutex<Option<Pending>>,
    pub(crate) demo: tokio::sync::Mutex<Option<SimServer>>,
    sessions: Arc<Sessions<Box<dyn SecretStore>>>,
    /// The store under `sessions`, for the secrets that are not sessions (the map's API key).
    secrets: Arc<dyn SecretStore>,
    pub(crate) load: Mutex<Option<CancellationToken>>,
    /// The running live watch (`live_watch`), stopped by `live_stop` and sign-out.
    live: Mutex<Option<CancellationToken>>,
    pub(crate) settings: SettingsStore,
    /// What each slot shows (main and compare).
    views: Views,
    tiles: Tiles,
}

impl AppState {
    /// State over any secret store (tests pass a `MemoryStore`).
    pub fn new(store: Box<dyn SecretStore>, settings: SettingsStore) -> Self {
        let secrets: Arc<dyn SecretStore> = Arc::from(store);
        let shared: Box<dyn SecretStore> = Box::new(Arc::clone(&secrets));
        AppState {
            signed: RwLock::new(None),
            pending: Mutex::new(None),
            demo: tokio::sync::Mutex::new(None),
            sessions: Arc::new(Sessions::new(shared)),
            secrets,
            load: Mutex::new(None),
            live: Mutex::new(None),
            settings,
            views: Views::default(),
            tiles: Tiles::new(),
        }
    }

    /// The map's tile source and cache.
    pub fn tiles(&self) -> &Tiles {
        &self.tiles
    }

    /// The settings (held here, read by the services that need them).
    pub fn settings(&self) -> &SettingsStore {
        &self.settings
    }

    /// What the tile service works with: the tiles, the settings and the secret store.
    pub fn tiles_ctx(&self) -> TilesCtx<'_> {
        TilesCtx {
            tiles: &self.tiles,
            settings: &self.settings,
            secrets: &self.secrets,
        }
    }

    /// The tracks shown in the view slots.
    pub fn views(&self) -> &Views {
        &self.views
    }

    /// State over the OS keyring: service `app.trackmate`, or `TRACKMATE_KEYRING_SERVICE` so
    /// tests never touch a person's real entry.
    pub fn with_os_keyring(settings: SettingsStore) -> Self {
        let service =
            std::env::var("TRACKMATE_KEYRING_SERVICE").unwrap_or_else(|_| KEYRING_SERVICE.into());
        Self::new(Box::new(OsKeyring::new(service)), settings)
    }

    /// The signed-in client (a cheap clone sharing the session).
    pub async fn client(&self) -> Result<Client, AppError> {
        self.signed
            .read()
            .await
            .as_ref()
            .map(|s| s.client.clone())
            .ok_or_else(AppError::not_signed_in)
    }

    /// Runs `f` on the stored sessions off the async workers: the Secret Service is called
    /// synchronously over D-Bus, and a locked keyring may wait for the user to unlock it.
    pub(crate) async fn keyring<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Sessions<Box<dyn SecretStore>>) -> T + Send + 'static,
    ) -> T {
        let sessions = Arc::clone(&self.sessions);
        tokio::task::spawn_blocking(move || f(&sessions))
            .await
            .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()))
    }

    /// Starts a new track load: cancels the one running (only one track is shown at a time) and
    /// returns the new load's token.
    pub(crate) fn begin_load(&self) -> CancellationToken {
        let token = CancellationToken::new();
        if let Some(old) = lock(&self.load).replace(token.clone()) {
            old.cancel();
        }
        token
    }

    /// Starts a new live watch: stops the one running (one watch feeds the page) and returns
    /// the new watch's token.
    pub(crate) fn begin_live(&self) -> CancellationToken {
        let token = CancellationToken::new();
        if let Some(old) = lock(&self.live).replace(token.clone()) {
            old.cancel();
        }
        token
    }

    /// Stops the live watch, if one runs.
    pub fn stop_live(&self) {
        if let Some(t) = lock(&self.live).take() {
            t.cancel();
        }
    }

    /// Cancels the running track load, if any.
    pub fn cancel_load(&self) {
        if let Some(t) = lock(&self.load).take() {
            t.cancel();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_of_the_signed_in_and_pending_sessions_shows_no_hash() {
        let hash = "22eac1c27af4be7b9d04da2ce1af111b";
        let client = Client::builder("https://api.example.com/v2")
            .hash(hash)
            .build()
            .unwrap();
        assert_eq!(client.session_hash().unwrap().expose(), hash);
        let pending = Pending {
            client: client.clone(),
            login: "fleet@example.com".into(),
            dealer_id: None,
        };
        let dbg = format!("{pending:?}");
        assert!(
            dbg.contains("fleet@example.com") && !dbg.contains("22eac1"),
            "{dbg}"
        );
    }
}
