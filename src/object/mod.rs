//! `struct bpf_object`: an opened object (maps and programs ready to be
//! adjusted), then loaded into the kernel by [`Object::load`].

pub mod btf_id;
mod core;
mod diag;
mod externs;
mod gen_loader;
mod globals;
pub mod handler;
pub(crate) mod ksyms;
mod load;
pub mod map;
mod offline;
mod pin;
mod prog_load;
pub mod struct_ops;

pub use externs::{read_kernel_config, KernelFacts, RunningKernel};
pub mod program;
pub(crate) mod reloc;
mod verifier_log;

pub use pin::{LIBBPF_PIN_BY_NAME, LIBBPF_PIN_NONE};

use crate::elf::{MapKind, ObjectSpec};
use crate::error::{Error, Result};
use crate::name::Name;
use crate::sys::mmap::Region;
use std::os::fd::OwnedFd;

pub use gen_loader::{GenOutput, GenRequest};
pub use map::Map;
pub use program::Program;

/// Options of `bpf_object__open_*` that the object layer uses.
#[derive(Clone, Debug, Default)]
pub struct OpenOpts {
    pub object_name: Option<String>,
    /// Verifier log level for every program (`kernel_log_level`).
    pub kernel_log_level: u32,
    /// Target BTF for CO-RE instead of the kernel's (`btf_custom_path`).
    pub btf_custom_path: Option<String>,
    /// Directory for `LIBBPF_PIN_BY_NAME` maps (default `/sys/fs/bpf`).
    pub pin_root_path: Option<String>,
    /// Extra kconfig text (`CONFIG_X=y` lines) that takes precedence over the kernel's.
    pub kconfig: Option<String>,
    /// `kernel_log_buf`/`kernel_log_size`: a caller's buffer for every program's verifier log.
    pub kernel_log: Option<(usize, usize)>,
}

#[derive(Debug)]
pub struct Object {
    pub name: crate::name::Name,
    /// What libbpf calls the object in its messages: the file it was
    /// opened from, else its name.
    pub path: String,
    pub(crate) spec: ObjectSpec,
    /// Fixed after open: C holds pointers into these vectors.
    pub maps: Vec<Map>,
    pub progs: Vec<Program>,
    pub(crate) btf_fd: Option<OwnedFd>,
    pub loaded: bool,
    /// Storage for what the C edge hands out with the object's lifetime
    /// (the `struct btf *` of `bpf_object__btf`).
    pub c_edge: std::cell::OnceCell<Box<dyn std::any::Any>>,
    /// Resolutions of `spec.externs` (`.ksyms` ones), made at load.
    pub(crate) ksyms: Vec<ksyms::Ksym>,
    /// `kern_version` for program loads: the object's `version` section, else the running kernel's.
    pub kern_version: u32,
    /// BTF loaded and maps created (`bpf_object__prepare`).
    pub prepared: bool,
    /// Set once `load` was attempted: libbpf allows one load per object.
    pub load_attempted: bool,
    pub opts: OpenOpts,
    /// Set by `bpf_object__gen_loader`: load records a loader program instead.
    pub gen_loader: Option<GenRequest>,
    /// Unique per opened object in this process: tells whether a map and a
    /// program handle belong to the same object.
    pub id: u64,
    /// CO-RE relocations that found no target (their instructions poisoned),
    /// explained if the verifier then rejects one.
    pub(crate) core_failures: Vec<diag::CoreFailure>,
    /// Where the `__arena` globals sit in the arena: its last pages, when the
    /// kernel takes map value offsets that large (set at prepare), else 0.
    pub arena_data_off: usize,
    /// The kernel's BTF, held from prepare to the end of load when the
    /// object needs it (libbpf's `obj->btf_vmlinux`, freed after load): the
    /// process-wide copy lives only while some object or handle holds it.
    pub(crate) kernel_btf: Option<std::sync::Arc<crate::btf::Btf>>,
}

/// libbpf's object name from a path: the file name up to its first '.'.
pub fn name_from_path(path: &str) -> &str {
    // Byte searches: '/' and '.' are ASCII, so the cuts are char boundaries.
    let b = path.as_bytes();
    let start = b.iter().rposition(|&c| c == b'/').map_or(0, |i| i + 1);
    let base = &path[start..];
    let end = base.bytes().position(|c| c == b'.').unwrap_or(base.len());
    &base[..end]
}

/// The first 15 bytes of `name` (cut back to a character boundary).
fn truncate_obj_name(name: &str) -> &str {
    let mut end = name.len().min(15);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    &name[..end]
}

