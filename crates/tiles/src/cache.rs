//! [`TileCache`]: one tile through the disk cache — fresh copy, conditional revalidation,
//! download, or a stale copy when the network fails — with one download per tile however many
//! callers ask at once; TileJSON fetching; options, counters and [`TileCache::stats`].

use crate::error::{SourceError, TileError};
use crate::fetch::{Fetcher, Reply, Validators};
use crate::freshness::{self, unix};
use crate::key::{self, ApiKey, PLACEHOLDER};
use crate::source::{self, RequestUrl, TileSource};
use crate::store::{Meta, SYNC_WAIT, Store, Stored};
use crate::tile::{Origin, Tile, image_type, tile};
use crate::tilejson::{TileJson, TileJsonSpec};
use bytes::Bytes;
use futures::FutureExt;
use futures::future::{BoxFuture, Shared, WeakShared};
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

const ACCEPT_IMAGE: &str = "image/png,image/jpeg,image/webp,image/*;q=0.8";
const MAX_TILEJSON_BYTES: u64 = 1 << 20;
/// How often, at most, the LRU order is saved while the cache is in use (it is also saved on
/// [`TileCache::flush`] and when the last handle is dropped); a crash loses at most this much
/// access order, never tiles.
const FLUSH_EVERY: Duration = Duration::from_secs(10);

/// Settings of a [`TileCache`]. [`CacheOptions::new`] gives the defaults.
#[derive(Debug, Clone)]
pub struct CacheOptions {
    /// Limit of the tiles' total size on disk.
    pub max_bytes: u64,
    /// A bigger tile is refused ([`TileError::TooLarge`]).
    pub max_tile_bytes: u64,
    /// Lifetime of a tile whose reply had no `Cache-Control: max-age` and no `Expires`.
    pub default_ttl: Duration,
    /// Requests in flight per host; OpenStreetMap's policy allows 2.
    pub connections_per_host: usize,
    pub connect_timeout: Duration,
    /// Whole request, body included.
    pub timeout: Duration,
    /// [`crate::default_user_agent`] unless the app has a reason to say more.
    pub user_agent: String,
}

impl CacheOptions {
    pub fn new(max_bytes: u64) -> Self {
        Self {
            max_bytes,
            max_tile_bytes: 4 << 20,
            default_ttl: Duration::from_secs(24 * 3600),
            connections_per_host: 2,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            user_agent: crate::default_user_agent(),
        }
    }
}

/// Counters since open, and the disk usage now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CacheStats {
    pub entries: u64,
    pub bytes: u64,
    pub max_bytes: u64,
    /// Served from a fresh cached copy.
    pub hits: u64,
    pub downloads: u64,
    pub revalidated: u64,
    pub stale: u64,
    /// Gets that ended in an error after asking the network.
    pub failures: u64,
    pub evictions: u64,
    /// Tiles that could not be written to disk (kept in memory for the session instead).
    pub write_failures: u64,
    /// The cache folder could not be used: tiles are kept in memory only ([`TileCache::note`]).
    pub memory_only: bool,
}

/// The tile cache. Cheap to clone (one shared state); every method takes `&self`.
#[derive(Clone)]
pub struct TileCache {
    inner: Arc<Inner>,
}

type Flight = BoxFuture<'static, Result<Tile, TileError>>;

struct Inner {
    store: Arc<Store>,
    fetcher: Fetcher,
    options: CacheOptions,
    /// Downloads under way by tile key. Weak, so an abandoned download (every caller gone) is
    /// dropped with its future rather than kept alive by the map.
    flights: Mutex<HashMap<String, WeakShared<Flight>>>,
    hits: AtomicU64,
    downloads: AtomicU64,
    revalidated: AtomicU64,
    stale: AtomicU64,
    failures: AtomicU64,
    last_flush: Mutex<Instant>,
    flushing: AtomicBool,
}

