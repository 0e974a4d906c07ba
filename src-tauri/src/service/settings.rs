//! The app's settings: held in memory and, when a path is given, kept as JSON in the app's config
//! folder (written atomically, so a crash never leaves half a file). No secrets live here.

use std::path::PathBuf;
use std::sync::Mutex;

use crate::dto::Settings;
use crate::error::AppError;
use crate::state::lock;

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

    pub fn set(&self, settings: Settings) -> Result<(), AppError> {
        if let Some(url) = &settings.tile_url {
            if !(url.starts_with("https://") || url.starts_with("http://")) || !url.contains("{z}")
            {
                return Err(AppError::invalid_input(
                    "A tile URL starts with https:// and contains {z}, {x} and {y}.",
                ));
            }
        }
        if let Some(path) = lock(&self.path).as_ref() {
            let json = serde_json::to_vec_pretty(&settings)
                .map_err(|e| AppError::io(format!("cannot encode settings: {e}")))?;
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| AppError::io(format!("cannot create {}: {e}", dir.display())))?;
            }
            trackmate_tracks::write_atomic(path, |w| w.write_all(&json).map_err(Into::into))
                .map_err(|e| AppError::io(e.to_string()))?;
        }
        *lock(&self.current) = settings;
        Ok(())
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
        assert_eq!(store.get(), Settings::default());
    }
}
