//! Text out of the file an XML walk reads: pieces of it as `&str` with the file's lifetime,
//! checked as UTF-8 once for the whole file where possible, and the attributes of its tags,
//! read without allocating when they have the usual shape.

use std::borrow::Cow;
use std::sync::OnceLock;

use quick_xml::events::BytesStart;
use quick_xml::events::attributes::Attribute;

use super::error::{ImportError, line_col};

/// The file being walked, and the same as text once it is known to be all UTF-8 (nearly
/// always; see `walk`).
#[derive(Clone, Copy)]
pub(super) struct File<'f, 'a> {
    pub bytes: &'a [u8],
    pub text: &'f OnceLock<Option<&'a str>>,
}

impl<'a> File<'_, 'a> {
    /// `raw` as text with the file's lifetime, when it is a piece of the file (as everything
    /// quick-xml reads from a slice borrows from it) and UTF-8. A piece of a file that is all
    /// text is sliced from that text, which checks only the two ends; until that is known, or
    /// when it is not so, the piece is checked.
    pub fn str(self, raw: &[u8]) -> Option<&'a str> {
        // Where `raw` lies in the file: events and tags only lend it for a shorter while.
        let start = (raw.as_ptr() as usize).wrapping_sub(self.bytes.as_ptr() as usize);
        let range = start..start.checked_add(raw.len())?;
        let part = self.bytes.get(range.clone())?;
        if !std::ptr::eq(part.as_ptr(), raw.as_ptr()) {
            return None;
        }
        match self.text.get() {
            Some(Some(text)) => text.get(range),
            _ => std::str::from_utf8(part).ok(),
        }
    }
}

/// A starting element, with what it takes to point at it in an error message.
pub(super) struct Elem<'e, 'a> {
    pub(super) e: &'e BytesStart<'a>,
    pub(super) file: File<'e, 'a>,
    /// Just past the element's start tag.
    pub(super) pos: u64,
}

