#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# bootstrap.sh - the README's commands on a fresh Debian 12 machine. Each mode checks
# the Debian packages it needs, installs the missing ones with apt-get (as root) and
# says why, then runs make.
#
#   sh bootstrap.sh run             build, then print the overview
#   sh bootstrap.sh test            build and run the whole test suite
#   sh bootstrap.sh mutants         each mutation of tests/mutants/mutants.txt fails the tests
#   sh bootstrap.sh fuzz [SECONDS]  every fuzz target (fuzz/README.md), SECONDS (10) each
#   sh bootstrap.sh test-sanitize   the whole suite under ASan+UBSan
#   sh bootstrap.sh test-sanitize-clang   the same built with clang (float-cast, nullability)
#   sh bootstrap.sh format-check    clang-format finds nothing to change
#   sh bootstrap.sh test-windows    the Windows build (mingw-w64) and its suite under wine
set -eu
cd "$(dirname "$0")"

mode=${1:-run}
apt_updated=0

# Another package manager (unattended-upgrades on a fresh machine) may hold the dpkg lock:
# say so, and let apt-get wait for it (DPkg::Lock::Timeout) instead of failing.
wait_for_dpkg() {
    if command -v fuser >/dev/null 2>&1 &&
        fuser /var/lib/dpkg/lock-frontend /var/lib/dpkg/lock >/dev/null 2>&1; then
        echo "bootstrap: another package manager holds the dpkg lock; waiting for it (up to 10 minutes)" >&2
    fi
}

# need PACKAGE WHY: installs PACKAGE unless dpkg says it is installed.
need() {
    if dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; then
        return 0
    fi
    if [ "$(id -u)" != 0 ]; then
        echo "bootstrap: Debian package '$1' is missing ($2); run as root or: apt-get install -y $1" >&2
        exit 1
    fi
    echo "bootstrap: installing '$1' ($2) with apt-get" >&2
    wait_for_dpkg
    if [ "$apt_updated" = 0 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null
        apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
        --no-install-recommends "$1" >/dev/null
}

build_deps() {
    need make "GNU make drives the build"
    need gcc "the C compiler"
    need libc6-dev "C library headers"
    need libncurses-dev "ncurses, for psutil top"
    need libyaml-dev "libyaml, for psutil serve --config.path (process-exporter's YAML)"
    need libmicrohttpd-dev "libmicrohttpd, psutil serve's HTTP server"
    need zlib1g-dev "zlib, psutil serve's gzip responses"
    need libcrypt-dev "libcrypt, psutil serve's bcrypt passwords"
}

test_deps() {
    build_deps
    need g++ "the header test compiles psutil.h as C++"
    need binutils "nm and objdump check the exported symbols and SONAME"
    need pkg-config "the install test builds the README example with psutil.pc"
    need procps "free(1) is a reference for psutil free"
    need util-linux "lscpu(1) and findmnt(8) are references for CPUs and mounts"
    need iproute2 "ss(8) and ip(8) are references for sockets and interfaces"
    need net-tools "netstat -i is the reference for psutil netstat -i"
    need sysvinit-utils "pidof(8) is a reference for psutil pidof"
    need python3-psutil "Debian's python3-psutil is the test oracle, run with /usr/bin/python3"
    need tmux "the top test drives psutil top in a terminal"
    need python3-prometheus-client "its parser checks what psutil serve writes"
    need curl "the exporter tests scrape psutil serve with gzip, TLS and a password"
    need openssl "the exporter's TLS test makes a self-signed certificate"
    need valgrind "memcheck checks that the tool formats no uninitialised value"
    need strace "the exporter test traces which files a scrape opens"
    need python3-jsonschema "every command's --json output is validated against docs/schemas/"
    need perl "a retitled perl process checks psutil's name rule (setproctitle)"
    need gcc-mingw-w64-x86-64-posix "the portable sources must compile for Windows (make portable-check)"
    need abigail-tools "abidw and abidiff check the library's ABI against abi/libpsutil.abi"
    need cmake "the examples are built with find_package(psutil) against the installed library"
    need debhelper "dpkg-buildpackage builds the Debian packages from debian/"
    need lintian "the Debian packages are checked with lintian"
    need dpkg-dev "dpkg-buildpackage, dpkg-gensymbols"
    oracle prometheus-node-exporter
    oracle prometheus-process-exporter
    oracle prometheus
}

# Debian's exporters, unpacked (not installed: no service, no user) under build/oracle/,
# are the references for psutil serve: prometheus-node-exporter for its node_* metrics,
# prometheus-process-exporter for its namedprocess_* groups; Debian's prometheus (and its
# promtool) scrapes psutil serve in a test and lints every exposition.
oracle() {
    pkg=$1
    bin=build/oracle/$pkg
    [ -x "$bin" ] && return 0
    echo "bootstrap: fetching Debian's $pkg into build/oracle/ (a reference for psutil serve)" >&2
    mkdir -p build/oracle
    if ! (cd build/oracle && apt-get download -qq "$pkg" >/dev/null 2>&1); then
        if [ "$(id -u)" = 0 ] && [ "$apt_updated" = 0 ]; then
            wait_for_dpkg
            DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null
            apt_updated=1
        fi
        (cd build/oracle && apt-get download -qq "$pkg" >/dev/null 2>&1) || {
            echo "bootstrap: cannot download $pkg with apt-get download" >&2
            exit 1
        }
    fi
    deb=$(ls build/oracle/"$pkg"_*.deb | head -n 1)
    dpkg-deb -x "$deb" build/oracle/root
    cp build/oracle/root/usr/bin/"$pkg" "$bin"
    # prometheus brings promtool, which checks every exposition the tests take.
    if [ -x build/oracle/root/usr/bin/promtool ]; then cp build/oracle/root/usr/bin/promtool build/oracle/; fi
    rm -rf build/oracle/root "$deb"
}

case "$mode" in
run)
    build_deps
    make -s all
    ./build/psutil
    ;;
