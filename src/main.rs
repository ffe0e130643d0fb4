//! The `caselint` binary; everything lives in the library's `cli` module.
fn main() -> std::process::ExitCode {
    caselint::cli::main()
}
