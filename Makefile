# SPDX-License-Identifier: GPL-2.0
#
# mpls_pw: Ethernet pseudowires over MPLS with PW redundancy.
#
#   make                 module for KDIR (build/KVER/mpls_pw.ko) and pwctl
#   make nlfuzz          the netlink fuzzer of selftests/nlfuzz.sh
#   make framefuzz       the frame fuzzer of selftests/framefuzz.sh
#   make install         module into /lib/modules/KVER/extra, pwctl, man page
#   make dkms-install    module sources under DKMS, rebuilt for new kernels
#   make deps            install every Debian package needed (root)
#   make modules-matrix  module for each kernel of the test matrix
#   make debug-kernel    build the debug 6.12 kernel (KASAN, lockdep, ...)
#                        unless cached (tools/vm/debug-kernel.sh)
#   make check           pwctl host tests; all selftests in a VM on stock
#                        6.1, and DEBUG_TESTS on the debug 6.12, side by side
#   make check-all       all selftests on stock 6.1, stock 6.12 and debug 6.12
#   make check-debug     all selftests on the debug kernel only, with
#                        MPLS_PW_FULL=1 (the longer variants)
#   make demo            CE1 pings CE2 through a PW, in a VM
#   make bench           benchmarks in a VM with deterministic timing
#   make lint            checkpatch, sparse and W=1, failing on any warning
#   make clean
#
# Objects are built in build/KVER/kmod, a tree of symlinks to kmod/, so
# several kernels can be built side by side and kmod/ stays clean.

TREE := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))

