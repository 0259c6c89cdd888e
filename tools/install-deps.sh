#!/usr/bin/env bash
# Installs what building and testing oxbpf needs on a fresh Debian 12 machine
# (we are root). Quiet and quick when everything is already there.
set -euo pipefail

pkgs=(clang-19 llvm-19 bpftool libbpf-dev libelf-dev zlib1g-dev pkg-config
      systemtap-sdt-dev iproute2 strace gcc g++ make binutils linux-libc-dev python3 valgrind
      linux-source-6.12 xz-utils)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "install-deps: missing ${missing[*]} and not root" >&2
		exit 1
	fi
	echo "install-deps: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The kernel interfaces tests and the demo use.
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf 2>/dev/null || true
if [ ! -e /sys/kernel/tracing/trace_pipe ] && [ ! -e /sys/kernel/debug/tracing/trace_pipe ]; then
	mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null || true
fi
exit 0
