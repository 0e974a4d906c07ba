//! A streaming walk over XML for the GPX and KML readers: elements by local name (namespace
//! prefixes dropped, since files bind them to any prefix), the text of each element on its end,
//! and errors turned into "line:column" messages. Streaming, because GPX files of a million
//! points are common and a tree of them would take gigabytes.
//!
//! The walk allocates nothing per element: a file of a million points has some twenty million
//! elements and texts, so names live in one buffer and text is borrowed from the file unless
//! it has to be unescaped or joined.

use std::borrow::Cow;
use std::sync::OnceLock;
use std::thread;

use quick_xml::Reader;
use quick_xml::events::{BytesText, Event};

use super::error::{ImportError, line_col};
use super::fast::trim;
use super::xml_text::{Elem, File};

/// Files from this size on (a megabyte) are checked to be UTF-8 on a second thread.
const CHECK_APART_FROM: usize = 1 << 20;

/// What the walk reports, borrowing from the file (`'a`) where it can.
pub(super) enum Ev<'e, 'a> {
    /// An element starts; the stack passed along already ends with its name.
    Start(Elem<'e, 'a>),
    /// An element ends; `text` is the trimmed text directly inside it (empty for elements that
    /// contain elements).
    End { text: Cow<'a, str> },
}

/// The open elements, the root first, in one buffer: a `Vec` per name would be an allocation
/// per element of the file. Names are kept whole (`gpxtpx:speed`), and read by local name.
#[derive(Default)]
pub(super) struct Stack {
    names: Vec<u8>,
    /// Where each name starts in `names`, and where its local name starts; it ends where the
    /// next one starts.
    starts: Vec<(usize, usize)>,
    /// The element ending was opened before the part of the file being walked (see `Part::Tail`).
    unmatched: bool,
}

impl Stack {
    /// How many elements are open.
    pub fn depth(&self) -> usize {
        self.starts.len()
    }

    /// The local name of the element `back` levels above the current one (0 = the current
    /// one), or an empty name above the root.
    pub fn up(&self, back: usize) -> &[u8] {
        self.name(back, |(_, local)| local)
    }

    /// The whole name (with its prefix) of the element `back` levels above the current one.
    pub fn qualified(&self, back: usize) -> &[u8] {
        self.name(back, |(whole, _)| whole)
    }

    fn name(&self, back: usize, from: impl Fn((usize, usize)) -> usize) -> &[u8] {
        let Some(i) = self.starts.len().checked_sub(back + 1) else {
            return &[];
        };
        let end = self.starts.get(i + 1).map_or(self.names.len(), |s| s.0);
        &self.names[from(self.starts[i])..end]
    }

    /// Whether the element ending was opened before the part of the file being walked: a
    /// tail's `End` of an element its head opened.
    pub fn unmatched(&self) -> bool {
        self.unmatched
    }

    /// An element opens; `qualified` is its whole name.
    pub fn push(&mut self, qualified: &[u8]) {
        let start = self.names.len();
        // QName::local_name: after the first colon.
        let local = qualified
            .iter()
            .position(|&b| b == b':')
            .map_or(0, |c| c + 1);
        self.starts.push((start, start + local));
        self.names.extend_from_slice(qualified);
    }

    pub fn pop(&mut self) {
        if let Some((start, _)) = self.starts.pop() {
            self.names.truncate(start);
        }
    }
}

/// Which part of a file a walk reads: two walks, on two cores, can read a big file's head and
/// tail (see `gpx_halves.rs`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    /// The whole file: its end must close every element.
    Whole,
    /// The file up to a tag: elements may be left open.
    Head,
    /// The file from a tag on: it may end elements opened before it, which the walk reports
    /// as ends with `Stack::unmatched` set (and only their own name on the stack).
    Tail,
}

/// The text read since the last tag. Nearly always it is one piece without entities, which is
/// borrowed from the file; only several pieces (text around a comment or CDATA) or unescaped
/// text are copied into `joined`.
#[derive(Default)]
struct Text<'a> {
    piece: Option<&'a str>,
    joined: String,
    is_joined: bool,
}

impl<'a> Text<'a> {
    fn push(&mut self, s: Cow<'a, str>) {
        if self.is_joined {
            self.joined.push_str(&s);
            return;
        }
        match (self.piece.take(), s) {
            (None, Cow::Borrowed(s)) => self.piece = Some(s),
            (first, s) => {
                self.joined.clear();
                self.joined.push_str(first.unwrap_or(""));
                self.joined.push_str(&s);
                self.is_joined = true;
            }
        }
    }

