//! `bpf_object__gen_loader`: instead of loading, `bpf_object__load` records
//! every step as a loader program plus a data blob, which a light skeleton
//! (`skel_internal.h`'s `bpf_load_and_run`) runs later with
//! `BPF_PROG_TEST_RUN`, so the target machine needs no libbpf.
//!
//! `blob` builds the data, `program` emits the loader program, `pipeline`
//! walks the object the way a load does.

mod blob;
mod pipeline;
mod program;

/// What the caller asked for with `bpf_object__gen_loader`, and after load
/// what was generated.
#[derive(Debug, Default)]
pub struct GenRequest {
    /// `gen_loader_opts.gen_hash` (signed loaders).
    pub gen_hash: bool,
    /// The caller's `gen_loader_opts`, filled in by the C edge after load
    /// (an address only: this layer never reads it).
    pub c_opts: usize,
    pub output: Option<GenOutput>,
}

/// The generated loader: `BPF_PROG_TYPE_SYSCALL` instructions and the blob
/// they operate on. Lives as long as the object (C holds pointers into it).
#[derive(Debug, Default)]
pub struct GenOutput {
    pub insns: Vec<u8>,
    pub data: Vec<u8>,
}
