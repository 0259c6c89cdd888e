/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * oxbpf: <bpf/bpf.h>, libbpf's low-level API over the bpf(2) commands.
 *
 * Generated: the declarations come from src/capi/bpf.rs through cbindgen,
 * wrapped by include/gen/bpf.{head,tail}.h. Edit those, not this file.
 */
#ifndef __LIBBPF_BPF_H
#define __LIBBPF_BPF_H

#include <linux/bpf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libbpf_common.h"
#include "libbpf_legacy.h"

/* bpf_object__open_xattr() flag of libbpf 0.x, still defined for old code. */
#define MAPS_RELAX_COMPAT	0x01

/* A verifier log buffer size every kernel accepts (the pre-5.2 maximum). */
#define BPF_LOG_BUF_SIZE (UINT32_MAX >> 8)

/*
 * The three opts structs with anonymous unions are written by hand here:
 * cbindgen cannot print an anonymous union. Their Rust twins in
 * src/capi/bpf.rs check the same offsets, and c-tests/abi checks both
 * against upstream's layout.
 */

struct bpf_prog_attach_opts {
	size_t sz;
	__u32 flags;
	union {
		int replace_prog_fd;
		int replace_fd;
	};
	int relative_fd;
	__u32 relative_id;
	__u64 expected_revision;
	size_t :0;
};

struct bpf_prog_query_opts {
	size_t sz;
	__u32 query_flags;
	__u32 attach_flags;		/* out */
	__u32 *prog_ids;
	union {
		__u32 prog_cnt;		/* in: room in the arrays; out: entries */
		__u32 count;
	};
	__u32 *prog_attach_flags;
	__u32 *link_ids;
	__u32 *link_attach_flags;
	__u64 revision;			/* out */
	size_t :0;
};

union bpf_iter_link_info;

struct bpf_link_create_opts {
	size_t sz;
	__u32 flags;
	union bpf_iter_link_info *iter_info;
	__u32 iter_info_len;
	__u32 target_btf_id;
	/* Only the member matching the attach type may be non-zero. */
	union {
		struct {
			__u64 bpf_cookie;
		} perf_event;
		struct {
			__u32 flags;
			__u32 cnt;
			const char **syms;
			const unsigned long *addrs;
			const __u64 *cookies;
		} kprobe_multi;
		struct {
			__u32 flags;
			__u32 cnt;
			const char *path;
			const unsigned long *offsets;
			const unsigned long *ref_ctr_offsets;
			const __u64 *cookies;
			__u32 pid;
		} uprobe_multi;
		struct {
			__u64 cookie;
		} tracing;
		struct {
			__u32 pf;
			__u32 hooknum;
			__s32 priority;
			__u32 flags;
		} netfilter;
		struct {
			__u32 relative_fd;
			__u32 relative_id;
			__u64 expected_revision;
		} tcx;
		struct {
			__u32 relative_fd;
			__u32 relative_id;
			__u64 expected_revision;
		} netkit;
		struct {
			__u32 relative_fd;
			__u32 relative_id;
			__u64 expected_revision;
		} cgroup;
	};
	size_t :0;
};

// Options of `bpf_prog_detach_opts`.
struct bpf_prog_detach_opts {
        size_t sz;
        __u32 flags;
        int relative_fd;
        __u32 relative_id;
        __u64 expected_revision;
};

// Options of `bpf_raw_tracepoint_open_opts`.
struct bpf_raw_tp_opts {
        size_t sz;
        const char *tp_name;
        __u64 cookie;
};

// Options of `bpf_link_update`.
struct bpf_link_update_opts {
        size_t sz;
        __u32 flags;
        __u32 old_prog_fd;
        __u32 old_map_fd;
};

// Options of `bpf_map_create`.
struct bpf_map_create_opts {
        size_t sz;
        __u32 btf_fd;
        __u32 btf_key_type_id;
        __u32 btf_value_type_id;
        __u32 btf_vmlinux_value_type_id;
        __u32 inner_map_fd;
        __u32 map_flags;
        __u64 map_extra;
        __u32 numa_node;
        __u32 map_ifindex;
        __s32 value_type_btf_obj_fd;
        __u32 token_fd;
        const void *excl_prog_hash;
        __u32 excl_prog_hash_size;
};

