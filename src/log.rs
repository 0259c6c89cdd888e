//! libbpf's logging: three levels, a `libbpf: ` prefix, a default printer that
//! shows WARN and INFO on stderr (or what `LIBBPF_LOG_LEVEL` asks), and a user
//! callback set by `libbpf_set_print`.
//!
//! A line is formatted only when someone will see it: the macros ask
//! [`enabled`] first, so a debug line costs one atomic load when the default
//! printer is on and the level is off. A user callback gets every level, as
//! upstream formats every line for it.
//!
//! The callback takes a `va_list`, which stable Rust cannot build; the C side
//! (`src/capi/print.c`) starts the list and calls it with `"%s"` and our text,
//! or, for the frequent debug lines ([`c_debug!`](crate::c_debug)), with a C
//! format and its arguments, formatted only if the callback prints them.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

#[repr(u32)]
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Level {
    Warn = 0,
    Info = 1,
    Debug = 2,
}

/// What to call with a finished line (the C edge's bridge to a user callback).
pub type Sink = fn(Level, &Line);

/// Where lines go.
#[derive(Clone, Copy)]
pub enum Target {
    /// stderr, up to [`default_level`].
    Default,
    /// Nowhere (`libbpf_set_print(NULL)`).
    Silent,
    /// Every line, whatever its level.
    Sink(Sink),
}

const DEFAULT: usize = 0;
const SILENT: usize = 1;
static TARGET: AtomicUsize = AtomicUsize::new(DEFAULT);

/// Replaces the target, returning the previous one.
pub fn set_target(target: Target) -> Target {
    let new = match target {
        Target::Default => DEFAULT,
        Target::Silent => SILENT,
        Target::Sink(f) => f as usize,
    };
    decode(TARGET.swap(new, Ordering::AcqRel))
}

fn decode(raw: usize) -> Target {
    match raw {
        DEFAULT => Target::Default,
        SILENT => Target::Silent,
        // SAFETY: any other value was stored from a valid `Sink` in `set_target`.
        #[allow(unsafe_code)]
        f => Target::Sink(unsafe { std::mem::transmute::<usize, Sink>(f) }),
    }
}

/// Whether a line of `level` would be printed: the macros skip formatting
/// (and evaluating their arguments) when it would not.
#[inline]
pub fn enabled(level: Level) -> bool {
    match TARGET.load(Ordering::Relaxed) {
        DEFAULT => level <= default_level(),
        SILENT => false,
        _ => true,
    }
}

/// The default printer's most verbose level: `LIBBPF_LOG_LEVEL` (`warn`,
/// `info` or `debug`, any case), read once, else INFO; as upstream, an
/// unknown value is reported once on stderr and INFO kept.
pub fn default_level() -> Level {
    static LEVEL: OnceLock<Level> = OnceLock::new();
    *LEVEL.get_or_init(|| {
        let Some(v) = std::env::var_os("LIBBPF_LOG_LEVEL") else {
            return Level::Info;
        };
        match v.to_str().map(str::to_ascii_lowercase).as_deref() {
            Some("warn") => Level::Warn,
            Some("info") => Level::Info,
            Some("debug") => Level::Debug,
            _ => {
                eprintln!(
                    "libbpf: unrecognized 'LIBBPF_LOG_LEVEL' envvar value: '{}', should be one of 'warn', 'debug', or 'info'.",
                    v.to_string_lossy()
                );
                Level::Info
            }
        }
    })
}

/// One formatted line (`libbpf: ...\n`) with a NUL after it, so the C
/// callback gets it without a copy: on the stack while it fits, on the heap
/// beyond.
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
            // All of the buffer: its NUL is not written yet (`as_str` would
            // drop the last character).
            #[allow(unsafe_code)]
            // SAFETY: only whole `&str`s were copied into `buf[..len]`.
            spill.push_str(unsafe { std::str::from_utf8_unchecked(&self.buf[..self.len]) });
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

