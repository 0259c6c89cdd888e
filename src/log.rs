//! libbpf's logging: three levels, a `libbpf: ` prefix, a default printer that
//! shows WARN and INFO on stderr, and a user callback set by `libbpf_set_print`.
//!
//! The callback takes a `va_list`, which stable Rust cannot build; the C side
//! (`src/capi/print.c`) starts the list and calls it with `"%s"` and our text.

use std::sync::atomic::{AtomicUsize, Ordering};

#[repr(u32)]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Level {
    Warn = 0,
    Info = 1,
    Debug = 2,
}

/// What to call with a finished line. Set by the C edge; `0` = default printer.
pub type Sink = fn(Level, &str);

static SINK: AtomicUsize = AtomicUsize::new(0);

/// Replaces the sink, returning the previous one (`None` = default printer).
pub fn set_sink(sink: Option<Sink>) -> Option<Sink> {
    let new = sink.map_or(0, |f| f as usize);
    let old = SINK.swap(new, Ordering::AcqRel);
    to_sink(old)
}

fn to_sink(raw: usize) -> Option<Sink> {
    if raw == 0 {
        None
    } else {
        // SAFETY: only ever stored from a valid `Sink` in `set_sink`.
        #[allow(unsafe_code)]
        Some(unsafe { std::mem::transmute::<usize, Sink>(raw) })
    }
}

/// Emits one line (with the `libbpf: ` prefix and a newline added).
pub fn emit(level: Level, msg: std::fmt::Arguments<'_>) {
    let line = format!("libbpf: {msg}\n");
    match to_sink(SINK.load(Ordering::Acquire)) {
        Some(sink) => sink(level, &line),
        None => {
            if level <= Level::Info {
                eprint!("{line}");
            }
        }
    }
}

#[macro_export]
macro_rules! warn {
    ($($arg:tt)*) => { $crate::log::emit($crate::log::Level::Warn, format_args!($($arg)*)) };
}
#[macro_export]
macro_rules! info {
    ($($arg:tt)*) => { $crate::log::emit($crate::log::Level::Info, format_args!($($arg)*)) };
}
#[macro_export]
macro_rules! debug {
    ($($arg:tt)*) => { $crate::log::emit($crate::log::Level::Debug, format_args!($($arg)*)) };
}
