//! The side panel: each track's statistics (from `trackmate-tracks`), the colouring and its
//! legend, the files that could not be opened, the map's notice and the keys; and the hover
//! tooltip's text.

use crate::colors::{Coloring, rgb};
use crate::format::{distance, duration, number, speed};
use crate::i18n::{Texts, fill};
use crate::load::FileError;
use crate::plugin::Drawn;
use crate::track::{Figures, ViewTrack};
use egui::{Color32, RichText, Sense, Ui, vec2};
use std::time::Duration;
use trackmate_tracks::speed_scale::{SpeedScale, SpeedUnit};
use trackmate_tracks::stats::StopKind;

/// The tooltip's lines for point `i` of `t`: time, speed, altitude, satellites.
pub fn point_lines(t: &ViewTrack, i: usize, unit: SpeedUnit, tx: &Texts) -> Vec<String> {
    let mut out = vec![t.name.clone()];
    if !t.timeless {
        out.push(t.time(i).format("%Y-%m-%d %H:%M:%S (UTC%:z)").to_string());
    }
    let v = t.speed[i];
    out.push(fill(
        tx.speed,
        &[&if v.is_nan() {
            "—".to_owned()
        } else {
            speed(v as f64, unit, &tx.units)
        }],
    ));
    let a = t.alt[i];
    let alt = if a.is_nan() {
        "—".to_owned()
    } else if unit == SpeedUnit::Mph {
        format!(
            "{} {}",
            number(a as f64 / 0.3048, 0, &tx.units),
            tx.units.ft
        )
    } else {
        format!("{} {}", number(a as f64, 0, &tx.units), tx.units.m)
    };
    out.push(fill(tx.altitude, &[&alt]));
    let sats = match t.sats[i] {
        u8::MAX => "—".to_owned(),
        n => n.to_string(),
    };
    out.push(fill(tx.satellites, &[&sats]));
    out.push(fill(
        tx.point_of,
        &[
            &number((i + 1) as f64, 0, &tx.units),
            &number(t.len() as f64, 0, &tx.units),
        ],
    ));
    out
}

fn row(ui: &mut Ui, label: &str, value: String) {
    ui.label(RichText::new(label).weak());
    ui.label(value);
    ui.end_row();
}

fn swatch(ui: &mut Ui, color: Color32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
    ui.painter().rect_filled(rect, 3.0, color);
}

/// Everything the panel shows and may change.
pub struct PanelState<'a> {
    pub tracks: &'a [Drawn],
    pub errors: &'a [FileError],
    pub loading: &'a [String],
    pub unit: SpeedUnit,
    pub by_speed: &'a mut bool,
    pub notice: Option<&'a str>,
    /// The notice is about tiles that failed (a retry may help).
    pub can_retry: bool,
    pub texts: &'static Texts,
}

/// What the user asked for in the panel.
#[derive(Default)]
pub struct PanelAction {
    pub fit: bool,
    pub retry_tiles: bool,
    pub dismiss_errors: bool,
}

pub fn show(ui: &mut Ui, st: PanelState<'_>) -> PanelAction {
    let mut act = PanelAction::default();
    let tx = st.texts;
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.heading("Trackmate");
        if st.tracks.is_empty() && st.loading.is_empty() && st.errors.is_empty() {
            ui.label(tx.drop_files);
        }
        for name in st.loading {
            ui.horizontal(|ui| {
                stepping_spinner(ui);
                ui.label(fill(tx.opening, &[name]));
            });
        }
        for (n, d) in st.tracks.iter().enumerate() {
            let t = &d.track;
            ui.separator();
            ui.horizontal(|ui| {
                swatch(ui, d.color);
                ui.label(RichText::new(&t.name).strong());
            });
            ui.label(RichText::new(&t.origin).small().weak());
            // The figures come a moment after the line (a file's are made once it shows).
            let figures = t.figures();
            let value = |f: &dyn Fn(&Figures) -> String| match figures {
                Some(Ok(s)) => f(s),
                None => "…".to_owned(),
                Some(Err(_)) => "—".to_owned(),
            };
            let parkings = match figures {
                Some(Ok(f)) => f
                    .stops
                    .iter()
                    .filter(|s| s.kind == StopKind::Parking)
                    .count(),
                _ => 0,
            };
            egui::Grid::new(("stats", n)).num_columns(2).show(ui, |ui| {
                row(
                    ui,
                    tx.distance,
                    value(&|f| distance(f.stats.distance_m, st.unit, &tx.units)),
                );
                if !t.timeless {
                    row(
                        ui,
                        tx.duration,
                        value(&|f| duration(f.stats.duration_s, &tx.units)),
                    );
                    row(
                        ui,
                        tx.moving,
                        value(&|f| duration(f.stats.moving_s, &tx.units)),
                    );
                    row(
                        ui,
                        tx.stopped,
                        value(&|f| duration(f.stats.stopped_s, &tx.units)),
                    );
                    row(
                        ui,
                        tx.max_speed,
                        value(&|f| speed(f.stats.max_speed_kmh, st.unit, &tx.units)),
                    );
                    row(
                        ui,
                        tx.average,
                        value(&|f| speed(f.stats.avg_speed_kmh, st.unit, &tx.units)),
                    );
                    row(
                        ui,
                        tx.average_moving,
                        value(&|f| speed(f.stats.avg_moving_speed_kmh, st.unit, &tx.units)),
                    );
                    row(
                        ui,
                        tx.stops,
                        value(&|f| number(f.stats.stops as f64, 0, &tx.units)),
                    );
                }
                row(ui, tx.trips, number(t.seg_ends.len() as f64, 0, &tx.units));
                if parkings > 0 {
                    row(ui, tx.parkings, number(parkings as f64, 0, &tx.units));
                }
                row(ui, tx.points, number(t.len() as f64, 0, &tx.units));
            });
            if t.timeless {
                ui.label(RichText::new(tx.timeless).small().weak());
            }
        }
        if !st.tracks.is_empty() {
            ui.separator();
            ui.horizontal(|ui| {
                ui.label(tx.colour);
                ui.radio_value(st.by_speed, true, tx.by_speed);
                ui.radio_value(st.by_speed, false, tx.by_track);
            });
            if *st.by_speed {
                let scale = SpeedScale::new(st.unit);
                ui.label(RichText::new(fill(tx.speed_legend, &[tx.units.speed(st.unit)])).small());
                for e in scale.legend() {
                    ui.horizontal(|ui| {
                        swatch(ui, rgb(e.color));
                        ui.label(e.label);
                    });
                }
                ui.horizontal(|ui| {
                    swatch(ui, rgb(scale.color(scale.buckets())));
                    ui.label(tx.unknown);
                });
            }
            if ui.button(tx.fit).clicked() {
                act.fit = true;
            }
        }
        let colors = crate::theme::palette(ui.visuals().dark_mode);
        if !st.errors.is_empty() {
            ui.separator();
            ui.label(
                RichText::new(tx.could_not_open)
                    .strong()
                    .color(colors.error),
            );
            for e in st.errors {
                ui.label(RichText::new(e.line()).color(colors.error));
            }
            if ui.small_button(tx.dismiss).clicked() {
                act.dismiss_errors = true;
            }
        }
        if let Some(n) = st.notice {
            ui.separator();
            ui.label(RichText::new(n).color(colors.notice));
            if st.can_retry && ui.small_button(tx.retry_map).clicked() {
                act.retry_tiles = true;
            }
        }
        ui.separator();
        ui.label(RichText::new(tx.keys).small().weak());
    });
    act
}