    /// The text, trimmed: borrowed from the file unless it had to be joined or unescaped.
    fn get(&self) -> Cow<'a, str> {
        if self.is_joined {
            Cow::Owned(trim(&self.joined).to_owned())
        } else {
            Cow::Borrowed(trim(self.piece.unwrap_or("")))
        }
    }

    fn clear(&mut self) {
        self.piece = None;
        self.is_joined = false;
    }
}

/// Calls `f` for every element start and end with the stack of open local names (the root
/// first, the element concerned last).
pub(super) fn walk<'a>(
    bytes: &'a [u8],
    f: impl FnMut(&Stack, Ev<'_, 'a>) -> Result<(), ImportError>,
) -> Result<(), ImportError> {
    walk_part(bytes, Part::Whole, f).map(drop)
}

/// `walk` over `part` of a file; returns the elements left open at its end (none for the
/// whole file).
pub(super) fn walk_part<'a>(
    bytes: &'a [u8],
    part: Part,
    f: impl FnMut(&Stack, Ev<'_, 'a>) -> Result<(), ImportError>,
) -> Result<Stack, ImportError> {
    // Pieces of text are sliced from the whole file once it is known to be UTF-8: one pass
    // over it costs less than a check per piece (~100 instructions each, some eight a track
    // point). For a big file that pass (25 ms a quarter gigabyte) runs on a second thread
    // while the walk starts, checking pieces one by one until it is done.
    let text = OnceLock::new();
    let check = || {
        text.set(std::str::from_utf8(bytes).ok()).ok();
    };
    thread::scope(|s| {
        let apart = bytes.len() >= CHECK_APART_FROM
            && thread::Builder::new().spawn_scoped(s, check).is_ok();
        if !apart {
            check();
        }
        walk_file(File { bytes, text: &text }, part, f)
    })
}

fn walk_file<'a>(
    file: File<'_, 'a>,
    part: Part,
    mut f: impl FnMut(&Stack, Ev<'_, 'a>) -> Result<(), ImportError>,
) -> Result<Stack, ImportError> {
    let bytes = file.bytes;
    let mut reader = Reader::from_reader(bytes);
    // A tail's ends of elements opened before it are checked by whoever joins it to its head.
    reader.config_mut().allow_unmatched_ends = part == Part::Tail;
    let mut stack = Stack::default();
    let mut text = Text::default();
    let err_at = |pos: u64, message: String| {
        let (line, column) = line_col(bytes, pos as usize);
        ImportError::Xml {
            line,
            column,
            message,
        }
    };
    loop {
        // Matched by reference where it lies: copying the returned event out (as `map_err(..)?`
        // does) showed in profiles as a store-forwarding stall on every event.
        let ev = reader.read_event();
        let ev = match &ev {
            Ok(ev) => ev,
            Err(e) => return Err(err_at(reader.error_position(), e.to_string())),
        };
        match ev {
            Event::Start(e) => {
                stack.push(e.name().as_ref());
                text.clear();
                let pos = reader.buffer_position();
                f(&stack, Ev::Start(Elem { e, file, pos }))?;
            }
            Event::Empty(e) => {
                stack.push(e.name().as_ref());
                text.clear();
                let pos = reader.buffer_position();
                f(&stack, Ev::Start(Elem { e, file, pos }))?;
                let text = Cow::Borrowed("");
                f(&stack, Ev::End { text })?;
                stack.pop();
            }
            Event::End(e) => {
                // Only a tail has ends of elements it did not open (quick-xml refuses them
                // elsewhere).
                stack.unmatched = stack.depth() == 0;
                if stack.unmatched {
                    stack.push(e.name().as_ref());
                }
                f(&stack, Ev::End { text: text.get() })?;
                text.clear();
                stack.pop();
                stack.unmatched = false;
            }
            Event::Text(t) => {
                let s = match borrowed_plain(file, t) {
                    Some(s) => Cow::Borrowed(s),
                    None => t
                        .unescape()
                        .map_err(|e| err_at(reader.buffer_position(), e.to_string()))?,
                };
                text.push(s);
            }
            Event::CData(c) => {
                let s = c
                    .decode()
                    .map_err(|e| err_at(reader.buffer_position(), e.to_string()))?;
                text.push(s);
            }
            Event::Eof => {
                if stack.depth() > 0 && part != Part::Head {
                    return Err(err_at(
                        reader.buffer_position(),
                        format!(
                            "the file ends inside <{}>; it is probably cut short",
                            name(stack.up(0))
                        ),
                    ));
                }
                return Ok(stack);
            }
            _ => {}
        }
    }
}

