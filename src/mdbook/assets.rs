//! careerbook's stylesheet and script in the built site, as files (see
//! [`crate::render::assets`]), two ways:
//!
//! - `careerbook build` writes them into the site under content-hashed
//!   names and links them from the head of the pages (a `<link>` on every
//!   page, and on the pages the script works on a
//!   deferred `<script src>`), after mdBook has rendered;
//! - for a plain `mdbook build` with the shim, `mdbook-careerbook install`
//!   copies them into the book (`theme/careerbook/`) and lists them under
//!   `additional-css` / `additional-js` in `book.toml`, the way mdBook's
//!   plugins do; mdBook then links them from every page. When they are
//!   missing or from another careerbook version, the build stops and says
//!   which command to run.
//!
//! Either way `print.html` links each once, and pages carry no inline
//! script or style of careerbook's.

use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::render::KIT_PLACEHOLDER;
use crate::render::assets::{self, CSS, JS};

/// Where `install` puts the assets, relative to the book's root.
pub(crate) const INSTALLED_CSS: &str = "theme/careerbook/careerbook.css";
pub(crate) const INSTALLED_JS: &str = "theme/careerbook/careerbook.js";

/// The command that installs or refreshes them.
pub(crate) const INSTALL_COMMAND: &str = "mdbook-careerbook install";

/// How a book's `book.toml` provides the assets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Setup {
    /// Not listed: `careerbook build` links them itself.
    NotInstalled,
    /// Listed, and the files are this careerbook's.
    Installed,
    /// Listed, but missing or from another version (why).
    Stale(String),
}

fn listed(cfg: &mdbook_preprocessor::config::Config, key: &str, file: &str) -> bool {
    cfg.html_config().is_some_and(|h| {
        let list = if key == "css" {
            &h.additional_css
        } else {
            &h.additional_js
        };
        list.iter()
            .any(|p| crate::load::slashed(p).trim_start_matches("./") == file)
    })
}

/// How the book at `root` provides careerbook's assets.
pub fn setup(root: &Path) -> Setup {
    let Ok(cfg) = mdbook_preprocessor::config::Config::from_disk(root.join("book.toml")) else {
        return Setup::NotInstalled;
    };
    let css = listed(&cfg, "css", INSTALLED_CSS);
    let js = listed(&cfg, "js", INSTALLED_JS);
    if !css && !js {
        return Setup::NotInstalled;
    }
    for (file, is_listed, bytes, key) in [
        (INSTALLED_CSS, css, CSS, "additional-css"),
        (INSTALLED_JS, js, JS, "additional-js"),
    ] {
        if !is_listed {
            return Setup::Stale(format!("`{file}` is not in `{key}` in book.toml"));
        }
        match std::fs::read_to_string(root.join(file)) {
            Ok(text) if text == bytes => {}
            Ok(_) => {
                return Setup::Stale(format!("`{file}` is from another version of careerbook"));
            }
            Err(_) => return Setup::Stale(format!("`{file}` is missing")),
        }
    }
    Setup::Installed
}

/// The error for a book whose assets must be (re)installed.
pub(crate) fn not_ready(why: &str) -> anyhow::Error {
    anyhow::anyhow!(
        "careerbook's stylesheet and script are not ready in this book ({why}): run `{INSTALL_COMMAND}` in the book's folder (it copies them to theme/careerbook/ and lists them in book.toml)"
    )
}

