//! The `caselint` binary; everything lives in the library's `cli` module (which, like the
//! whole binary, has no unsafe code).

/// mimalloc instead of the system allocator: a run allocates and frees millions of small
/// values on several threads, where glibc's malloc spent a third of the time (ruff makes the
/// same choice). Built without transparent huge pages (`no_thp`): with them resident memory
/// grew in 2 MB steps (69 MB instead of 45 MB for 10,000 cases) and zeroing fresh huge pages
/// took 5% of a run. Its default purge delay is kept; `MIMALLOC_PURGE_DELAY=0` in the
/// environment returns freed memory at once, for less memory and more system time. Measured
/// in BENCHMARKS.md.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    caselint::cli::main()
}
