//! `careerbook import FORMAT SOURCE DIR`: an organisation's existing career
//! framework as a handbook — from a spreadsheet saved as CSV ([`csv`]), the
//! Financial Times' engineering-progression job families ([`ft`]) or Monzo's
//! progression frameworks ([`monzo`]).
//!
//! Each importer reads its source into matrices of careerbook's shape
//! ([`ir`]), reporting every problem at its file, line and column; ids are
//! then settled ([`ids`]: stable across imports of an updated source) and
//! each matrix is written as YAML a person can edit ([`writer`]), read back
//! with the loader `careerbook check` uses before anything is written. A
//! chapter per matrix renders it with `{{#careerbook MATRIX}}` (careerbook
//! adds its level pages, comparisons and self-assessment) and is added to
//! `SUMMARY.md`.
//!
//! DIR is created as `careerbook init` creates a handbook; `--into BOOK` adds
//! to an existing one (refusing to overwrite anything); `--update` rewrites
//! what an earlier import of the source wrote, keeping ids.

pub mod csv;
pub mod ft;
mod ids;
mod ir;
pub mod monzo;
mod source;
mod writer;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};

use crate::cli::scaffold::{escape_link_text, schema_ref};

use crate::diag::{Format as DiagFormat, Report};
use crate::model::{Document, Id};

/// The formats `careerbook import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A spreadsheet saved as CSV: one row per behaviour.
    Csv,
    /// A Financial Times engineering-progression job family (YAML).
    Ft,
    /// A folder of Monzo progression frameworks (Markdown with YAML front matter).
    Monzo,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Ft => "ft",
            Format::Monzo => "monzo",
        }
    }
}

/// The arguments of `careerbook import`.
#[derive(clap::Args, Debug, Clone)]
pub struct ImportArgs {
    /// The source's format: csv (a spreadsheet saved as CSV, one row per
    /// behaviour), ft (a Financial Times job-family YAML file) or monzo (a
    /// folder of Monzo progression frameworks).
    #[arg(value_enum)]
    pub format: Format,
    /// The file (csv, ft) or folder (monzo) to import.
    pub source: PathBuf,
    /// The new handbook's folder, created as `careerbook init` creates it
    /// (with --update: the handbook an earlier import created).
    #[arg(required_unless_present = "into", conflicts_with = "into")]
    pub dir: Option<PathBuf>,
    /// Add the imported framework to this existing handbook instead.
    #[arg(long, value_name = "BOOK")]
    pub into: Option<PathBuf>,
    /// Update what an earlier import of this source wrote: its files are
    /// rewritten in place and behaviours keep their ids.
    #[arg(long)]
    pub update: bool,
    /// The matrix's id, which every imported id starts with (csv and ft;
    /// default: from the file's name).
    #[arg(long)]
    pub id: Option<String>,
    /// The new handbook's title (default: from DIR's name).
    #[arg(long)]
    pub title: Option<String>,
}

/// Run `careerbook import`: exit 0 when done, 1 when the source has
/// problems (nothing is written), 2 for usage and I/O errors.
pub fn main(args: &ImportArgs) -> ExitCode {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    match run(args) {
        Ok(done) => {
            let mut err = std::io::stderr().lock();
            if !done.source.diagnostics.is_empty() {
                let _ = err.write_all(done.source.render(DiagFormat::Human, color).as_bytes());
            }
            for n in &done.notes {
                let _ = writeln!(err, "note: {n}");
            }
            let _ = err.write_all(done.summary.as_bytes());
            if done.check.diagnostics.is_empty() {
                return ExitCode::SUCCESS;
            }
            let _ = err.write_all(done.check.render(DiagFormat::Human, color).as_bytes());
            if done.check.errors() > 0 {
                let _ = writeln!(
                    err,
                    "error: `careerbook check` finds the problems above in the imported files: fix them in the source and import again with --update"
                );
                ExitCode::from(1)
            } else {
                let _ = writeln!(
                    err,
                    "warning: `careerbook check --deny-warnings` fails until the warnings above are fixed (in the source, then import again with --update)"
                );
                ExitCode::SUCCESS
            }
        }
        Err(Failure::Source(report)) => {
            let _ = std::io::stderr().write_all(report.render(DiagFormat::Human, color).as_bytes());
            eprintln!(
                "error: {} in {}; nothing was imported",
                plural(report.errors(), "problem"),
                args.source.display()
            );
            ExitCode::from(1)
        }
        Err(Failure::Other(e)) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// "1 matrix", "2 matrices".
fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        return format!("1 {one}");
    }
    let many = match one {
        "matrix" => "matrices".to_string(),
        "competency" => "competencies".to_string(),
        _ => format!("{one}s"),
    };
    format!("{n} {many}")
}

