// mimalloc: builds allocate millions of small strings (ours and mdBook's);
// it is measurably faster than the system allocator here (BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    careerbook::cli::main()
}
