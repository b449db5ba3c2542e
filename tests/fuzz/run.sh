#!/usr/bin/env bash
# Runs the libFuzzer targets (ASan + UBSan) for a while each, one after the other:
#
#   tests/fuzz/run.sh [--merge] [SECONDS] [TARGET...]
#
#   SECONDS  how long each target runs (-max_total_time), default 1800
#   TARGET   csv json httprequest apibody (or fuzz_csv ...), default all four
#   --merge  afterwards, merge what a run found into tests/fuzz/corpus/<target> (-merge=1 keeps only
#            inputs that add coverage), to be committed as regression inputs
#
# It configures and builds the "fuzz" preset (clang++, -DSMARTDATA_FUZZ=ON) into build-fuzz/, then runs
# each target on its corpus in the source tree (read only) plus build-fuzz/corpus-new/<target>/, where
# new inputs go (kept between runs, so a second run resumes). Crashes, timeouts and OOMs go to
# build-fuzz/artifacts/<target>/, the full log to build-fuzz/logs/<target>.log. Prints per target:
# executions, exec/s, coverage (cov: edges, ft: features), new corpus files, crashes. Exits 1 when a
# target found a crash.
#
# Needs clang and its libFuzzer runtime (Debian: clang, libclang-rt-14-dev); when the runtime is missing
# the script installs it with apt-get (via sudo when not root). The normal GCC build needs none of this:
# there the corpora are replayed by the ctest tests fuzz_replay_<target> (ctest -L fuzz).
# A crash is reproduced with `build-fuzz/tests/fuzz/fuzz_<target> ARTIFACT`, minimised with
# `... -minimize_crash=1 -runs=10000 ARTIFACT`.
#
# Environment: FUZZ_BUILD_JOBS (default 2) for the build; runs are under `nice -n 19` and use one
# process (no -jobs/-fork), since the machine is shared.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build="$root/build-fuzz"
all_targets=(csv json httprequest apibody)

merge=0
if [[ "${1:-}" == "--merge" ]]; then
    merge=1
    shift
fi
seconds=1800
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then
    seconds=$1
    shift
fi
targets=()
for t in "$@"; do
    t=${t#fuzz_}
    if [[ ! " ${all_targets[*]} " == *" $t "* ]]; then
        echo "run.sh: unknown target '$t' (known: ${all_targets[*]})" >&2
        exit 2
    fi
    targets+=("$t")
done
((${#targets[@]})) || targets=("${all_targets[@]}")

# The libFuzzer runtime of the installed clang.
clang_cxx=$(command -v clang++ || true)
if [[ -z "$clang_cxx" ]]; then
    echo "run.sh: clang++ not found (Debian: apt-get install clang libclang-rt-14-dev)" >&2
    exit 2
fi
runtime_dir=$(clang++ -print-runtime-dir 2>/dev/null || true)
if ! ls "$runtime_dir"/libclang_rt.fuzzer-*.a >/dev/null 2>&1; then
    version=$(clang++ --version | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -1)
    echo "run.sh: the libFuzzer runtime is missing; installing libclang-rt-${version}-dev" >&2
    sudo=()
    ((EUID == 0)) || sudo=(sudo)
    "${sudo[@]}" apt-get install -y "libclang-rt-${version}-dev"
fi

# Configure once (the preset sets clang++ and SMARTDATA_FUZZ=ON), then build only the fuzz targets.
cd "$root"
if [[ ! -f "$build/CMakeCache.txt" ]]; then
    launcher=()
    command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    cmake --preset fuzz "${launcher[@]}"
fi
nice -n 19 cmake --build "$build" -j "${FUZZ_BUILD_JOBS:-2}" --target "${targets[@]/#/fuzz_}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=0:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export QT_QPA_PLATFORM=offscreen

count_files() { find "$1" -maxdepth 1 -type f "${@:2}" 2>/dev/null | wc -l; }
# What stops a run: crash-*, leak-*, oom-*, timeout-* (slow-unit-* are only notes).
count_findings() { count_files "$1" ! -name 'slow-unit-*'; }

summary=()
crashed=0
for t in "${targets[@]}"; do
    exe="$build/tests/fuzz/fuzz_$t"
    corpus="$root/tests/fuzz/corpus/$t"
    new="$build/corpus-new/$t"
    artifacts="$build/artifacts/$t"
    log="$build/logs/$t.log"
    mkdir -p "$new" "$artifacts/unreproduced" "$(dirname "$log")"
    : >"$log"
    before_new=$(count_files "$new")
    dict=()
    [[ -f "$root/tests/fuzz/dict/$t.dict" ]] && dict=(-dict="$root/tests/fuzz/dict/$t.dict")
    cmd=(nice -n 19 "$exe" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1
         -artifact_prefix="$artifacts/" "${dict[@]}" "$new" "$corpus")
    echo "== fuzz_$t for ${seconds}s: ${cmd[*]} -max_total_time=$seconds"
    # -timeout is wall-clock time: on a loaded machine a niced run can starve past it. A timeout that
    # does not reproduce when the input is run again on its own is set aside (artifacts/<t>/unreproduced/)
    # and fuzzing goes on for the time left.
    start=$(date +%s)
    deadline=$((start + seconds))
    execs=0
    unreproduced=0
    status=0
    while :; do
        remaining=$((deadline - $(date +%s)))
        ((remaining > 0)) || break
        before_art=$(count_findings "$artifacts")
        from=$(($(wc -l <"$log") + 1))
        touch "$log.segment"
        status=0
        "${cmd[@]}" -max_total_time="$remaining" >>"$log" 2>&1 || status=$?
        segment=$(tail -n +"$from" "$log" | sed -n 's/^stat::number_of_executed_units: *//p' | tail -1)
        execs=$((execs + ${segment:-0}))
        ((status != 0)) || break
        artifact=$(find "$artifacts" -maxdepth 1 -type f -newer "$log.segment" -name 'timeout-*' | head -1)
        if (($(count_findings "$artifacts") == before_art + 1)) && [[ -n "$artifact" ]] &&
            timeout 120 "$exe" -timeout=10 -rss_limit_mb=2048 "$artifact" >>"$log" 2>&1; then
            echo "   timeout did not reproduce (CPU starvation), set aside: $artifact"
            mv "$artifact" "$artifacts/unreproduced/"
            unreproduced=$((unreproduced + 1))
            status=0
            continue
        fi
        break
    done
    elapsed=$(($(date +%s) - start))
    rate=$((execs / (elapsed > 0 ? elapsed : 1)))
    last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
    corp=$(sed -n 's/.* corp: \([^ ]*\).*/\1/p' <<<"$last")
    added=$(($(count_files "$new") - before_new))
    if ((status != 0)); then
        crashed=1
        echo "   fuzz_$t stopped with status $status; artifacts in $artifacts/, log $log:"
        grep -E 'ERROR: |runtime error:|SUMMARY:|Test unit written to' "$log" | tail -8 | sed 's/^/   /' || true
    fi
    summary+=("$(printf '%-12s %5ss execs %-9s exec/s %-5s cov %-5s ft %-6s corpus %-11s new files %-5s crashes %s (unreproduced timeouts %s)' \
        "$t" "$elapsed" "$execs" "$rate" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$added" "$((status != 0))" "$unreproduced")")
    if ((merge)); then
        echo "   merging $new into $corpus"
        nice -n 19 "$exe" -merge=1 -rss_limit_mb=2048 -timeout=10 "$corpus" "$new" >>"$log" 2>&1
    fi
done

echo
echo "== summary (${seconds}s per target; logs in $build/logs/)"
printf '%s\n' "${summary[@]}"
exit "$crashed"
