//! The app's settings: held in memory and, when a path is given, kept as JSON in the app's config
//! folder (written atomically, so a crash never leaves half a file). No secrets live here: the
//! map source is stored with a `{key}` placeholder and its key goes to the OS keyring. The same
//! file keeps each server's company CA certificate (`companyCas`, PEM by server address):
//! certificates are public, and the UI never receives them (only a file name and a count). And
//! the ids of events already notified per account (`notified`), so no event is notified twice.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use trackmate_tiles::{SourceSpec, TileSource};

use crate::dto::{Settings, TileSourceSetting};
use crate::error::AppError;
use crate::error::capitalize;
use crate::lock::lock;

/// Current settings and where they are saved.
#[derive(Debug, Default)]
pub struct SettingsStore {
    path: Mutex<Option<PathBuf>>,
    current: Mutex<Settings>,
    company_cas: Mutex<BTreeMap<String, CompanyCa>>,
    notified: Mutex<BTreeMap<String, Vec<i64>>>,
}

/// Notified event ids kept per account: far more than one feed holds (`service::alerts`).
const NOTIFIED_KEPT: usize = 2000;

/// A company CA certificate kept for one server: the PEM and the name of the file it came
/// from (to show which file was picked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompanyCa {
    pub file_name: String,
    pub pem: String,
}

/// The settings file: the UI's settings, and beside them what the UI never sees.
#[derive(Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SettingsFile {
    #[serde(flatten)]
    settings: Settings,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    company_cas: BTreeMap<String, CompanyCa>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    notified: BTreeMap<String, Vec<i64>>,
}

/// The key a server's CA is kept under: its normalised address (so `…/v2/` and `…/v2` agree).
fn server_key(server: &str) -> String {
    trackmate_api::normalize_base(server).unwrap_or_else(|_| server.trim().to_owned())
}

/// The settings file read part by part: a value this build cannot read (a language a newer
/// build added, a hand-edited typo) loses that value only — never the company CAs, the events
/// already notified, or the other settings.
fn read_file(file: serde_json::Value) -> SettingsFile {
    use serde_json::{Map, Value};
    let Value::Object(mut all) = file else {
        return SettingsFile::default();
    };
    fn part<T: serde::de::DeserializeOwned>(v: Option<Value>) -> Option<T> {
        v.and_then(|v| serde_json::from_value(v).ok())
    }
    let company_cas = part(all.remove("companyCas")).unwrap_or_default();
    let notified = part(all.remove("notified")).unwrap_or_default();
    // Each profile's display choices on their own.
    if let Some(Value::Object(profiles)) = all.get_mut("habits") {
        profiles.retain(|_, h| serde_json::from_value::<crate::dto::Habits>(h.clone()).is_ok());
    }
    // Each setting on its own (the others missing read as their defaults).
    all.retain(|k, v| {
        let alone = Map::from_iter([(k.clone(), v.clone())]);
        serde_json::from_value::<Settings>(Value::Object(alone)).is_ok()
    });
    SettingsFile {
        settings: serde_json::from_value(Value::Object(all)).unwrap_or_default(),
        company_cas,
        notified,
    }
}

impl SettingsStore {
    /// Settings kept only in memory (tests).
    pub fn in_memory() -> Self {
        Self::default()
    }

    /// Settings loaded from `path` (defaults when it is missing or unreadable: settings are a
    /// convenience, and a broken file must not stop the app from starting).
    pub fn at(path: PathBuf) -> Self {
        let store = Self::default();
        store.load_from(path);
        store
    }

