#!/usr/bin/env bash
# Runs the conformance suite N times per backend, to find flaky scenarios: a flaky scenario is a
# bug in the code or in the test, so nothing is ever retried. Builds once, then for each run forks
# Surefire over the compiled suite (nio on this JVM; winsock on a Windows Java 17 under Wine, as
# scripts/wine-test.sh does), keeps each run's reports, and prints per backend: runs, green runs,
# failures per scenario and the wall time. Exits 1 if any run was not green.
#
#   scripts/repeat-test.sh --repeat N [--backend B]     (./overlap test --repeat N ...)
#
# B: nio, uring, winsock (under Wine, its default notification model, iocp), winsock-event,
# winsock-routine, winsock-iocp (one model each), winsock-models (the three), winsock-emulated
# (the winsock backend over EmulatedWinsock, on this JVM, only when named; winsock-emulated-iocp
# and winsock-emulated-routine on those models), or all (the real backends: nio, uring, and
# winsock on each of its three models).
#
# Reports: conformance-tests/target/repeat/<backend>/run-<i>/ (Surefire XML and output),
# the summary in conformance-tests/target/repeat/summary.txt.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '\033[1m[overlap]\033[0m %s\n' "$*" >&2; }
usage() { echo "usage: $0 --repeat N [--backend nio|uring|winsock|winsock-event|winsock-routine|winsock-iocp|winsock-models|winsock-emulated[-routine|-iocp]|all]" >&2; exit 2; }

repeat=
backend=all
while [ $# -gt 0 ]; do
  case "$1" in
    --repeat) [ $# -ge 2 ] || usage; repeat=$2; shift 2 ;;
    --repeat=*) repeat=${1#--repeat=}; shift ;;
    --backend) [ $# -ge 2 ] || usage; backend=$2; shift 2 ;;
    --backend=*) backend=${1#--backend=}; shift ;;
    *) usage ;;
  esac
done
[[ "$repeat" =~ ^[1-9][0-9]*$ ]] || usage
case "$backend" in nio|uring|winsock|winsock-event|winsock-routine|winsock-iocp|winsock-models|winsock-emulated*|all) ;; *) usage ;; esac
MODELS=(winsock-event winsock-routine winsock-iocp)

wine_possible() {
  [ "$(uname -s)" = Linux ] && [ "$(uname -m)" = x86_64 ] && [ -z "${OVERLAP_NO_WINE:-}" ]
}

MODULE=conformance-tests
OUT=$MODULE/target/repeat
# no retry of a failed scenario, whatever a pom or settings might say; a hung run ends after 30 min
SUREFIRE=(-Dtest=ConformanceSuiteTest -Dsurefire.rerunFailingTestsCount=0 -Dsurefire.timeout=1800)

say "building once"
mvn -B -ntp -q install -DskipTests -pl "$MODULE" -am

uring_check() {
  local why
  why=$(bash scripts/backend-check.sh uring) || { say "uring cannot run here: $why"; return 1; }
}

backends=()
case "$backend" in
  nio) backends=(nio) ;;
  winsock-emulated|winsock-emulated-routine|winsock-emulated-iocp) backends=("$backend") ;;
  winsock-emulated-*) usage ;;
  uring) uring_check || exit 1; backends=(uring) ;;
  winsock|winsock-event|winsock-routine|winsock-iocp|winsock-models)
    wine_possible || { say "winsock runs need Linux x86_64 with Wine"; exit 1; }
    if [ "$backend" = winsock-models ]; then backends=("${MODELS[@]}"); else backends=("$backend"); fi ;;
  all)
    backends=(nio)
    if uring_check; then backends+=(uring); fi
    if wine_possible; then backends+=("${MODELS[@]}"); else say "winsock skipped: needs Linux x86_64 with Wine"; fi ;;
esac
rm -rf "$OUT"
mkdir -p "$OUT"

launcher=
if [[ " ${backends[*]/winsock-emulated*/} " == *" winsock"* ]]; then
  say "provisioning Wine and the Windows Java"
  launcher=$(bash scripts/wine-java.sh | tail -n 1)
  trap 'bash scripts/wine-stop.sh || true' EXIT
fi