/// Name of a global-data map as libbpf makes it: up to 8 characters of the
/// object name followed by the section name (`minimal_.bss`), or the bare
/// section name for custom sections (`.data.foo`); at most 15 characters,
/// anything but `[A-Za-z0-9_.]` replaced by `_`.
pub fn internal_map_name(obj_name: &str, sec_name: &str) -> Name {
    const OBJ_NAME_LEN: usize = 16;
    let sfx_len = sec_name.len().max(7);
    let pfx_len = if sec_name.len() > 1 && sec_name[1..].contains('.') {
        0
    } else {
        (OBJ_NAME_LEN - 1)
            .saturating_sub(sfx_len)
            .min(obj_name.len())
    };
    let clean = |c: char| {
        if c.is_ascii_alphanumeric() || c == '_' || c == '.' {
            c
        } else {
            '_'
        }
    };
    if obj_name.is_ascii() && sec_name.is_ascii() {
        // Every name in practice: characters are bytes.
        let mut buf = [0u8; OBJ_NAME_LEN - 1];
        let obj = &obj_name.as_bytes()[..pfx_len.min(buf.len())];
        buf[..obj.len()].copy_from_slice(obj);
        let room = buf.len() - obj.len();
        let sec = &sec_name.as_bytes()[..sfx_len.min(sec_name.len()).min(room)];
        buf[obj.len()..obj.len() + sec.len()].copy_from_slice(sec);
        let n = obj.len() + sec.len();
        crate::name::clean_obj_name(&mut buf[..n]);
        // Only ASCII was copied in.
        return Name::new(crate::name::ascii(&buf[..n]).unwrap_or_default());
    }
    let mut name = String::with_capacity(OBJ_NAME_LEN - 1);
    let chars = obj_name.chars().take(pfx_len);
    name.extend(
        chars
            .chain(sec_name.chars().take(sfx_len))
            .take(OBJ_NAME_LEN - 1)
            .map(clean),
    );
    Name::new(&name)
}

/// Stack storage for reading small object files, 8-byte aligned so the
/// parser reads records in place; left uninitialised (read(2) fills it).
#[repr(C, align(8))]
struct SmallImage([std::mem::MaybeUninit<u8>; 16 * 1024]);

impl Object {
    /// Reads and opens the object file at `path`. Most objects are a few
    /// KiB: those are read into a stack buffer, since allocating and freeing
    /// a heap block of that size costs more than parsing a minimal object.
    pub fn open_file(path: &str, name: &str, opts: OpenOpts) -> Result<Object> {
        use std::io::Read;
        let fail = |e: std::io::Error| {
            let errno = crate::Errno(crate::error::io_errno(&e, libc::EIO));
            crate::warn!("elf: failed to open {path}: {errno}");
            Error::Reported(errno)
        };
        let mut f = std::fs::File::open(path).map_err(fail)?;
        let mut small = SmallImage([const { std::mem::MaybeUninit::uninit() }; 16 * 1024]);
        let cap = small.0.len();
        let head = crate::sys::file::read_into(std::os::fd::AsFd::as_fd(&f), &mut small.0)
            .map_err(fail)?;
        if head.len() < cap {
            return Object::open_image(head, name, Some(path), opts);
        }
        // Larger than the buffer: the rest goes to the heap.
        let size = f.metadata().map_or(0, |m| m.len() as usize);
        let mut image = crate::mem::try_with_capacity(size.max(cap) + 1, path)?;
        image.extend_from_slice(head);
        f.read_to_end(&mut image).map_err(fail)?;
        Object::open_image(&image, name, Some(path), opts)
    }

    /// Parses `image` and builds the object's maps and programs. The name
    /// is kept to 15 bytes, as libbpf's (a kernel object name's length).
    pub fn open(image: &[u8], name: &str, opts: OpenOpts) -> Result<Object> {
        Object::open_image(image, name, None, opts)
    }

