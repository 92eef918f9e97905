//! Stage 5 — mdBook glue: careerbook as an mdBook 0.5 preprocessor, used
//! two ways with one result:
//!
//! - in-process by `careerbook build` / `careerbook serve` (mdbook-driver),
//! - as the `mdbook-careerbook` command that a plain `mdbook build` runs for
//!   a book with `[preprocessor.careerbook]` in its `book.toml`.
//!
//! Validation runs before anything is rendered: on a content error the
//! preprocessor prints the same diagnostics as `careerbook check` and fails,
//! so mdBook stops before its renderer touches the previous site.

pub mod assets;
mod chrome;
mod fonts;
pub mod output;

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result, bail};
use mdbook_preprocessor::book::{Book, BookItem};
use mdbook_preprocessor::{MDBOOK_VERSION, Preprocessor, PreprocessorContext};

use crate::diag::{Format, Report};
use crate::link::Handbook;
use crate::load::Chapter;
use crate::render::{Site, Templates, generate};

/// What a run rendered (for the build summary).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub chapters: usize,
    /// Chapters careerbook changed.
    pub chapters_rendered: usize,
    pub entries: usize,
    pub warnings: usize,
}

/// What `careerbook build` does to the rendered site of a book that does not
/// install the assets, besides linking them.
#[derive(Debug, Clone)]
pub(crate) struct Finish {
    /// The kit (notices and dialogs, see `Site::kit_later`), put into the
    /// pages that need it.
    pub kit: String,
    pub fonts: fonts::SiteFonts,
}

/// The careerbook preprocessor.
#[derive(Default, Clone)]
pub(crate) struct CareerbookPreprocessor {
    pub stats: Arc<Mutex<Stats>>,
    /// For a book that does not install the assets: what `careerbook build`
    /// does to the rendered site. `None`: the book installs them.
    pub finish: Arc<Mutex<Option<Finish>>>,
    /// Run by a plain `mdbook build` (the shim): the stylesheet and script
    /// must then be installed in the book (`mdbook-careerbook install`).
    pub standalone: bool,
}

impl Preprocessor for CareerbookPreprocessor {
    fn name(&self) -> &str {
        "careerbook"
    }

    fn run(&self, ctx: &PreprocessorContext, book: Book) -> Result<Book> {
        let setup = assets::setup(&ctx.root);
        let not_installed = setup == assets::Setup::NotInstalled;
        let (book, stats, finish) =
            preprocess(&ctx.root, &ctx.config.book.src, book, not_installed)?;
        *self.stats.lock().unwrap_or_else(|e| e.into_inner()) = stats;
        *self.finish.lock().unwrap_or_else(|e| e.into_inner()) = finish;
        // Pages with careerbook's content need its stylesheet and script.
        if stats.chapters_rendered > 0 {
            match setup {
                assets::Setup::Stale(why) => return Err(assets::not_ready(&why)),
                assets::Setup::NotInstalled if self.standalone => {
                    return Err(assets::not_ready("they are not listed in book.toml"));
                }
                _ => {}
            }
        }
        Ok(book)
    }

    fn supports_renderer(&self, renderer: &str) -> Result<bool> {
        Ok(supports(renderer))
    }
}

/// Renderers careerbook's output is meant for.
pub fn supports(renderer: &str) -> bool {
    matches!(renderer, "html" | "markdown")
}

fn print_report(report: &Report) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let _ = std::io::stderr().write_all(report.render(Format::Human, color).as_bytes());
}

/// The chapters of a book in reading order (drafts left out).
pub(crate) fn chapters_of(book: &Book, src: &Path) -> Vec<Chapter> {
    book.chapters()
        .filter_map(|ch| {
            let path = ch.path.as_ref()?;
            Some(Chapter::new(src, path, &ch.name, ch.content.clone()))
        })
        .collect()
}

