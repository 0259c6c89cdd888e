
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
