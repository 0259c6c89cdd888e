/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * oxbpf: <bpf/libbpf.h>, libbpf's object-level API: open/load BPF object
 * files, their programs and maps, attach links, skeletons, ring and perf
 * buffers, TC/XDP, the static linker.
 *
 * Generated: the declarations come from src/capi/{utils,object,program,map,
 * link,attach,netlink,ringbuf,perfbuf,skel,linker,...}.rs through cbindgen,
 * wrapped by include/gen/libbpf.{head,tail}.h. Edit those, not this file.
 */
#ifndef __LIBBPF_LIBBPF_H
#define __LIBBPF_LIBBPF_H

#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdbool.h>
#include <sys/types.h>
#include <linux/bpf.h>

#include "libbpf_common.h"
#include "libbpf_legacy.h"

/*
 * Error codes of libbpf's own (beyond errno), as -LIBBPF_ERRNO__* returns.
 * libbpf_strerror() knows their text.
 */
enum libbpf_errno {
	__LIBBPF_ERRNO__START = 4000,
	LIBBPF_ERRNO__LIBELF = __LIBBPF_ERRNO__START,	/* ELF could not be read */
	LIBBPF_ERRNO__FORMAT,	/* not a valid BPF object */
	LIBBPF_ERRNO__KVERSION,	/* missing or bad `version` section */
	LIBBPF_ERRNO__ENDIAN,	/* object built for the other byte order */
	LIBBPF_ERRNO__INTERNAL,	/* bug in the library */
	LIBBPF_ERRNO__RELOC,	/* a relocation could not be applied */
	LIBBPF_ERRNO__LOAD,	/* program load failed, reason unknown */
	LIBBPF_ERRNO__VERIFY,	/* rejected by the verifier */
	LIBBPF_ERRNO__PROG2BIG,	/* too many instructions */
	LIBBPF_ERRNO__KVER,	/* kernel version mismatch */
	LIBBPF_ERRNO__PROGTYPE,	/* program type unknown to the kernel */
	LIBBPF_ERRNO__WRNGPID,	/* netlink reply for another pid */
	LIBBPF_ERRNO__INVSEQ,	/* netlink reply out of sequence */
	LIBBPF_ERRNO__NLPARSE,	/* netlink reply malformed */
	__LIBBPF_ERRNO__END,
};

/* Severity of a library message handed to the print callback. */
enum libbpf_print_level {
	LIBBPF_WARN,
	LIBBPF_INFO,
	LIBBPF_DEBUG,
};

/*
 * The print callback: gets a printf format and its arguments as a va_list
 * (written by hand: cbindgen cannot express va_list). The default prints
 * WARN and INFO to stderr; NULL silences the library.
 */
typedef int (*libbpf_print_fn_t)(enum libbpf_print_level level,
				 const char *, va_list ap);

/* Handles and records of other headers that appear here only by pointer. */
struct btf;
struct bpf_prog_load_opts;
struct bpf_prog_assoc_struct_ops_opts;
struct perf_event_attr;
struct perf_event_header;

/*
 Kconfig tristate values, as `.kconfig` externs of type `enum libbpf_tristate` see them.
 */
enum libbpf_tristate {
        TRI_NO = 0,
        TRI_YES = 1,
        TRI_MODULE = 2,
};

/*
 How a k/uprobe is created: newest the kernel supports, legacy tracefs, perf event, or BPF link.
 */
enum probe_attach_mode {
        PROBE_ATTACH_MODE_DEFAULT = 0,
        PROBE_ATTACH_MODE_LEGACY,
        PROBE_ATTACH_MODE_PERF,
        PROBE_ATTACH_MODE_LINK,
};

/*
 Which clsact hook (or custom parent) a TC program goes on; values combine as bits.
 */
enum bpf_tc_attach_point {
        BPF_TC_INGRESS = (1 << 0),
        BPF_TC_EGRESS = (1 << 1),
        BPF_TC_CUSTOM = (1 << 2),
        BPF_TC_QDISC = (1 << 3),
};

/*
 Flags of `bpf_tc_opts.flags`.
 */
enum bpf_tc_flags {
        BPF_TC_F_REPLACE = (1 << 0),
};

/*
 What a raw event callback tells the reader to do next.
 */
enum bpf_perf_event_ret {
        LIBBPF_PERF_EVENT_DONE = 0,
        LIBBPF_PERF_EVENT_ERROR = -1,
        LIBBPF_PERF_EVENT_CONT = -2,
};

/*
 An attachment of a program (or struct_ops map); freed by `bpf_link__destroy`.
 */
struct bpf_link;

/*
 A static linker writing one output object.
 */
struct bpf_linker;

/*
 A map of an object (borrowed from the object; never freed by the caller).
 */
struct bpf_map;

/*
 An opened BPF object file (opaque to C).
 */
struct bpf_object;

/*
 A program's line info copied out of `struct bpf_prog_info`.
 */
struct bpf_prog_linfo;

/*
 A program of an object (borrowed from the object; never freed by the caller).
 */
struct bpf_program;

/*
 Per-CPU perf buffers polled through one epoll fd.
 */
struct perf_buffer;

/*
 One ring of a `ring_buffer` (borrowed from it).
 */
struct ring;

/*
 A set of ring buffer maps polled together through one epoll fd.
 */
struct ring_buffer;

/*
 The producer handle of a `BPF_MAP_TYPE_USER_RINGBUF` map.
 */
struct user_ring_buffer;

/*
 Options of `bpf_object__open_file`/`_mem`; keeps 0.x offsets (hole at 32 for a removed field).
 */
struct bpf_object_open_opts {
        size_t sz;
        const char *object_name;
        bool relaxed_maps;
        const char *pin_root_path;
        __u32 : 32;
        const char *kconfig;
        const char *btf_custom_path;
        char *kernel_log_buf;
        size_t kernel_log_size;
        __u32 kernel_log_level;
        const char *bpf_token_path;
};

/*
 Options of `bpf_object__gen_loader`; `data`/`insns` and sizes are filled in by load.
 */
struct gen_loader_opts {
        size_t sz;
        const char *data;
        const char *insns;
        __u32 data_sz;
        __u32 insns_sz;
        bool gen_hash;
};

/*
 Options of `bpf_program__attach_perf_event_opts`.
 */
struct bpf_perf_event_opts {
        size_t sz;
        __u64 bpf_cookie;
        bool force_ioctl_attach;
        bool dont_enable;
};

/*
 Options of `bpf_program__attach_kprobe_opts`.
 */
struct bpf_kprobe_opts {
        size_t sz;
        __u64 bpf_cookie;
        size_t offset;
        bool retprobe;
        enum probe_attach_mode attach_mode;
};

/*
 Options of `bpf_program__attach_kprobe_multi_opts`: a glob pattern or explicit symbols/addresses.
 */
struct bpf_kprobe_multi_opts {
        size_t sz;
        const char **syms;
        const unsigned long *addrs;
        const __u64 *cookies;
        size_t cnt;
        bool retprobe;
        bool session;
        bool unique_match;
};

/*
 Options of `bpf_program__attach_uprobe_multi`.
 */
struct bpf_uprobe_multi_opts {
        size_t sz;
        const char **syms;
        const unsigned long *offsets;
        const unsigned long *ref_ctr_offsets;
        const __u64 *cookies;
        size_t cnt;
        bool retprobe;
        bool session;
};

