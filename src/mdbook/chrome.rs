//! Mending mdBook's page chrome in the sites `careerbook build` links the
//! assets into (the same sites whose fonts it sees to, see `fonts`).
//!
//! mdBook 0.5 draws its sidebar toggle as a `<label>` for a hidden checkbox
//! and gives it `aria-label`, `aria-controls` and (from its script)
//! `aria-expanded`, none of which a label may carry: assistive technology
//! is told of no control at all, and axe fails every page on
//! `aria-allowed-attr` and `aria-prohibited-attr` (rust-lang/mdBook#2345,
//! open). With `role="button"` the same element is announced as the button
//! it looks like, named and with its expanded state, and a screen reader can
//! press it. (It is still not in the keyboard's tab order: making it a real
//! button needs mdBook's script, which the open pull requests upstream
//! change.) A page whose toggle is not mdBook 0.5's (a theme of its own) is
//! left as it is.

/// The start of mdBook 0.5's sidebar toggle.
const SIDEBAR_TOGGLE: &str = "<label id=\"mdbook-sidebar-toggle\" class=\"icon-button\" ";

/// `html` with its sidebar toggle announced as a button.
pub(crate) fn mend(html: &str) -> String {
    html.replacen(
        SIDEBAR_TOGGLE,
        "<label id=\"mdbook-sidebar-toggle\" role=\"button\" class=\"icon-button\" ",
        1,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sidebar_toggle_is_a_button() {
        let page = format!("<div>{SIDEBAR_TOGGLE}for=\"x\" aria-label=\"Toggle\">…</label></div>");
        assert_eq!(
            mend(&page),
            "<div><label id=\"mdbook-sidebar-toggle\" role=\"button\" class=\"icon-button\" for=\"x\" aria-label=\"Toggle\">…</label></div>"
        );
        // Another theme's toggle: unchanged.
        assert_eq!(
            mend("<button id=\"t\">x</button>"),
            "<button id=\"t\">x</button>"
        );
    }
}
