//! The panel's map notice: why the tracks lie on a plain background, kept as a reason and
//! written in the panel's language when it is shown.

use crate::i18n::{Texts, fill};

/// Why there is no map under the tracks.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// `--map none`.
    Asked,
    /// The offline basemap is drawn by the GPU renderer, and the CPU one paints.
    NeedsGpu,
    /// The offline basemap needs wgpu, which did not start.
    NoWgpu,
    /// The tile cache has no folder (HOME is not set).
    NoCacheFolder,
    /// The map could not be set up: why, in the words of the part that failed.
    Failed(String),
}

impl Notice {
    pub fn text(&self, tx: &Texts) -> String {
        let m = &tx.map;
        match self {
            Notice::Asked => m.asked.to_owned(),
            Notice::NeedsGpu => m.needs_gpu.to_owned(),
            Notice::NoWgpu => m.no_wgpu.to_owned(),
            Notice::NoCacheFolder => m.no_cache_folder.to_owned(),
            Notice::Failed(why) => fill(m.failed, &[why]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn a_notice_is_written_in_the_panels_language() {
        let (en, ru) = (Lang::En.texts(), Lang::Ru.texts());
        assert_eq!(Notice::Asked.text(en), "No map (--map none).");
        assert_eq!(Notice::Asked.text(ru), "Без карты (--map none).");
        let failed = Notice::Failed("disk full".into());
        assert_eq!(
            failed.text(en),
            "No map: disk full. The tracks are drawn on a plain background."
        );
        assert_eq!(
            failed.text(ru),
            "Без карты: disk full. Треки рисуются на простом фоне."
        );
    }
}