/*
 Options of `bpf_program__attach_ksyscall`.
 */
struct bpf_ksyscall_opts {
        size_t sz;
        __u64 bpf_cookie;
        bool retprobe;
};

/*
 Options of `bpf_program__attach_uprobe_opts`.
 */
struct bpf_uprobe_opts {
        size_t sz;
        size_t ref_ctr_offset;
        __u64 bpf_cookie;
        bool retprobe;
        const char *func_name;
        enum probe_attach_mode attach_mode;
};

/*
 Options of `bpf_program__attach_usdt`.
 */
struct bpf_usdt_opts {
        size_t sz;
        __u64 usdt_cookie;
};

/*
 Options of `bpf_program__attach_tracepoint_opts`.
 */
struct bpf_tracepoint_opts {
        size_t sz;
        __u64 bpf_cookie;
};

/*
 Options of `bpf_program__attach_raw_tracepoint_opts`.
 */
struct bpf_raw_tracepoint_opts {
        size_t sz;
        __u64 cookie;
};

/*
 Options of `bpf_program__attach_trace_opts`.
 */
struct bpf_trace_opts {
        size_t sz;
        __u64 cookie;
};

/*
 Options of `bpf_program__attach_netfilter` (protocol family, hook, priority, flags).
 */
struct bpf_netfilter_opts {
        size_t sz;
        __u32 pf;
        __u32 hooknum;
        __s32 priority;
        __u32 flags;
};

/*
 Options of `bpf_program__attach_tcx` (position relative to another program or link).
 */
struct bpf_tcx_opts {
        size_t sz;
        __u32 flags;
        __u32 relative_fd;
        __u32 relative_id;
        __u64 expected_revision;
};

/*
 Options of `bpf_program__attach_netkit`.
 */
struct bpf_netkit_opts {
        size_t sz;
        __u32 flags;
        __u32 relative_fd;
        __u32 relative_id;
        __u64 expected_revision;
};

/*
 Options of `bpf_program__attach_cgroup_opts`.
 */
struct bpf_cgroup_opts {
        size_t sz;
        __u32 flags;
        __u32 relative_fd;
        __u32 relative_id;
        __u64 expected_revision;
};

/*
 Options of `bpf_program__attach_iter` (which map/task/cgroup to iterate).
 */
struct bpf_iter_attach_opts {
        size_t sz;
        union bpf_iter_link_info *link_info;
        __u32 link_info_len;
};

/*
 Options of `bpf_xdp_attach`/`bpf_xdp_detach`: replace only if `old_prog_fd` is attached.
 */
struct bpf_xdp_attach_opts {
        size_t sz;
        int old_prog_fd;
};

/*
 Results of `bpf_xdp_query` (all fields are outputs).
 */
struct bpf_xdp_query_opts {
        size_t sz;
        __u32 prog_id;
        __u32 drv_prog_id;
        __u32 hw_prog_id;
        __u32 skb_prog_id;
        __u8 attach_mode;
        __u64 feature_flags;
        __u32 xdp_zc_max_segs;
};

/*
 Where a TC filter lives: interface, hook (or parent handle), and qdisc kind.
 */
struct bpf_tc_hook {
        size_t sz;
        int ifindex;
        enum bpf_tc_attach_point attach_point;
        __u32 parent;
        __u32 handle;
        const char *qdisc;
};

/*
 A TC filter: program, flags, and its handle/priority (filled in by attach/query).
 */
struct bpf_tc_opts {
        size_t sz;
        int prog_fd;
        __u32 flags;
        __u32 prog_id;
        __u32 handle;
        __u32 priority;
};

/*
 Called per record; a negative return stops consuming and is returned to the caller.
 */
typedef int (*ring_buffer_sample_fn)(void *ctx, void *data, size_t size);

/*
 Options of `ring_buffer__new` (none yet besides `sz`).
 */
struct ring_buffer_opts {
        size_t sz;
};

/*
 Options of `user_ring_buffer__new` (none yet besides `sz`).
 */
struct user_ring_buffer_opts {
        size_t sz;
};

/*
 Called per sample record with the CPU it came from.
 */
typedef void (*perf_buffer_sample_fn)(void *ctx, int cpu, void *data, __u32 size);

/*
 Called when the kernel dropped `cnt` samples on `cpu`.
 */
typedef void (*perf_buffer_lost_fn)(void *ctx, int cpu, __u64 cnt);

/*
 Options of `perf_buffer__new`.
 */
struct perf_buffer_opts {
        size_t sz;
        __u32 sample_period;
};

/*
 Called per raw perf record (any type, not only samples).
 */
typedef enum bpf_perf_event_ret (*perf_buffer_event_fn)(void *ctx,
                                                        int cpu,
                                                        struct perf_event_header *event);

/*
 Options of `perf_buffer__new_raw`: which CPUs, and which map slots to store their fds in.
 */
struct perf_buffer_raw_opts {
        size_t sz;
        int cpu_cnt;
        int *cpus;
        int *map_keys;
};

/*
 One map of a skeleton: where to store its handle, its data mmap and (struct_ops) its link.
 */
struct bpf_map_skeleton {
        const char *name;
        struct bpf_map **map;
        void **mmaped;
        struct bpf_link **link;
};

/*
 One program of a skeleton: where to store its handle and its link.
 */
struct bpf_prog_skeleton {
        const char *name;
        struct bpf_program **prog;
        struct bpf_link **link;
};

/*
 A whole skeleton: the embedded ELF image and the map/program tables.
 */
struct bpf_object_skeleton {
        size_t sz;
        const char *name;
        const void *data;
        size_t data_sz;
        struct bpf_object **obj;
        int map_cnt;
        int map_skel_sz;
        struct bpf_map_skeleton *maps;
        int prog_cnt;
        int prog_skel_sz;
        struct bpf_prog_skeleton *progs;
};

/*
 One global variable of a subskeleton: its map and where to store its address.
 */
struct bpf_var_skeleton {
        const char *name;
        struct bpf_map **map;
        void **addr;
};

/*
 A subskeleton: a view of part of an already opened object (a linked-in library).
 */
struct bpf_object_subskeleton {
        size_t sz;
        const struct bpf_object *obj;
        int map_cnt;
        int map_skel_sz;
        struct bpf_map_skeleton *maps;
        int prog_cnt;
        int prog_skel_sz;
        struct bpf_prog_skeleton *progs;
        int var_cnt;
        int var_skel_sz;
        struct bpf_var_skeleton *vars;
};

/*
 Options of `bpf_linker__new`/`_new_fd` (none yet besides `sz`).
 */
struct bpf_linker_opts {
        size_t sz;
};

/*
 Options of `bpf_linker__add_*` (none yet besides `sz`).
 */
struct bpf_linker_file_opts {
        size_t sz;
};

/*
 Called at open for each program of the handler's section.
 */
typedef int (*libbpf_prog_setup_fn_t)(struct bpf_program *prog, long cookie);

/*
 Called just before the program is loaded; may adjust the load options.
 */
typedef int (*libbpf_prog_prepare_load_fn_t)(struct bpf_program *prog,
                                             struct bpf_prog_load_opts *opts,
                                             long cookie);

