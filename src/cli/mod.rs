//! Stage 6 — the command line: `careerbook check`, `careerbook schema` (and,
//! as the pipeline grows, `build`, `serve`, `init`, `new`, `export`).

pub mod export;
pub mod import;
pub mod scaffold;
pub mod serve;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diag::{Format, Severity};

#[derive(Parser, Debug)]
#[command(
    name = "careerbook",
    version,
    about = "Turn a career handbook written as YAML into an interlinked mdBook site"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Validate every content file and chapter; report all problems at once.
    ///
    /// Exit status: 0 clean, 1 content errors (or warnings with
    /// --deny-warnings), 2 usage or I/O errors.
    Check {
        /// The book folder (where book.toml is).
        #[arg(default_value = ".")]
        book_dir: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = FormatArg::Human)]
        format: FormatArg,
        /// Treat warnings as errors.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Validate, then build the site with mdBook (search included).
    ///
    /// On content errors nothing is written and the exit status is 1.
    Build {
        /// The book folder (where book.toml is).
        #[arg(default_value = ".")]
        book_dir: PathBuf,
    },
    /// Build, serve on localhost, rebuild on changes to chapters, content and
    /// theme, and reload the browser.
    Serve {
        /// The book folder (where book.toml is).
        #[arg(default_value = ".")]
        book_dir: PathBuf,
        /// Port to listen on (0 picks a free one).
        #[arg(long, short, default_value_t = 3000)]
        port: u16,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
    },
    /// Create a new handbook that checks and builds at once.
    ///
    /// The folder may already hold other files (a fresh clone's `.git`,
    /// README, LICENSE); refuses to overwrite any file, naming it.
    Init {
        /// The folder to create.
        dir: PathBuf,
        /// The handbook's title (default: from the folder's name). The id
        /// readers' answers are stored under is derived from it.
        #[arg(long)]
        title: Option<String>,
    },
    /// Scaffold a new document: a YAML skeleton, a chapter and its SUMMARY.md line.
    New {
        /// The kind: matrix, framework, mistakes, checklist, case-study, pattern,
        /// template, faq or glossary.
        kind: String,
        /// The new document's id (lowercase letters, digits and '-').
        id: String,
        /// Its title (default: from the id).
        #[arg(long)]
        title: Option<String>,
        /// The book folder (where book.toml is).
        #[arg(long, default_value = ".")]
        book: PathBuf,
    },
    /// Import a career framework: a spreadsheet (csv), a Financial Times
    /// job family (ft) or Monzo's progression frameworks (monzo), as a new
    /// handbook DIR or --into an existing one.
    ///
    /// Exit status: 0 imported, 1 problems in the source (nothing written),
    /// 2 usage or I/O errors, or files that exist.
    Import(import::ImportArgs),
    /// Write the whole resolved handbook (documents, items, references,
    /// backlinks, levels) as one JSON document, or its matrices as CSV, on
    /// standard output.
    Export {
        /// The book folder (where book.toml is).
        #[arg(default_value = ".")]
        book_dir: PathBuf,
        /// Output format: the whole handbook as JSON, or the behaviours of
        /// its matrices as CSV (the columns `careerbook import csv` reads).
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// With `--format csv`: only this matrix.
        #[arg(long)]
        matrix: Option<String>,
    },
    /// Write the JSON Schema of the content format.
    Schema {
        /// Folder to write careerbook.schema.json into (default: print it).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ExportFormat {
    Json,
    Csv,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FormatArg {
    Human,
    Json,
    Github,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Human => Format::Human,
            FormatArg::Json => Format::Json,
            FormatArg::Github => Format::Github,
        }
    }
}