/// Why an import did not happen.
pub enum Failure {
    /// Problems in the source (a report with errors).
    Source(Report),
    /// Usage, I/O, or what exists in the book.
    Other(anyhow::Error),
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Failure {
        Failure::Other(e)
    }
}

/// What an import did.
pub struct Done {
    /// Warnings about the source.
    pub source: Report,
    /// How the source was mapped where it could not be guessed.
    pub notes: Vec<String>,
    /// What was written, as printed.
    pub summary: String,
    /// Problems `careerbook check` finds in the files written (none, unless
    /// the source's text trips a rule of the content, or careerbook has a
    /// bug).
    pub check: Report,
    /// The files written, relative to the book.
    pub written: Vec<String>,
}

/// A file to write.
struct Planned {
    path: PathBuf,
    /// Relative to the book, `/`-separated.
    rel: String,
    text: String,
    existed: bool,
}

/// Import as `args` says.
pub fn run(args: &ImportArgs) -> Result<Done, Failure> {
    if args.format == Format::Monzo && args.id.is_some() {
        return Err(anyhow!(
            "--id is for csv and ft; a Monzo framework's id comes from its file's name"
        )
        .into());
    }
    if let Some(id) = &args.id
        && !Id::is_well_formed(id)
    {
        return Err(anyhow!(
            "--id `{id}` is not a valid id: ids use lowercase letters, digits and '-', starting with a letter or digit, e.g. `{}`",
            Id::slug(id)
        )
        .into());
    }
    if args.title.is_some() && (args.into.is_some() || args.update) {
        return Err(anyhow!(
            "--title names a new handbook; it cannot be used with --into or --update"
        )
        .into());
    }
    let source = &args.source;
    let shown = source.display().to_string();
    match args.format {
        Format::Monzo if !source.is_dir() => {
            return Err(anyhow!(
                "{shown} is not a folder: `careerbook import monzo` reads a folder of frameworks (the repository, or its `frameworks` folder)"
            )
            .into());
        }
        Format::Csv | Format::Ft if !source.is_file() => {
            return Err(anyhow!("{shown} is not a file").into());
        }
        _ => {}
    }
    let matrix_id = match &args.id {
        Some(id) => id.clone(),
        None => Id::slug(
            &source
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
        ),
    };

    // 1. The source: every problem, before anything is written.
    let mut import = match args.format {
        Format::Csv => csv::import(source, &shown, &matrix_id),
        Format::Ft => ft::import(source, &shown, &matrix_id),
        Format::Monzo => monzo::import(source, &shown),
    };
    import.report.sort();
    if import.report.errors() > 0 {
        return Err(Failure::Source(std::mem::take(&mut import.report)));
    }

    // 2. The book.
    let (book, create) = match (&args.dir, &args.into) {
        (Some(dir), None) => (dir.clone(), !args.update),
        (None, Some(book)) => (book.clone(), false),
        _ => return Err(anyhow!("give either DIR (a new handbook) or --into BOOK").into()),
    };
    if create {
        if book.join("book.toml").is_file() {
            return Err(anyhow!(
                "{} is a handbook already: add --update to update what an earlier import wrote there, or use --into {0} to add to it",
                book.display()
            )
            .into());
        }
        let existed = book.exists();
        crate::cli::scaffold::init_titled(&book, args.title.as_deref())?;
        let result = write_into(args, &book, &mut import);
        if result.is_err() {
            undo_init(&book, existed);
        }
        result
    } else {
        if !book.join("book.toml").is_file() {
            return Err(anyhow!(
                "no book.toml in {}: {}",
                book.display(),
                if args.update {
                    "--update needs the handbook an earlier import wrote into"
                } else {
                    "--into needs an existing handbook (or give DIR for a new one)"
                }
            )
            .into());
        }
        write_into(args, &book, &mut import)
    }
}

