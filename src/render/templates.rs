//! The handlebars templates: embedded in the binary (from `theme/templates/`)
//! and overridable per book from `<theme>/careerbook/NAME.hbs`.

use std::path::Path;

use handlebars::Handlebars;
use serde_json::Value;

macro_rules! builtin {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../theme/templates/", $name, ".hbs")))),*]
    };
}

/// Every template careerbook renders with, by name.
pub const BUILTIN: &[(&str, &str)] = builtin![
    "entry-footer",
    "doc-header",
    "matrix",
    "level",
    "competency",
    "behaviour",
    "framework",
    "step",
    "mistakes",
    "mistake",
    "checklist",
    "phase",
    "checklist-item",
    "case-study",
    "pattern",
    "template",
    "faq",
    "question",
    "glossary",
    "term",
    "index",
    "glossary-page",
    "level-page",
    "compare",
    "assessment",
];

pub struct Templates {
    hbs: Handlebars<'static>,
    /// Names of templates the book overrides.
    pub overridden: Vec<String>,
}

impl Templates {
    /// The built-in templates, with overrides from `theme_dir/careerbook/`
    /// when that folder exists.
    pub fn load(theme_dir: Option<&Path>) -> anyhow::Result<Templates> {
        let mut hbs = Handlebars::new();
        hbs.set_strict_mode(true);
        hbs.register_escape_fn(super::markdown::esc);
        let mut overridden = Vec::new();
        for (name, text) in BUILTIN {
            let custom = theme_dir
                .map(|d| d.join("careerbook").join(format!("{name}.hbs")))
                .filter(|p| p.is_file());
            match custom {
                Some(p) => {
                    let text = std::fs::read_to_string(&p)
                        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", p.display()))?;
                    hbs.register_template_string(name, text)
                        .map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
                    overridden.push(name.to_string());
                }
                None => hbs
                    .register_template_string(name, *text)
                    .map_err(|e| anyhow::anyhow!("built-in template {name}: {e}"))?,
            }
        }
        Ok(Templates { hbs, overridden })
    }

    pub fn render(&self, name: &str, ctx: &Value) -> anyhow::Result<String> {
        let html = self
            .hbs
            .render(name, ctx)
            .map_err(|e| anyhow::anyhow!("template `{name}`: {e}"))?;
        Ok(super::markdown::tidy(&html))
    }
}
