# oxbpf: libbpf rewritten in Rust. This Makefile speaks libbpf's src/Makefile
# interface (PREFIX DESTDIR LIBDIR INCLUDEDIR OBJDIR BUILD_STATIC_ONLY, targets
# all/install/install_headers/install_pkgconfig/install_uapi_headers) and adds
# demo/test/check-headers. Our own variables are OXBPF_* because callers such as
# libbpf-bootstrap forward every command-line variable (CC, CFLAGS, CARGO=, V…).

OXBPF_ROOT   := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
OXBPF_CARGO  ?= cargo
OXBPF_TARGET := $(OXBPF_ROOT)/target
OXBPF_RUSTLIB := $(OXBPF_TARGET)/release/libbpf.a
OXBPF_MAP    := $(OXBPF_ROOT)/include/bpf/libbpf.map
OXBPF_INTERNAL := $(OXBPF_ROOT)/include/internal/exports.txt
OXBPF_HEADERS := libbpf.h bpf.h btf.h libbpf_common.h libbpf_legacy.h libbpf_version.h \
		 skel_internal.h bpf_helpers.h bpf_helper_defs.h bpf_tracing.h \
		 bpf_core_read.h bpf_endian.h usdt.bpf.h
OXBPF_VERSION := 1.7.0
OXBPF_MAJOR  := 1

OBJDIR       ?= $(OXBPF_ROOT)/build
PREFIX       ?= /usr
LIBSUBDIR    ?= $(if $(wildcard /usr/lib64),lib64,lib)
LIBDIR       ?= $(PREFIX)/$(LIBSUBDIR)
INCLUDEDIR   ?= $(PREFIX)/include
UAPIDIR      ?= $(PREFIX)/include
INSTALL      ?= install
OXBPF_CC     := $(if $(CC),$(CC),cc)
OXBPF_LD     ?= ld
OXBPF_OBJCOPY ?= objcopy
OXBPF_AR     ?= ar

ifeq ($(V),1)
  Q :=
else
  Q := @
endif

OXBPF_SO     := $(OBJDIR)/libbpf.so.$(OXBPF_VERSION)
OXBPF_A      := $(OBJDIR)/libbpf.a
OXBPF_PC     := $(OBJDIR)/libbpf.pc
ifeq ($(BUILD_STATIC_ONLY),1)
  OXBPF_LIBS := $(OXBPF_A)
else
  OXBPF_LIBS := $(OXBPF_A) $(OXBPF_SO)
endif

.PHONY: all install install_headers install_pkgconfig install_uapi_headers \
	demo test conformance bpftool-conformance check-headers deps clean FORCE

all: $(OXBPF_LIBS) $(OXBPF_PC)

# Cargo decides itself whether anything changed; `+` hands it the jobserver.
# CFLAGS/CC from a calling make are dropped: they are meant for the caller's C.
$(OXBPF_RUSTLIB): FORCE
	+$(Q)cd $(OXBPF_ROOT) && env -u CFLAGS -u CC -u LDFLAGS -u MAKEFLAGS \
		$(OXBPF_CARGO) rustc --quiet --release --lib --crate-type staticlib

# What libbpf.a exports: the API (libbpf.map) and, as upstream's static
# library, the internals tools built against libbpf's tree link (exports.txt).
$(OBJDIR)/libbpf.syms: $(OXBPF_MAP) $(OXBPF_INTERNAL) | $(OBJDIR)
	$(Q){ sed -n 's/^[[:space:]]*\([a-z_][a-z0-9_]*\);$$/\1/p' $< | grep -v '^local$$'; \
	      grep -v '^#' $(OXBPF_INTERNAL); } | sort -u > $@

