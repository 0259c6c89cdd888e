//! CPU sets from sysfs (`possible`, `online`), parsed once and cached.

use crate::error::{Error, Result};
use std::sync::OnceLock;

/// Parses a CPU list such as `0-3,5,7-8` into the CPU numbers it names.
pub fn parse_cpu_list(text: &str) -> Result<Vec<u32>> {
    let mut out = Vec::new();
    for part in text.trim().split(',').filter(|p| !p.is_empty()) {
        let bad = || Error::inval(format!("bad CPU list element '{part}'"));
        let (lo, hi) = match part.split_once('-') {
            Some((a, b)) => (
                a.parse::<u32>().map_err(|_| bad())?,
                b.parse::<u32>().map_err(|_| bad())?,
            ),
            None => {
                let n = part.parse::<u32>().map_err(|_| bad())?;
                (n, n)
            }
        };
        if lo > hi || hi > 1 << 20 {
            return Err(bad());
        }
        out.extend(lo..=hi);
    }
    if out.is_empty() {
        return Err(Error::inval("empty CPU list"));
    }
    Ok(out)
}

/// Number of possible CPUs: highest possible CPU + 1, as per-CPU maps size their values.
pub fn possible_count() -> Result<usize> {
    static CACHE: OnceLock<usize> = OnceLock::new();
    if let Some(n) = CACHE.get() {
        return Ok(*n);
    }
    let text = std::fs::read_to_string("/sys/devices/system/cpu/possible")?;
    let cpus = parse_cpu_list(&text)?;
    let n = cpus.iter().max().map_or(0, |m| *m as usize + 1);
    Ok(*CACHE.get_or_init(|| n))
}

/// The CPUs online now (read each time: CPUs come and go).
pub fn online() -> Result<Vec<u32>> {
    let text = std::fs::read_to_string("/sys/devices/system/cpu/online")?;
    parse_cpu_list(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_lists() {
        assert_eq!(parse_cpu_list("0-3\n").unwrap(), vec![0, 1, 2, 3]);
        assert_eq!(parse_cpu_list("0,2-3,7").unwrap(), vec![0, 2, 3, 7]);
        assert!(parse_cpu_list("3-1").is_err());
        assert!(parse_cpu_list("x").is_err());
        assert!(parse_cpu_list("").is_err());
    }
}