impl TileCache {
    /// Opens (creating) the cache in `dir` with at most `max_bytes` of tiles and the default
    /// options. Scans the directory: call it off the UI thread for a large cache.
    ///
    /// The disk never makes this fail: a folder that cannot be used (not writable, a file in its
    /// place, a full disk) gives a cache that keeps tiles in memory for the session and says so
    /// in [`TileCache::note`]. The only error is an HTTP client that cannot be set up.
    pub fn open(dir: impl AsRef<Path>, max_bytes: u64) -> Result<Self, TileError> {
        Self::open_with(dir, CacheOptions::new(max_bytes))
    }

    pub fn open_with(dir: impl AsRef<Path>, options: CacheOptions) -> Result<Self, TileError> {
        let dir = dir.as_ref();
        let store = Store::open(dir, options.max_bytes);
        let fetcher = Fetcher::new(
            &options.user_agent,
            options.connections_per_host,
            options.connect_timeout,
            options.timeout,
        )?;
        Ok(Self {
            inner: Arc::new(Inner {
                store: Arc::new(store),
                fetcher,
                options,
                flights: Mutex::new(HashMap::new()),
                hits: AtomicU64::new(0),
                downloads: AtomicU64::new(0),
                revalidated: AtomicU64::new(0),
                stale: AtomicU64::new(0),
                failures: AtomicU64::new(0),
                last_flush: Mutex::new(Instant::now()),
                flushing: AtomicBool::new(false),
            }),
        })
    }

    /// The tile `z/x/y` of `source`. Never fails because of the disk (a tile that cannot be
    /// written is kept in memory; one that cannot be read is a miss).
    pub async fn get(&self, source: &TileSource, z: u8, x: u32, y: u32) -> Result<Tile, TileError> {
        source.check_tile(z, x, y)?;
        let key = source.tile_key(z, x, y);
        let result = match self.inner.read(&key).await {
            Some(stored) if is_fresh(&stored) => Ok(self.inner.hit(stored)),
            // Only the network path is shared: concurrent hits need no coordination.
            _ => self.flight(source, z, x, y, key).await,
        };
        self.inner.maybe_flush();
        result
    }

    /// Fetches a TileJSON document once and makes a source of it (to be stored by the caller,
    /// e.g. as its [`crate::SourceSpec`]).
    pub async fn fetch_tilejson(&self, spec: TileJsonSpec) -> Result<TileSource, TileError> {
        source::check_id(&spec.id)?;
        let raw = spec.url.trim();
        if raw.is_empty() {
            return Err(SourceError::EmptyUrl.into());
        }
        let (template, found) = key::extract(raw);
        let key = spec
            .key
            .filter(|k| !k.is_blank())
            .or_else(|| found.and_then(ApiKey::new));
        let template = match &key {
            Some(k) => key::hide_literal(&template, k),
            None => template,
        };
        let host = source::check_url(&template)?;
        if template.contains(PLACEHOLDER) && key.is_none() {
            return Err(SourceError::KeyMissing { template }.into());
        }
        let full = template.replace(
            PLACEHOLDER,
            &key.as_ref().map(ApiKey::encoded).unwrap_or_default(),
        );
        let url = RequestUrl {
            full,
            host,
            has_key: key.is_some(),
        };
        let reply = self
            .inner
            .fetcher
            .get(&url, None, "application/json", MAX_TILEJSON_BYTES)
            .await;
        let body = match reply {
            Ok(Reply::Body { body, .. }) => body,
            Ok(Reply::NotModified { .. }) => {
                unreachable!("304 is only accepted for conditional requests")
            }
            Err(TileError::NotFound { host, status }) => {
                return Err(SourceError::TileJson(format!(
                    "{host} has no TileJSON document at this URL (HTTP {status})"
                ))
                .into());
            }
            Err(e) => return Err(e),
        };
        let doc = TileJson::parse(&body)?;
        Ok(doc.to_source(&spec.id, spec.name.as_deref(), key, spec.tile_size)?)
    }

