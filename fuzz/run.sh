#!/usr/bin/env bash
# Runs cargo-fuzz targets one after the other (`make fuzz`): each for FUZZ_SECONDS, or
# as FUZZ_ARGS says (e.g. FUZZ_ARGS=-runs=1000000), in one process (no -jobs/-fork), and
# prints one line per target from libFuzzer's final stats. The full output of each run
# is in fuzz/target/logs/TARGET.log; a crash leaves its input in fuzz/artifacts/TARGET/.
# Exits non-zero if any target crashed.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-key_import der json base64 validators open}
logs=fuzz/target/logs
mkdir -p "$logs"
# The fuzz crate has its own workspace, hence its own lock: start it from ours, so that
# the fuzzed code is built with the same dependency versions as the package.
[ fuzz/Cargo.lock -nt Cargo.lock ] || cp Cargo.lock fuzz/Cargo.lock

echo "fuzz: $(rustc +nightly --version), $(cargo fuzz --version), ${seconds}s per target ${FUZZ_ARGS:-}"

failed=()
for t in $targets; do
  corpus=(fuzz/corpus/"$t")
  # Key import starts from every test key (PEM, JWK, JWKS, Adyen, certificates).
  [[ $t == key_import ]] && corpus+=(tests/keys)
  mkdir -p "${corpus[0]}"
  start=$(date +%s)
  status=0
  # Builds the target if needed (its build output is in the log too). -a: debug
  # assertions and overflow checks on, so an overflow is a crash too.
  # shellcheck disable=SC2086 # FUZZ_ARGS is a list of libFuzzer flags
  cargo +nightly fuzz run -a "$t" "${corpus[@]}" -- \
    -max_total_time="$seconds" -timeout=30 -print_final_stats=1 ${FUZZ_ARGS:-} \
    >"$logs/$t.log" 2>&1 || status=$?
  wall=$(($(date +%s) - start))
  # "Done 1000000 runs in 177 second(s)": the fuzzing time, without the build.
  secs=$(grep -oE '^Done [0-9]+ runs in [0-9]+' "$logs/$t.log" | grep -oE '[0-9]+$' || echo "$wall")
  # "#1000000 DONE cov: 2122 ft: 4392 corp: 690/266Kb lim: 1874 exec/s: 5273 rss: 432Mb"
  last=$(grep -E '^#[0-9]+' "$logs/$t.log" | tail -1 || true)
  execs=$(grep -oE '^stat::number_of_executed_units: *[0-9]+' "$logs/$t.log" | grep -oE '[0-9]+$' || true)
  rate=$(grep -oE '^stat::average_exec_per_sec: *[0-9]+' "$logs/$t.log" | grep -oE '[0-9]+$' || true)
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [^ ]+' <<<"$last" || true)
  crashes=0
  if ((status == 0)); then
    result=ok
  elif ! grep -q 'INFO: Seed:' "$logs/$t.log"; then
    result="NOT RUN: build failed, see $logs/$t.log"
    failed+=("$t")
    crashes=-
  else
    crashes=1
    why=$(grep -m1 -A1 -E 'panicked at|ERROR: (libFuzzer|AddressSanitizer)' "$logs/$t.log" | tr '\n' ' ' || true)
    unit=$(grep -oE 'Test unit written to .*' "$logs/$t.log" | tail -1 || true)
    result="CRASH (exit $status): $why; $unit"
    failed+=("$t")
  fi
  printf 'fuzz %-10s %4ss  execs %-9s exec/s %-6s %s  crashes %s  %s\n' \
    "$t" "$secs" "${execs:-?}" "${rate:-?}" "${cov:-?}" "$crashes" "$result"
done
if ((${#failed[@]})); then
  echo "fuzz: failed: ${failed[*]} (logs in $logs/)"
  exit 1
fi
echo "fuzz: no crashes"
