//! The settings through the real IPC path: a round trip with habits and theme, bad values
//! refused, an older page's settings (without habits or theme) taken with defaults.

mod common;

use std::sync::Arc;

use common::app;
use serde_json::{Value, json};
use trackmate_app::dto::Settings;
use trackmate_keystore::MemoryStore;

#[test]
fn settings_round_trip_and_bad_values_are_refused() {
    let t = app(&Arc::new(MemoryStore::new()));
    let s: Settings = t.invoke("get_settings", json!({})).unwrap();
    assert_eq!(s, Settings::default());
    let new = json!({"language": "ru", "tileUrl": null, "units": "imperial", "theme": "dark",
        "habits": {"https://api.example.com/v2|fleet": {"language": "de", "units": "nautical",
            "dateFormat": null, "hourCycle": "h24"}}});
    let _: Value = t.invoke("set_settings", json!({"settings": new})).unwrap();
    let back: Value = t.invoke("get_settings", json!({})).unwrap();
    assert_eq!(back, new);
    // A page of an older build sends no habits or theme: defaults, not a refusal.
    let old = json!({"language": "ru", "tileUrl": null, "units": "imperial"});
    let _: Value = t.invoke("set_settings", json!({"settings": old})).unwrap();
    let back: Value = t.invoke("get_settings", json!({})).unwrap();
    assert_eq!(back["habits"], json!({}));
    assert_eq!(back["theme"], Value::Null);
    let err = t
        .invoke_json(
            "set_settings",
            json!({"settings": {"language": null, "tileUrl": "ftp://x", "units": null}}),
        )
        .unwrap_err();
    assert_eq!(err["kind"], "invalid_input");
}
