//! The offline basemap: the demo area's vector tiles that the app ships (the repository's
//! shared `data/basemap/astana.pmtiles`, OpenStreetMap data under the ODbL), drawn by walkers'
//! own vector-tile renderer (wgpu) with this crate's own `data/basemap-style.json`. The archive
//! is built into the binary and written once to the app's cache folder, because walkers maps it
//! from a file.

use std::path::PathBuf;
use walkers::{PmTiles, Style};

const ARCHIVE: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/basemap/astana.pmtiles"
));
const STYLE: &str = include_str!("../data/basemap-style.json");
/// The archive's credit (as in the web view).
pub const ATTRIBUTION: &str = "© OpenStreetMap contributors (ODbL)";

/// walkers' style of the basemap.
pub fn style() -> Result<Style, String> {
    serde_json::from_str(STYLE).map_err(|e| format!("the basemap style is not valid: {e}"))
}

/// The archive on disk: `<cache>/app.trackmate/basemap/astana-<size>.pmtiles` (or the temp
/// folder without a cache folder), written when missing or of another size.
pub fn archive_path() -> Result<PathBuf, String> {
    let dir = trackmate_tiles::app_tile_dir()
        .and_then(|tiles| tiles.parent().map(|p| p.join("basemap")))
        .unwrap_or_else(|| std::env::temp_dir().join("trackmate-basemap"));
    let path = dir.join(format!("astana-{}.pmtiles", ARCHIVE.len()));
    if std::fs::metadata(&path).map(|m| m.len()).ok() == Some(ARCHIVE.len() as u64) {
        return Ok(path);
    }
    std::fs::create_dir_all(&dir).map_err(|e| {
        format!(
            "the offline basemap could not be written to {}: {e}",
            dir.display()
        )
    })?;
    trackmate_tracks::write_atomic(&path, |w| {
        w.write_all(ARCHIVE)
            .map_err(|source| trackmate_tracks::Error::Io {
                path: path.clone(),
                source,
            })
    })
    .map_err(|e| format!("the offline basemap could not be written: {e}"))?;
    Ok(path)
}

/// The basemap as a walkers layer.
pub fn tiles(ctx: &egui::Context) -> Result<PmTiles, String> {
    Ok(PmTiles::with_style(archive_path()?, style()?, ctx.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_style_is_one_walkers_reads_and_the_archive_is_a_pmtiles_v3() {
        style().unwrap();
        assert_eq!(&ARCHIVE[..7], b"PMTiles");
        assert_eq!(ARCHIVE[7], 3);
    }
}