/// `mdbook-careerbook install`: copy the assets into the book and list them
/// in `book.toml` (formatting and comments kept). Returns what it changed.
pub fn install(root: &Path) -> Result<Vec<String>> {
    let toml_path = root.join("book.toml");
    let text = std::fs::read_to_string(&toml_path)
        .with_context(|| format!("cannot read {}", toml_path.display()))?;
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .with_context(|| format!("{} is not valid TOML", toml_path.display()))?;
    let mut changed = Vec::new();
    for (file, bytes) in [(INSTALLED_CSS, CSS), (INSTALLED_JS, JS)] {
        let path = root.join(file);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(bytes) {
            std::fs::create_dir_all(path.parent().unwrap_or(root))?;
            std::fs::write(&path, bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
            changed.push(format!("wrote {file}"));
        }
    }
    let output = doc
        .entry("output")
        .or_insert_with(|| {
            let mut t = toml_edit::Table::new();
            t.set_implicit(true);
            toml_edit::Item::Table(t)
        })
        .as_table_mut()
        .context("`output` in book.toml is not a table")?;
    let html = output
        .entry("html")
        .or_insert_with(|| toml_edit::Item::Table(toml_edit::Table::new()))
        .as_table_like_mut()
        .context("`output.html` in book.toml is not a table")?;
    for (key, file) in [
        ("additional-css", INSTALLED_CSS),
        ("additional-js", INSTALLED_JS),
    ] {
        let item = html
            .entry(key)
            .or_insert(toml_edit::Item::Value(toml_edit::Value::Array(
                toml_edit::Array::new(),
            )));
        let Some(list) = item.as_array_mut() else {
            bail!("`{key}` in [output.html] of book.toml is not a list");
        };
        if !list.iter().any(|v| v.as_str() == Some(file)) {
            list.push(file);
            changed.push(format!("added {file} to {key} in book.toml"));
        }
    }
    if changed.iter().any(|c| c.contains("book.toml")) {
        std::fs::write(&toml_path, doc.to_string())
            .with_context(|| format!("cannot write {}", toml_path.display()))?;
    }
    Ok(changed)
}

/// How careerbook's stylesheet goes into a site's pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Sheet {
    /// careerbook's own, linked at the end of each page's head.
    Own,
    /// With the system fonts' rule, in place of mdBook's fonts stylesheet
    /// (its path from the site's root, when the site had one; see
    /// [`super::fonts::system`]); at the end of the head where a page does
    /// not link that.
    WithSystemFonts(Option<String>),
}

