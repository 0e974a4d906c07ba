//! The viewer's window: the map (walkers, with our tile layer and track plugin), the side
//! panel, keys, dropped files, fitting, and the hover tooltip.

use crate::colors::track_color;
use crate::geo::{self, Merc, MercBox, merc, unmerc};
use crate::i18n::fill;
use crate::instrument::{self, Bench, Step};
use crate::load::{FileError, Reading};
use crate::notice::Notice;
use crate::panel::{self, PanelState};
use crate::plugin::{Drawn, Hover, TrackPlugin};
use crate::tiles::CacheTiles;
use crate::track::{ViewTrack, level_order};
use egui::{Align2, Color32, Context, FontId, Key, Rect};
use std::path::PathBuf;
use std::sync::Arc;
use trackmate_tracks::speed_scale::{SpeedScale, SpeedUnit};
use walkers::{Map, MapMemory, Position, lat_lon};

/// Pixels an arrow key moves the map.
const PAN_STEP: f64 = 120.0;
/// Free pixels around a fitted track.
const FIT_MARGIN: f64 = 48.0;

/// What is under the tracks.
pub enum Layer {
    /// Raster tiles through the app's tile cache.
    Cache(Box<CacheTiles>),
    /// The offline vector basemap.
    Basemap(Box<walkers::PmTiles>),
    /// A plain background.
    None,
}

impl Layer {
    fn tiles(&mut self) -> Option<&mut dyn walkers::Tiles> {
        match self {
            Layer::Cache(t) => Some(t.as_mut()),
            Layer::Basemap(t) => Some(t.as_mut()),
            Layer::None => None,
        }
    }

    fn attribution(&self) -> Option<String> {
        match self {
            Layer::Cache(t) => Some(t.source().attribution_text()),
            Layer::Basemap(_) => Some(crate::basemap::ATTRIBUTION.to_owned()),
            Layer::None => None,
        }
    }

    fn cache(&mut self) -> Option<&mut CacheTiles> {
        match self {
            Layer::Cache(t) => Some(t.as_mut()),
            _ => None,
        }
    }
}

pub struct ViewerApp {
    tracks: Vec<Drawn>,
    errors: Vec<FileError>,
    loading: Vec<String>,
    /// Files being read (the command line's, started before the window; dropped ones).
    reading: Reading,
    memory: MapMemory,
    center: Position,
    layer: Layer,
    notice: Option<Notice>,
    unit: SpeedUnit,
    /// The panel's and tooltip's texts, in the system's language.
    texts: &'static crate::i18n::Texts,
    by_speed: bool,
    hover: Option<Hover>,
    fit_pending: bool,
    /// The zoom level the last fit drew with, and the frame it was in: the other levels are
    /// made from the next frame on (see `show`).
    levels_after: Option<(usize, u64)>,
    /// Tracks came in this frame: their figures are made from the next frame on, once their
    /// line (fitted in the frame they came in) is on screen.
    figures_after: Option<u64>,
    map_rect: Option<Rect>,
    bench: Option<Bench>,
    /// The picture of very dense lines (see `raster`), and what invalidates it.
    raster: Option<crate::raster::Raster>,
    generation: u64,
    /// `TRACKMATE_VIEW_PROBE`: where to write the view of the first frame with a track.
    probe: Option<PathBuf>,
}

impl ViewerApp {
    pub fn new(
        ctx: &Context,
        tracks: Vec<ViewTrack>,
        mut reading: Reading,
        layer: Layer,
        notice: Option<Notice>,
        unit: SpeedUnit,
        bench: Option<Bench>,
    ) -> Self {
        reading.attach(ctx);
        let mut memory = MapMemory::default();
        let _ = memory.set_zoom(3.0);
        let mut app = ViewerApp {
            tracks: Vec::new(),
            errors: Vec::new(),
            loading: std::mem::take(&mut reading.started),
            reading,
            memory,
            center: lat_lon(30.0, 30.0),
            layer,
            notice,
            unit,
            texts: crate::i18n::Lang::from_system(|k| std::env::var(k).ok()).texts(),
            by_speed: true,
            hover: None,
            fit_pending: true,
            levels_after: None,
            figures_after: None,
            map_rect: None,
            bench,
            raster: None,
            generation: 0,
            probe: std::env::var_os("TRACKMATE_VIEW_PROBE").map(PathBuf::from),
        };
        app.add(tracks);
        app
    }

    /// Opens files off the UI thread; they appear when read.
    fn open(&mut self, files: Vec<PathBuf>) {
        let names = self.reading.open(files, SpeedScale::new(self.unit));
        self.loading.extend(names);
    }

    fn add(&mut self, tracks: Vec<ViewTrack>) {
        if tracks.is_empty() {
            return;
        }
        for t in tracks.into_iter().filter(|t| !t.is_empty()) {
            let color = track_color(self.tracks.len());
            self.tracks.push(Drawn {
                track: Arc::new(t),
                color,
            });
        }
        self.generation += 1;
        // One track reads best by speed, several by their own colours.
        self.by_speed = self.tracks.len() == 1;
        self.fit_pending = true;
    }

