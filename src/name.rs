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
        if let Some(n) = well_known(s) {
            return n;
        }
        let mut buf = [0u8; 96];
        if s.len() < buf.len() && !s.as_bytes().contains(&0) {
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

    /// Whether the text is `s` (a byte compare with no slicing: no panic
    /// path in the getters that ask it).
    #[inline(always)]
    pub fn is(&self, s: &str) -> bool {
        let b = self.0.as_bytes();
        b.len() == s.len() + 1 && b.starts_with(s.as_bytes())
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

/// The NUL-terminated entry at `off` of string table `tab` (ELF `.strtab`,
/// BTF strings), without its NUL, and whether it is ASCII. One pass, eight
/// bytes at a time, finds the NUL and checks the text: names are short, and
/// this runs for every name an open reads.
pub fn table_entry(tab: &[u8], off: usize) -> Option<(&[u8], bool)> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let s = tab.get(off..)?;
    let mut high = 0u64;
    let mut chunks = s.chunks_exact(8);
    for (i, c) in chunks.by_ref().enumerate() {
        let v = u64::from_le_bytes(c.try_into().unwrap_or_default());
        // The lowest flagged byte is the first zero byte (flags above a
        // zero byte may be false; they are not looked at).
        let zero = v.wrapping_sub(LO) & !v & HI;
        if zero != 0 {
            let n = zero.trailing_zeros() as usize / 8;
            high |= v & ((1u64 << (8 * n)) - 1);
            return Some((&s[..i * 8 + n], high & HI == 0));
        }
        high |= v;
    }
    let done = s.len() - chunks.remainder().len();
    let n = chunks.remainder().iter().position(|&b| b == 0)?;
    let text = &s[..done + n];
    Some((text, high & HI == 0 && text[done..].is_ascii()))
}

/// [`table_entry`] as text (`None` when out of range, unterminated or not UTF-8).
pub fn table_str(tab: &[u8], off: usize) -> Option<&str> {
    let (b, ascii) = table_entry(tab, off)?;
    if ascii {
        #[allow(unsafe_code)]
        // SAFETY: ASCII is valid UTF-8.
        return Some(unsafe { std::str::from_utf8_unchecked(b) });
    }
    std::str::from_utf8(b).ok()
}

/// Makes `buf` a kernel object name (`BPF_OBJ_NAME_LEN` rules, as libbpf
/// applies them): every byte but `[A-Za-z0-9_.]` becomes `_`. A table, as
/// this runs over every map and program name at open and load.
pub fn clean_obj_name(buf: &mut [u8]) {
    static OK: [bool; 256] = {
        let mut t = [false; 256];
        let mut b = 0;
        while b < 256 {
            let c = b as u8;
            t[b] = c.is_ascii_alphanumeric() || c == b'_' || c == b'.';
            b += 1;
        }
        t
    };
    for b in buf {
        if !OK[*b as usize] {
            *b = b'_';
        }
    }
}

/// Names nearly every object has (global-data sections, licenses) are
/// shared process-wide: a reference count instead of an allocation.
fn well_known(s: &str) -> Option<Name> {
    const NAMES: [&str; 7] = [
        "",
        ".bss",
        ".data",
        ".rodata",
        ".kconfig",
        "GPL",
        "Dual BSD/GPL",
    ];
    static SHARED: [std::sync::OnceLock<Name>; NAMES.len()] =
        [const { std::sync::OnceLock::new() }; NAMES.len()];
    let i = NAMES.iter().position(|n| *n == s)?;
    Some(
        SHARED[i]
            .get_or_init(|| Name(Arc::from(format!("{s}\0"))))
            .clone(),
    )
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
    /// The empty name, shared (no allocation per default-built spec).
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

    #[test]
    fn table_entries() {
        // Every length around the 8-byte steps, at every offset, ASCII or not.
        let mut tab = Vec::new();
        let mut want = Vec::new();
        for len in 0usize..20 {
            for hi in [None, Some(0), Some(len / 2), Some(len.saturating_sub(1))] {
                let mut e: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
                if let (Some(h), true) = (hi, len > 0) {
                    e[h] = 0xc3;
                }
                want.push((tab.len(), e.clone()));
                tab.extend_from_slice(&e);
                tab.push(0);
            }
        }
        for (off, e) in &want {
            let (b, ascii) = table_entry(&tab, *off).unwrap();
            assert_eq!(b, &e[..]);
            assert_eq!(ascii, e.is_ascii(), "{e:?}");
            assert_eq!(table_str(&tab, *off), std::str::from_utf8(e).ok());
        }
        assert_eq!(table_entry(b"abcdefghij", 0), None, "no NUL");
        assert_eq!(table_entry(b"abc\0", 4), None, "past the NUL");
        assert_eq!(table_entry(b"abc\0", 3), Some((&b""[..], true)));
        assert_eq!(table_entry(b"abc\0", 9), None);
        // A high byte after the NUL does not count.
        assert_eq!(
            table_entry(b"ab\0\xff\xff\xff\xff\xff\xff", 0),
            Some((&b"ab"[..], true))
        );
    }
}
