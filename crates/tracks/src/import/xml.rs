//! A streaming walk over XML for the GPX and KML readers: elements by local name (namespace
//! prefixes dropped, since files bind them to any prefix), the text of each element on its end,
//! and errors turned into "line:column" messages. Streaming, because GPX files of a million
//! points are common and a tree of them would take gigabytes.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::error::{ImportError, line_col};

/// What the walk reports.
pub(super) enum Ev<'a> {
    /// An element starts; the stack passed along already ends with its name.
    Start(Elem<'a>),
    /// An element ends; `text` is the trimmed text directly inside it (empty for elements that
    /// contain elements).
    End { text: &'a str },
}

/// Calls `f` for every element start and end with the stack of open local names (the root
/// first, the element concerned last).
pub(super) fn walk(
    bytes: &[u8],
    mut f: impl FnMut(&[Vec<u8>], Ev<'_>) -> Result<(), ImportError>,
) -> Result<(), ImportError> {
    let mut reader = Reader::from_reader(bytes);
    let mut stack: Vec<Vec<u8>> = Vec::new();
    let mut text = String::new();
    let err_at = |pos: u64, message: String| {
        let (line, column) = line_col(bytes, pos as usize);
        ImportError::Xml {
            line,
            column,
            message,
        }
    };
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| err_at(reader.error_position(), e.to_string()))?;
        match ev {
            Event::Start(e) => {
                stack.push(e.local_name().as_ref().to_vec());
                text.clear();
                let pos = reader.buffer_position();
                f(&stack, Ev::Start(Elem { e: &e, bytes, pos }))?;
            }
            Event::Empty(e) => {
                stack.push(e.local_name().as_ref().to_vec());
                text.clear();
                let pos = reader.buffer_position();
                f(&stack, Ev::Start(Elem { e: &e, bytes, pos }))?;
                f(&stack, Ev::End { text: "" })?;
                stack.pop();
            }
            Event::End(_) => {
                f(&stack, Ev::End { text: text.trim() })?;
                text.clear();
                stack.pop();
            }
            Event::Text(t) => {
                let s = t
                    .unescape()
                    .map_err(|e| err_at(reader.buffer_position(), e.to_string()))?;
                text.push_str(&s);
            }
            Event::CData(c) => {
                let s = c
                    .decode()
                    .map_err(|e| err_at(reader.buffer_position(), e.to_string()))?;
                text.push_str(&s);
            }
            Event::Eof => {
                if let Some(open) = stack.last() {
                    return Err(err_at(
                        reader.buffer_position(),
                        format!(
                            "the file ends inside <{}>; it is probably cut short",
                            String::from_utf8_lossy(open)
                        ),
                    ));
                }
                return Ok(());
            }
            _ => {}
        }
    }
}

/// A starting element, with what it takes to point at it in an error message.
pub(super) struct Elem<'a> {
    e: &'a BytesStart<'a>,
    bytes: &'a [u8],
    /// Just past the element's start tag.
    pos: u64,
}

impl Elem<'_> {
    /// The value of the attribute with local name `name`, unescaped.
    pub fn attr(&self, name: &[u8]) -> Result<Option<String>, ImportError> {
        let bad = |message: String| {
            let (line, column) = line_col(self.bytes, self.pos as usize);
            ImportError::Xml {
                line,
                column,
                message,
            }
        };
        for a in self.e.attributes() {
            let a = a.map_err(|err| bad(err.to_string()))?;
            if a.key.local_name().as_ref() == name {
                let v = a.unescape_value().map_err(|err| bad(err.to_string()))?;
                return Ok(Some(v.into_owned()));
            }
        }
        Ok(None)
    }
}

/// The text of a name for messages.
pub(super) fn name(n: &[u8]) -> String {
    String::from_utf8_lossy(n).into_owned()
}

/// The element `back` levels above the current one (0 = the current one), if any.
pub(super) fn up(stack: &[Vec<u8>], back: usize) -> &[u8] {
    stack
        .len()
        .checked_sub(back + 1)
        .map_or(&[][..], |i| &stack[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_local_names_text_and_truncation() {
        let xml = br#"<a:root xmlns:a="x"><b k="v&amp;w">one &lt;two&gt; <![CDATA[<3>]]></b><c/></a:root>"#;
        let mut seen = Vec::new();
        walk(xml, |stack, ev| {
            match ev {
                Ev::Start(e) => seen.push(format!(
                    "+{}{}",
                    name(up(stack, 0)),
                    e.attr(b"k")?.map(|v| format!("[{v}]")).unwrap_or_default()
                )),
                Ev::End { text } => seen.push(format!("-{}:{text}", name(up(stack, 0)))),
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(
            seen,
            [
                "+root",
                "+b[v&w]",
                "-b:one <two> <3>",
                "+c",
                "-c:",
                "-root:"
            ]
        );

        let e = walk(b"<gpx>\n  <trk><name>x</name>", |_, _| Ok(())).unwrap_err();
        assert!(
            matches!(&e, ImportError::Xml { line: 2, message, .. } if message.contains("<trk>")),
            "{e:?}"
        );
        let e = walk(b"<gpx>\n<a></b></gpx>", |_, _| Ok(())).unwrap_err();
        assert!(matches!(e, ImportError::Xml { line: 2, .. }), "{e:?}");
    }
}
