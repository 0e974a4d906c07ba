//! The user's display habits (docs/ipc.md "Habits"): the interface language, units, date
//! format and clock the server keeps for the user (`user/settings/read`), and the choices the
//! user made in the app over them, remembered per server profile.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dto::dto;

/// An interface language (the eight the vendor's own interface has).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/api/bindings/")]
pub enum Language {
    En,
    Ru,
    Es,
    Ar,
    De,
    Pt,
    Ro,
    Uk,
}

/// Units of speed and distance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/api/bindings/")]
pub enum Units {
    /// km/h and km.
    Metric,
    /// mph and miles.
    Imperial,
    /// Knots and nautical miles.
    Nautical,
}

/// How dates are written, as the server names them (`date_format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "../../ui/src/api/bindings/")]
pub enum DateFormat {
    /// 01.12.2021
    #[serde(rename = "ddMMyyyy_dots")]
    DdMmYyyyDots,
    /// 01/12/2021
    #[serde(rename = "ddMMyyyy_slashes")]
    DdMmYyyySlashes,
    /// 12-01-2021
    #[serde(rename = "MMddyyyy_hyphens")]
    MmDdYyyyHyphens,
    /// 2021-12-01
    #[serde(rename = "yyyyMMdd_hyphens")]
    YyyyMmDdHyphens,
    /// 1 Dec 2021
    #[serde(rename = "dMMMy")]
    DMmmY,
    /// 1 December 2021
    #[serde(rename = "dMMMMy")]
    DMmmmY,
}

/// 12- or 24-hour clock (`hour_mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/api/bindings/")]
pub enum HourCycle {
    H12,
    H24,
}

dto! {
/// What the server keeps for the user; `None` where it says nothing we know (the page then
/// follows the language's own custom).
#[derive(Default)]
pub struct ServerHabits {
    pub language: Option<Language>,
    pub units: Option<Units>,
    pub date_format: Option<DateFormat>,
    pub hour_cycle: Option<HourCycle>,
}
}

dto! {
/// The user's choices in the app for one server profile; `None` follows the server.
#[derive(Default, Copy)]
pub struct Habits {
    pub language: Option<Language>,
    pub units: Option<Units>,
    pub date_format: Option<DateFormat>,
    pub hour_cycle: Option<HourCycle>,
}
}

impl Language {
    /// The language of a server locale: `en_US`, `ru`, `pt-BR`, `uk_UA` … (the seed's forms);
    /// `None` for one of other languages (`nl_NL`).
    pub fn from_locale(locale: &str) -> Option<Self> {
        let base = locale.split(['_', '-']).next()?.trim().to_ascii_lowercase();
        Some(match base.as_str() {
            "en" => Self::En,
            "ru" => Self::Ru,
            "es" => Self::Es,
            "ar" => Self::Ar,
            "de" => Self::De,
            "pt" => Self::Pt,
            "ro" => Self::Ro,
            "uk" => Self::Uk,
            _ => return None,
        })
    }
}

impl ServerHabits {
    /// From the server's strings (`user/settings/read`, else `user/get_info`'s `user_info`);
    /// an unknown value reads as unsaid, as everywhere in the client.
    pub fn from_server(
        locale: Option<&str>,
        measurement_system: Option<&str>,
        date_format: Option<&str>,
        hour_mode: Option<&str>,
    ) -> Self {
        Self {
            language: locale.and_then(Language::from_locale),
            units: measurement_system.and_then(|m| match m {
                // `metric_gal_us` is metric distances with US gallons (fuel only).
                "metric" | "metric_gal_us" => Some(Units::Metric),
                "imperial" | "us" => Some(Units::Imperial),
                "nautical" => Some(Units::Nautical),
                _ => None,
            }),
            date_format: date_format
                .and_then(|d| serde_json::from_value(serde_json::Value::String(d.to_owned())).ok()),
            hour_cycle: hour_mode.and_then(|h| match h {
                "TWELVE_HOURS" => Some(HourCycle::H12),
                "TWENTY_FOUR_HOURS" => Some(HourCycle::H24),
                _ => None,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_in_the_seeds_forms() {
        assert_eq!(Language::from_locale("en_US"), Some(Language::En));
        assert_eq!(Language::from_locale("ru"), Some(Language::Ru));
        assert_eq!(Language::from_locale("pt-BR"), Some(Language::Pt));
        assert_eq!(Language::from_locale("uk_UA"), Some(Language::Uk));
        assert_eq!(Language::from_locale("AR"), Some(Language::Ar));
        assert_eq!(Language::from_locale("nl_NL"), None);
        assert_eq!(Language::from_locale(""), None);
    }

    #[test]
    fn server_strings_map_to_habits_and_unknown_ones_to_none() {
        let h = ServerHabits::from_server(
            Some("ru_RU"),
            Some("nautical"),
            Some("MMddyyyy_hyphens"),
            Some("TWELVE_HOURS"),
        );
        assert_eq!(
            h,
            ServerHabits {
                language: Some(Language::Ru),
                units: Some(Units::Nautical),
                date_format: Some(DateFormat::MmDdYyyyHyphens),
                hour_cycle: Some(HourCycle::H12),
            }
        );
        let us = ServerHabits::from_server(Some("en_US"), Some("us"), Some("dMMMMy"), None);
        assert_eq!(us.units, Some(Units::Imperial));
        assert_eq!(us.date_format, Some(DateFormat::DMmmmY));
        let odd = ServerHabits::from_server(Some("xx"), Some("furlongs"), Some("ddMM"), Some("24"));
        assert_eq!(odd, ServerHabits::default());
        assert_eq!(
            ServerHabits::from_server(None, Some("metric_gal_us"), None, Some("TWENTY_FOUR_HOURS")),
            ServerHabits {
                units: Some(Units::Metric),
                hour_cycle: Some(HourCycle::H24),
                ..Default::default()
            }
        );
    }

    #[test]
    fn habits_are_written_as_the_page_reads_them() {
        let h = Habits {
            language: Some(Language::Uk),
            units: Some(Units::Nautical),
            date_format: Some(DateFormat::YyyyMmDdHyphens),
            hour_cycle: Some(HourCycle::H24),
        };
        assert_eq!(
            serde_json::to_value(h).unwrap(),
            serde_json::json!({"language": "uk", "units": "nautical", "dateFormat": "yyyyMMdd_hyphens", "hourCycle": "h24"})
        );
    }
}
