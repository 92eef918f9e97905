//! Getting careerbook: the release workflow is exactly what cargo-dist
//! generates from `dist-workspace.toml`; the release it plans holds what
//! `cargo binstall` and the workflow `careerbook init` writes download; the
//! published crate carries every file the build embeds and nothing else.

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

/// cargo-dist's `dist`, of the version `dist-workspace.toml` pins.
fn dist() -> PathBuf {
    let config = std::fs::read_to_string(common::repo().join("dist-workspace.toml")).unwrap();
    let version = config
        .lines()
        .find_map(|l| l.strip_prefix("cargo-dist-version = "))
        .map(|v| v.trim_matches('"').to_string())
        .expect("dist-workspace.toml pins cargo-dist-version");
    let how = format!(
        "cargo install cargo-dist --version {version} --locked (scripts/test.sh does this), or set DIST"
    );
    let path = std::env::var_os("DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let home = PathBuf::from(std::env::var_os("HOME").unwrap_or_default());
            std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
                .chain([home.join(".cargo/bin")])
                .map(|d| d.join("dist"))
                .find(|p| p.is_file())
                .unwrap_or_else(|| panic!("these tests need cargo-dist's `dist`: {how}"))
        });
    let out = Command::new(&path).arg("--version").output().unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        shown.trim() == format!("cargo-dist {version}"),
        "{} is `{}`, not cargo-dist {version}: {how}",
        path.display(),
        shown.trim()
    );
    path
}