/*
 Called to auto-attach the program; stores the new link in `*link`.
 */
typedef int (*libbpf_prog_attach_fn_t)(const struct bpf_program *prog,
                                       long cookie,
                                       struct bpf_link **link);

/*
 Callbacks and cookie of a custom section handler.
 */
struct libbpf_prog_handler_opts {
        size_t sz;
        long cookie;
        libbpf_prog_setup_fn_t prog_setup_fn;
        libbpf_prog_prepare_load_fn_t prog_prepare_load_fn;
        libbpf_prog_attach_fn_t prog_attach_fn;
};

/*
 Obsolete options struct kept for source compatibility; no function takes it any more.
 */
struct bpf_xdp_set_link_opts {
        size_t sz;
        int old_fd;
};

#ifdef __cplusplus
extern "C" {
#endif // __cplusplus

/*
 Sets the print callback; NULL turns printing off. Returns the previous one.
 */
LIBBPF_API libbpf_print_fn_t libbpf_set_print(libbpf_print_fn_t fn_);

/*
 Writes libbpf's text for `err` (negative or positive errno, or a libbpf error code) into `buf`.
 */
LIBBPF_API int libbpf_strerror(int err, char *buf, size_t size);

LIBBPF_API uint32_t libbpf_major_version(void);

LIBBPF_API uint32_t libbpf_minor_version(void);

LIBBPF_API const char *libbpf_version_string(void);

/*
 Number of possible CPUs (`/sys/devices/system/cpu/possible`), cached.
 */
LIBBPF_API int libbpf_num_possible_cpus(void);

/*
 libbpf's name for attach type `t` (`"cgroup_inet_ingress"` …), or NULL if unknown.
 */
LIBBPF_API const char *libbpf_bpf_attach_type_str(enum bpf_attach_type t);

/*
 libbpf's name for link type `t`, or NULL if unknown.
 */
LIBBPF_API const char *libbpf_bpf_link_type_str(enum bpf_link_type t);

/*
 libbpf's name for map type `t` (`"hash"` …), or NULL if unknown.
 */
LIBBPF_API const char *libbpf_bpf_map_type_str(enum bpf_map_type t);

/*
 libbpf's name for program type `t` (`"kprobe"` …), or NULL if unknown.
 */
LIBBPF_API const char *libbpf_bpf_prog_type_str(enum bpf_prog_type t);

/*
 Program and expected attach type a section name implies (`-ESRCH` if none).
 */
LIBBPF_API
int libbpf_prog_type_by_name(const char *name,
                             enum bpf_prog_type *prog_type,
                             enum bpf_attach_type *expected_attach_type);

/*
 Attach type a section name implies, for sections that can be attached.
 */
LIBBPF_API int libbpf_attach_type_by_name(const char *name, enum bpf_attach_type *attach_type);

/*
 BTF id in vmlinux of the function a tracing attach type targets (`name` without prefix).
 */
LIBBPF_API int libbpf_find_vmlinux_btf_id(const char *name, enum bpf_attach_type attach_type);

/*
 Opens an object file with default options.
 */
LIBBPF_API struct bpf_object *bpf_object__open(const char *path);

/*
 Opens an object file.
 */
LIBBPF_API
struct bpf_object *bpf_object__open_file(const char *path,
                                         const struct bpf_object_open_opts *opts);

/*
 Opens an object from an ELF image in memory (copied; the buffer may be freed after).
 */
LIBBPF_API
struct bpf_object *bpf_object__open_mem(const void *obj_buf,
                                        size_t obj_buf_sz,
                                        const struct bpf_object_open_opts *opts);

/*
 Does the load steps up to (not including) loading programs: maps created, BTF loaded.
 */
LIBBPF_API int bpf_object__prepare(struct bpf_object *obj);

/*
 Creates the maps and loads the programs into the kernel.
 */
LIBBPF_API int bpf_object__load(struct bpf_object *obj);

/*
 Frees the object, its programs and maps (closing their fds); NULL is a no-op.
 */
LIBBPF_API void bpf_object__close(struct bpf_object *obj);

/*
 Pins every map under the directory `path` (or at each map's own pin path when NULL).
 */
LIBBPF_API int bpf_object__pin_maps(struct bpf_object *obj, const char *path);

/*
 Unpins the maps pinned by `bpf_object__pin_maps`.
 */
LIBBPF_API int bpf_object__unpin_maps(struct bpf_object *obj, const char *path);

/*
 Pins every loaded program under the directory `path`.
 */
LIBBPF_API int bpf_object__pin_programs(struct bpf_object *obj, const char *path);

/*
 Unpins the programs pinned by `bpf_object__pin_programs`.
 */
LIBBPF_API int bpf_object__unpin_programs(struct bpf_object *obj, const char *path);

/*
 Pins maps and programs under `path`.
 */
LIBBPF_API int bpf_object__pin(struct bpf_object *object, const char *path);

/*
 Unpins maps and programs from `path`.
 */
LIBBPF_API int bpf_object__unpin(struct bpf_object *object, const char *path);

/*
 The object's name (file name without directory, or the `object_name` option).
 */
LIBBPF_API const char *bpf_object__name(const struct bpf_object *obj);

/*
 Kernel version from the object's `version` section (0 when absent).
 */
LIBBPF_API unsigned int bpf_object__kversion(const struct bpf_object *obj);

/*
 Overrides the kernel version passed when loading programs (before load).
 */
LIBBPF_API int bpf_object__set_kversion(struct bpf_object *obj, __u32 kern_version);

/*
 The BPF token fd the object loads with, or -1 when none.
 */
LIBBPF_API int bpf_object__token_fd(const struct bpf_object *obj);

/*
 The object's BTF (owned by the object), or NULL when it has none.
 */
LIBBPF_API struct btf *bpf_object__btf(const struct bpf_object *obj);

/*
 The fd of the object's BTF loaded into the kernel.
 */
LIBBPF_API int bpf_object__btf_fd(const struct bpf_object *obj);

/*
 The program called `name` (its function name), or NULL.
 */
LIBBPF_API
struct bpf_program *bpf_object__find_program_by_name(const struct bpf_object *obj,
                                                     const char *name);

/*
 The program after `prog` in section order (the first when `prog` is NULL), or NULL.
 */
LIBBPF_API
struct bpf_program *bpf_object__next_program(const struct bpf_object *obj,
                                             struct bpf_program *prog);

/*
 The program before `prog` (the last when `prog` is NULL), or NULL.
 */
LIBBPF_API
struct bpf_program *bpf_object__prev_program(const struct bpf_object *obj,
                                             struct bpf_program *prog);

/*
 The map called `name` (internal maps match by their short `.data`-style name too), or NULL.
 */
LIBBPF_API
struct bpf_map *bpf_object__find_map_by_name(const struct bpf_object *obj,
                                             const char *name);

/*
 The fd of the map called `name`.
 */
LIBBPF_API int bpf_object__find_map_fd_by_name(const struct bpf_object *obj, const char *name);

/*
 The map after `map` (the first when `map` is NULL), or NULL.
 */
LIBBPF_API
struct bpf_map *bpf_object__next_map(const struct bpf_object *obj,
                                     const struct bpf_map *map);

/*
 The map before `map` (the last when `map` is NULL), or NULL.
 */
LIBBPF_API
struct bpf_map *bpf_object__prev_map(const struct bpf_object *obj,
                                     const struct bpf_map *map);

/*
 Switches the object to recording a loader program (light skeleton) instead of loading.
 */
LIBBPF_API int bpf_object__gen_loader(struct bpf_object *obj, struct gen_loader_opts *opts);

/*
 Sets the netdev ifindex for device offload (before load).
 */
LIBBPF_API void bpf_program__set_ifindex(struct bpf_program *prog, __u32 ifindex);

/*
 The program's name (its C function name).
 */
LIBBPF_API const char *bpf_program__name(const struct bpf_program *prog);

/*
 The ELF section the program came from (`tp/syscalls/...`).
 */
LIBBPF_API const char *bpf_program__section_name(const struct bpf_program *prog);

/*
 Whether `bpf_object__load` will load this program.
 */
LIBBPF_API bool bpf_program__autoload(const struct bpf_program *prog);

/*
 Chooses whether the program is loaded (before load).
 */
LIBBPF_API int bpf_program__set_autoload(struct bpf_program *prog, bool autoload);

/*
 Whether skeleton attach will attach this program.
 */
LIBBPF_API bool bpf_program__autoattach(const struct bpf_program *prog);

/*
 Chooses whether skeleton attach attaches this program.
 */
LIBBPF_API void bpf_program__set_autoattach(struct bpf_program *prog, bool autoattach);

/*
 The program's instructions as they stand (relocated after load).
 */
LIBBPF_API const struct bpf_insn *bpf_program__insns(const struct bpf_program *prog);

/*
 Replaces the program's instructions (copied; before load).
 */
LIBBPF_API
int bpf_program__set_insns(struct bpf_program *prog,
                           struct bpf_insn *new_insns,
                           size_t new_insn_cnt);

/*
 Number of instructions `bpf_program__insns` points to.
 */
LIBBPF_API size_t bpf_program__insn_cnt(const struct bpf_program *prog);

/*
 The loaded program's fd; -ENOENT (silently) if it is not loaded.
 */
LIBBPF_API int bpf_program__fd(const struct bpf_program *prog);

/*
 Pins the loaded program at `path` in bpffs.
 */
LIBBPF_API int bpf_program__pin(struct bpf_program *prog, const char *path);

/*
 Removes the pin at `path`.
 */
LIBBPF_API int bpf_program__unpin(struct bpf_program *prog, const char *path);

/*
 Closes the program's fd, leaving the rest of the object loaded.
 */
LIBBPF_API void bpf_program__unload(struct bpf_program *prog);

/*
 The program's `enum bpf_prog_type`.
 */
LIBBPF_API enum bpf_prog_type bpf_program__type(const struct bpf_program *prog);

/*
 Overrides the program type guessed from the section name (before load).
 */
LIBBPF_API int bpf_program__set_type(struct bpf_program *prog, enum bpf_prog_type type_);

/*
 The program's expected `enum bpf_attach_type`.
 */
LIBBPF_API enum bpf_attach_type bpf_program__expected_attach_type(const struct bpf_program *prog);

/*
 Overrides the expected attach type (before load).
 */
LIBBPF_API
int bpf_program__set_expected_attach_type(struct bpf_program *prog,
                                          enum bpf_attach_type type_);

/*
 The `BPF_F_*` load flags of the program.
 */
LIBBPF_API __u32 bpf_program__flags(const struct bpf_program *prog);

/*
 Sets the `BPF_F_*` load flags (before load).
 */
LIBBPF_API int bpf_program__set_flags(struct bpf_program *prog, __u32 flags);

/*
 The verifier log level used when loading this program.
 */
LIBBPF_API __u32 bpf_program__log_level(const struct bpf_program *prog);

/*
 Sets the verifier log level for this program (before load).
 */
LIBBPF_API int bpf_program__set_log_level(struct bpf_program *prog, __u32 log_level);

/*
 The caller-provided verifier log buffer and its size, or NULL.
 */
LIBBPF_API const char *bpf_program__log_buf(const struct bpf_program *prog, size_t *log_size);

/*
 Gives the program a buffer for its verifier log (before load).
 */
LIBBPF_API int bpf_program__set_log_buf(struct bpf_program *prog, char *log_buf, size_t log_size);

/*
 The program's BTF func_info records (after load), or NULL.
 */
LIBBPF_API struct bpf_func_info *bpf_program__func_info(const struct bpf_program *prog);

/*
 Number of records `bpf_program__func_info` returns.
 */
LIBBPF_API __u32 bpf_program__func_info_cnt(const struct bpf_program *prog);

/*
 The program's BTF line_info records (after load), or NULL.
 */
LIBBPF_API struct bpf_line_info *bpf_program__line_info(const struct bpf_program *prog);

/*
 Number of records `bpf_program__line_info` returns.
 */
LIBBPF_API __u32 bpf_program__line_info_cnt(const struct bpf_program *prog);

/*
 Sets the target of a tracing/freplace program: a BPF program fd, or 0 for the kernel.
 */
LIBBPF_API
int bpf_program__set_attach_target(struct bpf_program *prog,
                                   int attach_prog_fd,
                                   const char *attach_func_name);

/*
 Associates a loaded program with a struct_ops map.
 */
LIBBPF_API
int bpf_program__assoc_struct_ops(struct bpf_program *prog,
                                  struct bpf_map *map,
                                  struct bpf_prog_assoc_struct_ops_opts *opts);

/*
 Opens a link pinned at `path` in bpffs.
 */
LIBBPF_API struct bpf_link *bpf_link__open(const char *path);

/*
 The link's fd.
 */
LIBBPF_API int bpf_link__fd(const struct bpf_link *link);

/*
 Where the link is pinned, or NULL.
 */
LIBBPF_API const char *bpf_link__pin_path(const struct bpf_link *link);

/*
 Pins the link at `path` so it outlives the process.
 */
LIBBPF_API int bpf_link__pin(struct bpf_link *link, const char *path);

/*
 Removes the link's pin.
 */
LIBBPF_API int bpf_link__unpin(struct bpf_link *link);

/*
 Atomically swaps the program behind the link.
 */
LIBBPF_API int bpf_link__update_program(struct bpf_link *link, struct bpf_program *prog);

/*
 Makes destroy free the handle without detaching (the attachment outlives it).
 */
LIBBPF_API void bpf_link__disconnect(struct bpf_link *link);

/*
 Detaches the link in the kernel while keeping the handle.
 */
LIBBPF_API int bpf_link__detach(struct bpf_link *link);

/*
 Detaches (unless disconnected) and frees the link; NULL is a no-op.
 */
LIBBPF_API int bpf_link__destroy(struct bpf_link *link);

/*
 Swaps the struct_ops map behind a struct_ops link.
 */
LIBBPF_API int bpf_link__update_map(struct bpf_link *link, const struct bpf_map *map);

/*
 Attaches by the program's section name (what skeleton attach does per program).
 */
LIBBPF_API struct bpf_link *bpf_program__attach(const struct bpf_program *prog);

/*
 Attaches to an already opened perf event fd.
 */
LIBBPF_API struct bpf_link *bpf_program__attach_perf_event(const struct bpf_program *prog, int pfd);

/*
 Attaches to an already opened perf event fd, with a cookie or forced ioctl attach.
 */
LIBBPF_API
struct bpf_link *bpf_program__attach_perf_event_opts(const struct bpf_program *prog,
                                                     int pfd,
                                                     const struct bpf_perf_event_opts *opts);

/*
 Attaches a kprobe (or kretprobe) to kernel function `func_name`.
 */
LIBBPF_API
struct bpf_link *bpf_program__attach_kprobe(const struct bpf_program *prog,
                                            bool retprobe,
                                            const char *func_name);

/*
 Attaches a kprobe with options (offset, cookie, mode).
 */
LIBBPF_API
struct bpf_link *bpf_program__attach_kprobe_opts(const struct bpf_program *prog,
                                                 const char *func_name,
                                                 const struct bpf_kprobe_opts *opts);

/*
 Attaches one kprobe.multi link to many kernel functions.
 */
LIBBPF_API
struct bpf_link *bpf_program__attach_kprobe_multi_opts(const struct bpf_program *prog,
                                                       const char *pattern,
                                                       const struct bpf_kprobe_multi_opts *opts);

/*
 Attaches one uprobe.multi link to many functions of a binary.
 */
LIBBPF_API
struct bpf_link *bpf_program__attach_uprobe_multi(const struct bpf_program *prog,
                                                  pid_t pid,
                                                  const char *binary_path,
                                                  const char *func_pattern,
                                                  const struct bpf_uprobe_multi_opts *opts);

/*
 Attaches a kprobe to the arch-specific entry of syscall `syscall_name`.
 */
LIBBPF_API
struct bpf_link *bpf_program__attach_ksyscall(const struct bpf_program *prog,
                                              const char *syscall_name,
                                              const struct bpf_ksyscall_opts *opts);

/*
 Attaches a uprobe (or uretprobe) at `func_offset` in `binary_path`.
 */
LIBBPF_API
struct bpf_link *bpf_program__attach_uprobe(const struct bpf_program *prog,
                                            bool retprobe,
                                            pid_t pid,
                                            const char *binary_path,
                                            size_t func_offset);

/*
 Attaches a uprobe with options (function name, cookie, semaphore, mode).
 */
LIBBPF_API
struct bpf_link *bpf_program__attach_uprobe_opts(const struct bpf_program *prog,
                                                 pid_t pid,
                                                 const char *binary_path,
                                                 size_t func_offset,
                                                 const struct bpf_uprobe_opts *opts);

/*
 Attaches to every site of USDT probe `usdt_provider:usdt_name` in `binary_path`.
 */
LIBBPF_API
struct bpf_link *bpf_program__attach_usdt(const struct bpf_program *prog,
                                          pid_t pid,
                                          const char *binary_path,
                                          const char *usdt_provider,
                                          const char *usdt_name,
                                          const struct bpf_usdt_opts *opts);

/*
 Attaches to tracepoint `tp_category:tp_name`.
 */
LIBBPF_API
struct bpf_link *bpf_program__attach_tracepoint(const struct bpf_program *prog,
                                                const char *tp_category,
                                                const char *tp_name);

/*
 Attaches to tracepoint `tp_category:tp_name` with a cookie.
 */
LIBBPF_API
struct bpf_link *bpf_program__attach_tracepoint_opts(const struct bpf_program *prog,
                                                     const char *tp_category,
                                                     const char *tp_name,
                                                     const struct bpf_tracepoint_opts *opts);

/*
 Attaches to raw tracepoint `tp_name`.
 */
LIBBPF_API
struct bpf_link *bpf_program__attach_raw_tracepoint(const struct bpf_program *prog,
                                                    const char *tp_name);

/*
 Attaches to raw tracepoint `tp_name` with a cookie.
 */
LIBBPF_API
struct bpf_link *bpf_program__attach_raw_tracepoint_opts(const struct bpf_program *prog,
                                                         const char *tp_name,
                                                         struct bpf_raw_tracepoint_opts *opts);

/*
 Attaches a tracing program (fentry/fexit/fmod_ret/tp_btf) to its load-time target.
 */
LIBBPF_API struct bpf_link *bpf_program__attach_trace(const struct bpf_program *prog);

/*
 Attaches a tracing program with a cookie.
 */
LIBBPF_API
struct bpf_link *bpf_program__attach_trace_opts(const struct bpf_program *prog,
                                                const struct bpf_trace_opts *opts);

/*
 Attaches an LSM program to its load-time hook.
 */
LIBBPF_API struct bpf_link *bpf_program__attach_lsm(const struct bpf_program *prog);

/*
 Attaches to the cgroup `cgroup_fd` with a BPF link.
 */
LIBBPF_API
struct bpf_link *bpf_program__attach_cgroup(const struct bpf_program *prog,
                                            int cgroup_fd);

/*
 Attaches to the network namespace `netns_fd`.
 */
LIBBPF_API struct bpf_link *bpf_program__attach_netns(const struct bpf_program *prog, int netns_fd);

/*
 Attaches an sk_msg/sk_skb program to the sockmap `map_fd`.
 */
LIBBPF_API struct bpf_link *bpf_program__attach_sockmap(const struct bpf_program *prog, int map_fd);

/*
 Attaches an XDP program to interface `ifindex` with a BPF link.
 */
LIBBPF_API struct bpf_link *bpf_program__attach_xdp(const struct bpf_program *prog, int ifindex);

/*
 Attaches a freplace program over `attach_func_name` of program `target_fd`.
 */
LIBBPF_API
struct bpf_link *bpf_program__attach_freplace(const struct bpf_program *prog,
                                              int target_fd,
                                              const char *attach_func_name);

/*
 Attaches a netfilter program to a hook.
 */
LIBBPF_API
struct bpf_link *bpf_program__attach_netfilter(const struct bpf_program *prog,
                                               const struct bpf_netfilter_opts *opts);

/*
 Attaches a tcx program to interface `ifindex`.
 */
LIBBPF_API
struct bpf_link *bpf_program__attach_tcx(const struct bpf_program *prog,
                                         int ifindex,
                                         const struct bpf_tcx_opts *opts);

/*
 Attaches a netkit program to device `ifindex`.
 */
LIBBPF_API
struct bpf_link *bpf_program__attach_netkit(const struct bpf_program *prog,
                                            int ifindex,
                                            const struct bpf_netkit_opts *opts);

/*
 Attaches to a cgroup with ordering options.
 */
LIBBPF_API
struct bpf_link *bpf_program__attach_cgroup_opts(const struct bpf_program *prog,
                                                 int cgroup_fd,
                                                 const struct bpf_cgroup_opts *opts);

/*
 Registers a struct_ops map's implementation with the kernel.
 */
LIBBPF_API struct bpf_link *bpf_map__attach_struct_ops(const struct bpf_map *map);

/*
 Creates an iterator link; read it through `bpf_iter_create`.
 */
LIBBPF_API
struct bpf_link *bpf_program__attach_iter(const struct bpf_program *prog,
                                          const struct bpf_iter_attach_opts *opts);

/*
 Chooses whether load creates the map (before load).
 */
LIBBPF_API int bpf_map__set_autocreate(struct bpf_map *map, bool autocreate);

/*
 Whether load creates the map.
 */
LIBBPF_API bool bpf_map__autocreate(const struct bpf_map *map);

/*
 Chooses whether skeleton attach registers this struct_ops map.
 */
LIBBPF_API int bpf_map__set_autoattach(struct bpf_map *map, bool autoattach);

/*
 Whether skeleton attach registers this struct_ops map.
 */
LIBBPF_API bool bpf_map__autoattach(const struct bpf_map *map);

/*
 The map's fd; -1 (errno untouched) before load.
 */
LIBBPF_API int bpf_map__fd(const struct bpf_map *map);

/*
 Makes the map use an existing kernel map `fd` instead of creating one.
 */
LIBBPF_API int bpf_map__reuse_fd(struct bpf_map *map, int fd);

/*
 The map's name.
 */
LIBBPF_API const char *bpf_map__name(const struct bpf_map *map);

/*
 The map's `enum bpf_map_type`.
 */
LIBBPF_API enum bpf_map_type bpf_map__type(const struct bpf_map *map);

/*
 Sets the map type (before load).
 */
LIBBPF_API int bpf_map__set_type(struct bpf_map *map, enum bpf_map_type type_);

/*
 The map's max_entries.
 */
LIBBPF_API __u32 bpf_map__max_entries(const struct bpf_map *map);

/*
 Sets max_entries (before load).
 */
LIBBPF_API int bpf_map__set_max_entries(struct bpf_map *map, __u32 max_entries);

/*
 The map's `BPF_F_*` creation flags.
 */
LIBBPF_API __u32 bpf_map__map_flags(const struct bpf_map *map);

/*
 Sets the creation flags (before load).
 */
LIBBPF_API int bpf_map__set_map_flags(struct bpf_map *map, __u32 flags);

/*
 The map's NUMA node.
 */
LIBBPF_API __u32 bpf_map__numa_node(const struct bpf_map *map);

/*
 Sets the NUMA node (before load).
 */
LIBBPF_API int bpf_map__set_numa_node(struct bpf_map *map, __u32 numa_node);

/*
 The map's key size in bytes.
 */
LIBBPF_API __u32 bpf_map__key_size(const struct bpf_map *map);

/*
 Sets the key size (before load).
 */
LIBBPF_API int bpf_map__set_key_size(struct bpf_map *map, __u32 size);

/*
 The map's value size in bytes.
 */
LIBBPF_API __u32 bpf_map__value_size(const struct bpf_map *map);

/*
 Sets the value size (before load; resizes a global data section).
 */
LIBBPF_API int bpf_map__set_value_size(struct bpf_map *map, __u32 size);

/*
 BTF type id of the key, 0 when none.
 */
LIBBPF_API __u32 bpf_map__btf_key_type_id(const struct bpf_map *map);

/*
 BTF type id of the value, 0 when none.
 */
LIBBPF_API __u32 bpf_map__btf_value_type_id(const struct bpf_map *map);

/*
 The offload netdev ifindex.
 */
LIBBPF_API __u32 bpf_map__ifindex(const struct bpf_map *map);

/*
 Sets the offload netdev ifindex (before load).
 */
LIBBPF_API int bpf_map__set_ifindex(struct bpf_map *map, __u32 ifindex);

/*
 The map's map_extra (bloom filter hashes, arena address …).
 */
LIBBPF_API __u64 bpf_map__map_extra(const struct bpf_map *map);

/*
 Sets map_extra (before load).
 */
LIBBPF_API int bpf_map__set_map_extra(struct bpf_map *map, __u64 map_extra);

/*
 Replaces a global data map's initial contents (before load).
 */
LIBBPF_API int bpf_map__set_initial_value(struct bpf_map *map, const void *data, size_t size);

/*
 The global data image (the kernel mmap after load) and its size.
 */
LIBBPF_API void *bpf_map__initial_value(const struct bpf_map *map, size_t *psize);

/*
 Whether libbpf made the map for a data section (`.data`, `.bss`, `.rodata`, `.kconfig`).
 */
LIBBPF_API bool bpf_map__is_internal(const struct bpf_map *map);

/*
 Sets where load pins (or reuses) the map.
 */
LIBBPF_API int bpf_map__set_pin_path(struct bpf_map *map, const char *path);

/*
 The map's pin path, or NULL.
 */
LIBBPF_API const char *bpf_map__pin_path(const struct bpf_map *map);

/*
 Whether the map is pinned.
 */
LIBBPF_API bool bpf_map__is_pinned(const struct bpf_map *map);

/*
 Pins the map at `path` (or its pin path when NULL).
 */
LIBBPF_API int bpf_map__pin(struct bpf_map *map, const char *path);

/*
 Removes the map's pin.
 */
LIBBPF_API int bpf_map__unpin(struct bpf_map *map, const char *path);

/*
 Gives a map-in-map the inner map template `fd` (before load).
 */
LIBBPF_API int bpf_map__set_inner_map_fd(struct bpf_map *map, int fd);

/*
 The inner map template of a map-in-map, or NULL.
 */
LIBBPF_API struct bpf_map *bpf_map__inner_map(struct bpf_map *map);

/*
 Looks up `key`, checking the key and value sizes against the map.
 */
LIBBPF_API
int bpf_map__lookup_elem(const struct bpf_map *map,
                         const void *key,
                         size_t key_sz,
                         void *value,
                         size_t value_sz,
                         __u64 flags);

/*
 Creates or updates `key`, checking sizes.
 */
LIBBPF_API
int bpf_map__update_elem(const struct bpf_map *map,
                         const void *key,
                         size_t key_sz,
                         const void *value,
                         size_t value_sz,
                         __u64 flags);

/*
 Deletes `key`, checking its size.
 */
LIBBPF_API
int bpf_map__delete_elem(const struct bpf_map *map,
                         const void *key,
                         size_t key_sz,
                         __u64 flags);

/*
 Looks up and deletes `key` in one step, checking sizes.
 */
LIBBPF_API
int bpf_map__lookup_and_delete_elem(const struct bpf_map *map,
                                    const void *key,
                                    size_t key_sz,
                                    void *value,
                                    size_t value_sz,
                                    __u64 flags);

/*
 The key after `cur_key` (the first when NULL), checking the size.
 */
LIBBPF_API
int bpf_map__get_next_key(const struct bpf_map *map,
                          const void *cur_key,
                          void *next_key,
                          size_t key_sz);

/*
 Restricts the map to one program, by hash (before load).
 */
LIBBPF_API int bpf_map__set_exclusive_program(struct bpf_map *map, struct bpf_program *prog);

/*
 The program the map is exclusive to, or NULL.
 */
LIBBPF_API struct bpf_program *bpf_map__exclusive_program(struct bpf_map *map);

/*
 Attaches XDP program `prog_fd` to `ifindex` (`XDP_FLAGS_*` choose the mode).
 */
LIBBPF_API
int bpf_xdp_attach(int ifindex,
                   int prog_fd,
                   __u32 flags,
                   const struct bpf_xdp_attach_opts *opts);

/*
 Detaches the XDP program of `ifindex` in the mode given by `flags`.
 */
LIBBPF_API int bpf_xdp_detach(int ifindex, __u32 flags, const struct bpf_xdp_attach_opts *opts);

/*
 Reports the XDP programs, mode and features of `ifindex`.
 */
LIBBPF_API int bpf_xdp_query(int ifindex, int flags, struct bpf_xdp_query_opts *opts);

/*
 Reports the id of the XDP program attached to `ifindex` in the mode given by `flags`.
 */
LIBBPF_API int bpf_xdp_query_id(int ifindex, int flags, __u32 *prog_id);

/*
 Creates the clsact (or given) qdisc of the hook.
 */
LIBBPF_API int bpf_tc_hook_create(struct bpf_tc_hook *hook);

/*
 Removes the hook's qdisc, or flushes the filters of one direction.
 */
LIBBPF_API int bpf_tc_hook_destroy(struct bpf_tc_hook *hook);

/*
 Adds a BPF filter on the hook; writes back the chosen handle, priority and prog id.
 */
LIBBPF_API int bpf_tc_attach(const struct bpf_tc_hook *hook, struct bpf_tc_opts *opts);

/*
 Removes the BPF filter with the given handle and priority.
 */
LIBBPF_API int bpf_tc_detach(const struct bpf_tc_hook *hook, const struct bpf_tc_opts *opts);

/*
 Looks up the BPF filter with the given handle and priority; writes its prog id.
 */
LIBBPF_API int bpf_tc_query(const struct bpf_tc_hook *hook, struct bpf_tc_opts *opts);

/*
 Opens a ring buffer manager over ring buffer map `map_fd`.
 */
LIBBPF_API
struct ring_buffer *ring_buffer__new(int map_fd,
                                     ring_buffer_sample_fn sample_cb,
                                     void *ctx,
                                     const struct ring_buffer_opts *opts);

/*
 Unmaps the rings and frees the manager; NULL is a no-op.
 */
LIBBPF_API void ring_buffer__free(struct ring_buffer *rb);

/*
 Adds another ring buffer map with its own callback.
 */
LIBBPF_API
int ring_buffer__add(struct ring_buffer *rb,
                     int map_fd,
                     ring_buffer_sample_fn sample_cb,
                     void *ctx);

/*
 Waits up to `timeout_ms` for data, then consumes it; returns the record count.
 */
LIBBPF_API int ring_buffer__poll(struct ring_buffer *rb, int timeout_ms);

/*
 Consumes every available record without waiting; returns the count.
 */
LIBBPF_API int ring_buffer__consume(struct ring_buffer *rb);

/*
 Consumes at most `n` records without waiting.
 */
LIBBPF_API int ring_buffer__consume_n(struct ring_buffer *rb, size_t n);

/*
 The epoll fd to wait on for data.
 */
LIBBPF_API int ring_buffer__epoll_fd(const struct ring_buffer *rb);

/*
 The `idx`-th ring (in the order added), or NULL with `errno = ERANGE`.
 */
LIBBPF_API struct ring *ring_buffer__ring(struct ring_buffer *rb, unsigned int idx);

/*
 The ring's consumer position.
 */
LIBBPF_API unsigned long ring__consumer_pos(const struct ring *r);

/*
 The ring's producer position.
 */
LIBBPF_API unsigned long ring__producer_pos(const struct ring *r);

/*
 Bytes produced but not yet consumed.
 */
LIBBPF_API size_t ring__avail_data_size(const struct ring *r);

/*
 The ring's data area size in bytes.
 */
LIBBPF_API size_t ring__size(const struct ring *r);

/*
 The fd of the ring's map.
 */
LIBBPF_API int ring__map_fd(const struct ring *r);

/*
 Consumes every available record of this ring.
 */
LIBBPF_API int ring__consume(struct ring *r);

/*
 Consumes at most `n` records of this ring.
 */
LIBBPF_API int ring__consume_n(struct ring *r, size_t n);

/*
 Opens the producer side of user ring buffer map `map_fd`.
 */
LIBBPF_API
struct user_ring_buffer *user_ring_buffer__new(int map_fd,
                                               const struct user_ring_buffer_opts *opts);

/*
 Reserves a `size`-byte sample, or NULL (errno ENOSPC) when the ring is full.
 */
LIBBPF_API void *user_ring_buffer__reserve(struct user_ring_buffer *rb, __u32 size);

/*
 Reserves a sample, waiting up to `timeout_ms` for the kernel to drain space.
 */
LIBBPF_API
void *user_ring_buffer__reserve_blocking(struct user_ring_buffer *rb,
                                         __u32 size,
                                         int timeout_ms);

/*
 Publishes a reserved sample to the kernel.
 */
LIBBPF_API void user_ring_buffer__submit(struct user_ring_buffer *rb, void *sample);

/*
 Drops a reserved sample unpublished.
 */
LIBBPF_API void user_ring_buffer__discard(struct user_ring_buffer *rb, void *sample);

/*
 Unmaps and frees the producer handle; NULL is a no-op.
 */
LIBBPF_API void user_ring_buffer__free(struct user_ring_buffer *rb);

/*
 Opens a perf buffer of `page_cnt` pages (a power of two) per CPU over map `map_fd`.
 */
LIBBPF_API
struct perf_buffer *perf_buffer__new(int map_fd,
                                     size_t page_cnt,
                                     perf_buffer_sample_fn sample_cb,
                                     perf_buffer_lost_fn lost_cb,
                                     void *ctx,
                                     const struct perf_buffer_opts *opts);

/*
 Opens a perf buffer with a caller-chosen perf event and a raw record callback.
 */
LIBBPF_API
struct perf_buffer *perf_buffer__new_raw(int map_fd,
                                         size_t page_cnt,
                                         struct perf_event_attr *attr,
                                         perf_buffer_event_fn event_cb,
                                         void *ctx,
                                         const struct perf_buffer_raw_opts *opts);

/*
 Closes the events, unmaps the buffers and frees; NULL is a no-op.
 */
LIBBPF_API void perf_buffer__free(struct perf_buffer *pb);

/*
 The epoll fd to wait on for data.
 */
LIBBPF_API int perf_buffer__epoll_fd(const struct perf_buffer *pb);

/*
 Waits up to `timeout_ms`, then consumes the buffers that signalled; returns their count.
 */
LIBBPF_API int perf_buffer__poll(struct perf_buffer *pb, int timeout_ms);

/*
 Consumes every buffer without waiting.
 */
LIBBPF_API int perf_buffer__consume(struct perf_buffer *pb);

/*
 Consumes the buffer at index `buf_idx`.
 */
LIBBPF_API int perf_buffer__consume_buffer(struct perf_buffer *pb, size_t buf_idx);

/*
 Number of per-CPU buffers.
 */
LIBBPF_API size_t perf_buffer__buffer_cnt(const struct perf_buffer *pb);

/*
 The perf event fd of buffer `buf_idx`.
 */
LIBBPF_API int perf_buffer__buffer_fd(const struct perf_buffer *pb, size_t buf_idx);

/*
 The mmap'ed ring of buffer `buf_idx` (header page included) and its data size.
 */
LIBBPF_API
int perf_buffer__buffer(struct perf_buffer *pb,
                        int buf_idx,
                        void **buf,
                        size_t *buf_size);

/*
 Frees the line info; NULL is a no-op.
 */
LIBBPF_API void bpf_prog_linfo__free(struct bpf_prog_linfo *prog_linfo);

/*
 Copies the line info records referenced by `info`.
 */
LIBBPF_API struct bpf_prog_linfo *bpf_prog_linfo__new(const struct bpf_prog_info *info);

/*
 The line record covering jited address `addr` in function `func_idx`, skipping `nr_skip`.
 */
LIBBPF_API
const struct bpf_line_info *bpf_prog_linfo__lfind_addr_func(const struct bpf_prog_linfo *prog_linfo,
                                                            __u64 addr,
                                                            __u32 func_idx,
                                                            __u32 nr_skip);

/*
 The line record covering instruction `insn_off`, skipping `nr_skip`.
 */
LIBBPF_API
const struct bpf_line_info *bpf_prog_linfo__lfind(const struct bpf_prog_linfo *prog_linfo,
                                                  __u32 insn_off,
                                                  __u32 nr_skip);

/*
 Whether the kernel can load a program of `prog_type`.
 */
LIBBPF_API int libbpf_probe_bpf_prog_type(enum bpf_prog_type prog_type, const void *opts);

/*
 Whether the kernel can create a map of `map_type`.
 */
LIBBPF_API int libbpf_probe_bpf_map_type(enum bpf_map_type map_type, const void *opts);

/*
 Whether programs of `prog_type` may call helper `helper_id`.
 */
LIBBPF_API
int libbpf_probe_bpf_helper(enum bpf_prog_type prog_type,
                            enum bpf_func_id helper_id,
                            const void *opts);

/*
 Opens the embedded object and fills in the map/program handles and data pointers.
 */
LIBBPF_API
int bpf_object__open_skeleton(struct bpf_object_skeleton *s,
                              const struct bpf_object_open_opts *opts);

/*
 Loads the object and re-points the data pointers at the kernel maps' mmaps.
 */
LIBBPF_API int bpf_object__load_skeleton(struct bpf_object_skeleton *s);

/*
 Auto-attaches every program that can be (and struct_ops maps), storing the links.
 */
LIBBPF_API int bpf_object__attach_skeleton(struct bpf_object_skeleton *s);

/*
 Destroys every link the skeleton holds.
 */
LIBBPF_API void bpf_object__detach_skeleton(struct bpf_object_skeleton *s);

/*
 Detaches, closes the object and frees the skeleton's arrays and itself.
 */
LIBBPF_API void bpf_object__destroy_skeleton(struct bpf_object_skeleton *s);

/*
 Fills in a subskeleton's map, program and variable pointers from its object.
 */
LIBBPF_API int bpf_object__open_subskeleton(struct bpf_object_subskeleton *s);

/*
 Frees the subskeleton's arrays and itself (not the object).
 */
LIBBPF_API void bpf_object__destroy_subskeleton(struct bpf_object_subskeleton *s);

/*
 Starts linking into the file `filename`.
 */
LIBBPF_API struct bpf_linker *bpf_linker__new(const char *filename, struct bpf_linker_opts *opts);

/*
 Starts linking into the open file `fd` (not closed by the linker).
 */
LIBBPF_API struct bpf_linker *bpf_linker__new_fd(int fd, struct bpf_linker_opts *opts);

/*
 Adds the object file `filename`.
 */
LIBBPF_API
int bpf_linker__add_file(struct bpf_linker *linker,
                         const char *filename,
                         const struct bpf_linker_file_opts *opts);

/*
 Adds the object file open at `fd`.
 */
LIBBPF_API
int bpf_linker__add_fd(struct bpf_linker *linker,
                       int fd,
                       const struct bpf_linker_file_opts *opts);

/*
 Adds an object file image held in memory.
 */
LIBBPF_API
int bpf_linker__add_buf(struct bpf_linker *linker,
                        void *buf,
                        size_t buf_sz,
                        const struct bpf_linker_file_opts *opts);

/*
 Resolves symbols, merges BTF and writes the output object.
 */
LIBBPF_API int bpf_linker__finalize(struct bpf_linker *linker);

/*
 Frees the linker (closing the output it opened); NULL is a no-op.
 */
LIBBPF_API void bpf_linker__free(struct bpf_linker *linker);

/*
 Registers a handler for section `sec` (NULL: fallback for unknown sections); returns its id.
 */
LIBBPF_API
int libbpf_register_prog_handler(const char *sec,
                                 enum bpf_prog_type prog_type,
                                 enum bpf_attach_type exp_attach_type,
                                 const struct libbpf_prog_handler_opts *opts);

/*
 Removes the handler with id `handler_id`.
 */
LIBBPF_API int libbpf_unregister_prog_handler(int handler_id);

#ifdef __cplusplus
}  // extern "C"
#endif  // __cplusplus

