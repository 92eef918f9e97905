//! The one way careerbook's text reaches a page: escaping for HTML and SVG
//! (content, attributes), JSON data blocks, link safety, and the formats of
//! numbers and fingerprints.
//!
//! Content arrives by pull request and is not trusted. Besides the usual
//! HTML escaping, every `{` is written as an entity (and `{{` never appears
//! in a JSON data block), so that nothing careerbook writes can be read as
//! an mdBook directive (`{{#include …}}`, `{{#title …}}`) by a preprocessor
//! that runs after it. [`seal`] is the last step of every fragment
//! careerbook inserts into a chapter.

use pulldown_cmark_escape::escape_href;

/// Escape text for HTML or SVG (element content and quoted attributes).
/// Characters XML does not allow are dropped; `{` becomes an entity.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '{' => out.push_str("&#123;"),
            '\n' | '\r' | '\t' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c, '\u{7f}' | '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

/// Escape a URL for an `href` attribute.
pub(crate) fn esc_href(s: &str) -> String {
    let mut out = String::new();
    let _ = escape_href(&mut out, s);
    out.replace('{', "%7B")
}

/// The last step of every HTML fragment careerbook inserts into a chapter:
/// no `{{` survives (it is shown the same, as entities).
pub(crate) fn seal(html: &str) -> String {
    html.replace("{{", "&#123;&#123;")
}

/// JSON safe to embed in `<script type="application/json">`: no `<`, `>`,
/// `&` (the HTML parser), and no `{{` (later preprocessors).
pub(crate) fn script_json(v: &serde_json::Value) -> String {
    serde_json::to_string(v)
        .unwrap_or_else(|_| "null".into())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        // Structural braces never come in pairs; in strings, keep `{{` away
        // from later preprocessors.
        .replace("{{", "{\\u007b")
}

/// How a link destination is to be treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct UrlKind {
    /// It may be linked to: relative, or http(s)/mailto.
    pub safe: bool,
    /// It stays on this site (relative, no host): images may load from it.
    pub local: bool,
}

/// Classify a link destination. Browsers ignore ASCII whitespace and
/// control characters in schemes, so they are ignored here too; a
/// protocol-relative `//host` URL leaves the site and is refused.
pub(crate) fn classify_url(url: &str) -> UrlKind {
    let cleaned: String = url
        .trim()
        .chars()
        .filter(|c| !c.is_ascii_control() && !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase()
        .replace('\\', "/");
    let scheme_end = cleaned.find(':');
    let path_start = cleaned.find(['/', '?', '#']).unwrap_or(usize::MAX);
    match scheme_end {
        Some(i) if i < path_start => UrlKind {
            safe: matches!(&cleaned[..i], "http" | "https" | "mailto"),
            local: false,
        },
        _ => {
            let relative = !cleaned.starts_with("//");
            UrlKind {
                safe: relative,
                local: relative,
            }
        }
    }
}

/// A number as people write it: no trailing `.0`, at most two decimals,
/// thousands separated.
pub fn num(x: f64) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let neg = x < 0.0;
    let x = x.abs();
    let rounded = (x * 100.0).round() / 100.0;
    let int = rounded.trunc() as u64;
    let frac = ((rounded - rounded.trunc()) * 100.0).round() as u64;
    let digits = int.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let mut s = if neg {
        format!("−{grouped}")
    } else {
        grouped
    };
    if frac > 0 {
        let f = format!("{frac:02}");
        s.push('.');
        s.push_str(f.trim_end_matches('0'));
    }
    s
}

/// FNV-1a: short, stable fingerprints (not for security). Each part is
/// followed by a separator byte, so ("ab", "c") and ("a", "bc") differ.
pub fn fingerprint<'a>(parts: impl IntoIterator<Item = &'a str>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_classification() {
        let c = |u: &str| {
            let k = classify_url(u);
            (k.safe, k.local)
        };
        assert_eq!(c("https://example.org/x"), (true, false));
        assert_eq!(c("mailto:a@b.c"), (true, false));
        assert_eq!(c("javascript:alert(1)"), (false, false));
        assert_eq!(c("  JaVa\tScRiPt:alert(1)"), (false, false));
        assert_eq!(c("data:text/html,x"), (false, false));
        assert_eq!(c("vbscript:x"), (false, false));
        assert_eq!(c("images/a.png"), (true, true));
        assert_eq!(c("#anchor"), (true, true));
        assert_eq!(c("//evil.example/x.png"), (false, false));
        assert_eq!(c("\\\\evil.example/x.png"), (false, false));
        assert_eq!(c("a/b:c"), (true, true));
    }

    #[test]
    fn escaping_neutralises_markup_and_directives() {
        assert_eq!(
            esc("<b a=\"1\">{{#include x}}</b>"),
            "&lt;b a=&quot;1&quot;&gt;&#123;&#123;#include x}}&lt;/b&gt;"
        );
        assert_eq!(seal("<p>{{#title x}}</p>"), "<p>&#123;&#123;#title x}}</p>");
        let j = script_json(&serde_json::json!({"a": "{{#include x}}</script>"}));
        assert!(!j.contains("{{") && !j.contains('<'), "{j}");
    }

    #[test]
    fn numbers_read_like_numbers() {
        assert_eq!(num(1234567.0), "1,234,567");
        assert_eq!(num(2.5), "2.5");
        assert_eq!(num(-3.0), "−3");
        assert_eq!(num(f64::NAN), "–");
    }

    #[test]
    fn fingerprints_separate_parts() {
        assert_ne!(fingerprint(["ab", "c"]), fingerprint(["a", "bc"]));
        assert_eq!(fingerprint(["x"]), fingerprint(["x"]));
    }
}