    pub fn stats(&self) -> CacheStats {
        let i = &self.inner;
        let (entries, bytes) = i.store.usage();
        CacheStats {
            entries,
            bytes,
            max_bytes: i.store.max_bytes(),
            hits: i.hits.load(Relaxed),
            downloads: i.downloads.load(Relaxed),
            revalidated: i.revalidated.load(Relaxed),
            stale: i.stale.load(Relaxed),
            failures: i.failures.load(Relaxed),
            evictions: i.store.evictions(),
            write_failures: i.store.write_failures.load(Relaxed),
            memory_only: i.store.is_memory_only(),
        }
    }

    /// Why tiles are not kept on disk (the cache folder cannot be used, or cannot be written),
    /// for the user: English, one clause, no trailing period. `None` while all is well.
    pub fn note(&self) -> Option<&str> {
        self.inner.store.note()
    }

    /// Deletes every cached tile.
    pub async fn clear(&self) -> Result<(), TileError> {
        let store = self.inner.store.clone();
        let root = store.root().to_owned();
        tokio::task::spawn_blocking(move || store.clear())
            .await
            .map_err(|e| TileError::io(&root, std::io::Error::other(e)))?
            .map_err(|e| TileError::io(&root, e))
    }

    /// Merges the LRU order with the cache folder's index, evicts down to the limit and saves it
    /// now (blocking: waits up to a second for another process using the folder, then leaves it
    /// for the next save). Call it before the process exits: a cache kept in a static or leaked
    /// app state is never dropped.
    pub fn flush(&self) -> Result<(), TileError> {
        self.inner
            .store
            .flush(SYNC_WAIT)
            .map_err(|e| TileError::io(self.inner.store.root(), e))
    }

    pub fn dir(&self) -> &Path {
        self.inner.store.root()
    }

    fn flight(&self, source: &TileSource, z: u8, x: u32, y: u32, key: String) -> Shared<Flight> {
        let mut flights = self.inner.flights.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(flight) = flights.get(&key).and_then(WeakShared::upgrade) {
            return flight;
        }
        let (inner, source, k) = (self.inner.clone(), source.clone(), key.clone());
        let flight: Flight = async move {
            let result = inner.fetch(&source, z, x, y, &k).await;
            inner
                .flights
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .remove(&k);
            result
        }
        .boxed();
        let flight = flight.shared();
        if flights.len() >= 256 {
            flights.retain(|_, f| f.upgrade().is_some());
        }
        flights.insert(
            key,
            flight.downgrade().expect("a new future is not complete"),
        );
        flight
    }
}

impl Inner {
    async fn read(&self, key: &str) -> Option<Stored> {
        let (store, key) = (self.store.clone(), key.to_owned());
        tokio::task::spawn_blocking(move || store.read(&key))
            .await
            .ok()
            .flatten()
    }

    /// Stores (or, without `meta`, forgets) a tile. Failures stay inside the store: the tile
    /// is served either way.
    async fn save(&self, key: &str, meta: Option<Meta>, body: Bytes) {
        let (store, key) = (self.store.clone(), key.to_owned());
        let saved = tokio::task::spawn_blocking(move || match meta {
            Some(meta) => store.write(&key, &meta, &body),
            None => store.forget(&key),
        })
        .await;
        if let Err(e) = saved {
            tracing::warn!(error = %e, "storing a tile was cancelled");
        }
    }

    fn hit(&self, stored: Stored) -> Tile {
        self.hits.fetch_add(1, Relaxed);
        tile(stored.body, stored.meta.content_type, Origin::Cache)
    }

