//! [`Name`]: the names of programs, sections and maps. The C edge hands
//! them out as `const char *` for the object's lifetime, and the parsed
//! spec, the object model and the C edge all hold the same ones: one shared
//! allocation with the trailing NUL, instead of a `String` and a `CString`
//! per holder.

use std::ffi::{c_char, CStr};
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// Shared, immutable UTF-8 text with a NUL after it (never inside it).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(Arc<str>);

impl Name {
    /// One allocation; interior NULs (impossible in ELF names, possible in a
    /// caller's string) are dropped so the C view is the whole text.
    pub fn new(s: &str) -> Name {
        let mut buf = [0u8; 96];
        if s.len() < buf.len() && memchr::memchr(0, s.as_bytes()).is_none() {
            buf[..s.len()].copy_from_slice(s.as_bytes());
            #[allow(unsafe_code)]
            // SAFETY: `s` is UTF-8, and so is `s` followed by an ASCII NUL.
            let with_nul = unsafe { std::str::from_utf8_unchecked(&buf[..=s.len()]) };
            return Name(Arc::from(with_nul));
        }
        let mut owned: String = s.chars().filter(|&c| c != '\0').collect();
        owned.push('\0');
        Name(Arc::from(owned))
    }

    pub fn as_str(&self) -> &str {
        &self.0[..self.0.len() - 1]
    }

    /// The NUL-terminated view for C, valid as long as any clone lives.
    pub fn as_ptr(&self) -> *const c_char {
        self.0.as_ptr().cast()
    }

    pub fn as_c_str(&self) -> &CStr {
        CStr::from_bytes_with_nul(self.0.as_bytes()).unwrap_or_default()
    }
}

/// `bytes` as text when they are ASCII (every ELF and BTF name in
/// practice): a much cheaper check than full UTF-8 validation.
pub fn ascii(bytes: &[u8]) -> Option<&str> {
    if bytes.is_ascii() {
        #[allow(unsafe_code)]
        // SAFETY: ASCII is valid UTF-8.
        return Some(unsafe { std::str::from_utf8_unchecked(bytes) });
    }
    None
}

impl Default for Name {
    fn default() -> Name {
        Name::new("")
    }
}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Name {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl From<&str> for Name {
    fn from(s: &str) -> Name {
        Name::new(s)
    }
}

impl From<String> for Name {
    fn from(s: String) -> Name {
        Name::new(&s)
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, o: &str) -> bool {
        self.as_str() == o
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, o: &&str) -> bool {
        self.as_str() == *o
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, o: &String) -> bool {
        self.as_str() == o
    }
}

impl PartialEq<Name> for str {
    fn eq(&self, o: &Name) -> bool {
        self == o.as_str()
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, o: &Name) -> bool {
        *self == o.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_c_view() {
        let n = Name::new("handle_tp");
        assert_eq!(n.as_str(), "handle_tp");
        assert_eq!(n.as_c_str().to_bytes(), b"handle_tp");
        assert_eq!(n, "handle_tp");
        assert_eq!(format!("{n}"), "handle_tp");
        let m = n.clone();
        assert_eq!(m.as_ptr(), n.as_ptr(), "clones share the text");
        assert_eq!(Name::new("a\0b").as_str(), "ab");
        assert_eq!(Name::default().as_str(), "");
        let long = "x".repeat(300);
        assert_eq!(Name::new(&long).as_c_str().to_bytes().len(), 300);
        assert_eq!(Name::new("é").as_str(), "é");
    }
}