// Options of the `bpf_map_*_batch` calls.
struct bpf_map_batch_opts {
        size_t sz;
        __u64 elem_flags;
        __u64 flags;
};

// Options of `bpf_btf_load`.
struct bpf_btf_load_opts {
        size_t sz;
        char *log_buf;
        __u32 log_level;
        __u32 log_size;
        // Out: the log size the kernel wanted, terminating NUL included.
        __u32 log_true_size;
        __u32 btf_flags;
        __u32 token_fd;
};

// Options of `bpf_obj_pin_opts`.
struct bpf_obj_pin_opts {
        size_t sz;
        __u32 file_flags;
        int path_fd;
};

// Options of `bpf_obj_get_opts`.
struct bpf_obj_get_opts {
        size_t sz;
        __u32 file_flags;
        int path_fd;
};

// Options of the `bpf_*_get_fd_by_id_opts` calls.
struct bpf_get_fd_by_id_opts {
        size_t sz;
        __u32 open_flags;
        __u32 token_fd;
};

// Options of `bpf_token_create`.
struct bpf_token_create_opts {
        size_t sz;
        __u32 flags;
};

// Options of `bpf_prog_load`.
struct bpf_prog_load_opts {
        size_t sz;
        int attempts;
        enum bpf_attach_type expected_attach_type;
        __u32 prog_btf_fd;
        __u32 prog_flags;
        __u32 prog_ifindex;
        __u32 kern_version;
        __u32 attach_btf_id;
        __u32 attach_prog_fd;
        __u32 attach_btf_obj_fd;
        const int *fd_array;
        const void *func_info;
        __u32 func_info_cnt;
        __u32 func_info_rec_size;
        const void *line_info;
        __u32 line_info_cnt;
        __u32 line_info_rec_size;
        __u32 log_level;
        __u32 log_size;
        char *log_buf;
        // Out: the log size the kernel wanted, terminating NUL included.
        __u32 log_true_size;
        __u32 token_fd;
        __u32 fd_array_cnt;
};

// Options of `bpf_prog_bind_map`.
struct bpf_prog_bind_opts {
        size_t sz;
        __u32 flags;
};

// Options (in and out) of `bpf_prog_test_run_opts`.
struct bpf_test_run_opts {
        size_t sz;
        const void *data_in;
        void *data_out;
        __u32 data_size_in;
        // In: room in `data_out`; out: bytes written.
        __u32 data_size_out;
        const void *ctx_in;
        void *ctx_out;
        __u32 ctx_size_in;
        // In: room in `ctx_out`; out: bytes written.
        __u32 ctx_size_out;
        // Out: the program's return value.
        __u32 retval;
        int repeat;
        // Out: mean run time per repetition, ns.
        __u32 duration;
        __u32 flags;
        __u32 cpu;
        __u32 batch_size;
};

// Options of `bpf_prog_stream_read` (only `sz` so far).
struct bpf_prog_stream_read_opts {
        size_t sz;
};

// Options of `bpf_prog_assoc_struct_ops`.
struct bpf_prog_assoc_struct_ops_opts {
        size_t sz;
        __u32 flags;
};

// Test-run description of libbpf 0.x, kept for code that still declares it.
struct bpf_prog_test_run_attr {
        int prog_fd;
        int repeat;
        const void *data_in;
        __u32 data_size_in;
        void *data_out;
        __u32 data_size_out;
        __u32 retval;
        __u32 duration;
        const void *ctx_in;
        __u32 ctx_size_in;
        void *ctx_out;
        __u32 ctx_size_out;
};