    /// Switches to the file at `path` (known only once the app runs) and loads it.
    pub fn load_from(&self, path: PathBuf) {
        let loaded = std::fs::read(&path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .map(read_file)
            .unwrap_or_default();
        *lock(&self.current) = loaded.settings;
        *lock(&self.company_cas) = loaded.company_cas;
        *lock(&self.notified) = loaded.notified;
        *lock(&self.path) = Some(path);
    }

    pub fn get(&self) -> Settings {
        lock(&self.current).clone()
    }

    /// Replaces the settings the UI edits (language, units, the older `tileUrl`). The map
    /// source is kept as stored: only [`SettingsStore::set_tile_source`] changes it, so a UI
    /// that sends back an older copy of the settings cannot undo a newer choice.
    pub fn set(&self, settings: Settings) -> Result<(), AppError> {
        if let Some(url) = &settings.tile_url {
            check_tile_url(url)?;
        }
        let mut current = lock(&self.current);
        let next = Settings {
            tile_source: current.tile_source.clone(),
            ..settings
        };
        self.save(&next)?;
        *current = next;
        Ok(())
    }

    /// Remembers the map source (no key in it: see `service::tiles`).
    pub fn set_tile_source(&self, source: TileSourceSetting) -> Result<(), AppError> {
        let mut current = lock(&self.current);
        let next = Settings {
            tile_source: Some(source),
            ..current.clone()
        };
        self.save(&next)?;
        *current = next;
        Ok(())
    }

    /// The company CA kept for `server`, if any.
    pub fn company_ca(&self, server: &str) -> Option<CompanyCa> {
        lock(&self.company_cas).get(&server_key(server)).cloned()
    }

    /// Keeps `ca` for `server` (`None` forgets it) and saves.
    pub fn set_company_ca(&self, server: &str, ca: Option<CompanyCa>) -> Result<(), AppError> {
        // The settings lock first, as in `set`: one writer of the file at a time.
        let current = lock(&self.current);
        let mut cas = lock(&self.company_cas).clone();
        match ca {
            Some(ca) => cas.insert(server_key(server), ca),
            None => cas.remove(&server_key(server)),
        };
        self.write(&current, &cas)?;
        *lock(&self.company_cas) = cas;
        Ok(())
    }

    /// Of `ids` (the events in the feed now), those never handed out before for `account`
    /// (server and login), remembered from now on (the newest `NOTIFIED_KEPT` ids) in the file,
    /// so a reconnect or a restart never hands out an event twice. The first feed of an account
    /// hands out none: the backlog found at the first sign-in is not news.
    pub fn fresh_events(&self, account: &str, ids: &[i64]) -> Vec<i64> {
        // The settings lock first, as in `set`: one writer of the file at a time.
        let current = lock(&self.current);
        let mut all = lock(&self.notified);
        let first = !all.contains_key(account);
        let seen = all.entry(account.to_owned()).or_default();
        let new: Vec<i64> = ids
            .iter()
            .copied()
            .filter(|id| seen.binary_search(id).is_err())
            .collect();
        if new.is_empty() && !first {
            return new;
        }
        seen.extend(&new);
        seen.sort_unstable();
        seen.dedup();
        // Server ids grow with time: the smallest are the oldest.
        let over = seen.len().saturating_sub(NOTIFIED_KEPT);
        seen.drain(..over);
        drop(all);
        let cas = lock(&self.company_cas).clone();
        if let Err(e) = self.write(&current, &cas) {
            // Kept in memory all the same: no event is notified twice while the app runs.
            tracing::warn!(error = %e.message, "could not save the notified events");
        }
        if first { Vec::new() } else { new }
    }

    /// Writes `settings` (and the kept CAs) to the file, if there is one. Called with the
    /// settings lock held, so two writers cannot interleave their files.
    fn save(&self, settings: &Settings) -> Result<(), AppError> {
        let cas = lock(&self.company_cas).clone();
        self.write(settings, &cas)
    }

    fn write(
        &self,
        settings: &Settings,
        cas: &BTreeMap<String, CompanyCa>,
    ) -> Result<(), AppError> {
        let Some(path) = lock(&self.path).clone() else {
            return Ok(());
        };
        let file = SettingsFile {
            settings: settings.clone(),
            company_cas: cas.clone(),
            notified: lock(&self.notified).clone(),
        };
        let json = serde_json::to_vec_pretty(&file)
            .map_err(|e| AppError::io(format!("cannot encode settings: {e}")))?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| AppError::io(format!("cannot create {}: {e}", dir.display())))?;
        }
        trackmate_tracks::write_atomic(&path, |w| w.write_all(&json).map_err(Into::into))
            .map_err(|e| AppError::io(e.to_string()))
    }
}