/// Add the generated pages to the book, after the existing sub-chapters of
/// the chapter they go under (numbered after them when it is numbered; no
/// source file, so no "edit" link).
pub(crate) fn add_generated(book: &mut Book, generated: &[generate::Generated]) {
    if generated.is_empty() {
        return;
    }
    book.for_each_mut(|item| {
        if let BookItem::Chapter(ch) = item
            && let Some(p) = &ch.path
        {
            let path = crate::load::slashed(p);
            for g in generated.iter().filter(|g| g.under == path) {
                let first = ch
                    .sub_items
                    .iter()
                    .filter(|i| matches!(i, BookItem::Chapter(c) if c.number.is_some()))
                    .count();
                let pages = book_items(&g.pages, ch, first);
                ch.sub_items.extend(pages);
            }
        }
    });
}

fn book_items(
    pages: &[generate::Page],
    parent: &mdbook_preprocessor::book::Chapter,
    numbered_before: usize,
) -> Vec<BookItem> {
    use mdbook_preprocessor::book::{Chapter as BookChapter, SectionNumber};
    pages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut parent_names = parent.parent_names.clone();
            parent_names.push(parent.name.clone());
            let mut ch = BookChapter::new(
                &p.chapter.name,
                p.chapter.text.clone(),
                &p.chapter.path,
                parent_names,
            );
            ch.source_path = None;
            ch.number = parent.number.as_ref().map(|n| {
                let mut n: SectionNumber = n.iter().copied().collect();
                n.push((numbered_before + i + 1) as u32);
                n
            });
            ch.sub_items = book_items(&p.children, &ch, 0);
            BookItem::Chapter(ch)
        })
        .collect()
}

/// Validate the book (content from disk, chapters from `book`), add the
/// generated pages, and render careerbook's syntax into the chapters.
///
/// `kit_later`: the book does not install the assets, so `careerbook build`
/// links them after mdBook has rendered, adds the kit then too and sees to
/// the fonts (returned here; `None` when the chapters carry the kit).
pub(crate) fn preprocess(
    root: &Path,
    src: &Path,
    mut book: Book,
    kit_later: bool,
) -> Result<(Book, Stats, Option<Finish>)> {
    let timing = std::env::var_os("CAREERBOOK_TIMING").is_some();
    let t0 = std::time::Instant::now();
    let (handbook, report) = Handbook::open(root, Some(chapters_of(&book, src)))?;
    let t_link = t0.elapsed();
    if report.errors() > 0 {
        print_report(&report);
        return Err(ContentErrors {
            count: report.errors(),
            text: report.render(Format::Human, false),
        }
        .into());
    }
    if report.warnings() > 0 {
        print_report(&report);
    }
    let theme = theme_dir(root);
    let templates = Templates::load(Some(&theme))?;
    // The pages careerbook adds (level pages, comparisons, assessments).
    let generated = generate::pages(&handbook, &handbook.chapters);
    add_generated(&mut book, &generated);
    let chapters = chapters_of(&book, src);
    let mut site = Site::new(&handbook, &chapters, templates);
    // `careerbook build` links the assets of a book that does not install
    // them, and then adds the kit to the pages too (out of the search index).
    site.kit_later = kit_later;
    let finish = if kit_later {
        Some(Finish {
            kit: site.kit()?,
            fonts: fonts::SiteFonts::of(handbook.config.fonts, &theme),
        })
    } else {
        None
    };
    if handbook.config.last_updated {
        site.last_updated = git_dates(root);
    }
    // Chapters are independent: render them in parallel.
    let indices: Vec<usize> = (0..chapters.len()).collect();
    let rendered: Vec<Option<String>> = crate::par::map(&indices, |&i| {
        let ch = &chapters[i];
        site.render_chapter(i, &ch.text)
            .with_context(|| format!("rendering {}", ch.file))
    })
    .into_iter()
    .collect::<Result<_>>()?;
    if timing {
        eprintln!(
            "careerbook timing: load and link {:?}, render {:?}",
            t_link,
            t0.elapsed() - t_link
        );
    }
    let stats = Stats {
        chapters: chapters.len(),
        chapters_rendered: rendered.iter().filter(|r| r.is_some()).count(),
        entries: handbook.entry_count(),
        warnings: report.warnings(),
    };
    let mut by_path: HashMap<String, String> = chapters
        .iter()
        .zip(rendered)
        .filter_map(|(ch, r)| r.map(|r| (ch.path.clone(), r)))
        .collect();
    // `for_each_mut` visits sub-chapters before their parent, so match by path.
    book.for_each_mut(|item| {
        if let BookItem::Chapter(ch) = item
            && let Some(p) = &ch.path
            && let Some(new) = by_path.remove(&crate::load::slashed(p))
        {
            ch.content = new;
        }
    });
    Ok((book, stats, finish))
}

