//! Request parameters from any of the three encodings (GET query, POST form, POST JSON), with
//! typed getters that turn unparsable or missing values into error 7 naming the parameter.
//! Form/query values follow INDEX §1.3: arrays/objects/bools are JSON literals, strings raw.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde_json::Value;

use crate::codes::{ApiError, ApiResult};
use crate::timefmt::parse_datetime;

#[derive(Debug, Clone)]
enum Val {
    /// A native JSON value from a JSON body.
    Json(Value),
    /// A raw string from a form field or the query string.
    Text(String),
}

#[derive(Debug, Default, Clone)]
pub struct Params {
    map: HashMap<String, Val>,
}

impl Params {
    /// Merges the query string and the body; body values win over query values.
    /// A JSON body that is not an object, or is not JSON at all, is error 5.
    pub fn from_request(
        query: Option<&str>,
        content_type: Option<&str>,
        body: &[u8],
    ) -> ApiResult<Params> {
        let mut p = Params::default();
        if let Some(q) = query {
            p.add_urlencoded(q);
        }
        let ct = content_type.unwrap_or("").to_ascii_lowercase();
        let trimmed = body.iter().position(|b| !b.is_ascii_whitespace());
        let Some(start) = trimmed else {
            return Ok(p);
        };
        let is_json = ct.contains("json") || (!ct.contains("form") && body[start] == b'{');
        if is_json {
            match serde_json::from_slice::<Value>(body) {
                Ok(Value::Object(obj)) => {
                    for (k, v) in obj {
                        p.map.insert(k, Val::Json(v));
                    }
                }
                _ => return Err(ApiError::new(5)),
            }
        } else {
            let text = std::str::from_utf8(body).map_err(|_| ApiError::new(5))?;
            p.add_urlencoded(text);
        }
        Ok(p)
    }

    fn add_urlencoded(&mut self, s: &str) {
        for pair in s.split('&').filter(|x| !x.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            self.map.insert(url_decode(k), Val::Text(url_decode(v)));
        }
    }

    /// A string parameter; JSON numbers and bools are accepted as their text (lenient).
    pub fn opt_str(&self, name: &str) -> ApiResult<Option<String>> {
        match self.map.get(name) {
            None | Some(Val::Json(Value::Null)) => Ok(None),
            Some(Val::Text(s)) => Ok(Some(s.clone())),
            Some(Val::Json(Value::String(s))) => Ok(Some(s.clone())),
            Some(Val::Json(v @ (Value::Number(_) | Value::Bool(_)))) => Ok(Some(v.to_string())),
            Some(Val::Json(_)) => Err(ApiError::param(name, "Must be a string")),
        }
    }

    pub fn req_str(&self, name: &str) -> ApiResult<String> {
        self.opt_str(name)?.ok_or_else(|| missing(name))
    }

    /// An integer; a JSON string holding digits is accepted too (the docs leave this open).
    pub fn opt_i64(&self, name: &str) -> ApiResult<Option<i64>> {
        let bad = || ApiError::param(name, "Must be an integer");
        match self.map.get(name) {
            None | Some(Val::Json(Value::Null)) => Ok(None),
            Some(Val::Text(s)) | Some(Val::Json(Value::String(s))) => {
                s.trim().parse::<i64>().map(Some).map_err(|_| bad())
            }
            Some(Val::Json(Value::Number(n))) => n.as_i64().map(Some).ok_or_else(bad),
            Some(Val::Json(_)) => Err(bad()),
        }
    }

    pub fn req_i64(&self, name: &str) -> ApiResult<i64> {
        self.opt_i64(name)?.ok_or_else(|| missing(name))
    }

    pub fn opt_bool(&self, name: &str) -> ApiResult<Option<bool>> {
        let bad = || ApiError::param(name, "Must be a boolean");
        match self.map.get(name) {
            None | Some(Val::Json(Value::Null)) => Ok(None),
            Some(Val::Json(Value::Bool(b))) => Ok(Some(*b)),
            Some(Val::Text(s)) | Some(Val::Json(Value::String(s))) => match s.trim() {
                "true" => Ok(Some(true)),
                "false" => Ok(Some(false)),
                _ => Err(bad()),
            },
            Some(Val::Json(_)) => Err(bad()),
        }
    }

    pub fn bool_or(&self, name: &str, default: bool) -> ApiResult<bool> {
        Ok(self.opt_bool(name)?.unwrap_or(default))
    }