/// `set_settings`: stores the settings; when the older `tileUrl` changed, `tile_url_changed`
/// runs (the app then reads the map source from them again: it is the source while none was
/// chosen in the picker). A callback, so the settings need not know the tiles, which read them.
pub fn update(
    store: &SettingsStore,
    settings: Settings,
    tile_url_changed: impl FnOnce(),
) -> Result<(), AppError> {
    let changed = store.get().tile_url != settings.tile_url;
    store.set(settings)?;
    if changed {
        tile_url_changed();
    }
    Ok(())
}

/// The older `tileUrl` setting must be a usable keyless XYZ template: checked by the same rules
/// as a custom map source.
fn check_tile_url(url: &str) -> Result<(), AppError> {
    let spec = SourceSpec::xyz("custom", "", url);
    match TileSource::new(spec) {
        Ok(source) if source.has_key() => Err(AppError::invalid_input(
            "The tile URL holds an API key; choose the map in the map picker so the key is kept in the OS keyring.",
        )),
        Ok(_) => Ok(()),
        Err(e) => Err(AppError::invalid_input(capitalize(&e.to_string()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dto::{Habits, HourCycle, Language, Theme, Units};

    #[test]
    fn settings_persist_across_stores() {
        let dir = std::env::temp_dir().join(format!("tm-settings-{}", std::process::id()));
        let path = dir.join("settings.json");
        let s = Settings {
            language: Some(Language::Ru),
            tile_url: Some("https://tile.openstreetmap.org/{z}/{x}/{y}.png".into()),
            units: Some(Units::Imperial),
            habits: [(
                "https://api.example.com/v2|fleet@example.com".to_owned(),
                Habits {
                    language: Some(Language::Uk),
                    hour_cycle: Some(HourCycle::H24),
                    ..Habits::default()
                },
            )]
            .into(),
            theme: Some(Theme::Dark),
            tile_source: None,
        };
        SettingsStore::at(path.clone()).set(s.clone()).unwrap();
        assert_eq!(SettingsStore::at(path).get(), s);
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn an_older_settings_file_without_habits_still_loads() {
        let dir = std::env::temp_dir().join(format!("tm-settings-old-{}", std::process::id()));
        let path = dir.join("settings.json");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            &path,
            r#"{"language":"ru","tileUrl":null,"units":"metric"}"#,
        )
        .unwrap();
        let s = SettingsStore::at(path).get();
        assert_eq!(s.language, Some(Language::Ru));
        assert_eq!(s.units, Some(Units::Metric));
        assert!(s.habits.is_empty());
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn a_file_from_before_the_theme_loads_and_the_theme_round_trips() {
        let dir = std::env::temp_dir().join(format!("tm-settings-theme-{}", std::process::id()));
        let path = dir.join("settings.json");
        std::fs::create_dir_all(&dir).unwrap();
        // A settings file as older versions wrote it: no `theme` field.
        std::fs::write(
            &path,
            r#"{"language":"ru","tileUrl":null,"units":"imperial","companyCas":{}}"#,
        )
        .unwrap();
        let old = SettingsStore::at(path.clone()).get();
        assert_eq!(old.language, Some(Language::Ru));
        assert_eq!(old.units, Some(Units::Imperial));
        assert_eq!(old.theme, None);
        // Chosen, saved, read back by a new store; then back to following the system.
        for theme in [Some(Theme::Dark), Some(Theme::Light), None] {
            let store = SettingsStore::at(path.clone());
            store
                .set(Settings {
                    theme,
                    ..store.get()
                })
                .unwrap();
            let again = SettingsStore::at(path.clone()).get();
            assert_eq!(again.theme, theme);
            assert_eq!(again.language, Some(Language::Ru));
        }
        let json = std::fs::read_to_string(&path).unwrap();
        assert!(json.contains(r#""theme": null"#), "{json}");
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn a_value_this_build_cannot_read_loses_only_that_value() {
        let dir = std::env::temp_dir().join(format!("tm-settings-lenient-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("settings.json");
        // A newer build's file: an unknown language, an unknown unit in one profile, a new key.
        let file = r#"{"language": "fi", "tileUrl": null, "units": "imperial", "theme": "dark",
            "habits": {"a|x": {"language": "ru", "units": "furlongs", "dateFormat": null, "hourCycle": null},
                       "b|y": {"language": "de", "units": null, "dateFormat": null, "hourCycle": "h24"}},
            "somethingNew": 1,
            "companyCas": {"https://fleet.example.com/v2": {"fileName": "ca.pem", "pem": "PEM"}},
            "notified": {"acct": [1, 2, 3]}}"#;
        std::fs::write(&path, file).unwrap();
        let store = SettingsStore::at(path.clone());
        let s = store.get();
        assert_eq!(s.language, None);
        assert_eq!(s.units, Some(Units::Imperial));
        assert_eq!(s.theme, Some(Theme::Dark));
        assert_eq!(s.habits.keys().collect::<Vec<_>>(), ["b|y"]);
        assert!(store.company_ca("https://fleet.example.com/v2").is_some());
        // Saved again, the CA and the notified ids are still there.
        store.set(store.get()).unwrap();
        let json = std::fs::read_to_string(&path).unwrap();
        assert!(
            json.contains("ca.pem") && json.contains("\"acct\""),
            "{json}"
        );
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn the_theme_is_camel_case_in_json() {
        let s: Settings =
            serde_json::from_str(r#"{"language":null,"tileUrl":null,"units":null,"theme":"dark"}"#)
                .unwrap();
        assert_eq!(s.theme, Some(Theme::Dark));
        let back = serde_json::to_value(&s).unwrap();
        assert_eq!(back["theme"], "dark");
    }

    #[test]
    fn company_cas_persist_by_server_beside_the_settings() {
        let dir = std::env::temp_dir().join(format!("tm-settings-ca-{}", std::process::id()));
        let path = dir.join("settings.json");
        let store = SettingsStore::at(path.clone());
        store
            .set(Settings {
                language: Some(Language::Ru),
                ..Settings::default()
            })
            .unwrap();
        let ca = CompanyCa {
            file_name: "company-ca.pem".into(),
            pem: "-----BEGIN CERTIFICATE-----\n...".into(),
        };
        store
            .set_company_ca("https://fleet.example.com/v2/", Some(ca.clone()))
            .unwrap();
        // Saving the settings again keeps the CA; another address has none.
        store.set(store.get()).unwrap();
        let again = SettingsStore::at(path.clone());
        assert_eq!(again.company_ca("https://fleet.example.com/v2"), Some(ca));
        assert_eq!(again.company_ca("https://other.example.com/v2"), None);
        assert_eq!(again.get().language, Some(Language::Ru));
        again
            .set_company_ca("https://fleet.example.com/v2", None)
            .unwrap();
        assert_eq!(
            SettingsStore::at(path).company_ca("https://fleet.example.com/v2"),
            None
        );
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn bad_tile_url_is_invalid_input() {
        let store = SettingsStore::in_memory();
        let err = store
            .set(Settings {
                tile_url: Some("file:///etc/passwd".into()),
                ..Settings::default()
            })
            .unwrap_err();
        assert_eq!(err.kind, crate::error::AppErrorKind::InvalidInput);
        assert!(
            err.message.contains("has no {z} placeholder"),
            "{}",
            err.message
        );
        assert_eq!(store.get(), Settings::default());
    }

    #[test]
    fn set_keeps_the_stored_tile_source() {
        let store = SettingsStore::in_memory();
        let chosen = TileSourceSetting {
            kind: crate::dto::TileSourceKind::OpenTopoMap,
            custom: None,
        };
        store.set_tile_source(chosen.clone()).unwrap();
        // An older copy of the settings (no tile source) comes back from the UI.
        store
            .set(Settings {
                language: Some(Language::En),
                ..Settings::default()
            })
            .unwrap();
        assert_eq!(store.get().tile_source, Some(chosen));
        assert_eq!(store.get().language, Some(Language::En));
    }
}