/// The text as `unescape` would give it, when that is the file's bytes as they are: borrowed
/// from the file, valid UTF-8 and without `&`. `None` leaves the rest (and every error) to
/// `unescape`.
fn borrowed_plain<'a>(file: File<'_, 'a>, t: &BytesText<'_>) -> Option<&'a str> {
    let raw: &[u8] = t;
    if raw.contains(&b'&') {
        return None;
    }
    file.str(raw)
}

/// The text of a name for messages.
pub(super) fn name(n: &[u8]) -> String {
    String::from_utf8_lossy(n).into_owned()
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
                    name(stack.up(0)),
                    e.attr(b"k")?.map(|v| format!("[{v}]")).unwrap_or_default()
                )),
                Ev::End { text } => seen.push(format!("-{}:{text}", name(stack.up(0)))),
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

    #[test]
    fn stack_and_text_pieces() {
        let xml = b"<r><a:x>one<!-- c --> two<y/>three</a:x><z> <![CDATA[c]]> </z>\
                    <e>&#65;b</e><p>plain</p></r>";
        let mut seen = Vec::new();
        walk(xml, |stack, ev| {
            if let Ev::End { text } = ev {
                let path: Vec<String> = (0..stack.depth())
                    .rev()
                    .map(|b| name(stack.up(b)))
                    .collect();
                seen.push(format!("{}={text}", path.join("/")));
                assert!(stack.up(stack.depth()).is_empty());
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(
            seen,
            ["r/x/y=", "r/x=three", "r/z=c", "r/e=Ab", "r/p=plain", "r="]
        );
        // Mixed text is joined across comments; a bad entity or bad UTF-8 is still an error.
        let mut texts = Vec::new();
        walk(b"<r>a <!--x--> b</r>", |_, ev| {
            if let Ev::End { text } = ev {
                texts.push(text.into_owned());
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(texts, ["a  b"]);
        assert!(walk(b"<r>&nope;</r>", |_, _| Ok(())).is_err());
        assert!(walk(b"<r>\xFF</r>", |_, _| Ok(())).is_err());
    }

    #[test]
    fn big_files_read_the_same_while_their_text_is_checked_apart() {
        // Bad UTF-8 outside text does not matter; inside text it does, early or late.
        let body = "<p>caf\u{e9} &amp; <![CDATA[tea]]></p>".repeat(CHECK_APART_FROM / 20);
        for (head, tail, ok) in [
            ("", "", true),
            ("<!--\u{ff}\u{fe}-->", "", true),
            ("", "<!--\u{ff}-->", true),
        ] {
            let mut doc = format!("<r>{head}{body}{tail}</r>").into_bytes();
            // "\u{ff}" is C3 BF; a lone FF is not UTF-8.
            if head.contains('\u{ff}') {
                let at = doc.iter().position(|&b| b == 0xC3).unwrap();
                doc[at] = 0xFF;
            }
            if tail.contains('\u{ff}') {
                let at = doc.iter().rposition(|&b| b == 0xC3).unwrap();
                doc[at] = 0xFF;
            }
            let mut n = 0;
            let r = walk(&doc, |stack, ev| {
                if let Ev::End { text } = ev {
                    if stack.up(0) == b"p" {
                        assert_eq!(text, "caf\u{e9} & tea");
                        n += 1;
                    }
                }
                Ok(())
            });
            assert_eq!(r.is_ok(), ok, "{r:?}");
            assert_eq!(n, CHECK_APART_FROM / 20);
        }
        for at in [10, CHECK_APART_FROM] {
            let mut doc = format!("<r>{body}</r>").into_bytes();
            let p = at + doc[at..].iter().position(|&b| b == b'f').unwrap();
            doc[p] = 0xFF;
            let e = walk(&doc, |_, _| Ok(())).unwrap_err();
            assert!(
                e.to_string().contains("utf-8") || e.to_string().contains("UTF-8"),
                "{e}"
            );
        }
    }
}