test)
    test_deps
    make -s test
    ;;
mutants)
    test_deps
    make -s mutants
    ;;
test-sanitize)
    test_deps
    make -s test-sanitize
    ;;
test-sanitize-clang)
    test_deps
    need clang "the suite also runs built with clang, whose UBSan checks more than GCC's"
    need libclang-rt-14-dev "clang's sanitizer runtimes"
    make -s CC=clang test-sanitize
    ;;
fuzz)
    # sh bootstrap.sh fuzz [SECONDS]: every fuzz target for SECONDS (10) each (fuzz/README.md).
    need make "GNU make drives the build"
    need clang "the fuzz targets are built with clang's libFuzzer"
    need libclang-rt-14-dev "libFuzzer and clang's sanitizer runtimes"
    make -s fuzz SECONDS="${2:-10}"
    ;;
test-windows)
    # The Windows backend: psutil.dll, libpsutil.a and psutil.exe cross-built with
    # mingw-w64, the API suite (tests/windows/) and the tool's checks run under wine.
    need make "GNU make drives the build"
    need gcc-mingw-w64-x86-64-posix "mingw-w64 cross-builds the Windows DLL, library and tool"
    need wine64 "wine runs the Windows build's tests headless"
    need python3-jsonschema "psutil.exe's --json is validated against docs/schemas/"
    need iproute2 "ss(8): wine's sockets are the host's, a reference for psutil.exe netstat"
    make -s test BACKEND=windows CC=x86_64-w64-mingw32-gcc
    ;;
format-check)
    need make "GNU make drives the build"
    need clang-format "CI checks the formatting"
    make -s format-check
    ;;
*)
    echo "usage: sh bootstrap.sh [run|test|mutants|fuzz [SECONDS]|test-sanitize|test-sanitize-clang|test-windows|format-check]" >&2
    exit 2
    ;;
esac
