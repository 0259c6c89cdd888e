//! Custom section handlers (`libbpf_register_prog_handler`): section names
//! taught to the library at run time, with callbacks that run at open, just
//! before load and on attach. The registry is process-wide, as upstream's.
//!
//! Lookup order is libbpf's: custom definitions (first registered first),
//! then the built-in table, then the custom fallback (registered with no
//! section name) for sections nothing else matches.

use super::Program;
use crate::elf::secdef::{self, SecDef};
use crate::error::{Errno, Error, Result};
use crate::uapi::bpf::ProgLoadAttr;
use std::sync::{Arc, RwLock};

/// What a custom attach callback made: a `crate::attach::Link`, which the
/// attach layer takes back. Opaque here so that this layer does not depend on
/// the one above it.
pub type AttachedLink = Box<dyn std::any::Any + Send>;

/// What a handler does at each step; the C edge implements it over the
/// caller's function pointers (so this layer stays free of C types).
pub trait ProgHooks: Send + Sync {
    /// At open, once the program has its handler's type.
    fn setup(&self, prog: &mut Program) -> Result<()>;
    /// Just before `BPF_PROG_LOAD`; may change `attr` and the program.
    fn prepare_load(&self, prog: &mut Program, attr: &mut ProgLoadAttr) -> Result<()>;
    /// `bpf_program__attach`: `Ok(None)` means "no auto-attach" (skipped by
    /// skeletons). What it made is opaque here (see [`AttachedLink`]).
    fn attach(&self, prog: &Program) -> Result<Option<AttachedLink>>;
}

/// One registered handler.
pub struct ProgHandler {
    pub id: i32,
    /// `None`: the fallback handler.
    pub sec: Option<String>,
    pub prog_type: u32,
    pub expected_attach_type: u32,
    pub hooks: Box<dyn ProgHooks>,
}

impl std::fmt::Debug for ProgHandler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProgHandler")
            .field("id", &self.id)
            .field("sec", &self.sec)
            .field("prog_type", &self.prog_type)
            .field("expected_attach_type", &self.expected_attach_type)
            .finish_non_exhaustive()
    }
}

#[derive(Default)]
struct Registry {
    custom: Vec<Arc<ProgHandler>>,
    fallback: Option<Arc<ProgHandler>>,
    last_id: i32,
}

static REGISTRY: RwLock<Registry> = RwLock::new(Registry {
    custom: Vec::new(),
    fallback: None,
    last_id: 0,
});

fn read() -> std::sync::RwLockReadGuard<'static, Registry> {
    // A panic while holding the lock leaves consistent data (updates are single pushes/removes).
    REGISTRY.read().unwrap_or_else(|e| e.into_inner())
}

fn write() -> std::sync::RwLockWriteGuard<'static, Registry> {
    REGISTRY.write().unwrap_or_else(|e| e.into_inner())
}

/// Registers a handler; returns its id (> 0). A second fallback is `-EBUSY`,
/// as is running out of ids (`-E2BIG`), as upstream.
pub fn register(
    sec: Option<String>,
    prog_type: u32,
    expected_attach_type: u32,
    hooks: Box<dyn ProgHooks>,
) -> Result<i32> {
    let mut r = write();
    if r.last_id == i32::MAX {
        return Err(Error::other(Errno::E2BIG, "no more prog handler ids"));
    }
    if sec.is_none() && r.fallback.is_some() {
        return Err(Error::other(
            Errno::EBUSY,
            "a fallback prog handler is already registered",
        ));
    }
    if sec.as_deref() == Some("") {
        return Err(Error::inval("prog handler: empty section name"));
    }
    r.last_id += 1;
    let h = Arc::new(ProgHandler {
        id: r.last_id,
        sec,
        prog_type,
        expected_attach_type,
        hooks,
    });
    if h.sec.is_some() {
        r.custom.push(h.clone());
    } else {
        r.fallback = Some(h.clone());
    }
    // Logged after the lock is released: a print callback may itself open
    // an object (which reads the registry).
    drop(r);
    crate::debug!(
        "registered prog handler #{} for SEC(\"{}\")",
        h.id,
        h.sec.as_deref().unwrap_or("<fallback>")
    );
    Ok(h.id)
}

