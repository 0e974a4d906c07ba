//! A minimal streaming JSON text writer: responses are written straight into a byte buffer so
//! that million-point tracks never pass through a `serde_json::Value` tree, and null-valued
//! keys are simply never written (the API omits them).

/// A key's JSON text with the colon, for [`Jw::key_json`]: only for keys that need no escaping.
macro_rules! jkey {
    ($k:literal) => {
        concat!("\"", $k, "\":")
    };
}
pub(crate) use jkey;

pub struct Jw {
    buf: Vec<u8>,
    /// One entry per open container: `true` once it holds an item, so the next one needs a comma.
    has_items: Vec<bool>,
    /// Set after `key()`: the next value belongs to that key and needs no separator.
    after_key: bool,
}

impl Default for Jw {
    fn default() -> Self {
        Self::with_capacity(1024)
    }
}

impl Jw {
    pub fn with_capacity(cap: usize) -> Self {
        Jw {
            buf: Vec::with_capacity(cap),
            has_items: Vec::new(),
            after_key: false,
        }
    }

    /// Hands out what was written so far and keeps the nesting state, for chunked streaming.
    /// The next chunk starts in a buffer as large as this one was, rather than growing one
    /// from nothing again (a million-point reply is a hundred chunks).
    pub fn take(&mut self) -> Vec<u8> {
        let cap = self.buf.capacity();
        std::mem::replace(&mut self.buf, Vec::with_capacity(cap))
    }

    pub fn finish(self) -> Vec<u8> {
        debug_assert!(self.has_items.is_empty(), "unclosed JSON container");
        self.buf
    }

    fn sep(&mut self) {
        if self.after_key {
            self.after_key = false;
            return;
        }
        if let Some(has) = self.has_items.last_mut() {
            if *has {
                self.buf.push(b',');
            }
            *has = true;
        }
    }

    pub fn obj(&mut self) -> &mut Self {
        self.sep();
        self.buf.push(b'{');
        self.has_items.push(false);
        self
    }

    pub fn end_obj(&mut self) -> &mut Self {
        self.has_items.pop();
        self.buf.push(b'}');
        self
    }

    pub fn arr(&mut self) -> &mut Self {
        self.sep();
        self.buf.push(b'[');
        self.has_items.push(false);
        self
    }

    pub fn end_arr(&mut self) -> &mut Self {
        self.has_items.pop();
        self.buf.push(b']');
        self
    }

    pub fn key(&mut self, k: &str) -> &mut Self {
        self.sep();
        self.write_str(k);
        self.buf.push(b':');
        self.after_key = true;
        self
    }

    /// A key given as its JSON text with the colon (`"lat":`, from [`jkey!`]), written as it
    /// is: the keys of a million points need no escaping check each.
    pub fn key_json(&mut self, json: &'static str) -> &mut Self {
        self.sep();
        self.buf.extend_from_slice(json.as_bytes());
        self.after_key = true;
        self
    }

    pub fn str(&mut self, s: &str) -> &mut Self {
        self.sep();
        self.write_str(s);
        self
    }

    pub fn i64(&mut self, n: i64) -> &mut Self {
        self.sep();
        // Digits by hand: `write!` goes through the formatting machinery, which is most of
        // the cost of the five integers of each of a million points.
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        let mut v = n.unsigned_abs();
        loop {
            at -= 1;
            digits[at] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        if n < 0 {
            self.buf.push(b'-');
        }
        self.buf.extend_from_slice(&digits[at..]);
        self
    }

    /// Finite floats only; the generator never produces NaN. Uses serde_json's shortest
    /// round-trip formatting, which is both fast and what the real server's values look like.
    pub fn f64(&mut self, x: f64) -> &mut Self {
        self.sep();
        if x.is_finite() {
            let _ = serde_json::to_writer(&mut self.buf, &x);
        } else {
            self.buf.extend_from_slice(b"0");
        }
        self
    }

    pub fn bool(&mut self, b: bool) -> &mut Self {
        self.sep();
        self.buf
            .extend_from_slice(if b { b"true" } else { b"false" });
        self
    }

    /// One already-rendered JSON value (a tracker state kept per connection to spot changes).
    pub fn raw(&mut self, json: &[u8]) -> &mut Self {
        self.sep();
        self.buf.extend_from_slice(json);
        self
    }

    pub fn kstr(&mut self, k: &str, v: &str) -> &mut Self {
        self.key(k).str(v)
    }

    pub fn ki64(&mut self, k: &str, v: i64) -> &mut Self {
        self.key(k).i64(v)
    }

    pub fn kf64(&mut self, k: &str, v: f64) -> &mut Self {
        self.key(k).f64(v)
    }

    pub fn kbool(&mut self, k: &str, v: bool) -> &mut Self {
        self.key(k).bool(v)
    }

    fn write_str(&mut self, s: &str) {
        // Fast path: our strings are almost always plain ASCII without quotes or controls.
        if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
            self.buf.push(b'"');
            self.buf.extend_from_slice(s.as_bytes());
            self.buf.push(b'"');
        } else {
            let _ = serde_json::to_writer(&mut self.buf, s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_output_is_valid_json() {
        let mut w = Jw::default();
        w.obj().kbool("success", true).key("list").arr();
        for i in 0..3 {
            w.obj()
                .ki64("id", i)
                .kstr("s", "a\"b")
                .kf64("x", 1.5)
                .end_obj();
        }
        w.end_arr().key("o").obj().end_obj().end_obj();
        let out = w.finish();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["list"][2]["id"], 2);
        assert_eq!(v["list"][0]["s"], "a\"b");
    }

    #[test]
    fn literal_keys_write_what_key_writes() {
        let (mut a, mut b) = (Jw::default(), Jw::default());
        a.obj()
            .key("lat")
            .f64(1.5)
            .key("get_time")
            .str("x")
            .end_obj();
        b.obj()
            .key_json(jkey!("lat"))
            .f64(1.5)
            .key_json(jkey!("get_time"))
            .str("x")
            .end_obj();
        assert_eq!(a.finish(), b.finish());
    }

    #[test]
    fn integers_are_written_as_rust_formats_them() {
        for n in [0, 7, -7, 10, 99, -100, 123_456_789, i64::MAX, i64::MIN] {
            let mut w = Jw::default();
            w.i64(n);
            assert_eq!(String::from_utf8(w.finish()).unwrap(), n.to_string());
        }
    }
}
