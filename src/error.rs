//! The crate's error type and its single mapping to errno values.

use std::fmt;

/// A kernel or libc error number (positive), as `errno` holds it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Errno(pub i32);

impl Errno {
    pub const EPERM: Errno = Errno(libc::EPERM);
    pub const ENOENT: Errno = Errno(libc::ENOENT);
    pub const EINVAL: Errno = Errno(libc::EINVAL);
    pub const E2BIG: Errno = Errno(libc::E2BIG);
    pub const ENOSPC: Errno = Errno(libc::ENOSPC);
    pub const ENOMEM: Errno = Errno(libc::ENOMEM);
    pub const EEXIST: Errno = Errno(libc::EEXIST);
    pub const EBUSY: Errno = Errno(libc::EBUSY);
    pub const EAGAIN: Errno = Errno(libc::EAGAIN);
    pub const EINTR: Errno = Errno(libc::EINTR);
    pub const EBADF: Errno = Errno(libc::EBADF);
    pub const ESRCH: Errno = Errno(libc::ESRCH);
    pub const ENOTSUP: Errno = Errno(libc::EOPNOTSUPP);
    pub const ENODATA: Errno = Errno(libc::ENODATA);
    pub const EPROTO: Errno = Errno(libc::EPROTO);
    pub const ERANGE: Errno = Errno(libc::ERANGE);

    /// The calling thread's current `errno`.
    pub fn last() -> Errno {
        Errno(
            std::io::Error::last_os_error()
                .raw_os_error()
                .unwrap_or(libc::EIO),
        )
    }
}

impl fmt::Debug for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({})",
            self.0,
            std::io::Error::from_raw_os_error(self.0)
        )
    }
}

/// Shown as libbpf prints errors in its log lines: `-EPERM`, or the negative
/// number for a code without a name there.
impl fmt::Display for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match errno_name(self.0.unsigned_abs() as i32) {
            Some(name) => write!(f, "-{name}"),
            None => write!(f, "{}", -(self.0.unsigned_abs() as i64)),
        }
    }
}

/// The names libbpf's `errstr()` knows (524 is the kernel's `ENOTSUPP`).
fn errno_name(code: i32) -> Option<&'static str> {
    use libc::*;
    Some(match code {
        E2BIG => "E2BIG",
        EACCES => "EACCES",
        EADDRINUSE => "EADDRINUSE",
        EADDRNOTAVAIL => "EADDRNOTAVAIL",
        EAGAIN => "EAGAIN",
        EALREADY => "EALREADY",
        EBADF => "EBADF",
        EBADFD => "EBADFD",
        EBUSY => "EBUSY",
        ECANCELED => "ECANCELED",
        ECHILD => "ECHILD",
        EDEADLK => "EDEADLK",
        EDOM => "EDOM",
        EEXIST => "EEXIST",
        EFAULT => "EFAULT",
        EFBIG => "EFBIG",
        EILSEQ => "EILSEQ",
        EINPROGRESS => "EINPROGRESS",
        EINTR => "EINTR",
        EINVAL => "EINVAL",
        EIO => "EIO",
        EISDIR => "EISDIR",
        ELOOP => "ELOOP",
        EMFILE => "EMFILE",
        EMLINK => "EMLINK",
        EMSGSIZE => "EMSGSIZE",
        ENAMETOOLONG => "ENAMETOOLONG",
        ENFILE => "ENFILE",
        ENODATA => "ENODATA",
        ENODEV => "ENODEV",
        ENOENT => "ENOENT",
        ENOEXEC => "ENOEXEC",
        ENOLINK => "ENOLINK",
        ENOMEM => "ENOMEM",
        ENOSPC => "ENOSPC",
        ENOTBLK => "ENOTBLK",
        ENOTDIR => "ENOTDIR",
        524 => "ENOTSUPP",
        ENOTTY => "ENOTTY",
        ENXIO => "ENXIO",
        EOPNOTSUPP => "EOPNOTSUPP",
        EOVERFLOW => "EOVERFLOW",
        EPERM => "EPERM",
        EPIPE => "EPIPE",
        EPROTO => "EPROTO",
        EPROTONOSUPPORT => "EPROTONOSUPPORT",
        ERANGE => "ERANGE",
        EROFS => "EROFS",
        ESPIPE => "ESPIPE",
        ESRCH => "ESRCH",
        ETXTBSY => "ETXTBSY",
        EUCLEAN => "EUCLEAN",
        EXDEV => "EXDEV",
        _ => return None,
    })
}

impl std::error::Error for Errno {}

