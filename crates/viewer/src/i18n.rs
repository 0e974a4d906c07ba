//! The viewer's texts in the app's interface languages, picked from the system's locale
//! (`LANGUAGE`, `LC_ALL`, `LC_MESSAGES`, `LANG`, as POSIX orders them). Arabic is read but shown
//! in English: egui lays text out left to right without shaping, so Arabic letters would come
//! out unjoined and reversed.

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
            Self::En => &EN,
            Self::Ru => &RU,
            Self::Es => &ES,
            Self::De => &DE,
            Self::Pt => &PT,
            Self::Ro => &RO,
            Self::Uk => &UK,
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

static EN: Texts = Texts {
    drop_files: "Drop GPX, KML, GeoJSON or CSV files here.",
    opening: "Opening {}…",
    distance: "Distance",
    duration: "Duration",
    moving: "Moving",
    stopped: "Stopped",
    max_speed: "Max speed",
    average: "Average",
    average_moving: "Average moving",
    stops: "Stops",
    trips: "Trips",
    parkings: "Parkings",
    points: "Points",
    timeless: "No times in this file: only the line and its length.",
    colour: "Colour:",
    by_speed: "speed",
    by_track: "track",
    speed_legend: "Speed, {}",
    unknown: "unknown",
    fit: "Fit (F)",
    could_not_open: "Could not open",
    dismiss: "Dismiss",
    retry_map: "Retry the map",
    keys: "+/− zoom · arrows pan · F fit · Q/Esc quit · drop files to open",
    speed: "speed {}",
    altitude: "altitude {}",
    satellites: "satellites {}",
    point_of: "point {} of {}",
};

static RU: Texts = Texts {
    drop_files: "Перетащите сюда файлы GPX, KML, GeoJSON или CSV.",
    opening: "Открывается {}…",
    distance: "Расстояние",
    duration: "Длительность",
    moving: "В движении",
    stopped: "Стоянки",
    max_speed: "Макс. скорость",
    average: "Средняя",
    average_moving: "Средняя в движении",
    stops: "Остановки",
    trips: "Поездки",
    parkings: "Парковки",
    points: "Точки",
    timeless: "В файле нет времени: только линия и её длина.",
    colour: "Цвет:",
    by_speed: "скорость",
    by_track: "трек",
    speed_legend: "Скорость, {}",
    unknown: "неизвестно",
    fit: "Показать всё (F)",
    could_not_open: "Не удалось открыть",
    dismiss: "Скрыть",
    retry_map: "Загрузить карту снова",
    keys: "+/− масштаб · стрелки сдвиг · F всё · Q/Esc выход · перетащите файлы, чтобы открыть",
    speed: "скорость {}",
    altitude: "высота {}",
    satellites: "спутники {}",
    point_of: "точка {} из {}",
};

static ES: Texts = Texts {
    drop_files: "Suelte aquí archivos GPX, KML, GeoJSON o CSV.",
    opening: "Abriendo {}…",
    distance: "Distancia",
    duration: "Duración",
    moving: "En movimiento",
    stopped: "Detenido",
    max_speed: "Velocidad máx.",
    average: "Media",
    average_moving: "Media en movimiento",
    stops: "Paradas",
    trips: "Viajes",
    parkings: "Estacionamientos",
    points: "Puntos",
    timeless: "Este archivo no tiene horas: solo la línea y su longitud.",
    colour: "Color:",
    by_speed: "velocidad",
    by_track: "recorrido",
    speed_legend: "Velocidad, {}",
    unknown: "desconocida",
    fit: "Ajustar (F)",
    could_not_open: "No se pudo abrir",
    dismiss: "Descartar",
    retry_map: "Reintentar el mapa",
    keys: "+/− zoom · flechas mover · F ajustar · Q/Esc salir · suelte archivos para abrirlos",
    speed: "velocidad {}",
    altitude: "altitud {}",
    satellites: "satélites {}",
    point_of: "punto {} de {}",
};