/// Remove a handbook `init` just created (an import that failed after it).
fn undo_init(dir: &Path, existed: bool) {
    if !existed {
        let _ = std::fs::remove_dir_all(dir);
    } else if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            let _ = if p.is_dir() {
                std::fs::remove_dir_all(&p)
            } else {
                std::fs::remove_file(&p)
            };
        }
    }
}

fn write_into(args: &ImportArgs, book: &Path, import: &mut ir::Import) -> Result<Done, Failure> {
    let (config, _) = crate::load::config::Config::load(book)?;
    let content_rel = Path::new(&config.content).join("matrices");
    let matrices_dir = config.content_dir().join("matrices");
    let src_dir = config.src_dir.clone();
    let schema = schema_ref(book, &content_rel)?;
    let command = format!("careerbook import {}", args.format.name());
    let rel = |p: &Path| -> String { crate::load::slashed(p.strip_prefix(book).unwrap_or(p)) };

    // What exists: refused, or (--update) what an earlier import wrote.
    let mut refused: Vec<String> = Vec::new();
    let mut foreign: Vec<String> = Vec::new();
    let mut kept_chapters: Vec<String> = Vec::new();
    let mut previous: Vec<Option<ids::Previous>> = Vec::new();
    let mut notes = std::mem::take(&mut import.notes);
    for m in &mut import.matrices {
        let path = matrices_dir.join(format!("{}.yaml", m.id));
        let mut prev = None;
        if path.exists() {
            if !args.update {
                refused.push(rel(&path));
            } else {
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                if !is_imported(&text) {
                    foreign.push(rel(&path));
                } else {
                    match crate::load::parse_document(&rel(&path), &text) {
                        Ok((Document::Matrix(old), _)) => {
                            if !m.titled_by_source {
                                m.title = old.title.as_str().to_string();
                                m.summary = old.summary.as_ref().map(|s| s.as_str().to_string());
                            }
                            m.cumulative = old.cumulative;
                            prev = Some(ids::Previous::from_matrix(&old));
                        }
                        _ => notes.push(format!(
                            "{} does not load (run `careerbook check`), so its behaviour ids could not be kept: they are derived afresh",
                            rel(&path)
                        )),
                    }
                }
            }
        }
        previous.push(prev);
    }
    let chapter_names: Vec<(String, String)> = import
        .matrices
        .iter()
        .map(|m| (m.id.clone(), m.title.clone()))
        .chain(
            import
                .pages
                .iter()
                .map(|p| (p.name.clone(), p.title.clone())),
        )
        .collect();
    let mut chapter_exists: Vec<bool> = Vec::new();
    for (name, _) in &chapter_names {
        let path = src_dir.join(format!("{name}.md"));
        let exists = path.exists();
        if exists {
            if !args.update {
                refused.push(rel(&path));
            } else {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                if !is_imported(&text) {
                    kept_chapters.push(rel(&path));
                }
            }
        }
        chapter_exists.push(exists);
    }
    if !refused.is_empty() {
        return Err(anyhow!(
            "refusing to overwrite what exists in {}: {}{}",
            book.display(),
            refused.join(", "),
            if args.update {
                String::new()
            } else {
                " (to update an earlier import of this source, add --update)".to_string()
            }
        )
        .into());
    }
    if !foreign.is_empty() {
        return Err(anyhow!(
            "refusing to overwrite {} in {}: not written by `careerbook import` (its first lines do not say so); move it away, or import with another --id",
            foreign.join(", "),
            book.display()
        )
        .into());
    }

    // Ids: the source's and the structural ones, then the behaviours'.
    let mut taken = ids::Ids::default();
    for m in &import.matrices {
        for id in m.ids() {
            taken.claim(id);
        }
    }
    let mut changes = Vec::new();
    for (m, prev) in import.matrices.iter_mut().zip(&previous) {
        ids::settle(m, prev.as_ref(), &mut taken);
        changes.push(prev.as_ref().map(|p| ids::changes(m, p)));
    }

    // The files, each read back as `careerbook check` reads it.
    let mut planned: Vec<Planned> = Vec::new();
    for m in &import.matrices {
        let path = matrices_dir.join(format!("{}.yaml", m.id));
        let text = writer::matrix_yaml(m, &schema, args.format.name());
        let file = rel(&path);
        if let Err(e) = writer::verify(&file, &text, m) {
            return Err(anyhow!(
                "the matrix imported from {} would not pass `careerbook check`: {e}",
                m.origin
            )
            .into());
        }
        planned.push(Planned {
            existed: path.exists(),
            path,
            rel: file,
            text,
        });
    }
    for (i, (name, title)) in chapter_names.iter().enumerate() {
        let path = src_dir.join(format!("{name}.md"));
        if kept_chapters.contains(&rel(&path)) {
            continue;
        }
        let (origin, body) = match import.matrices.get(i) {
            Some(m) => (m.origin.clone(), {
                let mut b = String::new();
                if let Some(intro) = &m.intro {
                    // The matrix under a heading of its own, not under the
                    // intro's last one.
                    b.push_str(intro);
                    b.push_str("\n\n## The framework\n\n");
                }
                b.push_str(&format!("{{{{#careerbook {}}}}}\n", m.id));
                b
            }),
            None => {
                let p = &import.pages[i - import.matrices.len()];
                (p.origin.clone(), format!("{}\n", p.markdown))
            }
        };
        let text = format!(
            "# {}\n\n<!-- Imported by `{command}` from {}. Importing again with --update rewrites this file; delete this line to make it yours. -->\n\n{body}",
            ir::escape_chapter(title),
            origin.replace("--", "- -"),
        );
        planned.push(Planned {
            existed: chapter_exists[i],
            rel: rel(&path),
            path,
            text,
        });
    }

    // Ids already used elsewhere in the book.
    let (handbook, _) = crate::link::Handbook::open(book, None).map_err(Failure::Other)?;
    let ours: Vec<&str> = planned.iter().map(|p| p.rel.as_str()).collect();
    let mut clashes = Vec::new();
    let mut clash_files: Vec<String> = Vec::new();
    for m in &import.matrices {
        for id in m.ids() {
            if let Some(t) = handbook.target(id)
                && !ours.contains(&t.file.as_str())
            {
                clashes.push(format!(
                    "`{id}` ({} at {}:{}:{})",
                    t.kind.label(),
                    t.file,
                    t.pos.line,
                    t.pos.col
                ));
                if !clash_files.contains(&t.file) {
                    clash_files.push(t.file.clone());
                }
            }
            if let Some(b) = handbook
                .broken
                .iter()
                .find(|b| !ours.contains(&b.file.as_str()) && b.ids.iter().any(|(x, _, _)| x == id))
            {
                clashes.push(format!("`{id}` (in {}, which does not load)", b.file));
            }
        }
    }
    if !clashes.is_empty() {
        let n = clashes.len();
        clashes.truncate(8);
        let earlier: Vec<&String> = clash_files
            .iter()
            .filter(|f| std::fs::read_to_string(book.join(f)).is_ok_and(|t| is_imported(&t)))
            .collect();
        let help = if let Some(f) = earlier.first() {
            format!(
                "{f} holds an earlier import (ids from the source are used as they are): to update it, import again with --update{}",
                if args.format == Format::Monzo {
                    ""
                } else {
                    " and the same --id"
                }
            )
        } else if args.format == Format::Monzo {
            "the ids careerbook derives start with the framework file's name: rename the file, or the existing document".to_string()
        } else {
            "the ids careerbook derives start with the matrix's id: choose another with --id"
                .to_string()
        };
        return Err(anyhow!(
            "{} of the imported framework {} already used in {}: {}{}; {help}",
            plural(n, "id"),
            if n == 1 { "is" } else { "are" },
            book.display(),
            clashes.join(", "),
            if n > 8 { ", …" } else { "" },
        )
        .into());
    }

    // Write.
    for p in &planned {
        if let Some(parent) = p.path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create the folder {}", parent.display()))?;
        }
        std::fs::write(&p.path, &p.text)
            .with_context(|| format!("cannot write {}", p.path.display()))?;
    }
    let summary_path = src_dir.join("SUMMARY.md");
    let summary = match std::fs::read_to_string(&summary_path) {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => "# Summary\n".to_string(),
        Err(e) => {
            return Err(Failure::Other(
                anyhow!(e).context(format!("cannot read {}", summary_path.display())),
            ));
        }
    };
    let added: Vec<String> = chapter_names
        .iter()
        .map(|(name, _)| format!("{name}.md"))
        .filter(|file| !links_to(&summary, file))
        .collect();
    let lines: Vec<String> = chapter_names
        .iter()
        .filter(|(name, _)| added.contains(&format!("{name}.md")))
        .map(|(name, title)| format!("- [{}]({name}.md)", escape_link_text(title)))
        .collect();
    if !lines.is_empty() {
        let updated = add_chapters(&summary, &import.part, &lines);
        std::fs::write(&summary_path, updated)
            .with_context(|| format!("cannot write {}", summary_path.display()))?;
    }

    // Earlier imports of this source that this one did not write.
    let written: Vec<String> = planned.iter().map(|p| p.rel.clone()).collect();
    if args.update {
        notes.extend(stale(
            &matrices_dir,
            args.format.name(),
            &args.source.display().to_string(),
            &written,
            &rel,
        ));
    }

    // The book as `careerbook check` sees it: nothing in what was written.
    let (_, mut report) = crate::link::Handbook::open(book, None).map_err(Failure::Other)?;
    report.diagnostics.retain(|d| written.contains(&d.at.file));
    report.sort();

    // What to tell.
    let mut s = String::new();
    let n_comp: usize = import.matrices.iter().map(|m| m.competencies.len()).sum();
    let n_beh: usize = import.matrices.iter().map(|m| m.behaviour_count()).sum();
    let verb = if args.update { "Updated" } else { "Imported" };
    s.push_str(&format!(
        "{verb} {} ({}, {}) from {} into {}:\n",
        plural(import.matrices.len(), "matrix"),
        plural(n_comp, "competency"),
        plural(n_beh, "behaviour"),
        args.source.display(),
        book.display()
    ));
    for (i, m) in import.matrices.iter().enumerate() {
        let mut line = format!(
            "  {}: {} ({}{}, {}{}, {})",
            planned[i].rel,
            m.title,
            if m.extends.is_some() {
                "levels inherited".to_string()
            } else {
                plural(m.levels.len(), "level")
            },
            if m.tracks.is_empty() {
                String::new()
            } else {
                format!(", {} tracks", m.tracks.len())
            },
            plural(m.competencies.len(), "competency"),
            match &m.extends {
                Some(b) => format!(" + {} extended, extends {b}", m.extensions.len()),
                None => String::new(),
            },
            plural(m.behaviour_count(), "behaviour"),
        );
        if let Some(c) = changes[i] {
            line.push_str(&format!(
                "; {} unchanged, {} reworded (same ids), {} new, {} removed",
                c.kept, c.reworded, c.added, c.removed
            ));
        } else if planned[i].existed {
            line.push_str("; rewritten");
        }
        s.push_str(&line);
        s.push('\n');
    }
    for p in &planned[import.matrices.len()..] {
        s.push_str(&format!(
            "  {}{}\n",
            p.rel,
            if added.iter().any(|a| p.path.ends_with(a)) {
                " (added to SUMMARY.md)"
            } else {
                ""
            }
        ));
    }
    for k in &kept_chapters {
        s.push_str(&format!(
            "  {k}: kept as it is (not written by an import)\n"
        ));
    }
    s.push_str(&format!(
        "Next:\n  careerbook check --deny-warnings {0}\n  careerbook serve {0}\n",
        book.display()
    ));
    Ok(Done {
        source: std::mem::take(&mut import.report),
        notes,
        summary: s,
        check: report,
        written,
    })
}