/// Every failure the library reports. Variants carry what failed on what, so
/// the log line alone tells the user where to look.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A system call failed.
    #[error("{op}: {errno}")]
    Sys { op: String, errno: Errno },
    /// The caller passed something we cannot accept.
    #[error("{0}")]
    Inval(String),
    /// A named thing (program, map, section, symbol, file) does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The ELF object is malformed.
    #[error("elf: {0}")]
    Elf(String),
    /// BTF data is malformed or does not match.
    #[error("btf: {0}")]
    Btf(String),
    /// The operation is not implemented, or the kernel lacks the feature.
    #[error("{0}: not supported")]
    NotSupported(String),
    /// Any other failure with an explicit errno.
    #[error("{msg}")]
    Other { errno: Errno, msg: String },
    /// A failure already told in the log where it happened, one line per
    /// layer as libbpf does; shown as its errno alone (`-EPERM`), so the
    /// next layer's line reads like upstream's, and the C edge adds none.
    #[error("{0}")]
    Reported(Errno),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn sys(op: impl Into<String>, errno: Errno) -> Error {
        Error::Sys {
            op: op.into(),
            errno,
        }
    }

    pub fn inval(msg: impl Into<String>) -> Error {
        Error::Inval(msg.into())
    }

    pub fn other(errno: Errno, msg: impl Into<String>) -> Error {
        Error::Other {
            errno,
            msg: msg.into(),
        }
    }

    /// The one mapping from an error to the errno C callers see.
    pub fn errno(&self) -> Errno {
        match self {
            Error::Sys { errno, .. } | Error::Other { errno, .. } | Error::Reported(errno) => {
                *errno
            }
            Error::Inval(_) | Error::Btf(_) => Errno::EINVAL,
            Error::Elf(_) => Errno(libc::EINVAL),
            Error::NotFound(_) => Errno::ENOENT,
            Error::NotSupported(_) => Errno::ENOTSUP,
        }
    }
}

impl Error {
    /// Logs this error at WARN unless a line already told it, and returns
    /// it as [`Error::Reported`]: for a layer that then adds its own line.
    pub fn reported(self) -> Error {
        match self {
            Error::Reported(_) => self,
            e => {
                crate::warn!("{e}");
                Error::Reported(e.errno())
            }
        }
    }
}

impl From<Errno> for Error {
    fn from(errno: Errno) -> Error {
        Error::Other {
            errno,
            msg: errno.to_string(),
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        match e.raw_os_error() {
            Some(n) => Errno(n).into(),
            None => Error::Other {
                errno: Errno(io_errno(&e, libc::EIO)),
                msg: e.to_string(),
            },
        }
    }
}

/// The errno of an I/O error; a failed allocation (std's fallible reads,
/// e.g. of a file larger than memory allows) is `ENOMEM`, anything without
/// an OS error `default`.
pub fn io_errno(e: &std::io::Error, default: i32) -> i32 {
    match e.kind() {
        std::io::ErrorKind::OutOfMemory => libc::ENOMEM,
        _ => e.raw_os_error().unwrap_or(default),
    }
}

/// libbpf's own error codes (`enum libbpf_errno`, 4000…4012).
pub const LIBBPF_ERRNO_START: i32 = 4000;
const LIBBPF_ERRNO_TEXT: [&str; 13] = [
    "Something wrong in libelf",
    "BPF object format invalid",
    "'version' section incorrect or lost",
    "Endian mismatch",
    "Internal error in libbpf",
    "Relocation failed",
    "Kernel verifier blocks program loading",
    "Program too big",
    "Incorrect kernel version",
    "Kernel doesn't support this program type",
    "Wrong pid in netlink message",
    "Invalid netlink sequence",
    "Incorrect netlink message parsing",
];

/// Text of a libbpf error code (>= 4000): `(text, known)`.
pub fn libbpf_strerror(code: i32) -> (String, bool) {
    match usize::try_from(code - LIBBPF_ERRNO_START)
        .ok()
        .and_then(|i| LIBBPF_ERRNO_TEXT.get(i))
    {
        Some(t) => ((*t).to_string(), true),
        None => (format!("Unknown libbpf error {code}"), false),
    }
}

#[cfg(test)]
mod tests {
    use super::Errno;

    #[test]
    fn errors_print_as_libbpf_does() {
        assert_eq!(Errno::EPERM.to_string(), "-EPERM");
        assert_eq!(Errno(-libc::ENOENT).to_string(), "-ENOENT");
        assert_eq!(Errno(524).to_string(), "-ENOTSUPP");
        assert_eq!(
            Errno(libc::EHWPOISON).to_string(),
            format!("-{}", libc::EHWPOISON)
        );
        let io: super::Error = std::io::Error::from_raw_os_error(libc::EACCES).into();
        assert_eq!(io.to_string(), "-EACCES");
    }
}
