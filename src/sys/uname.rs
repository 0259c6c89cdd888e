//! The running kernel's version as `KERNEL_VERSION(a, b, c)`, from uname(2).

use std::sync::OnceLock;

/// Parses `a.b.c…` into `(a << 16) + (b << 8) + min(c, 255)`; missing parts are 0.
pub fn parse_release(release: &str) -> u32 {
    let mut parts = release
        .split(|c: char| !c.is_ascii_digit())
        .take(3)
        .map(|p| p.parse::<u32>().unwrap_or(0));
    let a = parts.next().unwrap_or(0);
    let b = parts.next().unwrap_or(0);
    let c = parts.next().unwrap_or(0).min(255);
    (a << 16) + (b << 8) + c
}

/// The running kernel's version code (cached; 0 if uname fails).
pub fn kernel_version() -> u32 {
    static V: OnceLock<u32> = OnceLock::new();
    // probes::kernel_version also knows Ubuntu's and Debian's version files.
    *V.get_or_init(super::probes::kernel_version)
}

/// The running kernel's release string (`uname -r`).
pub fn release() -> String {
    // SAFETY: utsname is plain data; uname fills it.
    let mut u: libc::utsname = unsafe { std::mem::zeroed() };
    // SAFETY: valid pointer to a utsname.
    if unsafe { libc::uname(&mut u) } != 0 {
        return String::new();
    }
    let rel: Vec<u8> = u
        .release
        .iter()
        .take_while(|&&c| c != 0)
        .map(|&c| c as u8)
        .collect();
    String::from_utf8_lossy(&rel).into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn releases() {
        assert_eq!(
            super::parse_release("6.18.44-fc-v782"),
            (6 << 16) + (18 << 8) + 44
        );
        assert_eq!(super::parse_release("5.4.300"), (5 << 16) + (4 << 8) + 255);
        assert_eq!(super::parse_release("6.1"), (6 << 16) + (1 << 8));
        assert_eq!(super::parse_release("junk"), 0);
    }
}
