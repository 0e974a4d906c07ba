//! The viewer's texts in the app's interface languages, picked from the system's locale
//! (`LANGUAGE`, `LC_ALL`, `LC_MESSAGES`, `LANG`, as POSIX orders them). Arabic is read but shown
//! in English: egui lays text out left to right without shaping, so Arabic letters would come
//! out unjoined and reversed.

mod texts;

/// A language the viewer speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Ru,
    Es,
    De,
    Pt,
    Ro,
    Uk,
}

impl Lang {
    /// The language of a locale (`ru_RU.UTF-8`, `pt-BR`, `uk`); `None` for one we do not speak.
    pub fn from_locale(locale: &str) -> Option<Self> {
        let base = locale
            .split(['_', '-', '.', '@'])
            .next()?
            .to_ascii_lowercase();
        Some(match base.as_str() {
            "en" => Self::En,
            "ru" => Self::Ru,
            "es" => Self::Es,
            "de" => Self::De,
            "pt" => Self::Pt,
            "ro" => Self::Ro,
            "uk" => Self::Uk,
            // Arabic: see the module's note.
            _ => return None,
        })
    }

    /// The first language the system names that we speak, from `var` (an environment lookup);
    /// English otherwise. `LANGUAGE` is a `:`-separated list of preferences.
    pub fn from_system(var: impl Fn(&str) -> Option<String>) -> Self {
        for name in ["LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"] {
            let Some(v) = var(name).filter(|v| !v.is_empty()) else {
                continue;
            };
            // "C" and "POSIX" say nothing of a language: the next variable may.
            if v == "C" || v == "POSIX" || v.starts_with("C.") {
                continue;
            }
            if let Some(l) = v.split(':').find_map(Self::from_locale) {
                return l;
            }
            // The first variable set decides (a later one is overridden by it).
            return Self::En;
        }
        Self::En
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Self::En => &texts::EN,
            Self::Ru => &texts::RU,
            Self::Es => &texts::ES,
            Self::De => &texts::DE,
            Self::Pt => &texts::PT,
            Self::Ro => &texts::RO,
            Self::Uk => &texts::UK,
        }
    }
}

/// Every text of the panel and the tooltip. `{}` marks where a value goes.
pub struct Texts {
    pub drop_files: &'static str,
    pub opening: &'static str,
    pub distance: &'static str,
    pub duration: &'static str,
    pub moving: &'static str,
    pub stopped: &'static str,
    pub max_speed: &'static str,
    pub average: &'static str,
    pub average_moving: &'static str,
    pub stops: &'static str,
    pub trips: &'static str,
    pub parkings: &'static str,
    pub points: &'static str,
    pub timeless: &'static str,
    pub colour: &'static str,
    pub by_speed: &'static str,
    pub by_track: &'static str,
    pub speed_legend: &'static str,
    pub unknown: &'static str,
    pub fit: &'static str,
    pub could_not_open: &'static str,
    pub dismiss: &'static str,
    pub retry_map: &'static str,
    pub keys: &'static str,
    pub speed: &'static str,
    pub altitude: &'static str,
    pub satellites: &'static str,
    pub point_of: &'static str,
    pub units: Units,
    pub map: MapTexts,
}

/// Why the tracks lie on a plain background (the panel's map notice). `{}` is a detail from
/// below (a cache's or a tile server's own words, in English).
pub struct MapTexts {
    /// `--map none`.
    pub asked: &'static str,
    /// The offline basemap with the CPU painter.
    pub needs_gpu: &'static str,
    /// The offline basemap, and wgpu did not start.
    pub no_wgpu: &'static str,
    /// No folder for the tile cache.
    pub no_cache_folder: &'static str,
    /// The map could not be set up: `{}` says why.
    pub failed: &'static str,
    /// Tiles fail to load: `{}` says why.
    pub tiles_failed: &'static str,
    /// Tiles load, but the offline cache is not kept: `{}` says why.
    pub tiles_note: &'static str,
}

/// Unit and duration words, the same as the app's catalogues (`ui/src/i18n/*.ts`, `unit.*` and
/// `duration.*`), and the language's way of writing numbers, so a Russian panel reads
/// `3,5 км`, `2 ч 5 мин`, `62 км/ч` (see `format.rs`).
pub struct Units {
    pub km: &'static str,
    pub m: &'static str,
    pub mi: &'static str,
    pub ft: &'static str,
    pub nmi: &'static str,
    pub kmh: &'static str,
    pub mph: &'static str,
    pub kn: &'static str,
    pub h: &'static str,
    pub min: &'static str,
    pub s: &'static str,
    /// Days, in `duration.dh`.
    pub d: &'static str,
    /// The decimal mark and the thousands separator, as `Intl.NumberFormat` of the language
    /// writes them in the app; numbers are grouped from `group_from` digits (Spanish leaves
    /// four-digit numbers whole).
    pub decimal: char,
    pub group: &'static str,
    pub group_from: usize,
}

