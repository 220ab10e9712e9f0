# SPDX-License-Identifier: BSD-3-Clause
# libpsutil build. GNU make and a C compiler are all it needs.
#
#   make                       build/libpsutil.a, build/libpsutil.so, build/psutil
#   make run                   build, then print the overview
#   make test                  build and run every test (unit, API, CLI, unsupported)
#   make test-sanitize         the whole suite under ASan+UBSan (build/sanitize)
#   make CC=clang ...          the same with clang (build/clang, build/sanitize-clang; its
#                              UBSan adds float-cast-overflow and nullability)
#   make BACKEND=unsupported   the stub backend (build/unsupported)
#   make install PREFIX=/usr/local DESTDIR= [LIBDIR=PREFIX/lib MANDIR=PREFIX/share/man
#                UNITDIR=PREFIX/lib/systemd/system]: also the exporter's systemd units
#                and docs/web-config.example.yml
#   make bench                 benchmark programs (run them with bench/*.sh)
#   make mutants               apply each mutation of tests/mutants/mutants.txt to a
#                              scratch copy (build/mutants) and require the tests to fail
#   make portable-check        src/ and src/util/ compiled with mingw-w64 (-fsyntax-only)
#   make abi-check             the library's ABI against abi/libpsutil.abi (abidiff);
#                              make abi-baseline records it (only additions, or a new SONAME)
#   make format / format-check clang-format over the sources
#   make fuzz SECONDS=N        every fuzz target (fuzz/README.md) for N seconds each, with
#                              clang's libFuzzer under ASan+UBSan (build/fuzz)
#   make soak CALLS=N          every public function N times (100,000), memory and fds
#                              watched (SOAK_SECONDS=S caps each function's run)

BACKEND ?= linux
SANITIZE ?=
CC ?= cc
# clang builds go to their own folders (build/clang, build/sanitize-clang), so the gcc
# and clang objects never mix.
IS_CLANG := $(if $(findstring clang,$(shell $(CC) --version 2>/dev/null | head -n 1)),1,)
CLANG_SUFFIX := $(if $(IS_CLANG),-clang,)
ifeq ($(SANITIZE),1)
O ?= build/sanitize$(CLANG_SUFFIX)
else ifneq ($(BACKEND),linux)
O ?= build/$(BACKEND)$(CLANG_SUFFIX)
else ifeq ($(IS_CLANG),1)
O ?= build/clang
else
O ?= build
endif

VERSION_MAJOR := $(shell sed -n 's/^\#define PSUTIL_VERSION_MAJOR \([0-9]*\)/\1/p' include/psutil.h)
VERSION := $(shell sed -n 's/^\#define PSUTIL_VERSION_STRING "\(.*\)"/\1/p' include/psutil.h)

CXX ?= c++
CFLAGS ?= -O2 -g
WARN := -Wall -Wextra -Werror
comma := ,
# clang's UBSan checks more than GCC's: float-to-int conversions out of range and
# arithmetic on null pointers (which GCC's -fsanitize=undefined leaves out).
SAN_LIST := address,undefined$(if $(IS_CLANG),$(comma)float-cast-overflow$(comma)nullability,)
SAN_FLAGS := $(if $(filter 1,$(SANITIZE)),-fsanitize=$(SAN_LIST) -fno-sanitize-recover=all -fno-omit-frame-pointer)
# CPPFLAGS and LDFLAGS are the caller's (dpkg-buildflags passes its hardening ones).
BASE_CFLAGS := -std=c11 -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 $(WARN) -fPIC -Iinclude $(SAN_FLAGS) \
	$(CPPFLAGS)
LIB_CFLAGS := $(BASE_CFLAGS) -DPSUTIL_BUILDING -fvisibility=hidden $(CFLAGS)
LIBS := -lm -lpthread
CLI_LIBS := -lncursesw -lyaml -lmicrohttpd -lz -lcrypt -lpthread

