//! Request parameters and their two encodings: form fields (the default; arrays and objects as
//! JSON literals, as the docs' examples do) or one JSON object.

use crate::time::{Time, format};
use chrono_tz::Tz;
use serde::Serialize;
use serde_json::{Map, Value};

/// How parameters travel in the POST body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// `application/x-www-form-urlencoded` (default): works with every server we know of.
    #[default]
    Form,
    /// `application/json` with parameters as root keys.
    Json,
}

/// An ordered parameter list.
#[derive(Clone, Default)]
pub(crate) struct Params {
    items: Vec<(&'static str, Value)>,
}

/// Names only: `user/auth`'s parameters hold the password.
impl std::fmt::Debug for Params {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.items.iter().map(|(k, _)| k))
            .finish()
    }
}

impl Params {
    pub fn new() -> Params {
        Params::default()
    }

    /// Adds a parameter; `None` values are left out.
    pub fn set(mut self, name: &'static str, value: impl Serialize) -> Params {
        let v = serde_json::to_value(value).expect("parameters are plain data");
        if !v.is_null() {
            self.items.retain(|(k, _)| *k != name);
            self.items.push((name, v));
        }
        self
    }

    /// Adds a date/time in the server's format, in the user's zone.
    pub fn time(self, name: &'static str, t: &Time, tz: Tz) -> Params {
        self.set(name, format(t, tz))
    }

    /// Form fields: strings raw, numbers and booleans bare, arrays and objects as JSON text.
    pub fn form_pairs(&self) -> Vec<(&'static str, String)> {
        self.items
            .iter()
            .map(|(k, v)| {
                let s = match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (*k, s)
            })
            .collect()
    }

    /// One JSON object with the parameters as root keys.
    pub fn json_object(&self) -> Value {
        let map: Map<String, Value> = self
            .items
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect();
        Value::Object(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_names_the_parameters_without_their_values() {
        let p = Params::new()
            .set("login", "a@b.c")
            .set("password", "pw-XYZ");
        assert_eq!(p.form_pairs()[1], ("password", "pw-XYZ".to_owned()));
        assert_eq!(format!("{p:?}"), r#"["login", "password"]"#);
    }

    #[test]
    fn form_encodes_arrays_as_json_literals_and_strings_raw() {
        let p = Params::new()
            .set("trackers", [1, 2])
            .set("login", "a@b.c")
            .set("flag", true)
            .set("skip", None::<i32>)
            .set("n", 5);
        assert_eq!(
            p.form_pairs(),
            vec![
                ("trackers", "[1,2]".to_owned()),
                ("login", "a@b.c".to_owned()),
                ("flag", "true".to_owned()),
                ("n", "5".to_owned())
            ]
        );
        assert_eq!(
            p.json_object(),
            serde_json::json!({"trackers":[1,2],"login":"a@b.c","flag":true,"n":5})
        );
    }
}
