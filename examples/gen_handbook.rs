//! Generates a synthetic handbook of N items (with references between them)
//! for benchmarks: `cargo run --release --example gen_handbook -- OUT_DIR N`.
//!
//! Items are spread over files of 100 items, cycling through the kinds that
//! hold lists (faq, mistakes, checklist, glossary, framework), plus one matrix.
//! Every item links to two others (a `related` id and an inline `[[id]]`),
//! and each file gets a chapter that pulls it in with a directive.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().expect("usage: gen_handbook OUT_DIR N"));
    let n: usize = args.next().and_then(|s| s.parse().ok()).expect("N");
    std::fs::create_dir_all(out.join("content")).unwrap();
    std::fs::create_dir_all(out.join("src/parts")).unwrap();
    std::fs::write(
        out.join("book.toml"),
        "[book]\ntitle = \"Generated handbook\"\n\n[preprocessor.careerbook]\n",
    )
    .unwrap();
    let per_file = 100;
    let files = n.div_ceil(per_file);
    let id = |i: usize| format!("item-{i}");
    let mut summary = String::from("# Summary\n\n");
    for f in 0..files {
        let lo = f * per_file;
        let hi = ((f + 1) * per_file).min(n);
        let kind = ["faq", "mistakes", "checklist", "glossary", "framework"][f % 5];
        let mut y = String::new();
        let _ = write!(
            y,
            "kind: {kind}\nid: doc-{f}\ntitle: Generated {kind} {f}\nsummary: |\n  Part {f} of the generated handbook, about [[{}]].\n",
            id((lo + 7 * per_file) % n)
        );
        let list = match kind {
            "faq" => "questions",
            "mistakes" => "mistakes",
            "checklist" => "items",
            "glossary" => "terms",
            _ => "steps",
        };
        let _ = writeln!(y, "{list}:");
        for i in lo..hi {
            let a = id((i * 7919 + 13) % n);
            let b = id((i + 1) % n);
            let body = format!(
                "Item {i} explains one idea in a sentence or two, and points at [[{b}]] for more. It has *emphasis* and `code`."
            );
            match kind {
                "faq" => {
                    let _ = write!(
                        y,
                        "  - id: {}\n    question: What is item {i}?\n    answer: |\n      {body}\n    related: [{a}]\n",
                        id(i)
                    );
                }
                "mistakes" => {
                    let _ = write!(
                        y,
                        "  - id: {}\n    title: Mistake {i}\n    mistake: {body}\n    why: Because it is easy.\n    signs:\n      - A sign of item {i}.\n    fix: Do the opposite.\n    related: [{a}]\n",
                        id(i)
                    );
                }
                "checklist" => {
                    let _ = write!(
                        y,
                        "  - id: {}\n    text: {body}\n    why: It matters.\n    effort: 2 hours\n    related: [{a}]\n",
                        id(i)
                    );
                }
                "glossary" => {
                    let _ = write!(
                        y,
                        "  - id: {}\n    term: Term {i}\n    definition: {body}\n    aliases: [alias {i}]\n    related: [{a}]\n",
                        id(i)
                    );
                }
                _ => {
                    let _ = write!(
                        y,
                        "  - id: {}\n    title: Step {i}\n    summary: {body}\n    actions:\n      - Do item {i}.\n    signals:\n      - Item {i} is done.\n    related: [{a}]\n",
                        id(i)
                    );
                }
            }
        }
        std::fs::write(out.join(format!("content/part-{f:05}.yaml")), y).unwrap();
        std::fs::write(
            out.join(format!("src/parts/part-{f:05}.md")),
            format!("# Part {f}\n\n{{{{#careerbook doc-{f}}}}}\n"),
        )
        .unwrap();
        let _ = writeln!(summary, "- [Part {f}](parts/part-{f:05}.md)");
    }
    std::fs::write(out.join("src/SUMMARY.md"), summary).unwrap();
}
