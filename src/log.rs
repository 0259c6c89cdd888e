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
pub type Sink = fn(Level, &Line);

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

/// One formatted line (`libbpf: ...\n`) with a NUL after it, so the C
/// callback gets it without a copy: on the stack while it fits (a debug line
/// is formatted for the callback on every open), on the heap beyond.
pub struct Line {
    buf: [u8; 256],
    len: usize,
    spill: Option<String>,
}

impl std::fmt::Write for Line {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        if let Some(spill) = self.spill.as_mut() {
            spill.push_str(s);
        } else if let Some(dst) = self.buf.get_mut(self.len..self.len + s.len()) {
            dst.copy_from_slice(s.as_bytes());
            self.len += s.len();
        } else {
            let mut spill = String::with_capacity(self.len + s.len() + 64);
            spill.push_str(self.as_str());
            spill.push_str(s);
            self.spill = Some(spill);
        }
        Ok(())
    }
}

impl Line {
    /// The text, without the NUL.
    pub fn as_str(&self) -> &str {
        let with_nul = self.with_nul();
        &with_nul[..with_nul.len() - 1]
    }

    /// The text and its NUL, for C. An interior NUL (only a caller's odd
    /// string could bring one) merely ends the line early there.
    pub fn as_ptr(&self) -> *const std::ffi::c_char {
        self.with_nul().as_ptr().cast()
    }

    fn with_nul(&self) -> &str {
        match &self.spill {
            Some(s) => s,
            #[allow(unsafe_code)]
            // SAFETY: only whole `&str`s were copied in, so the bytes are UTF-8.
            None => unsafe { std::str::from_utf8_unchecked(&self.buf[..self.len]) },
        }
    }
}

/// Emits one line (with the `libbpf: ` prefix and a newline added).
pub fn emit(level: Level, msg: std::fmt::Arguments<'_>) {
    use std::fmt::Write;
    let mut line = Line {
        buf: [0; 256],
        len: 0,
        spill: None,
    };
    let _ = line.write_str("libbpf: ");
    let _ = match msg.as_str() {
        Some(text) => line.write_str(text),
        None => line.write_fmt(msg),
    };
    let _ = line.write_str("\n\0");
    deliver(level, &line);
}

/// Emits `text` as it is (no prefix, no newline added): `libbpf_print`, the
/// internal entry point whose callers put "libbpf: " in their format.
pub fn emit_raw(level: Level, text: &str) {
    use std::fmt::Write;
    let mut line = Line {
        buf: [0; 256],
        len: 0,
        spill: None,
    };
    let _ = line.write_str(text);
    let _ = line.write_str("\0");
    deliver(level, &line);
}

fn deliver(level: Level, line: &Line) {
    match to_sink(SINK.load(Ordering::Acquire)) {
        Some(sink) => sink(level, line),
        None => {
            if level <= Level::Info {
                eprint!("{}", line.as_str());
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
