//! The floors GPX import is measured against: general XML readers doing the least they can over
//! the same bytes (tokenize, count `<trkpt>` elements), so a row of ours can be read as "this
//! much above the tokenizer". Shared by the `simplify` and `gpx_import` benches.

use quick_xml::Reader;
use quick_xml::events::Event;

/// `quick-xml` alone: a plain event loop over the file (end names checked, as by default),
/// counting `trkpt` starts. Nothing is unescaped or converted.
pub fn quick_xml_trkpts(bytes: &[u8]) -> usize {
    let mut reader = Reader::from_reader(bytes);
    let mut n = 0;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == b"trkpt" => n += 1,
            Ok(Event::Eof) => return n,
            Ok(_) => {}
            Err(e) => panic!("quick-xml: {e}"),
        }
    }
}

/// `xmlparser`'s token walk (it reads `&str`, so the UTF-8 check of the whole file is in it),
/// counting `trkpt` starts.
pub fn xmlparser_trkpts(bytes: &[u8]) -> usize {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    let mut n = 0;
    for token in xmlparser::Tokenizer::from(text) {
        if let xmlparser::Token::ElementStart { local, .. } = token.expect("xmlparser") {
            n += usize::from(local.as_str() == "trkpt");
        }
    }
    n
}

/// `roxmltree`: the whole tree of the file (the UTF-8 check included), then a walk over it
/// counting `trkpt` elements.
pub fn roxmltree_trkpts(bytes: &[u8]) -> usize {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    let doc = roxmltree::Document::parse(text).expect("roxmltree");
    doc.descendants()
        .filter(|n| n.tag_name().name() == "trkpt")
        .count()
}
