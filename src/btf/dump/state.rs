//! Per-type state of a dumper, packed in two bytes (libbpf keeps four):
//! vmlinux has ~130 000 types, and a smaller array keeps the walk's random
//! accesses in cache and faults fewer pages in on each `btf_dump__new`.

/// Topological-sort state of a type.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub(super) enum Order {
    #[default]
    NotOrdered,
    Ordering,
    Ordered,
}

/// Emission state of a type (EMITTING detects the need for a forward decl).
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub(super) enum Emit {
    #[default]
    NotEmitted,
    Emitting,
    Emitted,
}

/// Bits 0-1 order, 2-3 emit, 4 fwd_emitted, 5 name_resolved, 6 renamed,
/// 7 referenced, 8-12 the type's kind (as read when the dumper first
/// covered it). All zero is the initial state, so the array can start as
/// zero pages.
#[derive(Clone, Copy, Default)]
pub(super) struct TypeState(u16);

const FWD_EMITTED: u16 = 1 << 4;
const NAME_RESOLVED: u16 = 1 << 5;
/// The name got a `___N` suffix (kept in `Dumper::cached`).
const RENAMED: u16 = 1 << 6;
/// Some other type refers to this one (an unreferenced anonymous enum is a
/// top-level constant list and gets emitted on its own).
const REFERENCED: u16 = 1 << 7;

impl TypeState {
    pub fn order(self) -> Order {
        match self.0 & 3 {
            0 => Order::NotOrdered,
            1 => Order::Ordering,
            _ => Order::Ordered,
        }
    }

    pub fn set_order(&mut self, o: Order) {
        self.0 = (self.0 & !3) | o as u16;
    }

    pub fn emit(self) -> Emit {
        match (self.0 >> 2) & 3 {
            0 => Emit::NotEmitted,
            1 => Emit::Emitting,
            _ => Emit::Emitted,
        }
    }

    pub fn set_emit(&mut self, e: Emit) {
        self.0 = (self.0 & !(3 << 2)) | (e as u16) << 2;
    }

    fn flag(self, f: u16) -> bool {
        self.0 & f != 0
    }

    pub fn fwd_emitted(self) -> bool {
        self.flag(FWD_EMITTED)
    }

    pub fn set_fwd_emitted(&mut self) {
        self.0 |= FWD_EMITTED;
    }

    pub fn name_resolved(self) -> bool {
        self.flag(NAME_RESOLVED)
    }

    pub fn set_name_resolved(&mut self) {
        self.0 |= NAME_RESOLVED;
    }

    pub fn renamed(self) -> bool {
        self.flag(RENAMED)
    }

    pub fn set_renamed(&mut self) {
        self.0 |= RENAMED;
    }

    pub fn referenced(self) -> bool {
        self.flag(REFERENCED)
    }

    pub fn set_referenced(&mut self) {
        self.0 |= REFERENCED;
    }

    pub fn kind(self) -> u32 {
        (self.0 >> 8) as u32 & 0x1f
    }

    pub fn set_kind(&mut self, k: u32) {
        self.0 = (self.0 & !(0x1f << 8)) | ((k & 0x1f) as u16) << 8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_independent() {
        let mut s = TypeState::default();
        assert_eq!(
            (s.order(), s.emit(), s.kind()),
            (Order::NotOrdered, Emit::NotEmitted, 0)
        );
        s.set_kind(31);
        s.set_order(Order::Ordering);
        s.set_emit(Emit::Emitted);
        s.set_referenced();
        assert_eq!(
            (s.order(), s.emit(), s.kind()),
            (Order::Ordering, Emit::Emitted, 31)
        );
        assert!(s.referenced() && !s.fwd_emitted() && !s.name_resolved() && !s.renamed());
        s.set_order(Order::Ordered);
        s.set_emit(Emit::Emitting);
        s.set_fwd_emitted();
        s.set_name_resolved();
        s.set_renamed();
        assert_eq!(
            (s.order(), s.emit(), s.kind()),
            (Order::Ordered, Emit::Emitting, 31)
        );
        assert!(s.fwd_emitted() && s.name_resolved() && s.renamed());
    }
}