/// The date (YYYY-MM-DD) of the last commit touching each file under
/// `root`, keyed by the path relative to `root`. Empty without git, outside
/// a repository, or on any error: "last updated" never fails a build.
/// Empty too in a shallow clone (CI's default checkout), where every file
/// would get the date of the one commit there: a wrong date is worse than
/// none, so it says how to fetch the history instead.
pub(crate) fn git_dates(root: &Path) -> std::collections::HashMap<String, String> {
    let mut out = std::collections::HashMap::new();
    let shallow = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "--is-shallow-repository"])
        .stderr(std::process::Stdio::null())
        .output();
    if let Ok(o) = shallow
        && o.status.success()
        && o.stdout.trim_ascii() == b"true"
    {
        eprintln!(
            "warning: last-updated: {} is a shallow git clone, so no dates are shown (they would all be the newest commit's); fetch the whole history, e.g. `fetch-depth: 0` for actions/checkout",
            root.display()
        );
        return out;
    }
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "log",
            "--format=%x00%cs",
            "--name-only",
            "--relative",
            "--no-renames",
            "--",
            ".",
        ])
        .stderr(std::process::Stdio::null())
        .output();
    let Ok(output) = output else { return out };
    if !output.status.success() {
        return out;
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let mut date = String::new();
    for line in text.lines() {
        if let Some(d) = line.strip_prefix('\0') {
            date = d.trim().to_string();
        } else if !line.is_empty() && !date.is_empty() {
            // Newest commits come first: keep the first date seen.
            out.entry(line.to_string()).or_insert_with(|| date.clone());
        }
    }
    out
}

/// The book's theme folder (`[output.html] theme`, default `theme`).
pub(crate) fn theme_dir(root: &Path) -> PathBuf {
    let cfg = mdbook_preprocessor::config::Config::from_disk(root.join("book.toml")).ok();
    cfg.and_then(|c| c.html_config())
        .map(|h| h.theme_dir(root))
        .unwrap_or_else(|| root.join("theme"))
}