/// Write the assets into a built site (`html_dir`, the HTML renderer's
/// output) and link them from the pages ([`link_page`], with the stylesheet
/// as `sheet` says); the pages that need the script's `kit` get it in its
/// place (`Site::kit_later`), and mdBook's chrome is mended
/// ([`super::chrome`]). `site_url` is where the site is served from
/// (mdBook's `site-url`), for the 404 page, which is served at any address.
pub(crate) fn link_into(html_dir: &Path, site_url: &str, kit: &str, sheet: &Sheet) -> Result<()> {
    let dir = html_dir.join(assets::DIR);
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let (css_bytes, in_place_of) = match sheet {
        Sheet::Own => (CSS.to_string(), None),
        Sheet::WithSystemFonts(old) => (assets::css_with_system_fonts(), old.as_deref()),
    };
    let (css, js) = (assets::css_name(&css_bytes), assets::js_name());
    std::fs::write(dir.join(&css), &css_bytes)?;
    std::fs::write(dir.join(&js), JS)?;
    for e in walkdir::WalkDir::new(html_dir) {
        let e = e?;
        let path = e.path();
        if !e.file_type().is_file() || path.extension().is_none_or(|x| x != "html") {
            continue;
        }
        let rel = path.strip_prefix(html_dir).unwrap_or(path);
        let prefix = if rel == Path::new("404.html") {
            format!("{}/", site_url.trim_end_matches('/'))
        } else {
            "../".repeat(rel.components().count() - 1)
        };
        let mut html = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let mut css_link = Some(format!("{prefix}{}/{css}", assets::DIR));
        if let Some(old) = in_place_of {
            // Whatever the prefix (`../`, or none under the 404 page's
            // `<base>`): the path is kept up to the file.
            let (old, new) = (format!("{old}\""), format!("{}/{css}\"", assets::DIR));
            if html.contains(&old) {
                html = html.replace(&old, &new);
                css_link = None;
            }
        }
        let html = super::chrome::mend(&html);
        let linked = link_page(
            &with_kit(&html, kit),
            css_link.as_deref(),
            &format!("{prefix}{}/{js}", assets::DIR),
        );
        std::fs::write(path, linked).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// A page with the kit in place of its first [`KIT_PLACEHOLDER`], and
/// without the others: the print page has one per chapter that needs it, and
/// one kit serves the whole page.
fn with_kit(html: &str, kit: &str) -> String {
    match html.split_once(KIT_PLACEHOLDER) {
        Some((before, after)) => format!("{before}{kit}{}", after.replace(KIT_PLACEHOLDER, "")),
        None => html.to_string(),
    }
}

/// A page with the stylesheet (`css`, unless it is linked already) at the
/// end of its head (after mdBook's, so that careerbook's rules win where
/// they mean to) and, when the page has something for it to do
/// ([`needs_script`]), the script beside it, deferred: it downloads while
/// the page is parsed and runs once it is, so it never holds up the first
/// paint.
fn link_page(html: &str, css: Option<&str>, js: &str) -> String {
    let mut out = html.to_string();
    if let Some(i) = out.find("</head>") {
        let mut tags = String::new();
        if let Some(css) = css {
            tags.push_str(&format!("<link rel=\"stylesheet\" href=\"{css}\">\n"));
        }
        if needs_script(html) {
            tags.push_str(&format!("<script defer src=\"{js}\"></script>\n"));
        }
        out.insert_str(i, &tags);
    }
    out
}

/// Whether a page has anything careerbook's script works on: a
/// self-assessment, a checklist or a button of its own (`data-cb-action`:
/// template tools, the kit's notices). The script does nothing on other
/// pages, so they go without it: on a reader's first page that is about
/// 11 KB less to download, and in Lighthouse's model of a phone on a slow
/// network, a request fewer before the largest paint (150 ms on the
/// introduction). A page that only mentions these names in its text gets
/// the script for nothing, which is harmless.
fn needs_script(html: &str) -> bool {
    ["cb-assessment", "cb-checkbox", "data-cb-action"]
        .iter()
        .any(|marker| html.contains(marker))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_link_the_assets_once() {
        let page = "<html><head><title>x</title></head><body><p>x</p></body></html>";
        assert_eq!(
            link_page(page, Some("../careerbook/a.css"), "../careerbook/a.js"),
            "<html><head><title>x</title><link rel=\"stylesheet\" href=\"../careerbook/a.css\">\n</head><body><p>x</p></body></html>"
        );
        // Linked already (in place of mdBook's fonts): only the script.
        assert_eq!(
            link_page("<head></head><p>data-cb-action</p>", None, "a.js"),
            "<head><script defer src=\"a.js\"></script>\n</head><p>data-cb-action</p>"
        );
        let page = "<html><head><title>x</title></head><body><input type=\"checkbox\" class=\"cb-checkbox\"></body></html>";
        assert_eq!(
            link_page(page, Some("../careerbook/a.css"), "../careerbook/a.js"),
            "<html><head><title>x</title><link rel=\"stylesheet\" href=\"../careerbook/a.css\">\n<script defer src=\"../careerbook/a.js\"></script>\n</head><body><input type=\"checkbox\" class=\"cb-checkbox\"></body></html>"
        );
    }

    #[test]
    fn a_page_gets_the_kit_once() {
        let page = format!("<p>a</p>{KIT_PLACEHOLDER}<p>b</p>{KIT_PLACEHOLDER}<p>c</p>");
        assert_eq!(with_kit(&page, "KIT"), "<p>a</p>KIT<p>b</p><p>c</p>");
        assert_eq!(with_kit("<p>a</p>", "KIT"), "<p>a</p>");
    }

    #[test]
    fn install_lists_the_assets_and_keeps_the_rest_of_book_toml() {
        let d = tempfile::TempDir::new().unwrap();
        let toml = "[book]\ntitle = \"X\" # our book\n\n[output.html]\nadditional-css = [\"custom.css\"]\n";
        std::fs::write(d.path().join("book.toml"), toml).unwrap();
        assert_eq!(setup(d.path()), Setup::NotInstalled);
        let changed = install(d.path()).unwrap();
        assert_eq!(changed.len(), 4, "{changed:?}");
        let after = std::fs::read_to_string(d.path().join("book.toml")).unwrap();
        assert!(after.contains("title = \"X\" # our book"), "{after}");
        assert!(
            after.contains("\"custom.css\", \"theme/careerbook/careerbook.css\""),
            "{after}"
        );
        assert_eq!(setup(d.path()), Setup::Installed);
        // Idempotent.
        assert!(install(d.path()).unwrap().is_empty());
        // Stale after a change of the file.
        std::fs::write(d.path().join(INSTALLED_JS), "old").unwrap();
        assert!(matches!(setup(d.path()), Setup::Stale(w) if w.contains("another version")));
    }
}