    /// [`Object::open`] of an image read from `path`, if it was.
    fn open_image(image: &[u8], name: &str, path: Option<&str>, opts: OpenOpts) -> Result<Object> {
        match path {
            Some(path) => crate::c_debug!(
                c"libbpf: loading object from %.*s\n",
                crate::log::c_len(path),
                path.as_ptr()
            ),
            None => crate::c_debug!(
                c"libbpf: loading object '%.*s' from buffer\n",
                crate::log::c_len(name),
                name.as_ptr()
            ),
        }
        let spec = ObjectSpec::parse(image).map_err(|e| {
            crate::elf::describe::failed_open_lines(image, path.unwrap_or(name));
            match e {
                Error::Elf(m) => Error::Elf(format!("{name}: {m}")),
                other => other,
            }
        })?;
        let mut maps = Vec::with_capacity(spec.maps.len());
        for (i, ms) in spec.maps.iter().enumerate() {
            let map_name = match ms.kind {
                MapKind::Btf => ms.real_name.clone(),
                _ => internal_map_name(name, &ms.real_name),
            };
            let mut m = Map::new(map_name, i, ms);
            if ms.kind != MapKind::Btf {
                // Global data lives in a shared region from open on, so the
                // skeleton's pointer can be written before load and stays valid after.
                let init = ms.init.as_deref().unwrap_or(&[]);
                let mut region = Region::anon(m.mmap_size()).map_err(|e| Error::sys("mmap", e))?;
                region.bytes_mut()[..init.len()].copy_from_slice(init);
                m.mmaped = Some(region);
                m.datasec_resize =
                    globals::datasec_resize(spec.btf.as_ref(), m.def.btf_value_type_id);
            }
            if spec.arena_map == Some(i) {
                if let Some(data) = &spec.arena_data {
                    m.init_arena_data(data)?;
                }
            }
            maps.push(m);
        }
        // Sized exactly: a `Program` is large, and a collect from a filter
        // would start at four of them.
        let mut progs = Vec::with_capacity(spec.progs.iter().filter(|p| !p.is_subprog).count());
        for (i, p) in spec.progs.iter().enumerate().filter(|(_, p)| !p.is_subprog) {
            progs.push(Program::new(i, p, opts.kernel_log_level)?);
        }
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let id = NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        maps.iter_mut().for_each(|m| m.obj_id = id);
        progs.iter_mut().for_each(|p| p.obj_id = id);
        // A buffer's object is known by its full name in messages (its path).
        let path = path.map_or_else(|| name.to_string(), str::to_string);
        let name = Name::new(truncate_obj_name(name));
        let kern_version = spec
            .kern_version
            .unwrap_or_else(crate::sys::uname::kernel_version);
        let mut obj = Object {
            path,
            name,
            kern_version,
            spec,
            maps,
            progs,
            btf_fd: None,
            loaded: false,
            c_edge: Default::default(),
            ksyms: Vec::new(),
            prepared: false,
            load_attempted: false,
            opts,
            gen_loader: None,
            id,
            core_failures: Vec::new(),
            arena_data_off: 0,
            kernel_btf: None,
        };
        crate::elf::describe::open_lines(image, &obj.path, &obj.spec, &|i| {
            obj.maps
                .get(i)
                .map_or_else(String::new, |m| m.name.to_string())
        });
        let root = obj.opts.pin_root_path.clone();
        obj.init_pin_paths(root.as_deref())?;
        obj.init_struct_ops()?;
        obj.setup_custom_progs()?;
        Ok(obj)
    }

    /// Runs each custom handler's setup callback (libbpf: at open, after
    /// the program got its handler's type); its error fails the open.
    fn setup_custom_progs(&mut self) -> Result<()> {
        for p in &mut self.progs {
            let Some(h) = p.handler.clone() else { continue };
            h.hooks.setup(p).map_err(|e| {
                crate::warn!("prog '{}': failed to initialize: {e}", p.name);
                e
            })?;
        }
        Ok(())
    }

    /// libbpf's `bpf_object__find_map_by_name`: a name starting with '.'
    /// is a section name (global data); otherwise the name users see.
    pub fn map_by_name(&self, name: &str) -> Option<&Map> {
        if name.starts_with('.') {
            return self.maps.iter().find(|m| m.real_name == name);
        }
        self.maps.iter().find(|m| m.user_name() == name)
    }

    /// `bpf_object__gen_loader`: the next load records a loader program.
    /// `c_opts` is where the C edge will put the result.
    pub fn set_gen_loader(&mut self, gen_hash: bool, c_opts: usize) -> Result<()> {
        if self.load_attempted || self.prepared {
            return Err(Error::inval(format!(
                "object '{}': gen_loader must be requested before load",
                self.name
            )));
        }
        self.gen_loader = Some(GenRequest {
            gen_hash,
            c_opts,
            output: None,
        });
        Ok(())
    }

    pub fn prog_by_name(&self, name: &str) -> Option<&Program> {
        self.progs.iter().find(|p| p.name == name)
    }

    /// The object's BTF in the kernel, once loaded (`bpf_object__btf_fd`).
    pub fn btf_fd(&self) -> Option<std::os::fd::BorrowedFd<'_>> {
        use std::os::fd::AsFd;
        self.btf_fd.as_ref().map(|f| f.as_fd())
    }

    pub fn license(&self) -> &str {
        &self.spec.license
    }

    pub fn kern_version(&self) -> u32 {
        self.kern_version
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_names() {
        assert_eq!(internal_map_name("minimal_bpf", ".bss"), "minimal_.bss");
        assert_eq!(
            internal_map_name("minimal_bpf", ".rodata"),
            "minimal_.rodata"
        );
        assert_eq!(internal_map_name("minimal", ".bss"), "minimal.bss");
        assert_eq!(internal_map_name("x", ".data"), "x.data");
        assert_eq!(
            internal_map_name("minimal_bpf", ".rodata.str1.1"),
            ".rodata.str1.1"
        );
        assert_eq!(
            internal_map_name("obj", ".data.very_long_name_here"),
            ".data.very_long"
        );
        assert_eq!(internal_map_name("a-b", ".bss"), "a_b.bss");
        // Non-ASCII names take the character-wise path: one '_' per character.
        assert_eq!(internal_map_name("é", ".bss"), "_.bss");
        assert_eq!(name_from_path("/tmp/minimal.bpf.o"), "minimal");
        assert_eq!(
            truncate_obj_name("test_core_reloc_kernel"),
            "test_core_reloc"
        );
        assert_eq!(truncate_obj_name("short"), "short");
        assert_eq!(truncate_obj_name("aaaaaaaaaaaaaa\u{e9}"), "aaaaaaaaaaaaaa");
    }
}