fn run(cmd: &mut Command) -> String {
    let o = cmd.output().unwrap();
    assert!(
        o.status.success(),
        "{cmd:?} failed:\n{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn the_release_workflow_is_what_dist_generates() {
    // Fails when dist-workspace.toml, Cargo.toml's [package] or the pinned
    // cargo-dist changed without `dist generate` (or the file was edited).
    run(Command::new(dist())
        .current_dir(common::repo())
        .args(["generate", "--check"]));
}

/// The release `dist plan` announces: archive name → binaries inside it.
fn planned_archives() -> (serde_json::Value, Vec<(String, String, BTreeSet<String>)>) {
    let out = run(Command::new(dist())
        .current_dir(common::repo())
        .args(["plan", "--output-format=json"]));
    let plan: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut archives = Vec::new();
    for (name, artifact) in plan["artifacts"].as_object().unwrap() {
        if artifact["kind"] != "executable-zip" {
            continue;
        }
        let targets = artifact["target_triples"].as_array().unwrap();
        assert_eq!(targets.len(), 1, "{name}");
        let bins: BTreeSet<String> = artifact["assets"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["kind"] == "executable")
            .map(|a| a["path"].as_str().unwrap().to_string())
            .collect();
        archives.push((targets[0].as_str().unwrap().to_string(), name.clone(), bins));
    }
    archives.sort();
    (plan, archives)
}

#[test]
fn the_release_has_both_binaries_for_five_targets_with_checksums() {
    let (plan, archives) = planned_archives();
    let targets: Vec<&str> = archives.iter().map(|(t, _, _)| t.as_str()).collect();
    assert_eq!(
        targets,
        [
            "aarch64-apple-darwin",
            "aarch64-unknown-linux-gnu",
            "x86_64-apple-darwin",
            "x86_64-pc-windows-msvc",
            "x86_64-unknown-linux-gnu",
        ]
    );
    for (target, name, bins) in &archives {
        let exe = if target.contains("windows") {
            ".exe"
        } else {
            ""
        };
        let want: BTreeSet<String> = ["careerbook", "mdbook-careerbook"]
            .iter()
            .map(|b| format!("{b}{exe}"))
            .collect();
        assert_eq!(bins, &want, "{name}");
        assert!(
            plan["artifacts"][format!("{name}.sha256")].is_object(),
            "{name} has no checksum file"
        );
    }
    // The shell and PowerShell installers, and a combined checksum file.
    for a in [
        "careerbook-installer.sh",
        "careerbook-installer.ps1",
        "sha256.sum",
    ] {
        assert!(plan["artifacts"][a].is_object(), "no {a}");
    }
}

/// Expand a `[package.metadata.binstall]` template.
fn expand(template: &str, target: &str, suffix: &str, bin: &str) -> String {
    let exe = if target.contains("windows") {
        ".exe"
    } else {
        ""
    };
    template
        .replace("{ repo }", "https://github.com/careerbook/careerbook")
        .replace("{ version }", env!("CARGO_PKG_VERSION"))
        .replace("{ name }", env!("CARGO_PKG_NAME"))
        .replace("{ target }", target)
        .replace("{ archive-suffix }", suffix)
        .replace("{ bin }", bin)
        .replace("{ binary-ext }", exe)
}

#[test]
fn cargo_binstall_finds_the_release_archives() {
    let manifest: toml::Value =
        toml::from_str(&std::fs::read_to_string(common::repo().join("Cargo.toml")).unwrap())
            .unwrap();
    let package = &manifest["package"];
    assert_eq!(
        package["repository"].as_str(),
        Some("https://github.com/careerbook/careerbook")
    );
    let meta = &package["metadata"]["binstall"];
    let (_, archives) = planned_archives();
    for (target, name, bins) in &archives {
        let fmt = meta
            .get("overrides")
            .and_then(|o| o.get(target.as_str()))
            .and_then(|o| o.get("pkg-fmt"))
            .or_else(|| meta.get("pkg-fmt"))
            .and_then(|f| f.as_str())
            .unwrap();
        let suffix = match fmt {
            "txz" => ".tar.xz",
            "zip" => ".zip",
            other => panic!("unexpected pkg-fmt {other}"),
        };
        assert!(name.ends_with(suffix), "{target}: {name} is not {fmt}");
        let url = expand(meta["pkg-url"].as_str().unwrap(), target, suffix, "");
        assert_eq!(
            url,
            format!(
                "https://github.com/careerbook/careerbook/releases/download/v{}/{name}",
                env!("CARGO_PKG_VERSION")
            ),
            "{target}"
        );
        // cargo-dist puts the binaries in a folder named like the archive.
        let folder = name.trim_end_matches(suffix);
        for bin in bins {
            let stem = bin.trim_end_matches(".exe");
            assert_eq!(
                expand(meta["bin-dir"].as_str().unwrap(), target, suffix, stem),
                format!("{folder}/{bin}"),
                "{target}"
            );
        }
    }
}

#[test]
fn the_workflow_init_writes_downloads_planned_archives() {
    let workflow = include_str!("../scaffold/handbook.yml");
    let (_, archives) = planned_archives();
    for target in ["x86_64-unknown-linux-gnu", "aarch64-unknown-linux-gnu"] {
        assert!(
            workflow.contains(&format!("target={target}")),
            "the workflow does not handle {target}"
        );
        assert!(
            archives
                .iter()
                .any(|(t, name, _)| t == target && name == &format!("careerbook-{target}.tar.xz")),
            "the release has no careerbook-{target}.tar.xz: {archives:?}"
        );
    }
    assert!(workflow.contains("archive=\"careerbook-$target.tar.xz\""));
}

#[test]
fn the_crate_carries_what_the_build_embeds_and_nothing_else() {
    let out = run(Command::new(env!("CARGO"))
        .current_dir(common::repo())
        .args(["package", "--list", "--allow-dirty", "--offline"]));
    let files: BTreeSet<&str> = out.lines().collect();
    // Every file embedded with include_str!/include_bytes!.
    let mut embedded = 0;
    for e in walkdir::WalkDir::new(common::repo().join("src")) {
        let e = e.unwrap();
        if e.path().extension().is_none_or(|x| x != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(e.path()).unwrap();
        let dir = e.path().parent().unwrap();
        for (i, _) in text.match_indices("include_str!(") {
            let rest = &text[i..];
            // A literal path, or the prefix of a concat!() of one.
            let Some(start) = rest.find('"') else {
                continue;
            };
            let lit = &rest[start + 1..];
            let lit = &lit[..lit.find('"').unwrap()];
            let path = dir.join(lit);
            let rel = path
                .canonicalize()
                .unwrap_or(path.clone())
                .strip_prefix(common::repo().canonicalize().unwrap())
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            if path.is_file() {
                assert!(
                    files.contains(rel.as_str()),
                    "{rel} is embedded but not packaged"
                );
                embedded += 1;
            } else {
                // A folder prefix (`concat!("../../theme/templates/", name)`).
                let folder = lit.rsplit_once('/').map_or("", |(f, _)| f);
                let rel = dir
                    .join(folder)
                    .canonicalize()
                    .unwrap()
                    .strip_prefix(common::repo().canonicalize().unwrap())
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                let on_disk = std::fs::read_dir(common::repo().join(&rel))
                    .unwrap()
                    .count();
                let packaged = files
                    .iter()
                    .filter(|f| f.starts_with(&format!("{rel}/")))
                    .count();
                assert_eq!(packaged, on_disk, "{rel}/ is embedded but not all packaged");
                embedded += packaged;
            }
        }
    }
    // build.rs embeds every template of theme/templates.
    let templates = std::fs::read_dir(common::repo().join("theme/templates"))
        .unwrap()
        .count();
    let packaged = files
        .iter()
        .filter(|f| f.starts_with("theme/templates/"))
        .count();
    assert_eq!(
        packaged, templates,
        "theme/templates/ is embedded but not all packaged"
    );
    assert!(files.contains("build.rs"), "build.rs is not packaged");
    embedded += packaged;
    assert!(embedded > 50, "only {embedded} embedded files found");
    for f in [
        "Cargo.toml",
        "Cargo.lock",
        "README.md",
        "CHANGELOG.md",
        "LICENSE-MIT",
        "LICENSE-APACHE",
        "src/main.rs",
        "src/bin/mdbook-careerbook.rs",
    ] {
        assert!(files.contains(f), "{f} is not packaged");
    }
    for f in &files {
        for not in [
            "tests/",
            "book/",
            "fuzz/",
            "target/",
            "node_modules",
            ".github/",
            "scripts/",
        ] {
            assert!(
                !f.starts_with(not) && !f.contains("node_modules"),
                "{f} is packaged"
            );
        }
    }
}

#[test]
fn both_programs_say_their_version() {
    for bin in [
        env!("CARGO_BIN_EXE_careerbook"),
        env!("CARGO_BIN_EXE_mdbook-careerbook"),
    ] {
        let out = run(Command::new(bin).arg("--version"));
        let name = std::path::Path::new(bin)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert_eq!(out.trim(), format!("{name} {}", env!("CARGO_PKG_VERSION")));
    }
}
