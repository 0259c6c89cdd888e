//! The part of `bpf_object__prepare` that needs no kernel, run on its own:
//! kconfig values from given facts, resized DATASECs, the BTF copy sanitized
//! for a given feature set, CO-RE against a given target BTF, and every
//! program linked with maps named by index (as the gen-loader names them).
//! The fuzzer drives hostile objects through it; nothing here makes a syscall.

use super::reloc::{self, Linked, MapRef, MapSlot};
use super::{KernelFacts, Object};
use crate::btf::sanitize::{self, Features};
use crate::btf::Btf;
use crate::error::Result;

impl Object {
    /// Prepares the object as far as a kernel is not needed; returns the
    /// linked programs (instructions, func/line info).
    pub fn prepare_offline(
        &mut self,
        facts: &dyn KernelFacts,
        target: &Btf,
        features: &Features,
    ) -> Result<Vec<Linked>> {
        self.resolve_kconfig(facts)?;
        self.resize_datasecs()?;
        if let Some(btf) = self.spec.btf.as_ref() {
            if sanitize::needs_sanitization(btf, features) {
                let mut copy = btf.clone();
                sanitize::sanitize(&mut copy, features)?;
                let _ = copy.raw();
            }
        }
        self.relocate_core_on(target)?;
        let map_ref = |i: usize| MapSlot::Ref(MapRef::Idx(i as u32));
        self.progs
            .iter()
            .filter(|p| p.autoload)
            .map(|p| {
                let arena_off = self.arena_data_off as u32;
                reloc::link(&self.spec, p.spec_idx, &map_ref, &self.ksyms, arena_off)
            })
            .collect()
    }
}
