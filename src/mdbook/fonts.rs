//! Web fonts that never move the page.
//!
//! mdBook's `fonts/fonts.css` declares its web fonts without `font-display`,
//! so a browser lays the page out in a fallback font and reflows it when the
//! fonts arrive: on a site served over a network, the self-assessment page
//! moved by a layout shift of 0.14 (fonts arriving after 400 ms), a plain
//! chapter by 0.02. `careerbook build` adds `font-display: optional` to each
//! `@font-face` that does not choose a `font-display` of its own, in the
//! sites it links careerbook's assets into (not in a book without careerbook
//! content, nor in one that installs the assets for plain `mdbook build`,
//! which stay what mdBook makes): a font that arrives within about 100 ms is used from the first
//! paint (always the case from `file://`, from a local server and once
//! cached), and a later one waits for the next page instead of moving this
//! one.

use std::path::Path;

use anyhow::{Context, Result};

/// Add `font-display: optional` to the `@font-face` rules of every
/// stylesheet in the site's `fonts/` folder (mdBook's, or the book's own
/// theme's copy of it).
pub(crate) fn steady(html: &Path) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(html.join("fonts")) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "css") {
            continue;
        }
        let css = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let steady = with_optional_display(&css);
        if steady != css {
            std::fs::write(&path, steady)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
    }
    Ok(())
}

/// `css` with `font-display: optional;` opening every `@font-face` block
/// that has no `font-display`.
fn with_optional_display(css: &str) -> String {
    const RULE: &str = "@font-face";
    let mut out = String::with_capacity(css.len() + 64);
    let mut rest = css;
    while let Some(at) = rest.find(RULE) {
        let Some(open) = rest[at..].find('{').map(|i| at + i + 1) else {
            break;
        };
        let close = rest[open..].find('}').map_or(rest.len(), |i| open + i);
        out.push_str(&rest[..open]);
        if !rest[open..close].contains("font-display") {
            out.push_str("\n  font-display: optional;");
        }
        rest = &rest[open..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::with_optional_display;

    #[test]
    fn every_font_face_without_a_display_gets_optional() {
        let css = "/* x */\n@font-face {\n  font-family: 'A';\n}\n\
                   @font-face{font-family:'B';font-display:swap}\n\
                   body { color: red }\n@font-face {\n  font-family: 'C';\n}\n";
        let out = with_optional_display(css);
        assert_eq!(out.matches("font-display: optional").count(), 2);
        assert!(out.contains("font-display:swap"));
        assert!(out.contains("@font-face {\n  font-display: optional;\n  font-family: 'A';"));
        assert!(out.contains("body { color: red }"));
        // Already steady: unchanged.
        assert_eq!(with_optional_display(&out), out);
    }
}