    /// A JSON array/object parameter: native in JSON bodies, a JSON literal in form/query.
    fn opt_json(&self, name: &str) -> ApiResult<Option<Value>> {
        match self.map.get(name) {
            None | Some(Val::Json(Value::Null)) => Ok(None),
            Some(Val::Json(v)) => Ok(Some(v.clone())),
            Some(Val::Text(s)) => serde_json::from_str(s)
                .map(Some)
                .map_err(|_| ApiError::param(name, "Must be a JSON array")),
        }
    }

    pub fn opt_i64_list(&self, name: &str) -> ApiResult<Option<Vec<i64>>> {
        let bad = || ApiError::param(name, "Must be an array of integers");
        match self.opt_json(name)? {
            None => Ok(None),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| v.as_i64().ok_or_else(bad))
                .collect::<ApiResult<Vec<_>>>()
                .map(Some),
            Some(_) => Err(bad()),
        }
    }

    pub fn req_i64_list(&self, name: &str) -> ApiResult<Vec<i64>> {
        self.opt_i64_list(name)?.ok_or_else(|| missing(name))
    }

    pub fn opt_str_list(&self, name: &str) -> ApiResult<Option<Vec<String>>> {
        let bad = || ApiError::param(name, "Must be an array of strings");
        match self.opt_json(name)? {
            None => Ok(None),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| v.as_str().map(str::to_string).ok_or_else(bad))
                .collect::<ApiResult<Vec<_>>>()
                .map(Some),
            Some(_) => Err(bad()),
        }
    }

    pub fn opt_datetime(&self, name: &str, tz: Tz) -> ApiResult<Option<DateTime<Utc>>> {
        match self.opt_str(name)? {
            None => Ok(None),
            Some(s) => parse_datetime(&s, tz).map(Some).ok_or_else(|| {
                ApiError::param(name, "Invalid date/time, expected yyyy-MM-dd HH:mm:ss")
            }),
        }
    }

    pub fn req_datetime(&self, name: &str, tz: Tz) -> ApiResult<DateTime<Utc>> {
        self.opt_datetime(name, tz)?.ok_or_else(|| missing(name))
    }

    /// The common `from`/`to` pair: both required, `to` strictly after `from`.
    pub fn interval(&self, tz: Tz) -> ApiResult<(DateTime<Utc>, DateTime<Utc>)> {
        let from = self.req_datetime("from", tz)?;
        let to = self.req_datetime("to", tz)?;
        if to <= from {
            return Err(ApiError::param("to", "Must be after 'from'"));
        }
        Ok((from, to))
    }
}

fn missing(name: &str) -> ApiError {
    ApiError::param(name, "Required parameter is missing")
}

/// `application/x-www-form-urlencoded` decoding: `+` is a space, `%XX` a byte.
pub fn url_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_values_are_json_literals_or_raw() {
        let body = b"trackers=%5B1%2C2%5D&flag=true&from=2024-01-01+10%3A00%3A00&n=5";
        let p =
            Params::from_request(None, Some("application/x-www-form-urlencoded"), body).unwrap();
        assert_eq!(p.req_i64_list("trackers").unwrap(), vec![1, 2]);
        assert_eq!(p.opt_bool("flag").unwrap(), Some(true));
        assert_eq!(p.req_str("from").unwrap(), "2024-01-01 10:00:00");
        assert_eq!(p.req_i64("n").unwrap(), 5);
    }

    #[test]
    fn bad_values_give_7() {
        let p = Params::from_request(Some("n=abc&b=yes&l=[1,"), None, b"").unwrap();
        assert_eq!(p.req_i64("n").unwrap_err().code, 7);
        assert_eq!(p.opt_bool("b").unwrap_err().code, 7);
        assert_eq!(p.opt_i64_list("l").unwrap_err().errors[0].0, "l");
        assert_eq!(p.req_i64("missing").unwrap_err().code, 7);
    }

    #[test]
    fn json_body_root_keys() {
        let p = Params::from_request(
            Some("x=1"),
            Some("application/json"),
            br#"{"x": 2, "trackers": [3], "hash": "h"}"#,
        )
        .unwrap();
        assert_eq!(p.req_i64("x").unwrap(), 2);
        assert_eq!(p.req_i64_list("trackers").unwrap(), vec![3]);
        assert!(Params::from_request(None, Some("application/json"), b"[1]").is_err());
        assert!(Params::from_request(None, Some("application/json"), b"{oops").is_err());
    }

    #[test]
    fn decoding() {
        assert_eq!(url_decode("a+b%20c%2"), "a b c%2");
        assert_eq!(url_decode("%E2%9C%93"), "✓");
    }
}
