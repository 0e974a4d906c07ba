//! Map tiles for walkers from `trackmate-tiles`: the app's sources and its on-disk cache (the
//! same folder, the same User-Agent and politeness), decoded into egui textures. While a tile
//! loads, the nearest loaded ancestor stands in for it, scaled.
//!
//! walkers' own `HttpTiles` keeps a separate HTTP cache of its own format; going through
//! `TileCache` is what lets the viewer and the app share one cache (and serve it offline): the
//! cache locks its folder around what the two processes could trip over and keeps to the
//! folder's one size limit. When the folder cannot be used the cache keeps tiles in memory;
//! [`CacheTiles::cache_note`] says so for the panel.

use egui::{Context, Rect, pos2};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use trackmate_tiles::{TileCache, TileError, TileSource};
use walkers::sources::Attribution;
use walkers::{Style, Tile, TileId, TilePiece, Tiles};

/// Decoded tiles kept in memory (each a 256×256 texture, 256 KiB).
const KEEP: usize = 384;
/// Requests handed to the cache at once; it keeps to 2 connections per host itself.
const IN_FLIGHT: usize = 16;

type Reply = (TileId, Result<Vec<u8>, TileError>);

/// A walkers tile layer over a [`TileCache`].
pub struct CacheTiles {
    source: Arc<TileSource>,
    cache: Arc<TileCache>,
    runtime: tokio::runtime::Handle,
    ctx: Context,
    attribution: &'static str,
    loaded: HashMap<TileId, (Tile, u64)>,
    pending: HashSet<TileId>,
    failed: HashSet<TileId>,
    tx: Sender<Reply>,
    rx: Receiver<Reply>,
    frame: u64,
    /// The latest failure, for the notice.
    pub problem: Option<String>,
}

impl CacheTiles {
    pub fn new(
        source: TileSource,
        cache: Arc<TileCache>,
        runtime: tokio::runtime::Handle,
        ctx: Context,
    ) -> Self {
        let (tx, rx) = channel();
        // walkers wants a 'static str; one per source for the life of the window.
        let attribution: &'static str = Box::leak(source.attribution_text().into_boxed_str());
        CacheTiles {
            source: Arc::new(source),
            cache,
            runtime,
            ctx,
            attribution,
            loaded: HashMap::new(),
            pending: HashSet::new(),
            failed: HashSet::new(),
            tx,
            rx,
            frame: 0,
            problem: None,
        }
    }

    pub fn source(&self) -> &TileSource {
        &self.source
    }

    /// Why the offline cache is not in use (tiles still load, but only for this session), for
    /// the panel's map notice (`MapTexts::tiles_note`).
    pub fn cache_note(&self) -> Option<String> {
        self.cache.note().map(str::to_owned)
    }

    /// Takes finished downloads in; call once a frame before drawing.
    pub fn poll(&mut self) {
        self.frame += 1;
        while let Ok((id, reply)) = self.rx.try_recv() {
            self.pending.remove(&id);
            match reply.map_err(|e| e.to_string()).and_then(|bytes| {
                Tile::new(
                    &bytes,
                    &Style::default(),
                    id.zoom,
                    self.source.tile_size(),
                    &self.ctx,
                )
                .map_err(|e| format!("a tile could not be decoded: {e}"))
            }) {
                Ok(tile) => {
                    self.loaded.insert(id, (tile, self.frame));
                    self.problem = None;
                }
                Err(message) => {
                    self.failed.insert(id);
                    self.problem = Some(message);
                }
            }
        }
        if self.loaded.len() > KEEP {
            let mut by_age: Vec<(u64, TileId)> = self
                .loaded
                .iter()
                .map(|(id, (_, used))| (*used, *id))
                .collect();
            by_age.sort_unstable_by_key(|(used, _)| *used);
            for (_, id) in by_age.into_iter().take(self.loaded.len() - KEEP) {
                self.loaded.remove(&id);
            }
        }
    }

    fn request(&mut self, id: TileId) {
        if self.pending.len() >= IN_FLIGHT
            || self.pending.contains(&id)
            || self.failed.contains(&id)
            || id.zoom > self.source.max_zoom()
        {
            return;
        }
        self.pending.insert(id);
        let (source, cache, tx, ctx) = (
            Arc::clone(&self.source),
            Arc::clone(&self.cache),
            self.tx.clone(),
            self.ctx.clone(),
        );
        self.runtime.spawn(async move {
            let got = cache
                .get(&source, id.zoom, id.x, id.y)
                .await
                .map(|t| t.bytes.to_vec());
            let _ = tx.send((id, got));
            ctx.request_repaint();
        });
    }

    /// Forgets failures so they are asked for again (after "Retry").
    pub fn retry(&mut self) {
        self.failed.clear();
        self.problem = None;
    }

    /// The nearest loaded ancestor of `id` and the part of it `id` covers.
    fn ancestor(&mut self, id: TileId) -> Option<TilePiece> {
        for up in 1..=id.zoom {
            let parent = TileId {
                x: id.x >> up,
                y: id.y >> up,
                zoom: id.zoom - up,
            };
            if let Some((tile, used)) = self.loaded.get_mut(&parent) {
                *used = self.frame;
                let n = (1u32 << up) as f32;
                let (ox, oy) = (
                    (id.x - (parent.x << up)) as f32,
                    (id.y - (parent.y << up)) as f32,
                );
                let uv =
                    Rect::from_min_max(pos2(ox / n, oy / n), pos2((ox + 1.0) / n, (oy + 1.0) / n));
                return Some(TilePiece::new(tile.clone(), uv));
            }
        }
        None
    }
}

impl Tiles for CacheTiles {
    fn at(&mut self, id: TileId) -> Option<TilePiece> {
        // Deeper than the source goes: its deepest tile, scaled.
        if id.zoom > self.source.max_zoom() {
            let up = id.zoom - self.source.max_zoom();
            let parent = TileId {
                x: id.x >> up,
                y: id.y >> up,
                zoom: self.source.max_zoom(),
            };
            self.request(parent);
            return self.ancestor(id);
        }
        if let Some((tile, used)) = self.loaded.get_mut(&id) {
            *used = self.frame;
            return Some(TilePiece::new(
                tile.clone(),
                Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
            ));
        }
        self.request(id);
        self.ancestor(id)
    }

    fn attribution(&self) -> Attribution {
        Attribution {
            text: self.attribution,
            url: "https://www.openstreetmap.org/copyright",
            logo_light: None,
            logo_dark: None,
        }
    }

    fn tile_size(&self) -> u32 {
        self.source.tile_size()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cache_folder_that_cannot_be_used_gives_the_panel_a_notice() {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("tiles");
        std::fs::write(&file, b"not a folder").unwrap();
        let cache = TileCache::open(&file, 1 << 20).unwrap();
        let tiles = CacheTiles::new(
            TileSource::openstreetmap(),
            Arc::new(cache),
            rt.handle().clone(),
            Context::default(),
        );
        let note = tiles.cache_note().expect("a notice");
        assert!(note.starts_with("the offline map cache at "), "{note}");
        assert!(note.contains("kept only until the app closes"), "{note}");

        let fine = tempfile::tempdir().unwrap();
        let cache = TileCache::open(fine.path(), 1 << 20).unwrap();
        let tiles = CacheTiles::new(
            TileSource::openstreetmap(),
            Arc::new(cache),
            rt.handle().clone(),
            Context::default(),
        );
        assert_eq!(tiles.cache_note(), None);
    }
}