/// Removes handler `id`. Objects opened while it was registered keep it.
pub fn unregister(id: i32) -> Result<()> {
    if id <= 0 {
        return Err(Error::inval(format!("prog handler id {id} is invalid")));
    }
    let mut r = write();
    if r.fallback.as_ref().is_some_and(|h| h.id == id) {
        r.fallback = None;
        return Ok(());
    }
    let i = r
        .custom
        .iter()
        .position(|h| h.id == id)
        .ok_or_else(|| Error::other(Errno::ENOENT, format!("no prog handler with id {id}")))?;
    r.custom.remove(i);
    Ok(())
}

/// What a section name selects.
#[derive(Clone, Debug)]
pub enum SecMatch {
    Custom(Arc<ProgHandler>),
    Builtin(&'static SecDef),
}

impl SecMatch {
    pub fn prog_type(&self) -> u32 {
        match self {
            SecMatch::Custom(h) => h.prog_type,
            SecMatch::Builtin(d) => d.prog_type,
        }
    }

    pub fn expected_attach_type(&self) -> u32 {
        match self {
            SecMatch::Custom(h) => h.expected_attach_type,
            SecMatch::Builtin(d) => d.expected_attach_type,
        }
    }
}

/// libbpf's `find_sec_def`: custom definitions, built-in table, fallback.
pub fn find(sec_name: &str) -> Option<SecMatch> {
    let r = read();
    if let Some(h) = r.custom.iter().find(|h| {
        h.sec
            .as_deref()
            .is_some_and(|s| secdef::matches(s, sec_name))
    }) {
        return Some(SecMatch::Custom(h.clone()));
    }
    if let Some(d) = secdef::find(sec_name) {
        return Some(SecMatch::Builtin(d));
    }
    r.fallback.clone().map(SecMatch::Custom)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Nop;
    impl ProgHooks for Nop {
        fn setup(&self, _: &mut Program) -> Result<()> {
            Ok(())
        }
        fn prepare_load(&self, _: &mut Program, _: &mut ProgLoadAttr) -> Result<()> {
            Ok(())
        }
        fn attach(&self, _: &Program) -> Result<Option<AttachedLink>> {
            Ok(None)
        }
    }

    #[test]
    fn registry_order_and_errors() {
        // Section names unique to this test: the registry is process-wide.
        let a = register(Some("unit_hx+".into()), 5, 0, Box::new(Nop)).unwrap();
        let b = register(Some("unit_hx/one".into()), 17, 0, Box::new(Nop)).unwrap();
        assert!(a > 0 && b > a);
        // First registered wins, as upstream.
        assert!(matches!(find("unit_hx/one"), Some(SecMatch::Custom(h)) if h.id == a));
        // Custom definitions come before the built-in table.
        let tp = register(Some("tp/unit_hx/x".into()), 17, 0, Box::new(Nop)).unwrap();
        assert_eq!(find("tp/unit_hx/x").unwrap().prog_type(), 17);
        assert_eq!(find("tp/a/b").unwrap().prog_type(), secdef::pt::TRACEPOINT);
        assert!(unregister(tp).is_ok());
        assert_eq!(unregister(tp).unwrap_err().errno(), Errno::ENOENT);
        assert_eq!(unregister(0).unwrap_err().errno(), Errno::EINVAL);
        assert!(unregister(a).is_ok());
        assert!(matches!(find("unit_hx/one"), Some(SecMatch::Custom(h)) if h.id == b));
        assert!(unregister(b).is_ok());
        assert!(find("unit_hx/one").is_none() || read().fallback.is_some());
    }
}