# libbpf.a: one relocatable object holding what the API needs, with only the
# libbpf symbols global, so the Rust runtime cannot clash with another Rust
# static library in the same program. COMDAT groups are dissolved: otherwise
# the linker would keep our (now local) DW.ref.rust_eh_personality and drop
# the other library's copy, leaving its hidden reference unresolved.
# The Rust archive's index is rebuilt with GNU ar first: with an LLVM gold
# plugin in /usr/lib/bfd-plugins, GNU ld may otherwise extract nothing from
# rustc's archive (seen with rustc 1.95 + LLVMgold-14/19 installed). That
# plugin also complains about rustc's embedded bitcode: harmless, so ld's
# messages are shown only if it fails.
# The unwinder the Rust runtime needs (catch_unwind at the C edge) comes from
# GCC's static libgcc_eh, localized like the rest: programs linking us need
# no libgcc_s.so.1 (one shared object less to load and map at start-up).
# Hot code is grouped by tools/hot-sections.sh, and libc functions are bound
# lazily through tools/lazy-libc.sh's stubs (see there).
$(OXBPF_A): $(OXBPF_RUSTLIB) $(OBJDIR)/libbpf.syms $(OXBPF_ROOT)/tools/startup-hot.txt \
		$(OXBPF_ROOT)/tools/hot-sections.sh $(OXBPF_ROOT)/tools/lazy-libc.sh | $(OBJDIR)
	$(Q)cp $(OXBPF_RUSTLIB) $(OBJDIR)/librust-index.a && \
		$(OXBPF_AR) s $(OBJDIR)/librust-index.a >/dev/null 2>&1
	$(Q)$(OXBPF_LD) -r -o $(OBJDIR)/libbpf-all.o --gc-sections \
		$$(sed 's/^/-u /' $(OBJDIR)/libbpf.syms) $(OBJDIR)/librust-index.a \
		$$($(OXBPF_CC) -print-file-name=libgcc_eh.a) \
		>$(OBJDIR)/ld.log 2>&1 || { cat $(OBJDIR)/ld.log; exit 1; }
	$(Q)$(OXBPF_ROOT)/tools/lazy-libc.sh $(OBJDIR)/libbpf-all.o $(OBJDIR) $(OXBPF_CC) \
		> $(OBJDIR)/lazy.args && if [ -s $(OBJDIR)/lazy.args ]; then \
		$(OXBPF_OBJCOPY) @$(OBJDIR)/lazy.args $(OBJDIR)/libbpf-all.o $(OBJDIR)/libbpf-redef.o && \
		$(OXBPF_LD) -r -o $(OBJDIR)/libbpf-all.o $(OBJDIR)/libbpf-redef.o $(OBJDIR)/lazy-libc.o; fi
	$(Q)$(OXBPF_ROOT)/tools/hot-sections.sh $(OBJDIR)/libbpf-all.o \
		$(OXBPF_ROOT)/tools/startup-hot.txt > $(OBJDIR)/hot.args
	$(Q)$(OXBPF_OBJCOPY) --keep-global-symbols=$(OBJDIR)/libbpf.syms \
		--remove-section=.group --strip-unneeded @$(OBJDIR)/hot.args \
		$(OBJDIR)/libbpf-all.o $(OBJDIR)/libbpf-api.o
	$(Q)rm -f $@.tmp && $(OXBPF_AR) rcs $@.tmp $(OBJDIR)/libbpf-api.o && mv $@.tmp $@
	$(Q)rm -f $(OBJDIR)/libbpf-all.o $(OBJDIR)/libbpf-api.o $(OBJDIR)/librust-index.a \
		$(OBJDIR)/hot.args $(OBJDIR)/lazy.args $(OBJDIR)/libbpf-redef.o $(OBJDIR)/lazy-libc.o

# libbpf.so.1: linked by us from the static library, with libbpf's version
# script (rustc's cdylib would impose its own anonymous version script).
$(OXBPF_SO): $(OXBPF_RUSTLIB) $(OXBPF_MAP) | $(OBJDIR)
	$(Q)$(OXBPF_CC) -shared -o $@ -Wl,-soname,libbpf.so.$(OXBPF_MAJOR) \
		-Wl,--whole-archive $(OXBPF_RUSTLIB) -Wl,--no-whole-archive \
		-Wl,--version-script=$(OXBPF_MAP) -Wl,--gc-sections -Wl,-z,relro -Wl,-z,now \
		-Wl,--no-undefined -lgcc_s -lc
	$(Q)ln -sf libbpf.so.$(OXBPF_VERSION) $(OBJDIR)/libbpf.so.$(OXBPF_MAJOR)
	$(Q)ln -sf libbpf.so.$(OXBPF_MAJOR) $(OBJDIR)/libbpf.so