    /// The simplified lines of every zoom, off the UI thread, the fitted zoom's first.
    fn simplify_in_background(&self, ctx: &Context, from: usize) {
        for d in &self.tracks {
            let (t, ctx) = (Arc::clone(&d.track), ctx.clone());
            std::thread::spawn(move || {
                for level in level_order(from) {
                    if t.ready(level).is_none() {
                        t.level(level);
                    }
                }
                trackmate_tracks::mem::release_freed();
                ctx.request_repaint();
            });
        }
    }

    fn bbox(&self) -> MercBox {
        let mut b = MercBox::EMPTY;
        for d in &self.tracks {
            b.union(&d.track.bbox);
        }
        b
    }

    fn fit(&mut self, ctx: &Context, rect: Rect) {
        let Some(v) = geo::fit(
            &self.bbox(),
            rect.width() as f64,
            rect.height() as f64,
            FIT_MARGIN,
        ) else {
            return;
        };
        let (lat, lng) = unmerc(v.center);
        self.center = lat_lon(lat, lng);
        self.memory.center_at(self.center);
        let _ = self.memory.set_zoom(v.zoom);
        let level = ViewTrack::level_for_zoom(v.zoom);
        // The first frame's level now, so the track shows at once; the rest behind it.
        for d in &self.tracks {
            d.track.level(level);
        }
        // The other levels once this frame is on screen: made now, beside it, they took the
        // core its picture could be painted on (a million points: `raster`, BENCHMARKS.md).
        self.levels_after = Some((level, ctx.cumulative_frame_nr()));
        ctx.request_repaint();
        self.fit_pending = false;
    }

    fn current_center(&self) -> Merc {
        let c = self.memory.detached().unwrap_or(self.center);
        merc(c.y(), c.x())
    }

    fn keys(&mut self, ctx: &Context) {
        let (plus, minus, left, right, up, down, f, quit) = ctx.input(|i| {
            let text_plus = i
                .events
                .iter()
                .any(|e| matches!(e, egui::Event::Text(t) if t == "+"));
            (
                i.key_pressed(Key::Plus) || i.key_pressed(Key::Equals) || text_plus,
                i.key_pressed(Key::Minus),
                i.key_pressed(Key::ArrowLeft),
                i.key_pressed(Key::ArrowRight),
                i.key_pressed(Key::ArrowUp),
                i.key_pressed(Key::ArrowDown),
                i.key_pressed(Key::F),
                i.key_pressed(Key::Q) || i.key_pressed(Key::Escape),
            )
        });
        if quit {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        if plus {
            let _ = self.memory.zoom_in();
        }
        if minus {
            let _ = self.memory.zoom_out();
        }
        let dx = (right as i32 - left as i32) as f64 * PAN_STEP;
        let dy = (down as i32 - up as i32) as f64 * PAN_STEP;
        if dx != 0.0 || dy != 0.0 {
            self.pan_by(dx, dy);
        }
        if f {
            self.fit_pending = true;
        }
    }

    fn pan_by(&mut self, dx: f64, dy: f64) {
        let c = geo::pan(self.current_center(), self.memory.zoom(), dx, dy);
        let (lat, lng) = unmerc(c);
        self.memory.center_at(lat_lon(lat, lng));
    }

    fn receive(&mut self, ctx: &Context) {
        while let Ok(l) = self.reading.rx.try_recv() {
            for n in &l.names {
                if let Some(k) = self.loading.iter().position(|x| x == n) {
                    self.loading.remove(k);
                }
            }
            self.errors.extend(l.opened.errors);
            if !l.opened.tracks.is_empty() {
                self.figures_after = Some(ctx.cumulative_frame_nr());
            }
            self.add(l.opened.tracks);
        }
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if !dropped.is_empty() {
            self.open(dropped);
        }
    }

    fn tooltip(&self, ctx: &Context) {
        let Some(h) = self.hover else { return };
        let Some(d) = self.tracks.get(h.track) else {
            return;
        };
        let lines = panel::point_lines(&d.track, h.point, self.unit, self.texts);
        egui::Area::new(egui::Id::unique("hover"))
            .order(egui::Order::Tooltip)
            .fixed_pos(h.pos + egui::vec2(14.0, 14.0))
            .interactable(false)
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    for (k, l) in lines.iter().enumerate() {
                        if k == 0 {
                            ui.strong(l);
                        } else {
                            ui.label(l);
                        }
                    }
                });
            });
    }

    /// For the end-to-end test: once a track is fitted and drawn, where the map is (see
    /// `instrument::probe`).
    fn write_probe(&mut self, ctx: &Context) {
        if self.tracks.is_empty() || self.fit_pending {
            return;
        }
        let (Some(path), Some(rect)) = (self.probe.take(), self.map_rect) else {
            return;
        };
        let (lat, lng) = unmerc(self.current_center());
        instrument::probe(ctx, &path, rect, (lat, lng), self.memory.zoom());
    }

    fn bench_frame(&mut self, ctx: &Context) {
        let ready = !self.tracks.is_empty() && !self.fit_pending;
        let Some(b) = self.bench.as_mut() else { return };
        match b.frame(ready) {
            Step::Wait => {}
            Step::Pan(dx, dy) => {
                self.pan_by(dx, dy);
                ctx.request_repaint();
            }
            Step::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
        }
    }
}

