#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# abi/check.sh - the ABI of record (abi/libpsutil.abi, libabigail's abidw of the gcc
# build, without source locations so that moving lines changes nothing) against a build.
#
#   sh abi/check.sh check  LIB.so   compare: fails on any change to a recorded function or
#                                   type, except a member added at the end of a struct that
#                                   abi/growable.supp lists (callers pass their size: psutil.h,
#                                   "ABI"); on a SONAME that differs from the record; and on
#                                   functions the record does not list yet (record them)
#   sh abi/check.sh record LIB.so   write the record; refused when the record has the same
#                                   SONAME and the build changes what it lists (only
#                                   additions may be recorded without a new SONAME)
set -u
mode=$1 lib=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
record=$here/libpsutil.abi
for t in abidw abidiff; do
    command -v $t >/dev/null || { echo "abi-check: $t not found (sh bootstrap.sh test installs abigail-tools)" >&2; exit 1; }
done
soname_of_lib=$(objdump -p "$lib" | awk '/SONAME/{print $2}')
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
abidw --no-show-locs --no-corpus-path --no-comp-dir-path --headers-dir "$root/include" \
    --out-file "$tmp/now.abi" "$lib" || { echo "abi-check: abidw failed on $lib" >&2; exit 1; }

# Changes to what the record lists (additions not counted): abidiff's exit status is a
# bit field, 0 when nothing changed.
changes() {
    abidiff --no-added-syms --suppressions "$here/growable.supp" "$record" "$tmp/now.abi" \
        > "$tmp/diff.txt" 2>&1
}

case "$mode" in
check)
    [ -f "$record" ] || { echo "abi-check: no record at $record (make abi-baseline)" >&2; exit 1; }
    soname_of_record=$(sed -n "s/.*soname='\([^']*\)'.*/\1/p" "$record" | head -n 1)
    if [ "$soname_of_record" != "$soname_of_lib" ]; then
        echo "abi-check: the record is for $soname_of_record, the build is $soname_of_lib: record the new ABI (make abi-baseline)" >&2
        exit 1
    fi
    if ! changes; then
        echo "abi-check: $soname_of_lib changed its recorded ABI (move the SONAME and the record together):" >&2
        cat "$tmp/diff.txt" >&2
        exit 1
    fi
    if ! abidiff --suppressions "$here/growable.supp" "$record" "$tmp/now.abi" \
        > "$tmp/added.txt" 2>&1; then
        echo "abi-check: functions the record does not list yet (record them: make abi-baseline):" >&2
        cat "$tmp/added.txt" >&2
        exit 1
    fi
    n=$(grep -c "<elf-symbol name='psutil_" "$record")
    echo "abi-check: $soname_of_lib matches abi/libpsutil.abi ($n functions)"
    ;;
record)
    if [ -f "$record" ] && grep -q "soname='$soname_of_lib'" "$record" && ! changes; then
        echo "abi-check: refusing to record: $soname_of_lib changes what the record lists; move the SONAME (PSUTIL_VERSION_MAJOR) first:" >&2
        cat "$tmp/diff.txt" >&2
        exit 1
    fi
    cp "$tmp/now.abi" "$record"
    echo "abi-check: recorded $soname_of_lib in abi/libpsutil.abi"
    ;;
*)
    echo "usage: sh abi/check.sh check|record LIB.so" >&2
    exit 2
    ;;
esac