# one run: fork Surefire over the compiled suite, then keep its reports and its exit status
run_once() {
  local b=$1 i=$2 dir=$OUT/$1/run-$2 status=0 reports
  mkdir -p "$dir"
  if [[ "$b" == winsock-emulated* || "$b" != winsock* ]]; then
    local on=(-Dio.overlap.backend="$b")
    [[ "$b" != winsock-emulated-* ]] || on=(-Dio.overlap.backend=winsock-emulated -Dwinsock.notify="${b#winsock-emulated-}")
    reports=$MODULE/target/surefire-reports
    rm -rf "$reports"
    mvn -B -ntp -pl "$MODULE" surefire:test "${on[@]}" "${SUREFIRE[@]}" >"$dir/mvn.log" 2>&1 || status=$?
  else
    reports=$MODULE/target/surefire-reports-wine
    rm -rf "$reports"
    local model=()
    # the Windows fork's io.overlap.winsock.notify; plain "winsock" is the backend's default, iocp
    if [ "$b" = winsock ]; then model=(-Dwinsock.notify=iocp); else model=(-Dwinsock.notify="${b#winsock-}"); fi
    mvn -B -ntp -Pwine -Dwine.java="$launcher" "${model[@]}" -pl "$MODULE" surefire:test "${SUREFIRE[@]}" >"$dir/mvn.log" 2>&1 \
      || status=$?
  fi
  if [ -d "$reports" ]; then
    cp -r "$reports"/. "$dir"/
  fi
  echo "$status" >"$dir/exit-status"
  say "$b run $i/$repeat: exit $status"
}

for b in "${backends[@]}"; do
  start=$SECONDS
  say "$b: $repeat run(s) of the conformance suite"
  for ((i = 1; i <= repeat; i++)); do
    run_once "$b" "$i"
  done
  echo $((SECONDS - start)) >"$OUT/$b/wall-seconds"
done

python3 - "$OUT" "${backends[@]}" <<'PY' | tee "$OUT/summary.txt"
import collections, glob, re, sys, xml.etree.ElementTree as ET
out, backends = sys.argv[1], sys.argv[2:]
# a connection scenario class runs once per loopback, in the order of Loopbacks.available()
LOOPBACK = {"1": "IPv4", "2": "IPv6"}

def scenario(case):
    cls = case.get("classname", "?")
    m = re.fullmatch(r"(.*?)(?:\[(\d+)\])?", cls)
    cls, inv = m.group(1).rsplit(".", 1)[-1], m.group(2)
    name = re.sub(r"\(\)(\[\d+\])?$", "", case.get("name", "?"))
    return f"{cls}.{name}" + (f" on {LOOPBACK.get(inv, '#' + inv)}" if inv else "")

bad = False
for b in backends:
    runs = sorted(glob.glob(f"{out}/{b}/run-*"), key=lambda d: int(d.rsplit("-", 1)[1]))
    green, fails, counts = 0, collections.Counter(), []
    for d in runs:
        status = int(open(f"{d}/exit-status").read().strip() or 1)
        t = f = s = 0
        for p in glob.glob(f"{d}/TEST-*.xml"):
            for case in ET.parse(p).getroot().iter("testcase"):
                t += 1
                name = scenario(case)
                if case.find("failure") is not None or case.find("error") is not None:
                    f += 1
                    fails[name] += 1
                elif case.find("skipped") is not None:
                    s += 1
        if t == 0:
            fails[f"(run {d.rsplit('-', 1)[1]}: no reports, Maven exited {status})"] += 1
        elif status != 0 and f == 0:
            fails[f"(run {d.rsplit('-', 1)[1]}: Maven exited {status} with no failed scenario)"] += 1
        if status == 0 and t > 0 and f == 0:
            green += 1
        counts.append((t, f, s))
    wall = int(open(f"{out}/{b}/wall-seconds").read())
    scen = sorted({t for t, _, _ in counts})
    print(f"{b}: {len(runs)} runs, {green} green, wall time {wall} s ({wall / max(1, len(runs)):.0f} s per run), "
          f"scenarios per run {scen}, skipped {sum(s for _, _, s in counts)}")
    for name, n in sorted(fails.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {name}: {n}")
    bad |= green != len(runs)
sys.exit(1 if bad else 0)
PY
