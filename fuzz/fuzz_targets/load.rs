//! Fuzz the content loader: raw bytes → `load::decode` → `load::parse_document`,
//! then what the CLI does with the result: render the diagnostic in every
//! format, or walk the document's entries and scan each Markdown field for
//! inline references and directives. Nothing may panic, and every byte range
//! `markup` hands back must be a valid slice of the text it came from (the
//! link and render stages slice and splice with them).
#![no_main]

use std::ops::Range;

use careerbook::diag::{Diagnostic, Format, Report};
use careerbook::load;
use careerbook::model::markup;
use libfuzzer_sys::fuzz_target;

const FILE: &str = "f.yaml";

/// Render one diagnostic as `careerbook check` does, in all three formats.
/// `text` is `None` when the file could not be decoded (the CLI then has no
/// source to show a snippet from).
fn render(text: Option<&str>, d: Diagnostic) {
    let mut r = Report::new();
    if let Some(text) = text {
        r.add_source(FILE, text);
    }
    r.push(d);
    r.sort();
    let _ = r.render(Format::Human, false);
    let _ = r.render(Format::Json, false);
    let _ = r.render(Format::Github, false);
}

fn check_range(md: &str, range: &Range<usize>, what: &str) {
    assert!(
        md.get(range.clone()).is_some(),
        "{what} range {range:?} is not a valid slice of a {}-byte Markdown text",
        md.len()
    );
}

fn scan_markdown(md: &str) {
    for r in markup::inline_refs(md) {
        check_range(md, &r.range, "inline ref");
        check_range(md, &r.id_range, "inline ref id");
    }
    for d in markup::directives(md) {
        check_range(md, &d.raw.range, "directive");
        for arg in &d.raw.args {
            check_range(md, &arg.range, "directive argument");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let text = match load::decode(FILE, data.to_vec()) {
        Ok(text) => text,
        Err(d) => {
            render(None, *d);
            return;
        }
    };
    match load::parse_document(FILE, &text) {
        Ok((doc, warnings)) => {
            for e in doc.entries() {
                for md in &e.markdown {
                    scan_markdown(md.as_str());
                }
            }
            for d in warnings {
                render(Some(&text), d);
            }
        }
        Err(problems) => {
            for d in problems {
                render(Some(&text), d);
            }
        }
    }
});