/// Entry point of the `mdbook-careerbook` binary.
pub fn shim_main() -> std::process::ExitCode {
    use std::process::ExitCode;
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("supports") => {
            let renderer = args.get(1).map(String::as_str).unwrap_or("");
            return if supports(renderer) {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            };
        }
        Some("--version" | "-V") => {
            println!("mdbook-careerbook {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        Some("--help" | "-h") => {
            println!(
                "mdbook-careerbook: the careerbook preprocessor for mdBook {MDBOOK_VERSION}.\n\n\
                 Add `[preprocessor.careerbook]` to book.toml, run `mdbook-careerbook install`\n\
                 once in the book's folder (it copies careerbook's stylesheet and script into\n\
                 theme/careerbook/ and lists them in book.toml), then `mdbook build`;\n\
                 mdBook calls this program with the book on standard input."
            );
            return ExitCode::SUCCESS;
        }
        Some("install") => {
            let dir = Path::new(args.get(1).map(String::as_str).unwrap_or("."));
            return match assets::install(dir) {
                Ok(changed) if changed.is_empty() => {
                    eprintln!(
                        "careerbook's stylesheet and script are up to date in {}",
                        dir.display()
                    );
                    ExitCode::SUCCESS
                }
                Ok(changed) => {
                    for c in changed {
                        eprintln!("{c}");
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e:#}");
                    ExitCode::from(2)
                }
            };
        }
        _ => {}
    }
    let result = (|| -> Result<()> {
        let mut input = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut input)
            .context("cannot read mdBook's input")?;
        let (ctx, book) = parse_mdbook_input(&input)?;
        if ctx.mdbook_version != MDBOOK_VERSION {
            eprintln!(
                "warning: mdbook-careerbook was built against mdBook {MDBOOK_VERSION} but is called by mdBook {}; if the output looks wrong, rebuild careerbook against that version",
                ctx.mdbook_version
            );
        }
        let pre = CareerbookPreprocessor {
            standalone: true,
            ..CareerbookPreprocessor::default()
        };
        let book = pre.run(&ctx, book)?;
        let stats = *pre.stats.lock().unwrap_or_else(|e| e.into_inner());
        eprintln!(
            "careerbook: rendered {} documents and items into {} of {} chapters",
            stats.entries, stats.chapters_rendered, stats.chapters
        );
        let stdout = std::io::stdout();
        let mut lock = stdout.lock();
        serde_json::to_writer(&mut lock, &book)?;
        lock.flush()?;
        Ok(())
    })();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// Read mdBook's input (`[context, book]`). The calling mdBook's version is
/// read from the raw JSON first, so that input this careerbook cannot read
/// (mdBook 0.4 sends `sections` where 0.5 sends `items`) is refused with the
/// mdBook version it needs and the one that called, instead of a parse
/// error about a missing field. Input from another mdBook that does parse is
/// accepted (the caller warns).
pub(crate) fn parse_mdbook_input(input: &[u8]) -> Result<(PreprocessorContext, Book)> {
    let series = |v: &str| v.split('.').take(2).collect::<Vec<_>>().join(".");
    let needed = series(MDBOOK_VERSION);
    let value: serde_json::Value = serde_json::from_slice(input).context(
        "mdBook's input is not JSON; mdbook-careerbook is run by `mdbook build` for a book with [preprocessor.careerbook] in book.toml",
    )?;
    let caller = value
        .get(0)
        .and_then(|ctx| ctx.get("mdbook_version"))
        .and_then(|v| v.as_str())
        .map(str::to_string);
    match serde_json::from_value::<(PreprocessorContext, Book)>(value) {
        Ok(parsed) => Ok(parsed),
        Err(e) => match caller {
            Some(caller) if series(&caller) != needed => bail!(
                "mdbook-careerbook needs mdBook {needed} (it is built against mdBook {MDBOOK_VERSION}), but was called by mdBook {caller}, whose preprocessor input it cannot read. Install mdBook {needed} (`cargo install mdbook --version {MDBOOK_VERSION} --locked`), or build with `careerbook build`, which runs mdBook {MDBOOK_VERSION} itself"
            ),
            Some(_) => Err(e).context("Unable to parse mdBook's input"),
            None => bail!(
                "mdBook's input has no `mdbook_version`: it does not come from mdBook {needed}, which mdbook-careerbook needs (it is built against mdBook {MDBOOK_VERSION}): {e}"
            ),
        },
    }
}

/// The result of [`build`].
#[derive(Debug, Clone)]
pub struct Built {
    pub out_dir: PathBuf,
    pub stats: Stats,
}

/// The content has errors (they were printed); nothing was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ContentErrors {
    pub count: usize,
    /// The diagnostics as `careerbook check` prints them, without colours
    /// (for `serve`'s overlay).
    pub text: String,
}

impl std::fmt::Display for ContentErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "careerbook: the content has {} error{}; nothing was built",
            self.count,
            if self.count == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for ContentErrors {}

/// The content errors an error (anywhere in its chain) is about, if any.
pub(crate) fn content_errors(e: &anyhow::Error) -> Option<&ContentErrors> {
    e.chain().find_map(|c| c.downcast_ref::<ContentErrors>())
}