impl Units {
    /// The word for a speed unit.
    pub fn speed(&self, unit: trackmate_tracks::SpeedUnit) -> &'static str {
        use trackmate_tracks::SpeedUnit::*;
        match unit {
            Kmh => self.kmh,
            Mph => self.mph,
            Kn => self.kn,
        }
    }
}

/// `template` with each `{}` replaced by the next of `values`.
pub fn fill(template: &str, values: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    let mut vals = values.iter();
    while let Some(at) = rest.find("{}") {
        out.push_str(&rest[..at]);
        out.push_str(vals.next().copied().unwrap_or(""));
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::texts::{DE, EN, UK};
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn the_system_locale_picks_the_language() {
        assert_eq!(Lang::from_system(env(&[("LANG", "ru_RU.UTF-8")])), Lang::Ru);
        assert_eq!(
            Lang::from_system(env(&[("LANGUAGE", "nl:de"), ("LANG", "en_US.UTF-8")])),
            Lang::De
        );
        assert_eq!(
            Lang::from_system(env(&[("LC_ALL", "pt_BR.UTF-8"), ("LANG", "ru_RU.UTF-8")])),
            Lang::Pt
        );
        assert_eq!(
            Lang::from_system(env(&[("LC_ALL", "C"), ("LANG", "uk_UA.UTF-8")])),
            Lang::Uk
        );
        assert_eq!(Lang::from_system(env(&[("LANG", "ro_RO@euro")])), Lang::Ro);
        assert_eq!(Lang::from_system(env(&[("LANG", "fr_FR.UTF-8")])), Lang::En);
        assert_eq!(Lang::from_system(env(&[])), Lang::En);
        // Arabic is shown in English (egui does not shape it).
        assert_eq!(Lang::from_system(env(&[("LANG", "ar_EG.UTF-8")])), Lang::En);
    }

    #[test]
    fn unit_words_are_the_apps() {
        // The app's catalogue of each language, read as text: `"unit.km": "км",` lines.
        for (lang, code) in [
            (Lang::En, "en"),
            (Lang::Ru, "ru"),
            (Lang::Es, "es"),
            (Lang::De, "de"),
            (Lang::Pt, "pt"),
            (Lang::Ro, "ro"),
            (Lang::Uk, "uk"),
        ] {
            let path = format!("{}/../../ui/src/i18n/{code}.ts", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(&path).unwrap();
            let entry = |key: &str| {
                let line = text
                    .lines()
                    .find(|l| l.trim_start().starts_with(&format!("\"{key}\":")))
                    .unwrap_or_else(|| panic!("{code}: no {key}"));
                let value = line.split_once(':').unwrap().1.trim();
                value.trim_end_matches(',').trim_matches('"').to_owned()
            };
            let u = &lang.texts().units;
            for (key, word) in [
                ("unit.km", u.km),
                ("unit.mi", u.mi),
                ("unit.nmi", u.nmi),
                ("unit.kmh", u.kmh),
                ("unit.mph", u.mph),
                ("unit.kn", u.kn),
            ] {
                assert_eq!(entry(key), word, "{code} {key}");
            }
            let hm = format!("{{h}} {} {{m}} {}", u.h, u.min);
            assert_eq!(entry("duration.hm"), hm, "{code}");
            assert_eq!(entry("duration.s"), format!("{{s}} {}", u.s), "{code}");
            let dh = format!("{{d}} {} {{h}} {}", u.d, u.h);
            assert_eq!(entry("duration.dh"), dh, "{code}");
        }
    }

    #[test]
    fn every_language_fills_the_same_places() {
        let count = |t: &Texts| {
            [
                t.opening,
                t.speed_legend,
                t.speed,
                t.altitude,
                t.satellites,
                t.point_of,
                t.map.asked,
                t.map.needs_gpu,
                t.map.no_wgpu,
                t.map.no_cache_folder,
                t.map.failed,
                t.map.tiles_failed,
                t.map.tiles_note,
            ]
            .map(|s| s.matches("{}").count())
        };
        for l in [Lang::Ru, Lang::Es, Lang::De, Lang::Pt, Lang::Ro, Lang::Uk] {
            assert_eq!(count(l.texts()), count(&EN), "{l:?}");
            assert_ne!(l.texts().drop_files, EN.drop_files, "{l:?} translated");
        }
        assert_eq!(fill(UK.point_of, &["3", "10"]), "точка 3 з 10");
        assert_eq!(fill(DE.opening, &["a.gpx"]), "a.gpx wird geöffnet…");
    }
}