#ifdef __cplusplus
extern "C" {
#endif // __cplusplus

// Sets the RLIMIT_MEMLOCK value used on kernels without memcg accounting.
LIBBPF_API int libbpf_set_memlock_rlim(size_t memlock_bytes);

// Attaches a program to a cgroup, sockmap, ... (BPF_PROG_ATTACH).
LIBBPF_API
int bpf_prog_attach(int prog_fd,
                    int attachable_fd,
                    enum bpf_attach_type type,
                    unsigned int flags);

// Detaches whatever program of `type` is attached to `attachable_fd`.
LIBBPF_API int bpf_prog_detach(int attachable_fd, enum bpf_attach_type type);

// Detaches a given program from `attachable_fd`.
LIBBPF_API int bpf_prog_detach2(int prog_fd, int attachable_fd, enum bpf_attach_type type);

// Attaches a program to an fd or ifindex, with ordering and replacement options.
LIBBPF_API
int bpf_prog_attach_opts(int prog_fd,
                         int target,
                         enum bpf_attach_type type,
                         const struct bpf_prog_attach_opts *opts);

// Detaches a program from an fd or ifindex.
LIBBPF_API
int bpf_prog_detach_opts(int prog_fd,
                         int target,
                         enum bpf_attach_type type,
                         const struct bpf_prog_detach_opts *opts);

// Lists the programs and links attached to an fd or ifindex.
LIBBPF_API
int bpf_prog_query_opts(int target,
                        enum bpf_attach_type type,
                        struct bpf_prog_query_opts *opts);

// Lists the programs attached to an fd (older form of `bpf_prog_query_opts`).
LIBBPF_API
int bpf_prog_query(int target_fd,
                   enum bpf_attach_type type,
                   __u32 query_flags,
                   __u32 *attach_flags,
                   __u32 *prog_ids,
                   __u32 *prog_cnt);

// Attaches a raw tracepoint program; returns the link fd.
LIBBPF_API int bpf_raw_tracepoint_open_opts(int prog_fd, struct bpf_raw_tp_opts *opts);

// Attaches a raw tracepoint program by tracepoint name.
LIBBPF_API int bpf_raw_tracepoint_open(const char *name, int prog_fd);

// Describes the BPF program behind a perf event / tracepoint fd of a task.
LIBBPF_API
int bpf_task_fd_query(int pid,
                      int fd,
                      __u32 flags,
                      char *buf,
                      __u32 *buf_len,
                      __u32 *prog_id,
                      __u32 *fd_type,
                      __u64 *probe_offset,
                      __u64 *probe_addr);

// Creates a link (BPF_LINK_CREATE); returns its fd.
LIBBPF_API
int bpf_link_create(int prog_fd,
                    int target_fd,
                    enum bpf_attach_type attach_type,
                    const struct bpf_link_create_opts *opts);

// Detaches a link from its target without closing it.
LIBBPF_API int bpf_link_detach(int link_fd);

// Replaces the program (or map) behind a link.
LIBBPF_API
int bpf_link_update(int link_fd,
                    int new_prog_fd,
                    const struct bpf_link_update_opts *opts);

// Creates an iterator fd from an iterator link.
LIBBPF_API int bpf_iter_create(int link_fd);

// Creates a map (BPF_MAP_CREATE); returns its fd.
LIBBPF_API
int bpf_map_create(enum bpf_map_type map_type,
                   const char *map_name,
                   __u32 key_size,
                   __u32 value_size,
                   __u32 max_entries,
                   const struct bpf_map_create_opts *opts);

// Creates or updates one element.
LIBBPF_API int bpf_map_update_elem(int fd, const void *key, const void *value, __u64 flags);

// Reads one element.
LIBBPF_API int bpf_map_lookup_elem(int fd, const void *key, void *value);

// Reads one element with lookup flags (`BPF_F_LOCK`, ...).
LIBBPF_API int bpf_map_lookup_elem_flags(int fd, const void *key, void *value, __u64 flags);

// Reads and removes one element (also pops queues and stacks).
LIBBPF_API int bpf_map_lookup_and_delete_elem(int fd, const void *key, void *value);

// Reads and removes one element, with flags.
LIBBPF_API
int bpf_map_lookup_and_delete_elem_flags(int fd,
                                         const void *key,
                                         void *value,
                                         __u64 flags);

// Removes one element.
LIBBPF_API int bpf_map_delete_elem(int fd, const void *key);

// Removes one element, with flags.
LIBBPF_API int bpf_map_delete_elem_flags(int fd, const void *key, __u64 flags);

// Gets the key after `key` (the first one when `key` is NULL).
LIBBPF_API int bpf_map_get_next_key(int fd, const void *key, void *next_key);

// Makes a map read-only for user space.
LIBBPF_API int bpf_map_freeze(int fd);

// Removes `*count` elements; `*count` becomes how many were removed.
LIBBPF_API
int bpf_map_delete_batch(int fd,
                         const void *keys,
                         __u32 *count,
                         const struct bpf_map_batch_opts *opts);

// Reads up to `*count` elements starting at the `in_batch` cursor.
LIBBPF_API
int bpf_map_lookup_batch(int fd,
                         void *in_batch,
                         void *out_batch,
                         void *keys,
                         void *values,
                         __u32 *count,
                         const struct bpf_map_batch_opts *opts);

// Reads and removes up to `*count` elements starting at the `in_batch` cursor.
LIBBPF_API
int bpf_map_lookup_and_delete_batch(int fd,
                                    void *in_batch,
                                    void *out_batch,
                                    void *keys,
                                    void *values,
                                    __u32 *count,
                                    const struct bpf_map_batch_opts *opts);

// Writes `*count` elements.
LIBBPF_API
int bpf_map_update_batch(int fd,
                         const void *keys,
                         const void *values,
                         __u32 *count,
                         const struct bpf_map_batch_opts *opts);

// Loads raw BTF into the kernel (BPF_BTF_LOAD); returns its fd.
LIBBPF_API int bpf_btf_load(const void *btf_data, size_t btf_size, struct bpf_btf_load_opts *opts);

// Pins an object at a bpffs path.
LIBBPF_API int bpf_obj_pin(int fd, const char *pathname);

// Pins an object, optionally relative to `path_fd`.
LIBBPF_API int bpf_obj_pin_opts(int fd, const char *pathname, const struct bpf_obj_pin_opts *opts);

// Opens a pinned object; returns an fd.
LIBBPF_API int bpf_obj_get(const char *pathname);

// Opens a pinned object with flags, optionally relative to `path_fd`.
LIBBPF_API int bpf_obj_get_opts(const char *pathname, const struct bpf_obj_get_opts *opts);

// Next program id after `start_id`.
LIBBPF_API int bpf_prog_get_next_id(__u32 start_id, __u32 *next_id);

// Next map id after `start_id`.
LIBBPF_API int bpf_map_get_next_id(__u32 start_id, __u32 *next_id);

// Next BTF id after `start_id`.
LIBBPF_API int bpf_btf_get_next_id(__u32 start_id, __u32 *next_id);

// Next link id after `start_id`.
LIBBPF_API int bpf_link_get_next_id(__u32 start_id, __u32 *next_id);

// Opens a program by id.
LIBBPF_API int bpf_prog_get_fd_by_id(__u32 id);

// Opens a program by id, with options.
LIBBPF_API int bpf_prog_get_fd_by_id_opts(__u32 id, const struct bpf_get_fd_by_id_opts *opts);

// Opens a map by id.
LIBBPF_API int bpf_map_get_fd_by_id(__u32 id);

// Opens a map by id, with options.
LIBBPF_API int bpf_map_get_fd_by_id_opts(__u32 id, const struct bpf_get_fd_by_id_opts *opts);

// Opens a BTF object by id.
LIBBPF_API int bpf_btf_get_fd_by_id(__u32 id);

// Opens a BTF object by id, with options.
LIBBPF_API int bpf_btf_get_fd_by_id_opts(__u32 id, const struct bpf_get_fd_by_id_opts *opts);

// Opens a link by id.
LIBBPF_API int bpf_link_get_fd_by_id(__u32 id);

// Opens a link by id, with options.
LIBBPF_API int bpf_link_get_fd_by_id_opts(__u32 id, const struct bpf_get_fd_by_id_opts *opts);

// Reads the info record of any BPF object fd (BPF_OBJ_GET_INFO_BY_FD).
LIBBPF_API int bpf_obj_get_info_by_fd(int bpf_fd, void *info, __u32 *info_len);

// Reads a program's `struct bpf_prog_info`.
LIBBPF_API int bpf_prog_get_info_by_fd(int prog_fd, struct bpf_prog_info *info, __u32 *info_len);

// Reads a map's `struct bpf_map_info`.
LIBBPF_API int bpf_map_get_info_by_fd(int map_fd, struct bpf_map_info *info, __u32 *info_len);

// Reads a BTF object's `struct bpf_btf_info`.
LIBBPF_API int bpf_btf_get_info_by_fd(int btf_fd, struct bpf_btf_info *info, __u32 *info_len);

// Reads a link's `struct bpf_link_info`.
LIBBPF_API int bpf_link_get_info_by_fd(int link_fd, struct bpf_link_info *info, __u32 *info_len);

// Creates a BPF token from a bpffs mount; returns its fd.
LIBBPF_API int bpf_token_create(int bpffs_fd, struct bpf_token_create_opts *opts);

// Loads a program (BPF_PROG_LOAD); returns its fd.
LIBBPF_API
int bpf_prog_load(enum bpf_prog_type prog_type,
                  const char *prog_name,
                  const char *license,
                  const struct bpf_insn *insns,
                  size_t insn_cnt,
                  struct bpf_prog_load_opts *opts);

// Keeps a map alive as long as a program (BPF_PROG_BIND_MAP).
LIBBPF_API int bpf_prog_bind_map(int prog_fd, int map_fd, const struct bpf_prog_bind_opts *opts);

// Runs a program on test input (BPF_PROG_TEST_RUN).
LIBBPF_API int bpf_prog_test_run_opts(int prog_fd, struct bpf_test_run_opts *opts);

// Reads a program's BPF stream (stdout/stderr of BPF code); returns bytes read.
LIBBPF_API
int bpf_prog_stream_read(int prog_fd,
                         __u32 stream_id,
                         void *buf,
                         __u32 buf_len,
                         struct bpf_prog_stream_read_opts *opts);

// Associates a program with a struct_ops map.
LIBBPF_API
int bpf_prog_assoc_struct_ops(int prog_fd,
                              int map_fd,
                              struct bpf_prog_assoc_struct_ops_opts *opts);

#ifdef __cplusplus
}  // extern "C"
#endif  // __cplusplus