/// The legend's colouring for the map.
pub fn coloring(by_speed: bool, unit: SpeedUnit) -> Coloring {
    if by_speed {
        Coloring::Speed(SpeedScale::new(unit))
    } else {
        Coloring::PerTrack
    }
}

/// How long the loading mark stays still between steps.
const SPIN_STEP: Duration = Duration::from_millis(125);
/// Dots around the loading mark's ring.
const SPIN_DOTS: usize = 8;

/// A ring of dots whose bright one moves on every `SPIN_STEP`, asking for the next frame only
/// then. egui's spinner asks for a frame every frame, and on the CPU painter, which has no
/// vertical sync, that was as fast as frames could be painted: ~40% of a core taken from the
/// file being read under it (a 1M-point GPX, `perf`; BENCHMARKS.md).
fn stepping_spinner(ui: &mut Ui) {
    let side = ui.spacing().interact_size.y;
    let (rect, _) = ui.allocate_exact_size(vec2(side, side), Sense::hover());
    if !ui.is_rect_visible(rect) {
        return;
    }
    let step = SPIN_STEP.as_secs_f64();
    let now = ui.input(|i| i.time);
    let lit = (now / step) as usize % SPIN_DOTS;
    // The wait to the next step, not a whole step: frames come when the step changes.
    let next = step - now % step;
    ui.ctx()
        .request_repaint_after(Duration::from_secs_f64(next.max(0.001)));
    let visuals = ui.visuals();
    let (on, off) = (visuals.strong_text_color(), visuals.weak_text_color());
    let ring = side / 2.0 - 3.0;
    for k in 0..SPIN_DOTS {
        let a = std::f32::consts::TAU * k as f32 / SPIN_DOTS as f32;
        let at = rect.center() + ring * vec2(a.cos(), a.sin());
        let color = if k == lit { on } else { off };
        ui.painter().circle_filled(at, 1.8, color);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The frames a panel listing a file being read asks for, over `passes` passes `dt` apart.
    fn repaint_delays(passes: usize, dt: f64) -> Vec<Duration> {
        let ctx = egui::Context::default();
        let delays = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = delays.clone();
        ctx.set_request_repaint_callback(move |info| seen.lock().unwrap().push(info.delay));
        let texts = crate::i18n::Lang::En.texts();
        let loading = vec!["big.gpx".to_string()];
        let mut by_speed = true;
        for n in 0..passes {
            let input = egui::RawInput {
                time: Some(n as f64 * dt),
                ..Default::default()
            };
            let mut out = ctx.run_ui(input, |ui| {
                let st = PanelState {
                    tracks: &[],
                    errors: &[],
                    loading: &loading,
                    unit: SpeedUnit::Kmh,
                    by_speed: &mut by_speed,
                    notice: None,
                    can_retry: false,
                    texts,
                };
                let _ = show(ui, st);
            });
            // No painter here: the font atlas's uploads are dropped as handled.
            out.textures_delta.clear();
        }
        delays.lock().unwrap().clone()
    }

    #[test]
    fn a_file_being_read_asks_for_a_frame_a_step_not_every_frame() {
        // egui's first passes ask for a few frames of their own (layout); after them, the only
        // asks are the loading mark's, each for the wait to its next step, never "at once".
        let delays = repaint_delays(20, 0.01);
        let late: Vec<_> = delays
            .iter()
            .skip(delays.len().saturating_sub(10))
            .collect();
        assert!(!late.is_empty(), "the loading mark asks for its next step");
        for d in late {
            assert!(!d.is_zero(), "asked for the next frame at once");
            assert!(*d <= SPIN_STEP, "asked for a frame in {d:?}");
        }
    }
}
