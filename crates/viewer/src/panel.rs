//! The side panel: each track's statistics (from `trackmate-tracks`), the colouring and its
//! legend, the files that could not be opened, the map's notice and the keys; and the hover
//! tooltip's text.

use crate::colors::{Coloring, rgb};
use crate::i18n::{Texts, fill};
use crate::load::FileError;
use crate::plugin::Drawn;
use crate::track::ViewTrack;
use egui::{Color32, RichText, Ui};
use trackmate_tracks::speed_scale::{SpeedScale, SpeedUnit};
use trackmate_tracks::stats::StopKind;

/// `12.3 km`, `850 m`, in the unit system of `unit`.
pub fn distance(m: f64, unit: SpeedUnit) -> String {
    let (per, big, small, small_per) = match unit {
        SpeedUnit::Kmh => (1000.0, "km", "m", 1.0),
        SpeedUnit::Mph => (1609.344, "mi", "ft", 0.3048),
        SpeedUnit::Kn => (1852.0, "nmi", "m", 1.0),
    };
    if m >= per / 2.0 {
        format!("{:.1} {big}", m / per)
    } else {
        format!("{:.0} {small}", m / small_per)
    }
}

/// `2 h 05 min`, `7 min`, `45 s`.
pub fn duration(s: f64) -> String {
    let s = s.max(0.0).round() as i64;
    match s {
        0..=59 => format!("{s} s"),
        60..=3599 => format!("{} min", s / 60),
        _ => format!("{} h {:02} min", s / 3600, s % 3600 / 60),
    }
}

pub fn speed(kmh: f64, unit: SpeedUnit) -> String {
    format!("{:.0} {}", unit.from_kmh(kmh), unit.label())
}

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
            speed(v as f64, unit)
        }],
    ));
    let a = t.alt[i];
    let alt = if a.is_nan() {
        "—".to_owned()
    } else if unit == SpeedUnit::Mph {
        format!("{:.0} ft", a as f64 / 0.3048)
    } else {
        format!("{a:.0} m")
    };
    out.push(fill(tx.altitude, &[&alt]));
    let sats = match t.sats[i] {
        u8::MAX => "—".to_owned(),
        n => n.to_string(),
    };
    out.push(fill(tx.satellites, &[&sats]));
    out.push(fill(
        tx.point_of,
        &[&(i + 1).to_string(), &t.len().to_string()],
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
                ui.spinner();
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
            let s = &t.stats;
            let parkings = t
                .stops
                .iter()
                .filter(|s| s.kind == StopKind::Parking)
                .count();
            egui::Grid::new(("stats", n)).num_columns(2).show(ui, |ui| {
                row(ui, tx.distance, distance(s.distance_m, st.unit));
                if !t.timeless {
                    row(ui, tx.duration, duration(s.duration_s));
                    row(ui, tx.moving, duration(s.moving_s));
                    row(ui, tx.stopped, duration(s.stopped_s));
                    row(ui, tx.max_speed, speed(s.max_speed_kmh, st.unit));
                    row(ui, tx.average, speed(s.avg_speed_kmh, st.unit));
                    row(
                        ui,
                        tx.average_moving,
                        speed(s.avg_moving_speed_kmh, st.unit),
                    );
                    row(ui, tx.stops, s.stops.to_string());
                }
                row(ui, tx.trips, t.seg_ends.len().to_string());
                if parkings > 0 {
                    row(ui, tx.parkings, parkings.to_string());
                }
                row(ui, tx.points, s.points.to_string());
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
                ui.label(RichText::new(fill(tx.speed_legend, &[st.unit.label()])).small());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_as_people_write_them() {
        assert_eq!(distance(12_345.0, SpeedUnit::Kmh), "12.3 km");
        assert_eq!(distance(420.0, SpeedUnit::Kmh), "420 m");
        assert_eq!(distance(16_093.44, SpeedUnit::Mph), "10.0 mi");
        assert_eq!(duration(7_500.0), "2 h 05 min");
        assert_eq!(duration(420.0), "7 min");
        assert_eq!(duration(45.0), "45 s");
        assert_eq!(speed(100.0, SpeedUnit::Mph), "62 mph");
    }
}