$(OXBPF_PC): $(OXBPF_ROOT)/pkgconfig/libbpf.pc.in FORCE | $(OBJDIR)
	$(Q)sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
		-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(OXBPF_VERSION)|' $< > $@.tmp
	$(Q)cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

$(OBJDIR):
	$(Q)mkdir -p $@

install: all install_headers install_pkgconfig
	$(Q)$(INSTALL) -d -m 755 $(DESTDIR)$(LIBDIR)
	$(Q)$(INSTALL) -m 644 $(OXBPF_A) $(DESTDIR)$(LIBDIR)/libbpf.a
ifneq ($(BUILD_STATIC_ONLY),1)
	$(Q)$(INSTALL) -m 755 $(OXBPF_SO) $(DESTDIR)$(LIBDIR)/libbpf.so.$(OXBPF_VERSION)
	$(Q)ln -sf libbpf.so.$(OXBPF_VERSION) $(DESTDIR)$(LIBDIR)/libbpf.so.$(OXBPF_MAJOR)
	$(Q)ln -sf libbpf.so.$(OXBPF_MAJOR) $(DESTDIR)$(LIBDIR)/libbpf.so
endif

install_headers:
	$(Q)$(INSTALL) -d -m 755 $(DESTDIR)$(INCLUDEDIR)/bpf
	$(Q)$(INSTALL) -m 644 $(addprefix $(OXBPF_ROOT)/include/bpf/,$(OXBPF_HEADERS)) \
		$(DESTDIR)$(INCLUDEDIR)/bpf/

install_pkgconfig: $(OXBPF_PC)
	$(Q)$(INSTALL) -d -m 755 $(DESTDIR)$(LIBDIR)/pkgconfig
	$(Q)$(INSTALL) -m 644 $(OXBPF_PC) $(DESTDIR)$(LIBDIR)/pkgconfig/libbpf.pc

# We ship no UAPI copies: the system's linux-libc-dev headers are used.
install_uapi_headers:
	@:

deps:
	$(Q)$(OXBPF_ROOT)/tools/install-deps.sh

demo: deps all
	$(Q)$(OXBPF_ROOT)/tools/demo.sh $(OBJDIR)

# bpftool from linux-source-6.12, built on oxbpf (BPF_DIR=libbpf-bootstrap-
# compat) and on the tree's own libbpf, every command compared
# (c-tests/bpftool; `make test` runs its quick subset).
bpftool-conformance: deps all
	$(Q)$(OXBPF_ROOT)/c-tests/bpftool/run.sh $(OBJDIR)

check-headers:
	$(Q)$(OXBPF_ROOT)/c-tests/abi/check-generated.sh

test: deps all
	$(Q)$(OXBPF_ROOT)/tools/run-tests.sh $(OBJDIR)

# The Linux 6.12 BPF selftests' programs, every one, opened and loaded by
# oxbpf and by upstream libbpf v1.7.0, plus their btf_dump and core_reloc cases
# and veristat over them (c-tests/selftests); writes CONFORMANCE.md.
conformance: deps all
	$(Q)$(OXBPF_ROOT)/c-tests/selftests/run.sh $(OBJDIR) --all \
		--markdown $(OXBPF_ROOT)/CONFORMANCE.md; r1=$$?; \
	$(OXBPF_ROOT)/c-tests/selftests/extra.sh $(OBJDIR) \
		--markdown $(OXBPF_ROOT)/CONFORMANCE.md; r2=$$?; \
	$(OXBPF_ROOT)/c-tests/selftests/veristat.sh $(OBJDIR) \
		--markdown $(OXBPF_ROOT)/CONFORMANCE.md; r3=$$?; exit $$((r1 | r2 | r3))

clean:
	$(Q)rm -rf $(OBJDIR)

FORCE:
