//! XML text escaping shared by the GPX and KML writers.

use std::fmt::Write as _;

/// Escapes `s` for use in XML text and in attribute values (either quote style).
///
/// Control characters that XML 1.0 cannot carry at all (not even as character references)
/// become U+FFFD, so a stray byte in a server-provided address cannot make the file unreadable.
pub(super) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Kept as references so attribute-value normalisation does not turn them into spaces.
            '\t' | '\n' | '\r' => {
                let _ = write!(out, "&#{};", c as u32);
            }
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_and_replaces_forbidden_controls() {
        assert_eq!(
            escape(r#"<a & "b" 'c'>"#),
            "&lt;a &amp; &quot;b&quot; &apos;c&apos;&gt;"
        );
        assert_eq!(escape("a\u{1}b\nc"), "a\u{fffd}b&#10;c");
        assert_eq!(escape("Straße"), "Straße");
    }
}
