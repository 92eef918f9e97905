//! careerbook's stylesheet and script, as they ship: built from
//! `theme/css/` and `theme/js/` by esbuild into `theme/dist/` (see
//! `scripts/build-assets.sh`) and embedded here. They are written into the
//! site as files named after their content, so a reader's browser fetches
//! them once for the whole site, a new version is never served from an old
//! cache, and pages need no inline script or style (a strict
//! Content-Security-Policy works).

use super::format::fingerprint;

/// The stylesheet.
pub const CSS: &str = include_str!("../../theme/dist/careerbook.css");
/// The script (one classic script: it works from `file://`).
pub const JS: &str = include_str!("../../theme/dist/careerbook.js");

/// The rule that stands in for mdBook's web fonts (`fonts = "system"`, the
/// default): the reader's system fonts, so no font is downloaded.
pub const SYSTEM_FONTS_CSS: &str = include_str!("../../theme/dist/system-fonts.css");

/// The stylesheet as `careerbook build` ships it in place of mdBook's web
/// fonts: the system fonts' rule, then [`CSS`].
pub(crate) fn css_with_system_fonts() -> String {
    format!("{SYSTEM_FONTS_CSS}{CSS}")
}

/// The folder of the site that holds them.
pub const DIR: &str = "careerbook";

fn hashed(stem: &str, ext: &str, bytes: &str) -> String {
    format!("{stem}-{:08x}.{ext}", fingerprint([bytes]) & 0xffff_ffff)
}

/// The file name in the site (under [`DIR`]) of a stylesheet of ours.
pub(crate) fn css_name(css: &str) -> String {
    hashed("careerbook", "css", css)
}

/// The script's file name in the site (under [`DIR`]).
pub(crate) fn js_name() -> String {
    hashed("careerbook", "js", JS)
}
