//! Build step: how the `newsdex` binary is linked (nothing is generated).
//!
//! On Linux the binary is linked as a fixed-address executable (`-no-pie`). A position-
//! independent one makes the dynamic loader apply ~57,000 relocations at every start,
//! touching ~300 pages of relocation tables and copying every page they patch: about a
//! sixth of a `newsdex query` process's CPU time and a third of its page faults (#15,
//! BENCHMARKS.md). `-no-pie` is understood by every gcc and clang that can link Rust on
//! Linux, so a fresh machine needs nothing beyond the Rust toolchain and its usual `cc`.
//! Only the binaries are linked this way; the library, tests and dependencies are as before.
//!
//! On x86_64 glibc, `.cargo/config.toml` goes further and links every executable statically
//! (`+crt-static`, `relocation-model=static`): no loader at all, 12-15% less CPU per query
//! process than `-no-pie` alone. That needs rustflags, which a build script cannot set; the
//! `-no-pie` here still serves the other Linux targets. (`-static` passed from here instead
//! gave a binary that segfaulted at start.)

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if os == "linux" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
