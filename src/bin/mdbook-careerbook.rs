//! `mdbook-careerbook`: the careerbook preprocessor as a command for a plain
//! `mdbook build` (see `careerbook::mdbook`).

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    careerbook::mdbook::shim_main()
}
