//! Lists the built-in handlebars templates: every `theme/templates/*.hbs`
//! is embedded under its file name, so a new template (for a new kind) is
//! just a file there.

use std::fmt::Write as _;

fn main() {
    let dir = std::path::Path::new("theme/templates");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("theme/templates exists")
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".hbs").map(str::to_string)
        })
        .collect();
    names.sort();
    let mut out = String::from(
        "/// Every template careerbook renders with, by name.\npub const BUILTIN: &[(&str, &str)] = &[\n",
    );
    for n in &names {
        println!("cargo:rerun-if-changed=theme/templates/{n}.hbs");
        let _ = writeln!(
            out,
            "    ({n:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/theme/templates/{n}.hbs\"))),"
        );
    }
    out.push_str("];\n");
    let dest =
        std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("templates.rs");
    std::fs::write(dest, out).expect("writing the template list");
}
