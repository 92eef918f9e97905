//! `mdbook-careerbook`: the careerbook preprocessor as a command for a plain
//! `mdbook build` (see `careerbook::mdbook`).

fn main() -> std::process::ExitCode {
    careerbook::mdbook::shim_main()
}