/// Entry point of the `careerbook` binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            book_dir,
            format,
            deny_warnings,
        } => check(&book_dir, format.into(), deny_warnings),
        Command::Schema { out } => schema(out.as_deref()),
        Command::Build { book_dir } => build(&book_dir),
        Command::Init { dir, title } => init(&dir, title.as_deref()),
        Command::New {
            kind,
            id,
            title,
            book,
        } => new(&book, &kind, &id, title.as_deref()),
        Command::Export {
            book_dir,
            format,
            matrix,
        } => export(&book_dir, format, matrix.as_deref()),
        Command::Import(args) => import::main(&args),
        Command::Serve {
            book_dir,
            port,
            host,
        } => serve(&book_dir, &host, port),
    }
}

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {msg}");
    ExitCode::from(2)
}

fn check(book_dir: &Path, format: Format, deny_warnings: bool) -> ExitCode {
    let (handbook, mut report) = match crate::link::Handbook::open(book_dir, None) {
        Ok(x) => x,
        Err(e) => return fail(format!("{e:#}")),
    };
    // GitHub annotations name files from the repository root.
    report.set_book_dir(book_dir);
    let color = format == Format::Human
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    let mut out = report.render(format, color);
    if format == Format::Human && report.diagnostics.is_empty() {
        out = format!(
            "checked {} content files ({} documents and items) and {} chapters: no problems\n",
            handbook.content.len(),
            handbook.entry_count(),
            handbook.chapters.len()
        );
    }
    let _ = std::io::stdout().write_all(out.as_bytes());
    let failed = report
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error || deny_warnings);
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn build(book_dir: &Path) -> ExitCode {
    if !book_dir.join("book.toml").is_file() {
        return fail(format!("no book.toml in {}", book_dir.display()));
    }
    let start = std::time::Instant::now();
    match crate::mdbook::build(book_dir) {
        Ok(built) => {
            eprintln!(
                "Built {} chapters ({} with careerbook content, {} documents and items) into {} in {} ms",
                built.stats.chapters,
                built.stats.chapters_rendered,
                built.stats.entries,
                built.out_dir.display(),
                start.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        // Content errors (already printed): 1; anything else: 2.
        Err(e) if crate::mdbook::content_errors(&e).is_some() => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
        Err(e) => fail(format!("{e:#}")),
    }
}

fn serve(book_dir: &Path, host: &str, port: u16) -> ExitCode {
    use std::sync::atomic::AtomicBool;
    if !book_dir.join("book.toml").is_file() {
        return fail(format!("no book.toml in {}", book_dir.display()));
    }
    let (config, _) = match crate::load::config::Config::load(book_dir) {
        Ok(c) => c,
        Err(e) => return fail(format!("{e:#}")),
    };
    let out_dir = match mdbook_driver::config::Config::from_disk(book_dir.join("book.toml")) {
        Ok(c) => book_dir.join(&c.build.build_dir),
        Err(e) => return fail(format!("{e:#}")),
    };
    let opts = crate::cli::serve::ServeOptions {
        root: book_dir.to_path_buf(),
        out_dir,
        watch: vec![
            config.src_dir.clone(),
            config.content_dir(),
            crate::mdbook::theme_dir(book_dir),
            book_dir.join("book.toml"),
        ],
        host: host.to_string(),
        port,
    };
    // The edit loop: a build without mdBook's search index (its slowest
    // part) reloads the pages at once; the index follows in the background
    // and is put in place unless a newer edit came meanwhile.
    let generation = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let rebuild = || -> anyhow::Result<crate::cli::serve::Outcome> {
        use std::sync::atomic::Ordering;
        let start = std::time::Instant::now();
        let this = generation.fetch_add(1, Ordering::SeqCst) + 1;
        let fast = crate::mdbook::BuildOptions {
            search: false,
            ..Default::default()
        };
        match crate::mdbook::build_with(book_dir, &fast) {
            Ok(built) => {
                if let Some(built) = built {
                    eprintln!(
                        "built {} chapters ({} documents and items) in {} ms",
                        built.stats.chapters,
                        built.stats.entries,
                        start.elapsed().as_millis()
                    );
                }
                let (dir, generation) = (book_dir.to_path_buf(), generation.clone());
                std::thread::spawn(move || {
                    std::thread::sleep(std::time::Duration::from_millis(200));
                    let latest = || generation.load(Ordering::SeqCst) == this;
                    if !latest() {
                        return;
                    }
                    let full = crate::mdbook::BuildOptions {
                        search: true,
                        lock_while_rendering: false,
                        still_wanted: &latest,
                    };
                    match crate::mdbook::build_with(&dir, &full) {
                        Ok(Some(_)) => eprintln!("search index updated"),
                        Ok(None) => {}
                        Err(e) => eprintln!("the search index was not updated: {e:#}"),
                    }
                });
                Ok(crate::cli::serve::Outcome::Built)
            }
            Err(e) => {
                eprintln!("error: {e:#}");
                Ok(crate::cli::serve::Outcome::Failed {
                    diagnostics: build_diagnostics(&e),
                })
            }
        }
    };
    let stop = AtomicBool::new(false);
    match crate::cli::serve::serve(&opts, &rebuild, &|_| {}, &stop) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(format!("{e:#}")),
    }
}

/// What a failed build shows over the served pages: the content's
/// diagnostics as `careerbook check` prints them (no colours), or the
/// build's error when the content is fine (mdBook's own failures).
fn build_diagnostics(err: &anyhow::Error) -> String {
    match crate::mdbook::content_errors(err) {
        Some(errors) => errors.text.clone(),
        None => format!("error: {err:#}\n"),
    }
}

fn init(dir: &Path, title: Option<&str>) -> ExitCode {
    match crate::cli::scaffold::init_titled(dir, title) {
        Ok(summary) => {
            eprintln!(
                "Created a handbook in {} ({} files). Left to do:",
                dir.display(),
                summary.files.len()
            );
            for (i, step) in summary.next_steps.iter().enumerate() {
                eprintln!("  {}. {step}", i + 1);
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(format!("{e:#}")),
    }
}

fn new(book: &Path, kind: &str, id: &str, title: Option<&str>) -> ExitCode {
    match crate::cli::scaffold::new_item(book, kind, id, title) {
        Ok(summary) => {
            eprintln!(
                "Wrote {} and {} (added to SUMMARY.md). Fill it in (every text starting with `TODO:`), then run `careerbook check {}`.",
                summary.yaml.display(),
                summary.chapter.display(),
                book.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(format!("{e:#}")),
    }
}

fn export(book_dir: &Path, format: ExportFormat, matrix: Option<&str>) -> ExitCode {
    let result = match format {
        ExportFormat::Json if matrix.is_some() => {
            return fail("--matrix goes with --format csv");
        }
        ExportFormat::Json => crate::cli::export::export_json(book_dir),
        ExportFormat::Csv => crate::cli::export::export_csv(book_dir, matrix),
    };
    match result {
        Ok(Ok(json)) => {
            let _ = std::io::stdout().write_all(json.as_bytes());
            ExitCode::SUCCESS
        }
        Ok(Err(report)) => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let _ = std::io::stderr().write_all(report.render(Format::Human, color).as_bytes());
            ExitCode::from(1)
        }
        Err(e) => fail(format!("{e:#}")),
    }
}

fn schema(out: Option<&Path>) -> ExitCode {
    let json = crate::model::schema::json();
    match out {
        None => {
            let _ = std::io::stdout().write_all(json.as_bytes());
            ExitCode::SUCCESS
        }
        Some(dir) => {
            let path = dir.join(crate::model::schema::FILE_NAME);
            let result = std::fs::create_dir_all(dir).and_then(|_| std::fs::write(&path, &json));
            match result {
                Ok(()) => {
                    eprintln!("wrote {}", path.display());
                    ExitCode::SUCCESS
                }
                Err(e) => fail(format!("cannot write {}: {e}", path.display())),
            }
        }
    }
}
