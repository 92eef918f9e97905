//! The fonts of a site `careerbook build` links careerbook's assets into
//! (not a book without careerbook content, nor one that installs the
//! assets for plain `mdbook build`: those stay what mdBook makes).
//!
//! - **System fonts** (`fonts = "system"`, the default, when the book's
//!   theme has no `fonts/fonts.css` of its own): mdBook's web fonts (five
//!   Open Sans faces and Source Code Pro, about 45 KB each) are left out of
//!   the site, and careerbook's stylesheet, opening with a rule that names
//!   the reader's system fonts, takes the place of mdBook's fonts
//!   stylesheet (the slot a theme's own `fonts.css` fills). A page then
//!   downloads no font: text is drawn at once, on a phone as on a desktop,
//!   and never reflows when a font arrives; and it links one stylesheet
//!   fewer than it would with careerbook's beside mdBook's fonts.
//! - **Web fonts** (`fonts = "mdbook"`, or a theme's own fonts): they stay,
//!   with `font-display: optional` added to each `@font-face` that does not
//!   choose one. mdBook declares them without it, so a browser lays a page
//!   out in a fallback font and reflows it when the fonts arrive: on a site
//!   served over a network the self-assessment page moved by a layout shift
//!   of 0.14 (fonts arriving after 400 ms), a plain chapter by 0.02. With
//!   `optional`, a font that arrives within about 100 ms is used from the
//!   first paint (always the case from `file://`, from a local server and
//!   once cached), and a later one waits for the next page instead of moving
//!   this one.

use std::path::Path;

use anyhow::{Context, Result};

use crate::load::config::Fonts;

/// What `careerbook build` does with a site's fonts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SiteFonts {
    /// mdBook's web fonts are left out for the reader's system fonts.
    System,
    /// The web fonts stay (mdBook's, or the theme's own), steadied.
    Web,
}

impl SiteFonts {
    /// The choice for a book: `fonts` from its book.toml, and its theme
    /// folder (a theme that brings its own `fonts/fonts.css` keeps it).
    pub(crate) fn of(fonts: Fonts, theme: &Path) -> SiteFonts {
        if fonts == Fonts::System && !theme.join("fonts").join("fonts.css").is_file() {
            SiteFonts::System
        } else {
            SiteFonts::Web
        }
    }
}

/// Leave mdBook's web fonts out of the site at `html`: its `fonts/` folder
/// (the fonts, their licences, the stylesheet declaring them) is removed.
/// careerbook's stylesheet then opens with a rule naming the system fonts
/// ([`crate::render::assets::css_with_system_fonts`]) and takes the place
/// of mdBook's fonts stylesheet in the pages, so they link no more
/// stylesheets than mdBook's own. Returns the path of that stylesheet,
/// relative to the site's root (`None`: the site had none).
pub(crate) fn system(html: &Path) -> Result<Option<String>> {
    let dir = html.join("fonts");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(None);
    };
    let old = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|name| name.starts_with("fonts") && name.ends_with(".css"));
    std::fs::remove_dir_all(&dir).with_context(|| format!("cannot remove {}", dir.display()))?;
    Ok(old.map(|name| format!("fonts/{name}")))
}

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