impl eframe::App for ViewerApp {
    fn ui(&mut self, root: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(root);
    }
}

impl ViewerApp {
    /// One frame of the whole window (under eframe or the software window).
    pub fn show(&mut self, root: &mut egui::Ui) {
        let ctx = &root.ctx().clone();
        // The fitted frame is on screen once a later frame runs. Not in a second pass of that
        // frame (egui runs one when the layout changed): the levels' thread then took the core
        // the frame's bands were being painted on (`soft::paint`).
        if let Some((level, frame)) = self.levels_after
            && ctx.cumulative_frame_nr() > frame
        {
            self.levels_after = None;
            self.simplify_in_background(ctx, level);
        }
        if let Some(frame) = self.figures_after
            && ctx.cumulative_frame_nr() > frame
        {
            self.figures_after = None;
            for d in &self.tracks {
                d.track.make_figures();
            }
        }
        self.receive(ctx);
        self.keys(ctx);
        if let Some(t) = self.layer.cache() {
            t.poll();
        }
        let tile_problem = self.layer.cache().and_then(|t| t.problem.clone());
        let tx = self.texts;
        let notice = match (&self.notice, &tile_problem) {
            (Some(n), _) => Some(n.text(tx)),
            (None, Some(p)) => Some(fill(tx.map.tiles_failed, &[p])),
            // Tiles load, but the offline cache is not kept (its folder cannot be used).
            (None, None) => self
                .layer
                .cache()
                .and_then(|t| t.cache_note())
                .map(|why| fill(tx.map.tiles_note, &[&why])),
        };

        let mut by_speed = self.by_speed;
        let act = egui::Panel::left("panel")
            .resizable(true)
            .default_size(260.0)
            .show(root, |ui| {
                panel::show(
                    ui,
                    PanelState {
                        tracks: &self.tracks,
                        errors: &self.errors,
                        loading: &self.loading,
                        unit: self.unit,
                        by_speed: &mut by_speed,
                        notice: notice.as_deref(),
                        can_retry: tile_problem.is_some(),
                        texts: self.texts,
                    },
                )
            })
            .inner;
        self.by_speed = by_speed;
        if act.fit {
            self.fit_pending = true;
        }
        if act.dismiss_errors {
            self.errors.clear();
        }
        if act.retry_tiles
            && let Some(t) = self.layer.cache()
        {
            t.retry();
        }

        egui::CentralPanel::default()
            .frame(
                egui::Frame::NONE
                    .fill(crate::theme::palette(ctx.theme() == egui::Theme::Dark).map_background),
            )
            .show(root, |ui| {
                let rect = ui.available_rect_before_wrap();
                self.map_rect = Some(rect);
                if self.fit_pending && !self.tracks.is_empty() {
                    self.fit(ctx, rect);
                }
                let coloring = panel::coloring(self.by_speed, self.unit);
                let attribution = self.layer.attribution();
                let tiles = self.layer.tiles();
                let map = Map::new(tiles, &mut self.memory, self.center)
                    .double_click_to_zoom(true)
                    .with_plugin(TrackPlugin {
                        tracks: &self.tracks,
                        coloring,
                        style: self.generation << 1 | u64::from(self.by_speed),
                        raster: &mut self.raster,
                        hover: &mut self.hover,
                    });
                ui.add(map);
                if let Some(a) = attribution {
                    ui.painter().text(
                        rect.right_bottom() + egui::vec2(-6.0, -4.0),
                        Align2::RIGHT_BOTTOM,
                        a,
                        FontId::proportional(11.0),
                        Color32::from_gray(40),
                    );
                }
                if ctx.input(|i| !i.raw.hovered_files.is_empty()) {
                    ui.painter()
                        .rect_filled(rect, 0.0, Color32::from_black_alpha(90));
                    ui.painter().text(
                        rect.center(),
                        Align2::CENTER_CENTER,
                        "Drop to open",
                        FontId::proportional(28.0),
                        Color32::WHITE,
                    );
                }
            });
        self.tooltip(ctx);
        self.write_probe(ctx);
        self.bench_frame(ctx);
    }
}

#[cfg(test)]
#[path = "app_tests.rs"]
mod tests;
