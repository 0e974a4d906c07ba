//! The window's light or dark look, from the system only (the viewer runs without the app, so
//! it never sees the app's theme choice). egui follows the theme winit reports (Windows, macOS,
//! Wayland desktops that tell); where winit reports none (X11 always), the fallback is read once
//! at start from the desktop's own setting: `GTK_THEME` (`Adwaita:dark`), then GNOME's
//! `color-scheme` (`gsettings`); light when nothing says. Also the few colours the panel and the
//! map's background pick themselves, one set per theme, readable on egui's panel of that theme.

use egui::{Color32, Context, Theme, ThemePreference};

/// The theme `GTK_THEME` or GNOME's `color-scheme` (as `gsettings get` prints it) asks for;
/// `None` when neither says (then the viewer is light, as the web view is with no preference).
pub fn desktop_theme(gtk_theme: Option<&str>, color_scheme: Option<&str>) -> Option<Theme> {
    if let Some(variant) = gtk_theme.and_then(|t| t.split(':').nth(1)) {
        return Some(if variant.trim().eq_ignore_ascii_case("dark") {
            Theme::Dark
        } else {
            Theme::Light
        });
    }
    match color_scheme?.trim().trim_matches('\'') {
        "prefer-dark" => Some(Theme::Dark),
        "prefer-light" | "default" => Some(Theme::Light),
        _ => None,
    }
}

/// GNOME's `color-scheme`, when `gsettings` is there and knows the key (a few milliseconds, once).
fn gnome_color_scheme() -> Option<String> {
    let out = std::process::Command::new("gsettings")
        .args(["get", "org.gnome.desktop.interface", "color-scheme"])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The desktop's own theme setting (`GTK_THEME`, else GNOME's `color-scheme`), read on a thread
/// of its own from the start of `run`: asking `gsettings` starts a process, 4–20 ms on a busy
/// 2-core machine, that the window need not wait for while it opens.
pub struct Desktop(Option<std::thread::JoinHandle<Option<Theme>>>);

impl Desktop {
    /// Starts reading the setting (on Linux; elsewhere winit reports the theme itself).
    pub fn read() -> Desktop {
        if !cfg!(target_os = "linux") {
            return Desktop(None);
        }
        let read = || {
            let gtk = std::env::var("GTK_THEME").ok();
            // GTK_THEME with a variant decides alone; gsettings is asked only without it.
            desktop_theme(gtk.as_deref(), None)
                .or_else(|| desktop_theme(None, gnome_color_scheme().as_deref()))
        };
        Desktop(
            std::thread::Builder::new()
                .name("desktop-theme".into())
                .spawn(read)
                .ok(),
        )
    }

    /// What the desktop said (waiting for it if it has not answered yet); `None` when nothing.
    fn theme(self) -> Option<Theme> {
        self.0.and_then(|t| t.join().ok().flatten())
    }
}

/// Follows the system: winit's theme when it reports one (and its changes), else the desktop's
/// setting, else light (egui's own fallback would be dark).
pub fn follow_system(ctx: &Context, desktop: Desktop) {
    let fallback = desktop.theme();
    ctx.options_mut(|o| {
        o.theme_preference = ThemePreference::System;
        o.fallback_theme = fallback.unwrap_or(Theme::Light);
    });
}

/// The colours the viewer picks itself, for one theme.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Palette {
    /// Files that could not be opened.
    pub error: Color32,
    /// The map's notice (no tiles, no map).
    pub notice: Color32,
    /// Under the map where no tile is drawn.
    pub map_background: Color32,
}

pub fn palette(dark: bool) -> Palette {
    if dark {
        Palette {
            error: Color32::from_rgb(0xff, 0x8a, 0x80),
            notice: Color32::from_rgb(0xf2, 0xc1, 0x4e),
            map_background: Color32::from_rgb(0x24, 0x27, 0x2b),
        }
    } else {
        Palette {
            error: Color32::from_rgb(0xc6, 0x28, 0x28),
            notice: Color32::from_rgb(0x8a, 0x5a, 0x00),
            map_background: Color32::from_rgb(0xe9, 0xe6, 0xdf),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn luminance(c: Color32) -> f64 {
        let lin = |v: u8| {
            let s = f64::from(v) / 255.0;
            if s <= 0.04045 {
                s / 12.92
            } else {
                ((s + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(c.r()) + 0.7152 * lin(c.g()) + 0.0722 * lin(c.b())
    }

    fn contrast(a: Color32, b: Color32) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn the_desktop_setting_is_read() {
        assert_eq!(desktop_theme(Some("Adwaita:dark"), None), Some(Theme::Dark));
        assert_eq!(
            desktop_theme(Some("Adwaita"), Some("'prefer-dark'\n")),
            Some(Theme::Dark)
        );
        assert_eq!(
            desktop_theme(Some("Adwaita:light"), Some("'prefer-dark'")),
            Some(Theme::Light)
        );
        assert_eq!(
            desktop_theme(None, Some("'prefer-dark'\n")),
            Some(Theme::Dark)
        );
        assert_eq!(desktop_theme(None, Some("'default'\n")), Some(Theme::Light));
        assert_eq!(
            desktop_theme(None, Some("'prefer-light'")),
            Some(Theme::Light)
        );
        assert_eq!(desktop_theme(None, Some("")), None);
        assert_eq!(desktop_theme(None, None), None);
    }

    #[test]
    fn following_the_system_falls_back_to_light_without_a_word_from_it() {
        let ctx = Context::default();
        // As on X11: winit reports no theme; an empty environment says nothing either.
        ctx.options_mut(|o| o.fallback_theme = Theme::Light);
        follow_system(&ctx, Desktop(None));
        ctx.options(|o| assert_eq!(o.theme_preference, ThemePreference::System));
        ctx.run_pass(egui::RawInput::default(), |_| {})
            .textures_delta
            .clear();
        let fallback = ctx.options(|o| o.fallback_theme);
        assert_eq!(ctx.theme(), fallback);
        // A system that says dark wins over the fallback.
        ctx.run_pass(
            egui::RawInput {
                system_theme: Some(Theme::Dark),
                ..Default::default()
            },
            |_| {},
        )
        .textures_delta
        .clear();
        assert_eq!(ctx.theme(), Theme::Dark);
    }

    /// The panel's own colours are AA-readable (4.5:1) on egui's panel of the same theme.
    #[test]
    fn panel_colours_are_readable_in_both_themes() {
        for dark in [false, true] {
            let bg = if dark {
                egui::Visuals::dark().panel_fill
            } else {
                egui::Visuals::light().panel_fill
            };
            let p = palette(dark);
            for (what, c) in [("error", p.error), ("notice", p.notice)] {
                let r = contrast(c, bg);
                assert!(
                    r >= 4.5,
                    "{what} in {} theme: {r:.2}:1",
                    if dark { "dark" } else { "light" }
                );
            }
        }
    }
}
