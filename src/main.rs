//! The `caselint` binary; everything lives in the library's `cli` module (which, like the
//! whole library, has no unsafe code).

/// mimalloc instead of the system allocator: a run allocates and frees millions of small
/// values on several threads, where glibc's malloc spent a third of the time (ruff makes the
/// same choice). Measured in BENCHMARKS.md.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its index in `mi_option_t`, mimalloc 2 and 3): freed
/// memory goes back to the system at once instead of after 10 ms, which kept a
/// 100,000-case run above its 300 MB budget (305 MB; 272 MB purging at once, for about 8%
/// more time).
const PURGE_DELAY_OPTION: i32 = 15;
const PURGE_DELAY_MS: std::ffi::c_long = 0;

fn main() -> std::process::ExitCode {
    // An explicit MIMALLOC_PURGE_DELAY in the environment wins.
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        #[allow(unsafe_code, reason = "a plain C call that sets an allocator option, before any thread starts")]
        // SAFETY: `mi_option_set` only stores an integer option; no pointers are involved.
        unsafe {
            libmimalloc_sys::mi_option_set(PURGE_DELAY_OPTION, PURGE_DELAY_MS);
        }
    }
    caselint::cli::main()
}
