//! Watching the book's sources: notify-debouncer-mini (the pair `mdbook
//! serve` uses) over a watcher that drops access events, and a filter for
//! the paths that call for a rebuild.

use std::collections::HashMap;
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::{EventHandler, EventKind, RecommendedWatcher, RecursiveMode, Watcher, WatcherKind};
use notify_debouncer_mini::{Config, DebounceEventResult, Debouncer, new_debouncer_opt};

use super::{POLL, ServeOptions};

/// Quiet time after a change before rebuilding. Editors write a file in a
/// few milliseconds (Vim's probe, backup, write and rename included); the
/// wait adds to every edit's latency, so it is short.
pub(super) const DEBOUNCE: Duration = Duration::from_millis(100);

/// How soon after a build a burst of changes that the build had already
/// seen is taken as a repeat of its events.
const REPEAT: Duration = Duration::from_secs(1);

/// Which changed paths call for a rebuild.
pub(super) struct WatchFilter {
    /// Folders watched recursively (absolute, canonical).
    dirs: Vec<PathBuf>,
    /// Single files watched (absolute, canonical), through their folder.
    files: Vec<PathBuf>,
    /// The output folder (as given and canonical): the build's own writes.
    ignore: Vec<PathBuf>,
}

impl WatchFilter {
    pub(super) fn new(opts: &ServeOptions) -> WatchFilter {
        let mut dirs: Vec<PathBuf> = Vec::new();
        let mut files: Vec<PathBuf> = Vec::new();
        for path in &opts.watch {
            let Ok(meta) = fs::metadata(path) else {
                continue;
            };
            let path = canonical_lenient(path);
            if meta.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
        // Folders inside another watched folder are covered by it.
        dirs.sort();
        dirs.dedup();
        let all = dirs.clone();
        dirs.retain(|d| !all.iter().any(|o| o != d && d.starts_with(o)));
        files.sort();
        files.dedup();
        files.retain(|f| !dirs.iter().any(|d| f.starts_with(d)));

        let given = super::http::absolute(&opts.out_dir);
        let canonical = canonical_lenient(&opts.out_dir);
        let mut ignore = vec![canonical];
        if !ignore.contains(&given) {
            ignore.push(given);
        }
        WatchFilter {
            dirs,
            files,
            ignore,
        }
    }

    /// What to hand to the watcher: folders recursively, and the folder of
    /// each single file non-recursively (editors often replace a file on save,
    /// which would end a watch on the file itself).
    fn targets(&self) -> Vec<(PathBuf, RecursiveMode)> {
        let mut targets: Vec<(PathBuf, RecursiveMode)> = self
            .dirs
            .iter()
            .map(|d| (d.clone(), RecursiveMode::Recursive))
            .collect();
        for file in &self.files {
            if let Some(parent) = file.parent()
                && !targets.iter().any(|(t, _)| t == parent)
            {
                targets.push((parent.to_path_buf(), RecursiveMode::NonRecursive));
            }
        }
        targets
    }

    /// Whether a change at `path` calls for a rebuild.
    fn is_relevant(&self, path: &Path) -> bool {
        if self.ignore.iter().any(|o| path.starts_with(o)) {
            return false;
        }
        if self.files.iter().any(|f| f == path) {
            return true;
        }
        let Some(rel) = self.dirs.iter().find_map(|d| path.strip_prefix(d).ok()) else {
            // A neighbour of a single watched file.
            return false;
        };
        if rel.components().any(|c| c.as_os_str() == ".git") {
            return false;
        }
        match path.file_name().and_then(|n| n.to_str()) {
            Some(name) => !is_temp_file(name),
            None => true,
        }
    }
}

/// Editor backup, swap and lock files, and the like.
pub(crate) fn is_temp_file(name: &str) -> bool {
    name.ends_with('~')
        || name == "4913" // Vim's probe for a writable folder
        || name.ends_with(".swp")
        || name.ends_with(".swo")
        || name.ends_with(".swx")
        || name.starts_with(".#") // Emacs lock files
        || (name.starts_with('#') && name.ends_with('#')) // Emacs auto-save
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name == ".DS_Store"
}

/// notify's recommended watcher without access events: inotify reports every
/// open and close, so the build's own reads of the sources would otherwise
/// start the next build. (notify-debouncer-mini keeps no event kinds, so
/// they are dropped before it sees them.)
pub(super) struct ChangeWatcher(RecommendedWatcher);

impl Watcher for ChangeWatcher {
    fn new<F: EventHandler>(mut handler: F, config: notify::Config) -> notify::Result<Self> {
        let changes_only = move |event: notify::Result<notify::Event>| {
            if let Ok(e) = &event
                && matches!(e.kind, EventKind::Access(_))
            {
                return;
            }
            handler.handle_event(event);
        };
        RecommendedWatcher::new(changes_only, config).map(ChangeWatcher)
    }

    fn watch(&mut self, path: &Path, recursive_mode: RecursiveMode) -> notify::Result<()> {
        self.0.watch(path, recursive_mode)
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        self.0.unwatch(path)
    }

