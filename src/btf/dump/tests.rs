//! Unit tests of the C dumper on hand-built BTF.
