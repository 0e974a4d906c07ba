//! The app's settings: held in memory and, when a path is given, kept as JSON in the app's config
//! folder (written atomically, so a crash never leaves half a file). No secrets live here: the
//! map source is stored with a `{key}` placeholder and its key goes to the OS keyring.

use std::path::PathBuf;
use std::sync::Mutex;

use trackmate_tiles::{SourceSpec, TileSource};

use crate::dto::{Settings, TileSourceSetting};
use crate::error::AppError;
use crate::state::{AppState, lock};

/// Current settings and where they are saved.
#[derive(Debug, Default)]
pub struct SettingsStore {
    path: Mutex<Option<PathBuf>>,
    current: Mutex<Settings>,
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
            .unwrap_or_default();
        *lock(&self.current) = loaded;
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

    /// Writes `settings` to the file, if there is one. Called with the settings lock held, so
    /// two writers cannot interleave their files.
    fn save(&self, settings: &Settings) -> Result<(), AppError> {
        let Some(path) = lock(&self.path).clone() else {
            return Ok(());
        };
        let json = serde_json::to_vec_pretty(settings)
            .map_err(|e| AppError::io(format!("cannot encode settings: {e}")))?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| AppError::io(format!("cannot create {}: {e}", dir.display())))?;
        }
        trackmate_tracks::write_atomic(&path, |w| w.write_all(&json).map_err(Into::into))
            .map_err(|e| AppError::io(e.to_string()))
    }
}

/// `set_settings`: stores the settings; when the older `tileUrl` changed, the map source is
/// read from them again (it is the source while none was chosen in the picker).
pub fn update(state: &AppState, settings: Settings) -> Result<(), AppError> {
    let changed = state.settings.get().tile_url != settings.tile_url;
    state.settings.set(settings)?;
    if changed {
        state.tiles().forget_current();
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

/// The tiles crate's messages start in lower case (they read as causes); the UI shows them as
/// sentences.
pub(crate) fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dto::{Language, Units};

    #[test]
    fn settings_persist_across_stores() {
        let dir = std::env::temp_dir().join(format!("tm-settings-{}", std::process::id()));
        let path = dir.join("settings.json");
        let s = Settings {
            language: Some(Language::Ru),
            tile_url: Some("https://tile.openstreetmap.org/{z}/{x}/{y}.png".into()),
            units: Some(Units::Imperial),
            tile_source: None,
        };
        SettingsStore::at(path.clone()).set(s.clone()).unwrap();
        assert_eq!(SettingsStore::at(path).get(), s);
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
        assert_eq!(err.kind, "invalid_input");
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