/// Whether a file's first lines say an import wrote it.
fn is_imported(text: &str) -> bool {
    text.lines().take(5).any(|l| {
        l.starts_with(writer::MARKER) || l.starts_with("<!-- Imported by `careerbook import")
    })
}

/// Files under `dir` that an earlier import in `format` from `source` wrote
/// and this import did not.
fn stale(
    dir: &Path,
    format: &str,
    source: &str,
    written: &[String],
    rel: &dyn Fn(&Path) -> String,
) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    let mut out = Vec::new();
    for p in paths {
        if written.contains(&rel(&p)) || p.extension().is_none_or(|x| x != "yaml") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&p) else {
            continue;
        };
        let from_here = text.lines().take(5).any(|l| {
            l.strip_prefix(writer::MARKER)
                .and_then(|rest| rest.strip_prefix(&format!(" {format}` from ")))
                .is_some_and(|origin| origin.starts_with(source))
        });
        if from_here {
            out.push(format!(
                "{} was imported from {source} before and is not in it any more; delete it (and its chapter) if it is no longer wanted",
                rel(&p)
            ));
        }
    }
    out
}

/// Whether SUMMARY.md links to the chapter `path`.
fn links_to(summary: &str, path: &str) -> bool {
    summary.contains(&format!("]({path})")) || summary.contains(&format!("](./{path})"))
}

