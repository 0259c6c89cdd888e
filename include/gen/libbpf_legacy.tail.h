
#endif /* __LIBBPF_LEGACY_BPF_H */
