//! Shared helpers of the kernel integration tests: building BPF objects from
//! `c-tests/progs/*.bpf.c` with clang, and reading the trace pipe.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Compiles `c-tests/progs/<name>.bpf.c` (once per content) and returns the object bytes.
pub fn bpf_object(name: &str) -> Vec<u8> {
    let src = root().join("c-tests/progs").join(format!("{name}.bpf.c"));
    let out_dir = root().join("target/bpf-progs");
    std::fs::create_dir_all(&out_dir).unwrap();
    let out = out_dir.join(format!("{name}.bpf.o"));
    let stale = match (std::fs::metadata(&src), std::fs::metadata(&out)) {
        (Ok(s), Ok(o)) => s.modified().unwrap() > o.modified().unwrap(),
        _ => true,
    };
    if stale {
        static SEQ: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let seq = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = out.with_extension(format!("{}.{seq}.tmp", std::process::id()));
        let st = Command::new("clang-19")
            .args([
                "-g",
                "-O2",
                "-target",
                "bpf",
                "-D__TARGET_ARCH_x86",
                "-Wall",
                "-Werror",
            ])
            .arg("-I")
            .arg(root().join("include"))
            .args(["-idirafter", "/usr/include/x86_64-linux-gnu", "-c"])
            .arg(&src)
            .arg("-o")
            .arg(&tmp)
            .status()
            .expect("clang-19 runs (make deps installs it)");
        assert!(st.success(), "clang-19 failed on {}", src.display());
        std::fs::rename(&tmp, &out).unwrap();
    }
    std::fs::read(&out).unwrap()
}

pub fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// Skips the calling test (with a reason on stderr) unless we are root.
#[macro_export]
macro_rules! require_root {
    () => {
        if !common::is_root() {
            eprintln!("SKIP: needs root to use bpf(2)");
            return;
        }
    };
}

pub fn trace_pipe() -> &'static Path {
    if Path::new("/sys/kernel/tracing/trace_pipe").exists() {
        Path::new("/sys/kernel/tracing/trace_pipe")
    } else {
        Path::new("/sys/kernel/debug/tracing/trace_pipe")
    }
}

thread_local! {
    static LOG: std::cell::RefCell<Vec<(bpf::log::Level, String)>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn capture_sink(level: bpf::log::Level, line: &bpf::log::Line) {
    LOG.with(|l| l.borrow_mut().push((level, line.as_str().to_string())));
}

/// Runs `f` and returns what it logged on this thread (level, line). The
/// capturing sink is installed once for the whole test binary (lines of
/// other threads go to their own buffers), so parallel tests do not race.
pub fn logged<T>(f: impl FnOnce() -> T) -> (T, Vec<(bpf::log::Level, String)>) {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        bpf::log::set_target(bpf::log::Target::Sink(capture_sink));
    });
    LOG.with(|l| l.borrow_mut().clear());
    let r = f();
    (r, LOG.with(|l| std::mem::take(&mut *l.borrow_mut())))
}

/// Whether `lines` has a WARN line containing `text`.
pub fn warned(lines: &[(bpf::log::Level, String)], text: &str) -> bool {
    lines
        .iter()
        .any(|(l, s)| *l == bpf::log::Level::Warn && s.contains(text))
}