impl<'a> Elem<'_, 'a> {
    /// An error about this element, placed just past its start tag.
    pub fn error(&self, message: &str) -> ImportError {
        let (line, column) = line_col(self.file.bytes, self.pos as usize);
        ImportError::Xml {
            line,
            column,
            message: message.to_owned(),
        }
    }

    /// The value of the attribute with local name `name`, unescaped.
    pub fn attr(&self, name: &[u8]) -> Result<Option<Cow<'a, str>>, ImportError> {
        let [value] = self.attrs([name])?;
        Ok(value)
    }

    /// The values of the attributes with these (different) local names, unescaped, read in one
    /// pass over the tag. Errors are the ones `attr` would meet called for each name in turn:
    /// a malformed attribute before the one asked for (or anywhere, when it is missing), then
    /// a bad escape in its value.
    pub fn attrs<const N: usize>(
        &self,
        names: [&[u8]; N],
    ) -> Result<[Option<Cow<'a, str>>; N], ImportError> {
        if let Some(values) = plain_attrs(self.file, self.e.attributes_raw(), names) {
            return Ok(values);
        }
        let bad = |message: String| {
            let (line, column) = line_col(self.file.bytes, self.pos as usize);
            ImportError::Xml {
                line,
                column,
                message,
            }
        };
        let mut found: [Option<Attribute<'_>>; N] = std::array::from_fn(|_| None);
        let mut malformed = None;
        let mut missing = N;
        for a in self.e.attributes() {
            let a = match a {
                Ok(a) => a,
                Err(err) => {
                    malformed = Some(err);
                    break;
                }
            };
            let local = a.key.local_name();
            let slot = names
                .iter()
                .zip(found.iter_mut())
                .find(|(n, slot)| slot.is_none() && **n == local.as_ref());
            if let Some((_, slot)) = slot {
                *slot = Some(a);
                missing -= 1;
                if missing == 0 {
                    break;
                }
            }
        }
        let mut values: [Option<Cow<'a, str>>; N] = std::array::from_fn(|_| None);
        for (value, a) in values.iter_mut().zip(found) {
            match (a, &malformed) {
                (Some(a), _) => {
                    let v = a.unescape_value().map_err(|err| bad(err.to_string()))?;
                    *value = Some(Cow::Owned(v.into_owned()));
                }
                (None, Some(err)) => return Err(bad(err.to_string())),
                (None, None) => {}
            }
        }
        Ok(values)
    }
}

/// `Elem::attrs` for the tags nearly every file has: `key="value"` pairs (or `'value'`) with
/// distinct keys, nothing but whitespace between them, and values free of `&`.
/// Those are read straight from the tag, as quick-xml's iterator would read them, without its
/// setup and its allocation per tag. `None` leaves the tag, and every error, to the iterator.
fn plain_attrs<'a, const N: usize>(
    file: File<'_, 'a>,
    raw: &[u8],
    names: [&[u8]; N],
) -> Option<[Option<Cow<'a, str>>; N]> {
    // quick-xml's whitespace.
    let space = |b: u8| matches!(b, b' ' | b'\r' | b'\n' | b'\t');
    let mut keys: [&[u8]; 8] = [&[]; 8];
    let mut seen = 0;
    let mut values: [Option<Cow<'a, str>>; N] = std::array::from_fn(|_| None);
    let mut missing = N;
    // One pass with indices: this runs for every point of a file.
    let mut i = 0;
    loop {
        while i < raw.len() && space(raw[i]) {
            i += 1;
        }
        // As in `attrs`, nothing after the last value asked for is looked at.
        if i == raw.len() || missing == 0 {
            return Some(values);
        }
        let key_start = i;
        while *raw.get(i)? != b'=' {
            if space(raw[i]) || raw[i] == b'"' || raw[i] == b'\'' {
                return None;
            }
            i += 1;
        }
        let key = &raw[key_start..i];
        let quote = *raw.get(i + 1)?;
        if key.is_empty() || (quote != b'"' && quote != b'\'') {
            return None;
        }
        i += 2;
        let value_start = i;
        let mut plain = true;
        while *raw.get(i)? != quote {
            plain &= raw[i] != b'&';
            i += 1;
        }
        let value = &raw[value_start..i];
        i += 1;
        if seen == keys.len() || keys[..seen].contains(&key) {
            return None;
        }
        keys[seen] = key;
        seen += 1;
        // QName::local_name: after the first colon.
        let local = match key.iter().position(|&b| b == b':') {
            Some(colon) => &key[colon + 1..],
            None => key,
        };
        for (name, slot) in names.iter().zip(values.iter_mut()) {
            if slot.is_none() && *name == local {
                *slot = Some(Cow::Borrowed(file.str(value).filter(|_| plain)?));
                missing -= 1;
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::xml::{Ev, walk};

    #[test]
    fn pieces_of_the_file_as_text() {
        let bytes = "ab\u{e9}cd".as_bytes();
        for known in [false, true] {
            let text = OnceLock::new();
            if known {
                text.set(std::str::from_utf8(bytes).ok()).unwrap();
            }
            let file = File { bytes, text: &text };
            assert_eq!(file.str(&bytes[1..4]), Some("b\u{e9}"));
            assert_eq!(file.str(&bytes[5..5]), Some(""));
            // Half a character, and a copy from elsewhere.
            assert_eq!(file.str(&bytes[1..3]), None);
            let copy = bytes[..2].to_vec();
            assert_eq!(file.str(&copy), None);
        }
        let bytes = b"a\xFFb";
        let text = OnceLock::from(None);
        let file = File { bytes, text: &text };
        assert_eq!(file.str(&bytes[2..]), Some("b"));
        assert_eq!(file.str(&bytes[..2]), None);
    }

    /// The attribute as the walk read it before `attrs`: one pass per name.
    fn attr_reference(e: &Elem<'_, '_>, name: &[u8]) -> Result<Option<String>, String> {
        for a in e.e.attributes() {
            let a = a.map_err(|err| err.to_string())?;
            if a.key.local_name().as_ref() == name {
                let v = a.unescape_value().map_err(|err| err.to_string())?;
                return Ok(Some(v.into_owned()));
            }
        }
        Ok(None)
    }

    #[test]
    fn attrs_in_one_pass_match_separate_reads() {
        let tags: [&[u8]; 22] = [
            br#"<p lon="2" x:lat="1&amp;"/>"#,
            br#"<p lat="51.1600154" lon="71.4300071">"#,
            br#"<p  lat='1'	lon="2" />"#,
            br#"<p lat="1"lon="2"/>"#,
            br#"<p lat = "1" lon="2"/>"#,
            br#"<p lat="1" lon=2/>"#,
            br#"<p lat="1" lon=/>"#,
            br#"<p a="1" a="2" lat="1" lon="2"/>"#,
            br#"<p a="1" b="" c="" d="" e="" f="" g="" h="" i="" lat="1" lon="2"/>"#,
            b"<p lat=\"1\" lon=\"caf\xC3\xA9\"/>",
            b"<p lat=\"1\" lon=\"\xFF\"/>",
            br#"<p lat="1"/>"#,
            br#"<p/>"#,
            br#"<p lat="1" lon="2" lat="3"/>"#,
            br#"<p lat="1" lat="3" lon="2"/>"#,
            br#"<p lat="1" x/>"#,
            br#"<p x lat="1"/>"#,
            br#"<p lon="&b;" lat="&a;" x/>"#,
            br#"<p lat="&a;" x lon="1"/>"#,
            br#"<p lon="&b;" lat="1" x/>"#,
            br#"<p a:lat="1" b:lat="2" lon='3'/>"#,
            br#"<p lat="1" lon="2" x y="&z;"/>"#,
        ];
        for tag in &tags[1..4] {
            let raw = &tag[2..tag.len() - 1];
            let raw = raw.strip_suffix(b"/").unwrap_or(raw);
            let text = OnceLock::from(std::str::from_utf8(raw).ok());
            let file = File {
                bytes: raw,
                text: &text,
            };
            assert!(
                plain_attrs(file, raw, [b"lat", b"lon"]).is_some(),
                "{raw:?}"
            );
        }
        for tag in tags {
            let mut checked = false;
            walk(tag, |_, ev| {
                if let Ev::Start(e) = ev {
                    let one_pass = e
                        .attrs([b"lat", b"lon"])
                        .map(|vs| vs.map(|v| v.map(Cow::into_owned)))
                        .map_err(|err| match err {
                            ImportError::Xml { message, .. } => message,
                            other => other.to_string(),
                        });
                    let separate = attr_reference(&e, b"lat")
                        .and_then(|lat| Ok([lat, attr_reference(&e, b"lon")?]));
                    assert_eq!(one_pass, separate, "{}", String::from_utf8_lossy(tag));
                    checked = true;
                }
                Ok(())
            })
            .ok();
            assert!(checked, "{}", String::from_utf8_lossy(tag));
        }
    }
}