static DE: Texts = Texts {
    drop_files: "GPX-, KML-, GeoJSON- oder CSV-Dateien hier ablegen.",
    opening: "{} wird geöffnet…",
    distance: "Strecke",
    duration: "Dauer",
    moving: "In Fahrt",
    stopped: "Gestoppt",
    max_speed: "Höchstgeschw.",
    average: "Durchschnitt",
    average_moving: "Durchschnitt in Fahrt",
    stops: "Stopps",
    trips: "Fahrten",
    parkings: "Parkvorgänge",
    points: "Punkte",
    timeless: "Keine Zeiten in dieser Datei: nur die Linie und ihre Länge.",
    colour: "Farbe:",
    by_speed: "Geschwindigkeit",
    by_track: "Strecke",
    speed_legend: "Geschwindigkeit, {}",
    unknown: "unbekannt",
    fit: "Einpassen (F)",
    could_not_open: "Konnte nicht geöffnet werden",
    dismiss: "Schließen",
    retry_map: "Karte erneut laden",
    keys: "+/− Zoom · Pfeile verschieben · F einpassen · Q/Esc beenden · Dateien zum Öffnen ablegen",
    speed: "Geschwindigkeit {}",
    altitude: "Höhe {}",
    satellites: "Satelliten {}",
    point_of: "Punkt {} von {}",
};

static PT: Texts = Texts {
    drop_files: "Solte aqui arquivos GPX, KML, GeoJSON ou CSV.",
    opening: "Abrindo {}…",
    distance: "Distância",
    duration: "Duração",
    moving: "Em movimento",
    stopped: "Parado",
    max_speed: "Velocidade máx.",
    average: "Média",
    average_moving: "Média em movimento",
    stops: "Paradas",
    trips: "Viagens",
    parkings: "Estacionamentos",
    points: "Pontos",
    timeless: "Este arquivo não tem horários: só a linha e o comprimento.",
    colour: "Cor:",
    by_speed: "velocidade",
    by_track: "trajeto",
    speed_legend: "Velocidade, {}",
    unknown: "desconhecida",
    fit: "Ajustar (F)",
    could_not_open: "Não foi possível abrir",
    dismiss: "Dispensar",
    retry_map: "Tentar o mapa de novo",
    keys: "+/− zoom · setas movem · F ajustar · Q/Esc sair · solte arquivos para abrir",
    speed: "velocidade {}",
    altitude: "altitude {}",
    satellites: "satélites {}",
    point_of: "ponto {} de {}",
};

static RO: Texts = Texts {
    drop_files: "Trageți aici fișiere GPX, KML, GeoJSON sau CSV.",
    opening: "Se deschide {}…",
    distance: "Distanță",
    duration: "Durată",
    moving: "În mișcare",
    stopped: "Oprit",
    max_speed: "Viteză max.",
    average: "Medie",
    average_moving: "Medie în mișcare",
    stops: "Opriri",
    trips: "Curse",
    parkings: "Staționări",
    points: "Puncte",
    timeless: "Fișierul nu are ore: doar linia și lungimea ei.",
    colour: "Culoare:",
    by_speed: "viteză",
    by_track: "traseu",
    speed_legend: "Viteză, {}",
    unknown: "necunoscută",
    fit: "Încadrează (F)",
    could_not_open: "Nu s-a putut deschide",
    dismiss: "Închide",
    retry_map: "Reîncearcă harta",
    keys: "+/− zoom · săgeți mută · F încadrează · Q/Esc ieșire · trageți fișiere pentru a le deschide",
    speed: "viteză {}",
    altitude: "altitudine {}",
    satellites: "sateliți {}",
    point_of: "punctul {} din {}",
};

static UK: Texts = Texts {
    drop_files: "Перетягніть сюди файли GPX, KML, GeoJSON або CSV.",
    opening: "Відкривається {}…",
    distance: "Відстань",
    duration: "Тривалість",
    moving: "У русі",
    stopped: "Стоянки",
    max_speed: "Макс. швидкість",
    average: "Середня",
    average_moving: "Середня в русі",
    stops: "Зупинки",
    trips: "Поїздки",
    parkings: "Паркування",
    points: "Точки",
    timeless: "У файлі немає часу: лише лінія та її довжина.",
    colour: "Колір:",
    by_speed: "швидкість",
    by_track: "трек",
    speed_legend: "Швидкість, {}",
    unknown: "невідомо",
    fit: "Показати все (F)",
    could_not_open: "Не вдалося відкрити",
    dismiss: "Сховати",
    retry_map: "Завантажити карту знову",
    keys: "+/− масштаб · стрілки зсув · F усе · Q/Esc вихід · перетягніть файли, щоб відкрити",
    speed: "швидкість {}",
    altitude: "висота {}",
    satellites: "супутники {}",
    point_of: "точка {} з {}",
};

#[cfg(test)]
mod tests {
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
    fn every_language_fills_the_same_places() {
        let count = |t: &Texts| {
            [
                t.opening,
                t.speed_legend,
                t.speed,
                t.altitude,
                t.satellites,
                t.point_of,
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