/// Build a book in-process with mdBook (and its search). Content errors are
/// printed and returned as an error before anything is written. The site
/// is rendered next to the output folder and swapped in whole
/// ([`output`]): a killed or concurrent build never leaves a broken site.
pub fn build(root: &Path) -> Result<Built> {
    build_with(root, &BuildOptions::default())?
        .ok_or_else(|| anyhow::anyhow!("the build of {} was not put in place", root.display()))
}

/// How to build (for `serve`'s edit loop).
pub(crate) struct BuildOptions<'a> {
    /// Build mdBook's search index (the slowest part of a large build).
    pub search: bool,
    /// Hold the output folder's lock while rendering (another careerbook
    /// waits). When false, the lock is taken only to swap the site in, and
    /// only when `still_wanted` says so (a newer build may have come).
    pub lock_while_rendering: bool,
    pub still_wanted: &'a (dyn Fn() -> bool + Sync),
}

impl Default for BuildOptions<'_> {
    fn default() -> Self {
        BuildOptions {
            search: true,
            lock_while_rendering: true,
            still_wanted: &|| true,
        }
    }
}

/// [`build`] with options. `Ok(None)`: built, but not swapped in (no longer
/// wanted).
pub(crate) fn build_with(root: &Path, options: &BuildOptions<'_>) -> Result<Option<Built>> {
    use mdbook_driver::MDBook;
    use mdbook_driver::config::Config;
    let toml = root.join("book.toml");
    anyhow::ensure!(toml.is_file(), "no book.toml in {}", root.display());
    let mut config = Config::from_disk(&toml)?;
    config.update_from_env()?;
    // Run before mdBook's `links` so that `\{{#careerbook …}}` stays escaped.
    if !config.contains_key("preprocessor.careerbook") {
        config.set("preprocessor.careerbook.before", vec!["links"])?;
    }
    if !options.search {
        config.set("output.html.search.enable", false)?;
    }
    // Absolute: mdBook joins the build folder to the book's root, and the
    // root may be relative (`careerbook build book`).
    let out = std::path::absolute(root.join(&config.build.build_dir))
        .with_context(|| format!("cannot resolve the output folder of {}", root.display()))?;
    output::check_target(&out)?;
    let mut lock = if options.lock_while_rendering {
        Some(output::lock(&out)?)
    } else {
        None
    };
    let staged = output::staging(&out)?;
    config.build.build_dir = staged.clone();
    let site_url = config
        .html_config()
        .and_then(|h| h.site_url.clone())
        .unwrap_or_else(|| "/".into());
    let result = (|| -> Result<(Stats, PathBuf)> {
        let mut md = MDBook::load_with_config(root, config)?;
        let pre = CareerbookPreprocessor::default();
        md.with_preprocessor(pre.clone());
        md.build()?;
        let stats = *pre.stats.lock().unwrap_or_else(|e| e.into_inner());
        let html = md.build_dir_for("html");
        // A book that does not install the assets gets them linked here,
        // and fonts that never move its pages. (A book without careerbook
        // content stays byte for byte what mdBook makes; one that installs
        // the assets, what `mdbook build` makes.)
        let finish = pre.finish.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(finish) = finish.filter(|_| stats.chapters_rendered > 0) {
            let sheet = match finish.fonts {
                fonts::SiteFonts::System => assets::Sheet::WithSystemFonts(fonts::system(&html)?),
                fonts::SiteFonts::Web => {
                    fonts::steady(&html)?;
                    assets::Sheet::Own
                }
            };
            assets::link_into(&html, &site_url, &finish.kit, &sheet)?;
        }
        let rel = html
            .strip_prefix(&staged)
            .unwrap_or(Path::new(""))
            .to_path_buf();
        Ok((stats, rel))
    })();
    match result {
        Ok((stats, html)) => {
            if lock.is_none() {
                lock = Some(output::lock(&out)?);
            }
            if !(options.still_wanted)() {
                let _ = std::fs::remove_dir_all(&staged);
                return Ok(None);
            }
            output::swap_in(&staged, &out)?;
            drop(lock);
            Ok(Some(Built {
                out_dir: out.join(html),
                stats,
            }))
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staged);
            Err(e)
        }
    }
}