/// `summary` with the chapter `lines` added. In a book whose summary has
/// parts (as `careerbook init` writes it), before the first part (after the
/// prefix chapters and any chapters already there): one chapter as it is,
/// several under a part of their own, titled `part`. Otherwise after the
/// last chapter of its last list.
fn add_chapters(summary: &str, part: &str, lines: &[String]) -> String {
    let nl = if summary.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let all: Vec<&str> = summary.lines().collect();
    let is_item = |l: &str| {
        let t = l.trim_start();
        ["- [", "* [", "+ ["].iter().any(|p| t.starts_with(p))
    };
    let first_text = all.iter().position(|l| !l.trim().is_empty());
    // A part title: a `# ` heading that is not the summary's own title.
    let first_part = all
        .iter()
        .enumerate()
        .position(|(i, l)| l.starts_with("# ") && Some(i) != first_text);
    let mut out: Vec<String> = all.iter().map(|l| l.to_string()).collect();
    match first_part {
        Some(i) => {
            let mut block = Vec::new();
            if lines.len() > 1 {
                block.push(format!("# {part}"));
                block.push(String::new());
            }
            block.extend(lines.iter().cloned());
            block.push(String::new());
            // Right after the chapters already before the first part.
            let at = match all[..i].iter().rposition(|l| is_item(l)) {
                Some(last) if lines.len() == 1 => {
                    block.pop();
                    last + 1
                }
                _ => i,
            };
            out.splice(at..at, block);
        }
        None => match all.iter().rposition(|l| is_item(l)) {
            Some(i) => {
                out.splice(i + 1..i + 1, lines.iter().cloned());
            }
            None => {
                while out.last().is_some_and(|l| l.trim().is_empty()) {
                    out.pop();
                }
                if !out.is_empty() {
                    out.push(String::new());
                }
                out.extend(lines.iter().cloned());
            }
        },
    }
    let mut s = out.join(nl);
    s.push_str(nl);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapters_go_before_the_first_part_or_after_the_last_chapter() {
        let with_parts = "# Summary\n\n[Intro](i.md)\n\n# The ladder\n\n- [A](a.md)\n";
        let one = add_chapters(with_parts, "X", &["- [E](e.md)".into()]);
        assert_eq!(
            one,
            "# Summary\n\n[Intro](i.md)\n\n- [E](e.md)\n\n# The ladder\n\n- [A](a.md)\n"
        );
        // A second import goes after the first.
        assert_eq!(
            add_chapters(&one, "X", &["- [F](f.md)".into()]),
            "# Summary\n\n[Intro](i.md)\n\n- [E](e.md)\n- [F](f.md)\n\n# The ladder\n\n- [A](a.md)\n"
        );
        // Several chapters: a part of their own.
        assert_eq!(
            add_chapters(
                with_parts,
                "Frameworks",
                &["- [E](e.md)".into(), "- [F](f.md)".into()]
            ),
            "# Summary\n\n[Intro](i.md)\n\n# Frameworks\n\n- [E](e.md)\n- [F](f.md)\n\n# The ladder\n\n- [A](a.md)\n"
        );
        let flat = "# Summary\n\n- [A](a.md)\n  - [B](b.md)\n\n---\n\n[S](s.md)\n";
        assert_eq!(
            add_chapters(flat, "X", &["- [E](e.md)".into()]),
            "# Summary\n\n- [A](a.md)\n  - [B](b.md)\n- [E](e.md)\n\n---\n\n[S](s.md)\n"
        );
        assert_eq!(
            add_chapters("# Summary\n", "X", &["- [E](e.md)".into()]),
            "# Summary\n\n- [E](e.md)\n"
        );
    }

    #[test]
    fn imported_files_are_recognised() {
        assert!(is_imported(
            "# yaml-language-server: $schema=x\n# Imported by `careerbook import csv` from a.csv.\n"
        ));
        assert!(!is_imported("kind: matrix\n"));
    }
}
