//! What a failed load tells the user beyond the error code: libbpf's hint
//! after an `EPERM` as root and its rewrite of poisoned CO-RE instructions
//! in the verifier log (map and kfunc ones: `verifier_log`), and (ours) the
//! verifier's complaint put next to the C source line it is about, with why
//! a CO-RE relocation found no target.

use super::reloc::Linked;
use crate::elf::ObjectSpec;
use crate::error::Errno;

/// libbpf's hint when root gets `EPERM` under a finite RLIMIT_MEMLOCK
/// (kernels before 5.11 charge BPF memory against it).
pub fn perm_hint(e: Errno) {
    if e != Errno::EPERM {
        return;
    }
    let Some(cur) = crate::sys::rlimit::root_memlock() else {
        return;
    };
    let value = match cur {
        0..1024 => format!("{cur} bytes"),
        1024..0x10_0000 => format!("{:.1} KiB", cur as f64 / 1024.0),
        _ => format!("{:.1} MiB", cur as f64 / (1024.0 * 1024.0)),
    };
    crate::warn!(
        "permission error while running as root; try raising 'ulimit -l'? current value: {value}"
    );
}

/// A CO-RE relocation that found no target: instruction `insn` of program
/// piece `piece` (index in the object's program list) was poisoned.
#[derive(Debug)]
pub struct CoreFailure {
    pub piece: usize,
    pub insn: usize,
    pub why: crate::btf::core::explain::Explained,
}

/// What the C source and the object say about the instructions of one
/// program whose load failed.
pub struct Failed<'a> {
    pub prog: &'a str,
    pub spec: &'a ObjectSpec,
    pub linked: Option<&'a Linked>,
    pub core: &'a [CoreFailure],
}

/// libbpf's helper id for an instruction whose CO-RE relocation found no
/// target (map and kfunc poisons are `verifier_log`'s).
const POISON_CORE: i64 = 0xbad2310;

/// The verifier log line of a poisoned call: `N: (85) call unknown#ID`.
fn poisoned_call(line: &str) -> Option<(usize, i64)> {
    let (n, rest) = line.split_once(": (85) call unknown#")?;
    Some((n.parse().ok()?, rest.trim_end().parse().ok()?))
}

impl Failed<'_> {
    /// Program piece and instruction within it of final instruction `n`.
    fn piece_of(&self, n: usize) -> Option<(usize, usize)> {
        let linked = self.linked?;
        linked.pieces.iter().find_map(|&(pi, start)| {
            let len = self.spec.progs.get(pi)?.insns.len();
            (start..start + len).contains(&n).then(|| (pi, n - start))
        })
    }

    fn core_failure(&self, n: usize) -> Option<&CoreFailure> {
        let (pi, i) = self.piece_of(n)?;
        self.core.iter().find(|f| f.piece == pi && f.insn == i)
    }

    /// `file:line` and the source text of final instruction `n`, from the
    /// object's `.BTF.ext` line info.
    fn source_of(&self, n: usize) -> Option<(String, u32, String)> {
        let linked = self.linked?;
        let btf = self.spec.btf.as_ref()?;
        let rs = linked.line_info_rec_size as usize;
        if rs < 16 {
            return None;
        }
        let word = |r: &[u8], i: usize| u32::from_ne_bytes(r[i * 4..i * 4 + 4].try_into().unwrap());
        let rec = linked
            .line_info
            .chunks_exact(rs)
            .filter(|r| word(r, 0) as usize <= n)
            .max_by_key(|r| word(r, 0))?;
        let file = btf.str_at(word(rec, 1))?;
        let file = file.rsplit('/').next().unwrap_or(file).to_string();
        let src = btf.str_at(word(rec, 2)).unwrap_or("").trim().to_string();
        Some((file, word(rec, 3) >> 10, src))
    }

    /// Ours, at WARN before the log: the verifier's complaint, the
    /// instruction and the C line it came from, and for a poisoned
    /// instruction what failed to resolve.
    pub fn explain(&self, log: &str) {
        let p = self.prog;
        let lines: Vec<&str> = log.lines().filter(|l| !l.trim().is_empty()).collect();
        let stats = |l: &str| {
            ["processed ", "verification time ", "stack depth "]
                .iter()
                .any(|s| l.starts_with(s))
        };
        let Some(ei) = lines.iter().rposition(|l| !stats(l)) else {
            return;
        };
        let err = lines[ei];
        // The last instruction line: `N: (op) ...`, or `N: <...>` once
        // libbpf's rewrite named a poisoned one.
        let at = lines[..ei].iter().rev().find_map(|l| {
            let (n, rest) = l.split_once(": ")?;
            (rest.starts_with('(') || rest.starts_with('<'))
                .then(|| n.parse::<usize>().ok())
                .flatten()
        });
        let Some(n) = at else {
            crate::warn!("prog '{p}': the verifier's error: {err}");
            return;
        };
        crate::warn!("prog '{p}': the verifier rejected insn #{n}: {err}");
        if let Some((file, line, src)) = self.source_of(n) {
            crate::warn!("prog '{p}': insn #{n} comes from {file}:{line}: {src}");
        }
        let call = lines[..ei].iter().rev().find_map(|l| poisoned_call(l));
        if call != Some((n, POISON_CORE)) {
            return;
        }
        match self.core_failure(n) {
            Some(f) => {
                for l in &f.why.lines {
                    crate::warn!("prog '{p}': {l}");
                }
            }
            None => crate::warn!(
                "prog '{p}': insn #{n} was poisoned by a CO-RE relocation that found no target"
            ),
        }
    }

    /// libbpf's rewrite of a poisoned CO-RE instruction in the log (within
    /// its last ten lines) into the relocation that failed.
    pub fn fixup_log(&self, log: String) -> String {
        let lines: Vec<&str> = log.split_inclusive('\n').collect();
        let from = lines.len().saturating_sub(11);
        for i in (from..lines.len().saturating_sub(1)).rev() {
            let Some((n, POISON_CORE)) = poisoned_call(lines[i]) else {
                continue;
            };
            if !lines[i + 1].starts_with("invalid func unknown#") {
                continue;
            }
            let Some(f) = self.core_failure(n) else { break };
            let mut out: String = lines[..i].concat();
            out.push_str(&format!(
                "{n}: <invalid CO-RE relocation>\nfailed to resolve CO-RE relocation {}\n",
                f.why.spec
            ));
            out.push_str(&lines[i + 2..].concat());
            return out;
        }
        log
    }
}
