//! The `caselint` binary; everything lives in the library's `cli` module (which, like the
//! whole binary, has no unsafe code).

/// mimalloc instead of the system allocator: a run allocates and frees millions of small
/// values on several threads, where glibc's malloc spent a third of the time (ruff makes the
/// same choice). With its default purge delay (freed memory returned to the system after
/// 10 ms) a 100,000-case run peaks at 268–274 MB; `MIMALLOC_PURGE_DELAY=0` in the
/// environment returns it at once, for about 15 MB less and more system time. Measured in
/// BENCHMARKS.md.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    caselint::cli::main()
}