    fn configure(&mut self, option: notify::Config) -> notify::Result<bool> {
        self.0.configure(option)
    }

    fn kind() -> WatcherKind {
        RecommendedWatcher::kind()
    }
}

/// Start watching; on failure print a warning and serve without it.
pub(super) fn start(
    filter: &WatchFilter,
    tx: Sender<DebounceEventResult>,
) -> Option<Debouncer<ChangeWatcher>> {
    let targets = filter.targets();
    if targets.is_empty() {
        eprintln!("warning: nothing to watch; the site will not rebuild on change");
        return None;
    }
    let config = Config::default().with_timeout(DEBOUNCE);
    let mut debouncer = match new_debouncer_opt::<_, ChangeWatcher>(config, tx) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("warning: cannot watch for changes ({e}); the site will not rebuild");
            return None;
        }
    };
    for (path, mode) in targets {
        if let Err(e) = debouncer.watcher().watch(&path, mode) {
            eprintln!("warning: cannot watch {}: {e}", path.display());
        }
    }
    Some(debouncer)
}

/// Call `build` with the changed paths once per debounced burst with a
/// relevant change, until `stopping`. Bursts that arrived during a build
/// are taken together. A burst that comes right after a build (within
/// [`REPEAT`]) and whose files all hold what that build started from is
/// dropped: on a busy machine the events of one save can reach the
/// debouncer in two bursts, which would build (and reload) twice. Saving
/// again later always rebuilds.
pub(super) fn watch_loop(
    rx: Receiver<DebounceEventResult>,
    filter: &WatchFilter,
    stopping: &dyn Fn() -> bool,
    mut build: impl FnMut(&[PathBuf]),
) {
    // What each changed path held when a build last started with it.
    let mut seen: HashMap<PathBuf, Fingerprint> = HashMap::new();
    let mut last_end: Option<Instant> = None;
    while !stopping() {
        match rx.recv_timeout(POLL) {
            Ok(burst) => {
                let mut changed = Vec::new();
                relevant(burst, filter, &mut changed);
                while let Ok(more) = rx.try_recv() {
                    relevant(more, filter, &mut changed);
                }
                changed.sort();
                changed.dedup();
                let now: Vec<Fingerprint> = changed.iter().map(|p| fingerprint(p)).collect();
                let repeat = last_end.is_some_and(|t| t.elapsed() < REPEAT)
                    && changed
                        .iter()
                        .zip(&now)
                        .all(|(p, f)| *f != Fingerprint::Other && seen.get(p) == Some(f));
                if !changed.is_empty() && !repeat && !stopping() {
                    seen.extend(changed.iter().cloned().zip(now));
                    build(&changed);
                    last_end = Some(Instant::now());
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// What a changed path holds, to tell a real change from a repeated event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fingerprint {
    Missing,
    /// A file: a hash of its bytes (timestamps can be too coarse).
    File(u64),
    /// A folder, or a file that cannot be read: always taken as changed.
    Other,
}

fn fingerprint(path: &Path) -> Fingerprint {
    match fs::read(path) {
        Ok(bytes) => {
            let mut hasher = std::hash::DefaultHasher::new();
            bytes.hash(&mut hasher);
            Fingerprint::File(hasher.finish())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Fingerprint::Missing,
        Err(_) => Fingerprint::Other,
    }
}

/// Add the paths of `burst` that call for a rebuild to `changed`.
fn relevant(burst: DebounceEventResult, filter: &WatchFilter, changed: &mut Vec<PathBuf>) {
    match burst {
        Ok(events) => changed.extend(
            events
                .into_iter()
                .map(|e| e.path)
                .filter(|p| filter.is_relevant(p)),
        ),
        Err(e) => eprintln!("warning: watching for changes: {e}"),
    }
}

/// `path` canonicalised as far as it exists (the rest appended as is).
pub(super) fn canonical_lenient(path: &Path) -> PathBuf {
    let abs = super::http::absolute(path);
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(mut canonical) = existing.canonicalize() {
            for name in rest.iter().rev() {
                canonical.push(name);
            }
            return canonical;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return abs,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_follow_content() {
        let dir = tempfile::TempDir::new().unwrap();
        let file = dir.path().join("a.yaml");
        assert_eq!(fingerprint(&file), Fingerprint::Missing);
        fs::write(&file, "kind: faq\n").unwrap();
        let first = fingerprint(&file);
        assert!(matches!(first, Fingerprint::File(_)));
        fs::write(&file, "kind: faq\n").unwrap();
        assert_eq!(fingerprint(&file), first);
        fs::write(&file, "kind: fag\n").unwrap();
        assert_ne!(fingerprint(&file), first);
        assert_eq!(fingerprint(dir.path()), Fingerprint::Other);
    }

    #[test]
    fn temp_files_are_recognised() {
        for name in ["a.yaml~", ".a.yaml.swp", "4913", ".#a.yaml", "#a.yaml#"] {
            assert!(is_temp_file(name), "{name}");
        }
        for name in ["a.yaml", "book.toml", "SUMMARY.md", "49130"] {
            assert!(!is_temp_file(name), "{name}");
        }
    }
}
