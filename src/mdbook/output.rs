//! Writing the site so that readers never see a broken one.
//!
//! mdBook empties its output folder and renders into it: a build that is
//! killed half way (or two builds at once) would leave an empty or half-old
//! site. careerbook instead
//!
//! - holds a lock per output folder, so a second build waits for the first
//!   (and says so);
//! - renders into a temporary sibling folder (same file system), and
//! - swaps it with the output folder in one atomic step (`renameat2` with
//!   `RENAME_EXCHANGE` on Linux, `renamex_np` with `RENAME_SWAP` on macOS;
//!   elsewhere two renames in a row), then removes the old site.
//!
//! At every instant the output folder holds the complete old site or the
//! complete new one. Temporary folders left by a killed build are removed
//! by the next build.

use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// The prefix of temporary sibling folders (`.NAME.careerbook-tmp-PID`).
const TMP_MARK: &str = ".careerbook-tmp-";

/// Held while a build writes an output folder.
pub struct OutputLock {
    _file: File,
}

/// The lock file of an output folder: in the system's temporary folder,
/// named after the folder's absolute path (nothing is added to the book).
fn lock_path(out: &Path) -> PathBuf {
    let absolute = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    let key = crate::render::format::fingerprint([absolute.to_string_lossy().as_ref()]);
    std::env::temp_dir().join(format!("careerbook-build-{key:016x}.lock"))
}

/// Lock `out` for writing, waiting (and saying so) while another careerbook
/// build holds it.
pub fn lock(out: &Path) -> Result<OutputLock> {
    let path = lock_path(out);
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot create the build lock {}", path.display()))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            eprintln!(
                "another careerbook build is writing {}; waiting for it to finish",
                out.display()
            );
            file.lock()
                .with_context(|| format!("cannot lock {}", path.display()))?;
        }
        Err(std::fs::TryLockError::Error(e)) => {
            return Err(e).with_context(|| format!("cannot lock {}", path.display()));
        }
    }
    Ok(OutputLock { _file: file })
}

fn name_of(out: &Path) -> String {
    out.file_name()
        .map_or_else(|| "book".into(), |n| n.to_string_lossy().into_owned())
}

/// Check the output path can be a folder: it must not be a file.
pub(crate) fn check_target(out: &Path) -> Result<()> {
    if out.exists() && !out.is_dir() {
        bail!(
            "the output path {} is a file, not a folder; remove it or set another `build-dir` in book.toml",
            out.display()
        );
    }
    Ok(())
}

/// A new temporary folder next to `out` to render into
/// (`.NAME.careerbook-tmp-PID-N`). With the lock held, leftovers of killed
/// builds (other processes') are removed first.
pub fn staging(out: &Path) -> Result<PathBuf> {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let parent = out.parent().unwrap_or(Path::new("."));
    let prefix = format!(".{}{TMP_MARK}", name_of(out));
    let ours = format!("{prefix}{}-", std::process::id());
    if let Ok(entries) = std::fs::read_dir(parent) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with(&prefix) && !name.starts_with(&ours) {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
    std::fs::create_dir_all(parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = parent.join(format!("{ours}{n}"));
    std::fs::create_dir(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    Ok(dir)
}

/// Put the site rendered in `staged` in place of `out`, atomically where
/// the system allows, and remove the old site.
pub(crate) fn swap_in(staged: &Path, out: &Path) -> Result<()> {
    if !out.exists() {
        std::fs::rename(staged, out)
            .with_context(|| format!("cannot move the new site to {}", out.display()))?;
        return Ok(());
    }
    exchange(staged, out)
        .with_context(|| format!("cannot put the new site in place of {}", out.display()))?;
    // `staged` now holds the old site.
    let _ = std::fs::remove_dir_all(staged);
    Ok(())
}

#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

/// Without an atomic exchange: move the old site aside, then the new one
/// in (a moment without a site in between).
#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    let aside = a.with_extension("old");
    std::fs::rename(b, &aside)?;
    std::fs::rename(a, b)?;
    std::fs::rename(&aside, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_new_site_replaces_the_old_one() {
        let d = tempfile::TempDir::new().unwrap();
        let out = d.path().join("book");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("old.html"), "old").unwrap();
        let _lock = lock(&out).unwrap();
        let staged = staging(&out).unwrap();
        std::fs::write(staged.join("new.html"), "new").unwrap();
        swap_in(&staged, &out).unwrap();
        assert!(out.join("new.html").is_file());
        assert!(!out.join("old.html").exists());
        assert!(!staged.exists());
    }

    #[test]
    fn leftovers_of_killed_builds_are_removed() {
        let d = tempfile::TempDir::new().unwrap();
        let out = d.path().join("site");
        let left = d.path().join(format!(".site{TMP_MARK}999999"));
        std::fs::create_dir(&left).unwrap();
        let staged = staging(&out).unwrap();
        assert!(!left.exists());
        assert!(staged.is_dir());
    }
}