/*
 * bpf_object__for_each_program(pos, obj) / bpf_object__for_each_map(pos, obj):
 * walk an object's programs (maps) in order; `pos` is the loop variable.
 */
#define bpf_object__for_each_program(pos, obj)			\
	for ((pos) = bpf_object__next_program((obj), NULL);	\
	     (pos) != NULL;					\
	     (pos) = bpf_object__next_program((obj), (pos)))

#define bpf_object__for_each_map(pos, obj)			\
	for ((pos) = bpf_object__next_map((obj), NULL);		\
	     (pos) != NULL;					\
	     (pos) = bpf_object__next_map((obj), (pos)))

/* Old spelling of bpf_object__for_each_map. */
#define bpf_map__for_each bpf_object__for_each_map

/* A TC parent handle from its major:minor halves (bpf_tc_hook.parent). */
#define BPF_TC_PARENT(a, b)					\
	((((a) << 16) & 0xFFFF0000U) | ((b) & 0x0000FFFFU))

/* Last field of each opts struct, for code that checks what a libbpf knows. */
#define bpf_object_open_opts__last_field bpf_token_path
#define bpf_perf_event_opts__last_field dont_enable
#define bpf_kprobe_opts__last_field attach_mode
#define bpf_kprobe_multi_opts__last_field unique_match
#define bpf_uprobe_multi_opts__last_field session
#define bpf_ksyscall_opts__last_field retprobe
#define bpf_uprobe_opts__last_field attach_mode
#define bpf_usdt_opts__last_field usdt_cookie
#define bpf_tracepoint_opts__last_field bpf_cookie
#define bpf_raw_tracepoint_opts__last_field cookie
#define bpf_trace_opts__last_field cookie
#define bpf_netfilter_opts__last_field flags
#define bpf_tcx_opts__last_field expected_revision
#define bpf_netkit_opts__last_field expected_revision
#define bpf_cgroup_opts__last_field expected_revision
#define bpf_iter_attach_opts__last_field link_info_len
#define bpf_xdp_set_link_opts__last_field old_fd
#define bpf_xdp_attach_opts__last_field old_prog_fd
#define bpf_xdp_query_opts__last_field xdp_zc_max_segs
#define bpf_tc_hook__last_field qdisc
#define bpf_tc_opts__last_field priority
#define ring_buffer_opts__last_field sz
#define user_ring_buffer_opts__last_field sz
#define perf_buffer_opts__last_field sample_period
#define perf_buffer_raw_opts__last_field map_keys
#define gen_loader_opts__last_field gen_hash
#define bpf_linker_opts__last_field sz
#define bpf_linker_file_opts__last_field sz
#define libbpf_prog_handler_opts__last_field prog_attach_fn

#endif /* __LIBBPF_LIBBPF_H */