PREFIX ?= /usr/local
DESTDIR ?=
# Debian's multiarch: LIBDIR=/usr/lib/x86_64-linux-gnu (debian/rules passes it).
LIBDIR ?= $(PREFIX)/lib
MANDIR ?= $(PREFIX)/share/man
# systemd units: below PREFIX, where systemd looks for /usr/local and /usr.
UNITDIR ?= $(PREFIX)/lib/systemd/system
# LIBDIR below PREFIX ("lib", "lib/x86_64-linux-gnu") and the way up from
# LIBDIR/cmake/psutil to PREFIX, for the relocatable CMake package.
LIBDIR_REL := $(patsubst $(PREFIX)/%,%,$(LIBDIR))
LIBDIR_UP := $(subst $(eval) ,,$(foreach c,$(subst /, ,$(LIBDIR_REL)),../))
SIZEOF_VOID_P := $(shell echo __SIZEOF_POINTER__ | $(CC) -E -P - 2>/dev/null | tail -n 1)

# Windows (BACKEND=windows CC=x86_64-w64-mingw32-gcc): psutil.dll with its import library
# libpsutil.dll.a, the static libpsutil.a and psutil.exe, from src/windows/ alone; the
# tests run under wine (tests/windows/, make test BACKEND=windows).
# PE has no symbol visibility (PSUTIL__HIDDEN empty; the DLL exports what PSUTIL_API marks)
# and mingw's C99 stdio is checked as gnu_printf: set here, so no source tests for an OS.
MINGW_DEFS := -D__USE_MINGW_ANSI_STDIO=1 -DPSUTIL__HIDDEN= -DPSUTIL__PRINTF_KIND=gnu_printf
ifeq ($(BACKEND),windows)
EXE := .exe
WIN_LIBS := -lpsapi -liphlpapi -lws2_32 -lwtsapi32 -lpowrprof -lntdll -ladvapi32 -lmswsock
# -static: the C runtime's helpers (libgcc, winpthread) go inside the DLL and programs,
# which then need only Windows' own DLLs.
LIBS := $(WIN_LIBS)
LDFLAGS += -static
BASE_CFLAGS := $(filter-out -fPIC -D_GNU_SOURCE,$(BASE_CFLAGS)) $(MINGW_DEFS) \
	-D_WIN32_WINNT=0x0A00 -DWIN32_LEAN_AND_MEAN
LIB_CFLAGS := $(BASE_CFLAGS) -DPSUTIL_BUILDING $(CFLAGS)
# The tool links the static library; mingw's time.h gives localtime_r on request.
CLI_CFLAGS := -DPSUTIL_STATIC -D_POSIX_THREAD_SAFE_FUNCTIONS
CLI_LIBS :=
WINE ?= /usr/lib/wine/wine64
endif