# Kernel to build "all" and "install" for: the running kernel's headers if
# installed, else the newest headers in /lib/modules.
KDIR ?= $(shell d=/lib/modules/$$(uname -r)/build; \
	 if [ -d "$$d" ]; then echo "$$d"; else \
	 ls -d /lib/modules/*/build 2>/dev/null | sort -V | tail -n 1; fi)
KVER ?= $(shell cat $(KDIR)/include/config/kernel.release 2>/dev/null)
# The test matrix: newest 6.1 (bookworm) and 6.12 (bookworm-backports).
KVERS ?= $(shell $(TREE)/tools/vm/kernels.sh)
NEWEST = $(lastword $(shell printf '%s\n' $(KVERS) | sort -V))
# The debug kernel's release, whether built or not, and its build tree
# (empty until built).
DEBUG_KVER := $(shell $(TREE)/tools/vm/debug-kernel.sh --release 2>/dev/null)
debug_kdir = $(shell d=$$($(TREE)/tools/vm/debug-kernel.sh --dir) && echo $$d/obj)
STOCK_61 = $(filter 6.1.%,$(KVERS))

PREFIX ?= /usr/local
DESTDIR ?=
VM_TIMEOUT ?= 4800
# The whole suite on the debug kernel (check-all, check-debug): hours.
VM_TIMEOUT_FULL ?= 21600
# What "make check" runs on the debug kernel: under TCG it is three to ten
# times slower than a stock one (a process spawn 3.3 times, kmemleak a
# third of that; lifecycle.sh: 270 s on 6.1, over 40 minutes there), and
# the whole suite (make check-all) takes hours. These are the scripts of
# the memory-safety defects (safety.sh), of what userspace and the wire
# send (the netlink and frame fuzzers, hand-made frames), of allocation
# failures (failnth.sh, the debug kernel only), of namespaces
# (isolation.sh), of objects going under traffic (teardown.sh, churn.sh),
# and of the events, S-PE and VRRP machinery (vrrp.sh found a workqueue
# flush lockdep rejects): about 50 minutes, the 6.1 suite (23) beside it.
DEBUG_TESTS ?= safety.sh,nlfuzz.sh,framefuzz.sh,failnth.sh,isolation.sh,teardown.sh,churn.sh,malformed.sh,mspw.sh,events.sh,vrrp.sh

# Kernel build directory for a kernel release.
kdir_of = $(if $(filter $(1),$(KVER)),$(KDIR),$(if $(filter $(1),$(DEBUG_KVER)),$(debug_kdir),/lib/modules/$(1)/build))

CHECKPATCH_DIR := build/checkpatch
CHECKPATCH := $(CHECKPATCH_DIR)/scripts/checkpatch.pl
CHECKPATCH_FLAGS ?= --no-tree --quiet --show-types
# Kernel version checks are compat.h's job, and only there allowed.
COMPAT_H := kmod/compat.h
COMPAT_IGNORE := LINUX_VERSION_CODE,CONSTANT_COMPARISON
LINT_FILES = $(filter-out $(COMPAT_H),$(wildcard kmod/*.[ch] uapi/linux/*.h))
LINUX_SOURCE = $(lastword $(sort $(wildcard /usr/src/linux-source-6.1.tar.*)))

all: module pwctl

module:
	@[ -n "$(KVER)" ] || { echo "no kernel headers found: run make deps," \
		"or set KDIR" >&2; exit 1; }
	@$(MAKE) --no-print-directory build/$(KVER)/mpls_pw.ko

pwctl:
	$(MAKE) -C tools/pwctl

# The guest sees the tree read-only: the fuzzer is built here, before a VM.
nlfuzz:
	$(MAKE) -C selftests/nlfuzz

framefuzz:
	$(MAKE) -C selftests/framefuzz

modules-matrix:
	@[ -n "$(KVERS)" ] || { echo "no kernels of the matrix: run make deps" >&2; exit 1; }
	@$(MAKE) --no-print-directory $(foreach k,$(KVERS),build/$(k)/mpls_pw.ko)

# link_tree DIR: link kmod/'s sources into DIR/kmod and uapi/ to DIR/uapi
# (sources only: objects that a build in kmod/ itself left must not be
# shared), dropping links to files that no longer exist.
link_tree = mkdir -p $(1)/kmod && \
	(cd kmod && find . -type f \( -name '*.[chS]' -o -name Kbuild \
		-o -name Makefile \) | while read -r f; do \
		mkdir -p "$(TREE)/$(1)/kmod/$${f%/*}"; \
		ln -sfn "$(TREE)/kmod/$$f" "$(TREE)/$(1)/kmod/$$f"; done) && \
	find $(1)/kmod -xtype l -delete && \
	ln -sfn $(TREE)/uapi $(1)/uapi

# Build in build/KVER/kmod, a symlink tree, so kernels don't share objects.
build/%/mpls_pw.ko: FORCE
	@rm -f $@
	@[ -n "$(call kdir_of,$*)" ] || { echo "no build tree for $*" \
		"(make debug-kernel)" >&2; exit 1; }
	@$(call link_tree,build/$*)
	$(MAKE) -C $(call kdir_of,$*) M=$(TREE)/build/$*/kmod CONFIG_MPLS_PW=m modules
	@cp build/$*/kmod/mpls_pw.ko $@

install: all
	install -D -m 644 build/$(KVER)/mpls_pw.ko \
		$(DESTDIR)/lib/modules/$(KVER)/extra/mpls_pw.ko
	if [ -z "$(DESTDIR)" ]; then depmod -a $(KVER); fi
	install -D -m 755 tools/pwctl/pwctl $(DESTDIR)$(PREFIX)/sbin/pwctl
	install -D -m 644 Documentation/pwctl.8 \
		$(DESTDIR)$(PREFIX)/share/man/man8/pwctl.8

install-headers:
	install -D -m 644 uapi/linux/mpls_pw.h \
		$(DESTDIR)$(PREFIX)/include/linux/mpls_pw.h

uninstall:
	rm -f $(DESTDIR)/lib/modules/$(KVER)/extra/mpls_pw.ko \
		$(DESTDIR)$(PREFIX)/sbin/pwctl \
		$(DESTDIR)$(PREFIX)/share/man/man8/pwctl.8 \
		$(DESTDIR)$(PREFIX)/include/linux/mpls_pw.h
	if [ -z "$(DESTDIR)" ]; then depmod -a $(KVER); fi

# DKMS: the sources in /usr/src/mpls_pw-VERSION, rebuilt for every kernel
# installed later (needs: apt-get install dkms).
DKMS_VERSION ?= $(shell git -C $(TREE) describe --always --dirty 2>/dev/null | \
	tr -c '[:alnum:].\n' . || echo 0)
DKMS_SRC = /usr/src/mpls_pw-$(DKMS_VERSION)

dkms-install:
	@command -v dkms >/dev/null || { echo "dkms missing: apt-get install dkms" >&2; exit 1; }
	rm -rf $(DKMS_SRC)
	mkdir -p $(DKMS_SRC)/kmod $(DKMS_SRC)/uapi/linux
	cp kmod/*.[ch] kmod/Kbuild kmod/Makefile $(DKMS_SRC)/kmod/
	cp uapi/linux/mpls_pw.h $(DKMS_SRC)/uapi/linux/
	printf '%s\n' 'PACKAGE_NAME="mpls_pw"' \
		'PACKAGE_VERSION="$(DKMS_VERSION)"' \
		'MAKE[0]="make -C $${kernel_source_dir} M=$${dkms_tree}/$${PACKAGE_NAME}/$${PACKAGE_VERSION}/build/kmod CONFIG_MPLS_PW=m modules"' \
		'CLEAN="make -C $${kernel_source_dir} M=$${dkms_tree}/$${PACKAGE_NAME}/$${PACKAGE_VERSION}/build/kmod clean"' \
		'BUILT_MODULE_NAME[0]="mpls_pw"' \
		'BUILT_MODULE_LOCATION[0]="kmod/"' \
		'DEST_MODULE_LOCATION[0]="/extra"' \
		'AUTOINSTALL="yes"' > $(DKMS_SRC)/dkms.conf
	dkms add -m mpls_pw -v $(DKMS_VERSION)
	dkms build -m mpls_pw -v $(DKMS_VERSION) -k $(KVER)
	dkms install -m mpls_pw -v $(DKMS_VERSION) -k $(KVER)

dkms-uninstall:
	dkms remove -m mpls_pw -v $(DKMS_VERSION) --all
	rm -rf $(DKMS_SRC)

deps:
	tools/deps.sh

debug-kernel:
	@tools/vm/debug-kernel.sh > /dev/null

# Each step re-reads the kernel list (deps may just have installed them):
# CHECK_KVERS is expanded by the last sub-make ($$ in the recipe).
check:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory debug-kernel
	@$(MAKE) --no-print-directory check-kernels \
		CHECK_KVERS='$$(STOCK_61) $$(DEBUG_KVER)=$$(DEBUG_TESTS)'

check-all:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory debug-kernel
	@$(MAKE) --no-print-directory check-kernels VM_TIMEOUT=$(VM_TIMEOUT_FULL) \
		CHECK_KVERS='$$(KVERS) $$(DEBUG_KVER)'

check-debug:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory debug-kernel
	@MPLS_PW_FULL=1 $(MAKE) --no-print-directory check-kernels \
		VM_TIMEOUT=$(VM_TIMEOUT_FULL) CHECK_KVERS='$$(DEBUG_KVER)'

# The module for each of CHECK_KVERS, pwctl, then the tests.
check-kernels:
	@[ -n "$(strip $(CHECK_KVERS))" ] || { echo "no kernels to check: run make deps" >&2; exit 1; }
	@$(MAKE) --no-print-directory $(foreach k,$(CHECK_KVERS),build/$(firstword $(subst =, ,$(k)))/mpls_pw.ko) pwctl nlfuzz framefuzz
	@tools/vm/check.sh --timeout $(VM_TIMEOUT) $(CHECK_KVERS)

demo:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory vm-run SCRIPT=selftests/demo.sh

bench:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory vm-run SCRIPT=selftests/bench.sh \
		VM_FLAGS=--icount

# Run SCRIPT in a VM on the newest kernel of the matrix.
vm-run:
	@[ -x "$(SCRIPT)" ] || { echo "$(SCRIPT) does not exist yet" \
		"(written with the selftests)" >&2; exit 1; }
	@[ -n "$(NEWEST)" ] || { echo "no kernels of the matrix: run make deps" >&2; exit 1; }
	@$(MAKE) --no-print-directory build/$(NEWEST)/mpls_pw.ko pwctl nlfuzz \
		framefuzz
	tools/vm/run.sh --kernel $(NEWEST) $(VM_FLAGS) --timeout $(VM_TIMEOUT) \
		-- $(SCRIPT)

# All of them, then fail if any did.
lint:
	@rc=0; $(MAKE) --no-print-directory checkpatch || rc=1; \
	$(MAKE) --no-print-directory sparse || rc=1; exit $$rc

$(CHECKPATCH):
	@[ -n "$(LINUX_SOURCE)" ] || { echo "linux-source-6.1 missing: run make deps" >&2; exit 1; }
	mkdir -p $(CHECKPATCH_DIR)
	tar -xf $(LINUX_SOURCE) -C $(CHECKPATCH_DIR) --strip-components=1 \
		linux-source-6.1/scripts/checkpatch.pl \
		linux-source-6.1/scripts/spelling.txt \
		linux-source-6.1/scripts/const_structs.checkpatch
	touch $@

checkpatch: $(CHECKPATCH)
	@echo "  CHECKPATCH $(words $(LINT_FILES) $(wildcard $(COMPAT_H))) files"
	@rc=0; $(CHECKPATCH) $(CHECKPATCH_FLAGS) -f $(LINT_FILES) || rc=1; \
	if [ -f $(COMPAT_H) ]; then $(CHECKPATCH) $(CHECKPATCH_FLAGS) \
		--ignore $(COMPAT_IGNORE) -f $(COMPAT_H) || rc=1; fi; exit $$rc

# sparse (C=2 checks every file) and W=1 on each kernel of the matrix, in
# build/lint/KVER; any warning fails.
sparse:
	@[ -n "$(KVERS)" ] || { echo "no kernels of the matrix: run make deps" >&2; exit 1; }
	@bad=; for k in $(KVERS); do \
		rm -rf build/lint/$$k; \
		$(call link_tree,build/lint/$$k) || exit 1; \
		echo "  SPARSE  $$k (C=2 W=1)"; \
		if ! $(MAKE) -s -C /lib/modules/$$k/build \
			M=$(TREE)/build/lint/$$k/kmod CONFIG_MPLS_PW=m \
			C=2 W=1 modules > build/lint/$$k/log 2>&1; then \
			cat build/lint/$$k/log; bad="$$bad $$k"; \
		elif grep -Ei 'warning|error' build/lint/$$k/log; then \
			bad="$$bad $$k"; fi; \
	done; \
	[ -z "$$bad" ] || { echo "lint: warnings on$$bad" >&2; exit 1; }

clean:
	rm -rf build
	-$(MAKE) -C tools/pwctl clean
	-$(MAKE) -C selftests/nlfuzz clean
	-$(MAKE) -C selftests/framefuzz clean
	find kmod \( -name '*.o' -o -name '*.ko' -o -name '*.mod' \
		-o -name '*.mod.c' -o -name '.*.cmd' -o -name Module.symvers \
		-o -name modules.order \) -delete

FORCE:

.PHONY: all module pwctl nlfuzz framefuzz modules-matrix install install-headers uninstall \
	dkms-install dkms-uninstall deps debug-kernel check check-all \
	check-debug check-kernels demo bench vm-run lint checkpatch sparse \
	clean FORCE
