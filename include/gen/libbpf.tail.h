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