# The Unix backends share src/unix/ (POSIX); src/ and src/util/ are portable C.
UNIX_SRC := $(if $(filter linux unsupported,$(BACKEND)),$(wildcard src/unix/*.c),)
LIB_SRC := $(wildcard src/*.c src/util/*.c) $(UNIX_SRC) $(wildcard src/$(BACKEND)/*.c)
# The tool: the portable commands and one OS layer (src/cli/os.h); on Windows neither the
# exporter (libmicrohttpd), top (ncurses) nor cgtop (cgroups).
ifeq ($(BACKEND),windows)
CLI_SRC := $(filter-out src/cli/os_posix.c src/cli/cmd_serve.c src/cli/cmd_top.c \
	src/cli/cmd_cgtop.c,$(wildcard src/cli/*.c))
else
CLI_SRC := $(filter-out src/cli/os_windows.c,$(wildcard src/cli/*.c)) $(wildcard src/serve/*.c)
endif
# The fuzz targets are also in the test runner, which replays their seeds and found
# inputs under the suite's own compiler and sanitizers (tests/test_fuzz.c).
FUZZ_SRC := fuzz/parsers.c fuzz/families.c fuzz/seeds.c
TEST_SRC := $(wildcard tests/*.c) $(FUZZ_SRC)
LIB_OBJ := $(LIB_SRC:%.c=$(O)/obj/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(O)/obj/%.o)
TEST_OBJ := $(TEST_SRC:%.c=$(O)/obj/%.o)

SONAME := libpsutil.so.$(VERSION_MAJOR)

.PHONY: all lib run test test-sanitize mutants install clean format format-check bench portable-check \
	abi-check abi-baseline
ifeq ($(BACKEND),windows)
all: lib $(O)/psutil.exe
lib: $(O)/libpsutil.a $(O)/psutil.dll
else
all: lib $(O)/psutil $(O)/psutil.pc
lib: $(O)/libpsutil.a $(O)/libpsutil.so
endif

$(O)/obj/src/cli/%.o: src/cli/%.c include/psutil.h $(wildcard src/cli/*.h src/serve/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CLI_CFLAGS) $(CFLAGS) -c $< -o $@

# The exporter is the tool's: built as the CLI is, not as the library.
$(O)/obj/src/serve/%.o: src/serve/%.c include/psutil.h $(wildcard src/cli/*.h src/serve/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -c $< -o $@

$(O)/obj/src/%.o: src/%.c include/psutil.h $(wildcard src/*.h src/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(LIB_CFLAGS) -c $< -o $@

$(O)/obj/tests/%.o: tests/%.c include/psutil.h tests/harness.h $(wildcard src/*.h src/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -Isrc -DPSUTIL_SOURCE_DIR='"$(CURDIR)"' \
		-DPSUTIL_BUILD_DIR='"$(CURDIR)/$(O)"' -c $< -o $@

$(O)/obj/fuzz/%.o: fuzz/%.c fuzz/fuzz.h include/psutil.h $(wildcard src/*.h src/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -c $< -o $@

$(O)/libpsutil.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(O)/libpsutil.so: $(LIB_OBJ) src/libpsutil.map
	$(CC) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=src/libpsutil.map $(SAN_FLAGS) \
		$(LDFLAGS) -o $(O)/$(SONAME).$(VERSION:$(VERSION_MAJOR).%=%) $(LIB_OBJ) $(LIBS)
	ln -sf $(SONAME).$(VERSION:$(VERSION_MAJOR).%=%) $(O)/$(SONAME)
	ln -sf $(SONAME) $@

# The DLL exports what psutil.h marks PSUTIL_API (dllexport); its import library is
# libpsutil.dll.a. Programs linking the static libpsutil.a define PSUTIL_STATIC.
$(O)/psutil.dll: $(LIB_OBJ)
	$(CC) -shared $(LDFLAGS) -o $@ -Wl,--out-implib,$(O)/libpsutil.dll.a $(LIB_OBJ) $(LIBS)

# The tool is a client of the library like any other: public header, static link.
$(O)/psutil.exe: $(CLI_OBJ) $(O)/libpsutil.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(O)/libpsutil.a $(LIBS)

$(O)/psutil: $(CLI_OBJ) $(O)/libpsutil.a
	$(CC) $(SAN_FLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(O)/libpsutil.a $(LIBS) $(CLI_LIBS)

$(O)/psutil.pc: psutil.pc.in include/psutil.h
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' $< > $@

# The runner wraps the system calls the library makes (tests/fault.h), so a test can
# make the Nth of them fail; the 64-bit names are the ones _FILE_OFFSET_BITS=64 calls.
FAULT_WRAP := $(foreach f,open64 openat64 opendir fdopendir read pread64 getdents64 readdir64 \
	readlinkat statvfs64 socket recv ioctl,-Wl,--wrap=$(f))
$(O)/tests/run: $(TEST_OBJ) $(O)/libpsutil.a
	@mkdir -p $(dir $@)
	$(CC) $(SAN_FLAGS) -o $@ $(TEST_OBJ) $(O)/libpsutil.a $(LIBS) $(FAULT_WRAP)

# The stub backend and a probe that calls every entry point against it.
$(O)/unsupported/probe: tests/probe/unsupported_probe.c FORCE
	$(MAKE) --no-print-directory BACKEND=unsupported O=$(O)/unsupported SANITIZE=$(SANITIZE) lib
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -o $@ $< $(O)/unsupported/libpsutil.a $(LIBS)

FORCE:

# Benchmarks (bench/README.md): programs only; the scripts run them under hyperfine.
$(O)/bench/%: bench/%.c $(O)/libpsutil.a
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -o $@ $< $(O)/libpsutil.a $(LIBS)

bench: $(O)/bench/sendfile_bench $(O)/bench/spawn $(O)/bench/floor $(O)/bench/conns $(O)/bench/refresh

# Fuzzing: the library built with clang's coverage (-fsanitize=fuzzer-no-link) and
# sanitizers; one libFuzzer binary holding every target, and a plain tool that lists,
# seeds and replays them. fuzz/run.sh builds these and runs each target.
FUZZ_CC ?= clang
FUZZ_O := build/fuzz
FUZZ_CFLAGS := -std=c11 -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 $(WARN) -Iinclude -O1 -g \
	-fno-omit-frame-pointer -fno-sanitize-recover=all
SECONDS ?= 10
.PHONY: fuzz fuzz-build
fuzz-build:
	$(MAKE) --no-print-directory O=$(FUZZ_O)/lib CC=$(FUZZ_CC) SANITIZE=1 \
		CFLAGS="-O1 -g -fsanitize=fuzzer-no-link" $(FUZZ_O)/lib/libpsutil.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer,address,undefined -o $(FUZZ_O)/psutil-fuzz \
		fuzz/driver.c $(FUZZ_SRC) $(FUZZ_O)/lib/libpsutil.a $(LIBS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -DFUZZ_TOOL -fsanitize=address,undefined \
		-o $(FUZZ_O)/psutil-fuzz-tool fuzz/driver.c $(FUZZ_SRC) $(FUZZ_O)/lib/libpsutil.a $(LIBS)

fuzz:
	sh fuzz/run.sh $(SECONDS)

# The long run of the soak test: every public function CALLS times (at most SOAK_SECONDS
# each when set), memory and fds watched (tests/soak/main.c, docs/RELIABILITY.md).
CALLS ?= 100000
SOAK_SECONDS ?= 0
$(O)/tests/soak: tests/soak/main.c $(O)/obj/tests/soak.o $(O)/obj/tests/calls.o $(O)/libpsutil.a
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -o $@ $^ $(LIBS)
.PHONY: soak
soak: $(O)/tests/soak
	./$(O)/tests/soak $(CALLS) $(SOAK_SECONDS)

run: all
	./$(O)/psutil

ifeq ($(BACKEND),windows)
# The Windows suite (tests/windows/): its own runner linked against psutil.dll, and the
# child program it starts, run under wine; paths reach wine through its Z: drive.
WIN_TEST_OBJ := $(patsubst %.c,$(O)/obj/%.o,$(filter-out tests/windows/child.c,\
	$(wildcard tests/windows/*.c)) tests/harness_core.c tests/calls.c)
WIN_TEST_FLAGS := -DPSUTIL_SOURCE_DIR='"Z:$(CURDIR)"' -DPSUTIL_BUILD_DIR='"Z:$(CURDIR)/$(O)"'
$(O)/obj/tests/windows/%.o: tests/windows/%.c include/psutil.h tests/harness.h \
		tests/windows/win_util.h
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) $(WIN_TEST_FLAGS) -c $< -o $@
$(O)/obj/tests/harness_core.o $(O)/obj/tests/calls.o: $(O)/obj/tests/%.o: tests/%.c \
		tests/harness.h tests/calls.h include/psutil.h
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) $(WIN_TEST_FLAGS) -c $< -o $@
$(O)/tests/run.exe: $(WIN_TEST_OBJ) $(O)/psutil.dll
	@mkdir -p $(dir $@)
	$(CC) -static -o $@ $(WIN_TEST_OBJ) $(O)/libpsutil.dll.a $(WIN_LIBS) -lws2_32
	cp $(O)/psutil.dll $(O)/tests/
$(O)/tests/child.exe: tests/windows/child.c
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -static -o $@ $<
test: all $(O)/tests/run.exe $(O)/tests/child.exe
	@test -x $(WINE) || { echo "make test BACKEND=windows: $(WINE) not found (sh bootstrap.sh windows installs wine64)"; exit 1; }
	@WINEDEBUG=-all $(WINE) $(O)/tests/run.exe $(TESTS) > $(O)/tests/run.log 2>&1; st=$$?; \
	cat $(O)/tests/run.log; \
	if [ -n "$(TESTS)" ]; then exit $$st; fi; \
	RUN_SUMMARY=$(O)/tests/run.log WINE=$(WINE) /usr/bin/python3 tests/windows/cli_check.py $(O)
else
test: all $(O)/tests/run $(O)/unsupported/probe
	PSUTIL_BUILD_DIR=$(CURDIR)/$(O) ./$(O)/tests/run $(TESTS)
endif

test-sanitize:
	$(MAKE) --no-print-directory SANITIZE=1 test

mutants:
	/usr/bin/python3 tests/mutants/run.py $(CURDIR)/build/mutants

# The header, both libraries, psutil.pc, the CMake package, the tool, man(1) and man(3).
CMAKE_SUBST := -e 's|@VERSION@|$(VERSION)|g' -e 's|@MAJOR@|$(VERSION_MAJOR)|g' \
	-e 's|@UP@|$(LIBDIR_UP)|g' -e 's|@LIBDIR_REL@|$(LIBDIR_REL)|g' \
	-e 's|@SIZEOF_VOID_P@|$(SIZEOF_VOID_P)|g'
install: all
	install -d $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(LIBDIR)/pkgconfig \
		$(DESTDIR)$(LIBDIR)/cmake/psutil $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man3
	install -m 644 include/psutil.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 $(O)/libpsutil.a $(DESTDIR)$(LIBDIR)/
	install -m 644 $(O)/$(SONAME).$(VERSION:$(VERSION_MAJOR).%=%) $(DESTDIR)$(LIBDIR)/
	ln -sf $(SONAME).$(VERSION:$(VERSION_MAJOR).%=%) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libpsutil.so
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@VERSION@|$(VERSION)|' \
		psutil.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/psutil.pc
	sed $(CMAKE_SUBST) cmake/psutilConfig.cmake.in > $(DESTDIR)$(LIBDIR)/cmake/psutil/psutilConfig.cmake
	sed $(CMAKE_SUBST) cmake/psutilConfigVersion.cmake.in \
		> $(DESTDIR)$(LIBDIR)/cmake/psutil/psutilConfigVersion.cmake
	install -m 755 $(O)/psutil $(DESTDIR)$(PREFIX)/bin/
	install -m 644 docs/psutil.1 $(DESTDIR)$(MANDIR)/man1/
	install -d $(DESTDIR)$(UNITDIR) $(DESTDIR)$(PREFIX)/share/doc/psutil
	sed 's|@BINDIR@|$(PREFIX)/bin|' systemd/psutil-exporter.service.in \
		> $(DESTDIR)$(UNITDIR)/psutil-exporter.service
	install -m 644 systemd/psutil-exporter.socket $(DESTDIR)$(UNITDIR)/
	install -m 644 docs/web-config.example.yml docs/exporter.md $(DESTDIR)$(PREFIX)/share/doc/psutil/
	cp -P docs/man3/*.3 $(DESTDIR)$(MANDIR)/man3/

clean:
	rm -rf build

FORMAT_FILES = $(wildcard include/*.h src/*.[ch] src/*/*.[ch] src/*/*/*.[ch] tests/*.[ch] tests/*/*.c bench/*.c examples/*.c fuzz/*.[ch])
format:
	clang-format -i $(FORMAT_FILES)
format-check:
	clang-format --dry-run --Werror $(FORMAT_FILES)

# The portable line: src/ and src/util/ must compile for Windows too (mingw-w64,
# -fsyntax-only), so POSIX calls stay in src/unix/ and the backends.
MINGW_CC ?= x86_64-w64-mingw32-gcc
PORTABLE_SRC := $(sort $(wildcard src/*.c src/util/*.c))
portable-check:
	@command -v $(MINGW_CC) >/dev/null || { echo "portable-check: $(MINGW_CC) not found (sh bootstrap.sh test installs gcc-mingw-w64-x86-64-posix)"; exit 1; }
	@for f in $(PORTABLE_SRC); do \
		$(MINGW_CC) -std=c11 $(WARN) $(MINGW_DEFS) -DPSUTIL_BUILDING -fsyntax-only \
			-Iinclude -Isrc $$f || exit 1; \
	done
	@echo "portable-check: $(words $(PORTABLE_SRC)) portable files compile with $(MINGW_CC)"

# The ABI of record: abi/libpsutil.abi against the build (abi/check.sh says how).
abi-check: $(O)/libpsutil.so
	@sh abi/check.sh check $(O)/libpsutil.so
abi-baseline: $(O)/libpsutil.so
	@sh abi/check.sh record $(O)/libpsutil.so
