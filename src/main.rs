fn main() -> std::process::ExitCode {
    careerbook::cli::main()
}