/* Last field of each opts struct, for code that checks what a libbpf knows. */
#define bpf_map_create_opts__last_field excl_prog_hash_size
#define bpf_prog_load_opts__last_field fd_array_cnt
#define bpf_btf_load_opts__last_field token_fd
#define bpf_map_batch_opts__last_field flags
#define bpf_obj_pin_opts__last_field path_fd
#define bpf_obj_get_opts__last_field path_fd
#define bpf_prog_attach_opts__last_field expected_revision
#define bpf_prog_detach_opts__last_field expected_revision
#define bpf_link_create_opts__last_field uprobe_multi.pid
#define bpf_link_update_opts__last_field old_map_fd
#define bpf_get_fd_by_id_opts__last_field token_fd
#define bpf_prog_query_opts__last_field revision
#define bpf_raw_tp_opts__last_field cookie
#define bpf_prog_bind_opts__last_field flags
#define bpf_test_run_opts__last_field batch_size
#define bpf_token_create_opts__last_field flags
#define bpf_prog_stream_read_opts__last_field sz
#define bpf_prog_assoc_struct_ops_opts__last_field flags

#ifdef __cplusplus
extern "C" {
/* C++ cannot forward-declare a plain C enum, so it gets the int. */
LIBBPF_API int bpf_enable_stats(int type);
}
#else
enum bpf_stats_type;
/** Turns on run-time statistics of `type`; returns an fd keeping them on. */
LIBBPF_API int bpf_enable_stats(enum bpf_stats_type type);
#endif

#endif /* __LIBBPF_BPF_H */