/// Emits one line (with the `libbpf: ` prefix and a newline added). Called
/// by the macros once [`enabled`] said yes.
#[cold]
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
    if !enabled(level) {
        return;
    }
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
    match decode(TARGET.load(Ordering::Acquire)) {
        Target::Sink(sink) => sink(level, line),
        Target::Default if level <= default_level() => eprint!("{}", line.as_str()),
        Target::Default | Target::Silent => {}
    }
}

extern "C" {
    /// `print.c`: a line as a C format and its arguments, to the print
    /// target (see [`c_debug!`](crate::c_debug)).
    pub fn oxbpf_printf(level: std::ffi::c_int, format: *const std::ffi::c_char, ...);
}

/// A `%.*s` precision: `s`'s length (saturated; text beyond 2 GiB is cut).
#[inline]
pub fn c_len(s: &str) -> std::ffi::c_int {
    std::ffi::c_int::try_from(s.len()).unwrap_or(std::ffi::c_int::MAX)
}

/// A frequent debug line as upstream prints it: a C format (with its
/// `libbpf: ` and newline) and its arguments, C variadic types only (`%zu`
/// usize, `%u`/`%x` u32, `%llu`/`%llx` u64, `%d` i32, `%.*s` with
/// [`c_len`] and a pointer). A user callback gets the format and a `va_list`
/// as upstream's get them, so one that drops debug lines costs no formatting
/// (`debug!` formats every line before the callback sees it); any other
/// target gets the formatted text.
#[macro_export]
macro_rules! c_debug {
    ($fmt:literal $(, $arg:expr)* $(,)?) => {
        if $crate::log::enabled($crate::log::Level::Debug) {
            let fmt: &::std::ffi::CStr = $fmt;
            // The arguments are plain values (lengths, pointers to text
            // that outlives the call, integers): nothing unsafe hides there.
            #[allow(unsafe_code, clippy::macro_metavars_in_unsafe)]
            // SAFETY: the format's conversions take the arguments' C types, in order.
            unsafe {
                $crate::log::oxbpf_printf($crate::log::Level::Debug as ::std::ffi::c_int, fmt.as_ptr() $(, $arg)*)
            }
        }
    };
}

#[macro_export]
macro_rules! warn {
    ($($arg:tt)*) => {
        if $crate::log::enabled($crate::log::Level::Warn) {
            $crate::log::emit($crate::log::Level::Warn, format_args!($($arg)*))
        }
    };
}
#[macro_export]
macro_rules! info {
    ($($arg:tt)*) => {
        if $crate::log::enabled($crate::log::Level::Info) {
            $crate::log::emit($crate::log::Level::Info, format_args!($($arg)*))
        }
    };
}
#[macro_export]
macro_rules! debug {
    ($($arg:tt)*) => {
        if $crate::log::enabled($crate::log::Level::Debug) {
            $crate::log::emit($crate::log::Level::Debug, format_args!($($arg)*))
        }
    };
}

#[cfg(test)]
mod tests {
    use super::Line;
    use std::fmt::Write;

    #[test]
    fn long_lines_keep_every_character() {
        let mut line = Line {
            buf: [0; 256],
            len: 0,
            spill: None,
        };
        let head = "x".repeat(250);
        write!(line, "{head}\n{}\n\0", "y".repeat(300)).unwrap();
        assert_eq!(line.as_str(), format!("{head}\n{}\n", "y".repeat(300)));
    }
}

#[cfg(test)]
mod spill_tests {
    use super::Line;
    use std::fmt::Write;

    #[test]
    fn spill_keeps_every_character() {
        let mut l = Line {
            buf: [0; 256],
            len: 0,
            spill: None,
        };
        let long = "x".repeat(300);
        let _ = l.write_str("libbpf: -- BEGIN --\n");
        let _ = l.write_str(&long);
        let _ = l.write_str("\n\0");
        assert_eq!(l.as_str(), format!("libbpf: -- BEGIN --\n{long}\n"));
    }
}
