//! Post-processing of a failed load's verifier log, as libbpf does: when the
//! verifier stopped at an instruction the loader poisoned on purpose (a load
//! of a map that was not created, a call of a weak kfunc the kernel lacks),
//! the two lines naming an unknown helper are replaced by what went wrong.

use super::reloc::{POISON_CALL_KFUNC_BASE, POISON_LDIMM64_MAP_BASE};

/// How many lines from the end the patterns are looked for in (libbpf's).
const MAX_LAST_LINES: usize = 10;

/// Names behind the poison constants, for the rewritten lines.
pub trait PoisonNames {
    /// Name of map `idx` (index among the object's maps).
    fn map(&self, idx: usize) -> Option<&str>;
    /// Name of extern `idx` (index among the object's externs).
    fn kfunc(&self, idx: usize) -> Option<&str>;
}

/// Rewrites `log` in place (see the module doc). Only the last
/// [`MAX_LAST_LINES`] lines are looked at, and only the first match counts.
pub fn fixup(log: &mut String, names: &dyn PoisonNames) {
    // (start, end) of each line, its '\n' included.
    let mut lines = Vec::new();
    let mut start = 0;
    for piece in log.split_inclusive('\n') {
        lines.push((start, start + piece.len()));
        start += piece.len();
    }
    // libbpf's prefixes (shorter than the constants).
    let map_pfx = "invalid func unknown#200100";
    let kfunc_pfx = "invalid func unknown#2002";
    for k in (0..lines.len()).rev().take(MAX_LAST_LINES) {
        let line = &log[lines[k].0..lines[k].1];
        let kind = if line.starts_with(map_pfx) {
            Poison::Map
        } else if line.starts_with(kfunc_pfx) {
            Poison::Kfunc
        } else {
            continue;
        };
        if k == 0 {
            continue;
        }
        let (from, to) = (lines[k - 1].0, lines[k].1);
        if let Some(patch) = patch_for(kind, &log[from..lines[k - 1].1], names) {
            log.replace_range(from..to, &patch);
        }
        return;
    }
}

#[derive(Clone, Copy)]
enum Poison {
    Map,
    Kfunc,
}

/// `"<insn>: (<code>) call unknown#<imm>"`: the instruction index and the immediate.
fn parse_call_line(line: &str) -> Option<(i64, i64)> {
    let (insn, rest) = line.split_once(": (")?;
    let insn: i64 = insn.trim_start().parse().ok()?;
    let (code, rest) = rest.split_once(')')?;
    code.trim_start().parse::<i64>().ok()?;
    let imm = rest.trim_start().strip_prefix("call unknown#")?;
    let digits = imm
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || (i == 0 && (c == '-' || c == '+'))))
        .map_or(imm.len(), |(i, _)| i);
    Some((insn, imm[..digits].parse().ok()?))
}

fn patch_for(kind: Poison, call_line: &str, names: &dyn PoisonNames) -> Option<String> {
    let (insn, imm) = parse_call_line(call_line)?;
    match kind {
        Poison::Map => {
            let idx = usize::try_from(imm - i64::from(POISON_LDIMM64_MAP_BASE)).ok()?;
            let name = names.map(idx)?;
            Some(format!(
                "{insn}: <invalid BPF map reference>\nBPF map '{name}' is referenced but wasn't created\n"
            ))
        }
        Poison::Kfunc => {
            let idx = usize::try_from(imm - i64::from(POISON_CALL_KFUNC_BASE)).ok()?;
            let name = names.kfunc(idx)?;
            Some(format!(
                "{insn}: <invalid kfunc call>\nkfunc '{name}' is referenced but wasn't resolved\n"
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Names;
    impl PoisonNames for Names {
        fn map(&self, idx: usize) -> Option<&str> {
            ["rb", "pb"].get(idx).copied()
        }
        fn kfunc(&self, idx: usize) -> Option<&str> {
            ["bpf_nope"].get(idx).copied()
        }
    }

    #[test]
    fn map_reference() {
        let mut log = "0: R1=ctx() R10=fp0\n; bpf_ringbuf_output(&rb, ...) @ x.c:9\n\
                       3: (85) call unknown#2001000001\ninvalid func unknown#2001000001\n\
                       processed 4 insns (limit 1000000)\n"
            .to_string();
        fixup(&mut log, &Names);
        assert_eq!(
            log,
            "0: R1=ctx() R10=fp0\n; bpf_ringbuf_output(&rb, ...) @ x.c:9\n\
             3: <invalid BPF map reference>\nBPF map 'pb' is referenced but wasn't created\n\
             processed 4 insns (limit 1000000)\n"
        );
    }

    #[test]
    fn kfunc_call_without_trailing_newline() {
        let mut log =
            "7: (85) call unknown#2002000000\ninvalid func unknown#2002000000".to_string();
        fixup(&mut log, &Names);
        assert_eq!(
            log,
            "7: <invalid kfunc call>\nkfunc 'bpf_nope' is referenced but wasn't resolved\n"
        );
    }

    #[test]
    fn untouched_when_unknown_or_far() {
        // An index past the object's maps: left as the kernel wrote it.
        let orig = "3: (85) call unknown#2001000009\ninvalid func unknown#2001000009\n";
        let mut log = orig.to_string();
        fixup(&mut log, &Names);
        assert_eq!(log, orig);
        // More than ten lines before the end: not looked at.
        let mut far = String::from(orig);
        far.push_str(&"x\n".repeat(10));
        let before = far.clone();
        fixup(&mut far, &Names);
        assert_eq!(far, before);
        // A first line alone has no call line before it.
        let mut lone = "invalid func unknown#2001000000\n".to_string();
        fixup(&mut lone, &Names);
        assert_eq!(lone, "invalid func unknown#2001000000\n");
    }
}
