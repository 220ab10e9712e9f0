#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# fuzz/run.sh SECONDS [TARGET...]: builds the fuzz binaries (make fuzz-build), seeds each
# target's corpus from the fixtures (and fuzz/regress/TARGET, inputs that once broke
# it), runs libFuzzer on it for SECONDS, and writes build/fuzz/report.tsv: target,
# seconds, executions, corpus size, crashes. Exits 1 when any target crashed or broke
# an invariant; the input is kept in build/fuzz/crashes/TARGET/ (replay it with
# build/fuzz/psutil-fuzz-tool run TARGET FILE, and commit it under fuzz/regress/TARGET).
set -eu
cd "$(dirname "$0")/.."
secs=${1:-10}
shift || true
command -v clang >/dev/null || { echo "fuzz: clang is needed (apt-get install clang libclang-rt-14-dev)" >&2; exit 1; }
make -s fuzz-build
out=build/fuzz
bin=$out/psutil-fuzz
tool=$out/psutil-fuzz-tool
targets=${*:-$($tool list)}
mkdir -p "$out/bin" "$out/logs"
report=${FUZZ_REPORT:-$out/report.tsv}
printf 'target\tseconds\texecutions\tcorpus\tcrashes\n' > "$report"
failed=0
for t in $targets; do
    corpus=$out/corpus/$t
    crashes=$out/crashes/$t
    mkdir -p "$corpus" "$crashes"
    $tool seed "$t" tests/fixtures/linux "$corpus" >/dev/null
    if [ -d "fuzz/regress/$t" ]; then cp fuzz/regress/"$t"/* "$corpus"/ 2>/dev/null || true; fi
    ln -sf ../psutil-fuzz "$out/bin/$t"
    dict=
    [ -f "fuzz/dict/$t.dict" ] && dict=-dict=fuzz/dict/$t.dict
    log=$out/logs/$t.log
    rc=0
    # ASan's leak check stays on: a target that leaks fails like one that crashes.
    FUZZ_TARGET=$t "$out/bin/$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$crashes/" $dict "$corpus" > "$log" 2>&1 || rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    n=$(ls "$corpus" | wc -l)
    c=$(ls "$crashes" | wc -l)
    printf '%s\t%s\t%s\t%s\t%s\n' "$t" "$secs" "${execs:-0}" "$n" "$c" >> "$report"
    if [ "$rc" != 0 ] || [ "$c" != 0 ]; then
        echo "fuzz: $t failed (exit $rc); see $log and $crashes/" >&2
        grep -m 3 -E 'ERROR|fuzz:|runtime error' "$log" >&2 || true
        failed=1
    else
        echo "fuzz: $t: ${execs:-0} executions in ${secs}s, corpus $n, no crash"
    fi
done
column -t "$report" 2>/dev/null || cat "$report"
exit $failed
