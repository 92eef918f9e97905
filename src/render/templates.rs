//! The handlebars templates: embedded in the binary (from `theme/templates/`)
//! and overridable per book from `<theme>/careerbook/NAME.hbs`.

use std::collections::HashMap;
use std::path::Path;

use handlebars::Handlebars;
use serde_json::Value;

// `BUILTIN`: every `theme/templates/*.hbs`, listed by build.rs.
include!(concat!(env!("OUT_DIR"), "/templates.rs"));

pub struct Templates {
    /// Compiled on first use: most books use a few of the templates, and
    /// compiling is the expensive part.
    hbs: std::sync::RwLock<Handlebars<'static>>,
    /// Each template's text with its partials spliced in.
    sources: HashMap<String, String>,
    /// Names of templates the book overrides.
    pub overridden: Vec<String>,
}

impl Templates {
    /// The built-in templates, with overrides from `theme_dir/careerbook/`
    /// when that folder exists.
    pub fn load(theme_dir: Option<&Path>) -> anyhow::Result<Templates> {
        let mut hbs = Handlebars::new();
        hbs.set_strict_mode(true);
        hbs.register_escape_fn(super::format::esc);
        let mut overridden = Vec::new();
        let mut sources: HashMap<&str, (String, String)> = HashMap::new();
        for (name, text) in BUILTIN {
            let custom = theme_dir
                .map(|d| d.join("careerbook").join(format!("{name}.hbs")))
                .filter(|p| p.is_file());
            match custom {
                Some(p) => {
                    let text = std::fs::read_to_string(&p)
                        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", p.display()))?;
                    sources.insert(name, (text, p.display().to_string()));
                    overridden.push(name.to_string());
                }
                None => {
                    sources.insert(
                        name,
                        (text.to_string(), format!("built-in template {name}")),
                    );
                }
            }
        }
        // Partials are spliced in as text before compiling: handlebars-rust
        // spends most of its rendering time expanding partials, and a
        // `{{> name}}` without arguments means exactly its text in place.
        let mut inlined = HashMap::new();
        for (name, _) in BUILTIN {
            let (text, origin) = &sources[name];
            let text =
                inline_partials(text, &sources, 0).map_err(|e| anyhow::anyhow!("{origin}: {e}"))?;
            // Overrides are compiled now, so that their errors show at once.
            if overridden.iter().any(|o| o == name) {
                hbs.register_template_string(name, &text)
                    .map_err(|e| anyhow::anyhow!("{origin}: {e}"))?;
            }
            inlined.insert(name.to_string(), text);
        }
        Ok(Templates {
            hbs: std::sync::RwLock::new(hbs),
            sources: inlined,
            overridden,
        })
    }

    /// Renders `name` with `ctx`, which is moved into handlebars' context (its
    /// `render` would serialise a copy of it first).
    pub fn render(&self, name: &str, ctx: Value) -> anyhow::Result<String> {
        let compiled = self
            .hbs
            .read()
            .map_err(|_| anyhow::anyhow!("template cache poisoned"))?
            .has_template(name);
        if !compiled {
            let text = self
                .sources
                .get(name)
                .ok_or_else(|| anyhow::anyhow!("no template `{name}`"))?;
            let mut hbs = self
                .hbs
                .write()
                .map_err(|_| anyhow::anyhow!("template cache poisoned"))?;
            if !hbs.has_template(name) {
                hbs.register_template_string(name, text)
                    .map_err(|e| anyhow::anyhow!("built-in template {name}: {e}"))?;
            }
        }
        let html = self
            .hbs
            .read()
            .map_err(|_| anyhow::anyhow!("template cache poisoned"))?
            .render_with_context(name, &handlebars::Context::from(ctx))
            .map_err(|e| anyhow::anyhow!("template `{name}`: {e}"))?;
        Ok(super::markdown::tidy(&html))
    }
}

/// Replace `{{> name}}` (no arguments) with the named template's text.
fn inline_partials(
    text: &str,
    sources: &HashMap<&str, (String, String)>,
    depth: usize,
) -> anyhow::Result<String> {
    if !text.contains("{{>") {
        return Ok(text.to_string());
    }
    anyhow::ensure!(
        depth < 8,
        "partials nest more than 8 deep (a partial that includes itself?)"
    );
    let mut out = String::with_capacity(text.len() * 2);
    let mut rest = text;
    while let Some(i) = rest.find("{{>") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 3..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[i..]);
            rest = "";
            break;
        };
        let name = after[..end].trim();
        match sources.get(name) {
            Some((partial, _)) if !name.contains(char::is_whitespace) => {
                out.push_str(&inline_partials(partial, sources, depth + 1)?);
            }
            // Not one of ours (or with arguments): leave it to handlebars.
            _ => out.push_str(&rest[i..i + 3 + end + 2]),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partials_are_inlined_and_loops_refused() {
        let mut s: HashMap<&str, (String, String)> = HashMap::new();
        s.insert("a", ("<a>{{> b}}</a>".into(), "a".into()));
        s.insert("b", ("<b>{{x}}</b>\n".into(), "b".into()));
        s.insert("loop", ("{{> loop}}".into(), "loop".into()));
        assert_eq!(
            inline_partials("{{> a}}", &s, 0).unwrap(),
            "<a><b>{{x}}</b>\n</a>"
        );
        assert_eq!(
            inline_partials("{{> other}}", &s, 0).unwrap(),
            "{{> other}}"
        );
        assert!(inline_partials("{{> loop}}", &s, 0).is_err());
    }
}