    /// The network path of one tile; runs once per tile however many callers wait for it.
    async fn fetch(
        &self,
        source: &TileSource,
        z: u8,
        x: u32,
        y: u32,
        key: &str,
    ) -> Result<Tile, TileError> {
        // Another flight may have stored it between the caller's look and this one.
        let cached = self.read(key).await;
        if let Some(stored) = cached.as_ref().filter(|s| is_fresh(s)) {
            return Ok(self.hit(Stored {
                meta: stored.meta.clone(),
                body: stored.body.clone(),
            }));
        }
        let url = source.tile_url(z, x, y);
        let validators = cached
            .as_ref()
            .map(|s| Validators {
                etag: s.meta.etag.as_deref(),
                last_modified: s.meta.last_modified.as_deref(),
            })
            .filter(|v| v.etag.is_some() || v.last_modified.is_some());
        let reply = self
            .fetcher
            .get(&url, validators, ACCEPT_IMAGE, self.options.max_tile_bytes)
            .await;
        let now = SystemTime::now();
        let outcome = match reply {
            Ok(Reply::NotModified { headers }) => {
                let stored = cached
                    .as_ref()
                    .expect("304 only answers a conditional request");
                let policy = freshness::policy(&headers, now, self.options.default_ttl);
                let meta = policy.store.then(|| Meta {
                    stored_at: unix(now),
                    fresh_until: policy.fresh_until,
                    etag: policy.etag.or_else(|| stored.meta.etag.clone()),
                    last_modified: policy
                        .last_modified
                        .or_else(|| stored.meta.last_modified.clone()),
                    ..stored.meta.clone()
                });
                self.save(key, meta, stored.body.clone()).await;
                self.revalidated.fetch_add(1, Relaxed);
                Ok(tile(
                    stored.body.clone(),
                    stored.meta.content_type.clone(),
                    Origin::Revalidated,
                ))
            }
            Ok(Reply::Body {
                body,
                content_type,
                headers,
            }) => match image_type(&content_type, &body) {
                Some(content_type) => {
                    let policy = freshness::policy(&headers, now, self.options.default_ttl);
                    let meta = policy.store.then(|| Meta {
                        content_type: content_type.clone(),
                        stored_at: unix(now),
                        fresh_until: policy.fresh_until,
                        etag: policy.etag,
                        last_modified: policy.last_modified,
                        len: body.len() as u64,
                    });
                    // `no-store` also drops an older copy: the server no longer wants it kept.
                    self.save(key, meta, body.clone()).await;
                    self.downloads.fetch_add(1, Relaxed);
                    Ok(tile(body, content_type, Origin::Network))
                }
                None => Err(TileError::NotAnImage {
                    host: url.host.clone(),
                    content_type: if content_type.is_empty() {
                        "no content type".into()
                    } else {
                        content_type
                    },
                }),
            },
            Err(e) => Err(e),
        };
        match (outcome, cached) {
            (Ok(tile), _) => Ok(tile),
            (Err(cause), Some(stored)) => {
                tracing::debug!(source = source.id(), z, x, y, error = %cause, "serving a stale tile");
                self.stale.fetch_add(1, Relaxed);
                let mut tile = tile(stored.body, stored.meta.content_type, Origin::Stale);
                tile.stale_cause = Some(cause);
                Ok(tile)
            }
            (Err(e), None) => {
                tracing::debug!(source = source.id(), z, x, y, error = %e, "tile failed");
                self.failures.fetch_add(1, Relaxed);
                Err(e)
            }
        }
    }

    /// Saves the LRU order in the background when it changed and the last save is old enough.
    fn maybe_flush(self: &Arc<Self>) {
        {
            let mut last = self.last_flush.lock().unwrap_or_else(|e| e.into_inner());
            if last.elapsed() < FLUSH_EVERY || !self.store.is_dirty() {
                return;
            }
            *last = Instant::now();
        }
        if self.flushing.swap(true, Relaxed) {
            return;
        }
        let inner = self.clone();
        tokio::task::spawn_blocking(move || {
            if let Err(e) = inner.store.flush(SYNC_WAIT) {
                tracing::warn!(error = %e, "could not save the tile cache index");
            }
            inner.flushing.store(false, Relaxed);
        });
    }
}

fn is_fresh(stored: &Stored) -> bool {
    stored.meta.fresh_until > unix(SystemTime::now())
}
