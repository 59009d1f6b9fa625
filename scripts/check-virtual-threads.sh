#!/usr/bin/env bash
# Checks on a JDK 21+ that joining a FutureProactor future parks only the virtual thread that
# joins (examples' io.overlap.examples.future.VirtualThreadsCheck, on one carrier thread). The
# build is Java 17, so this runs beside the JUnit suites, not in them: a JDK without virtual
# threads cannot run it, and that is reported as NOT RUN (exit 3), never as a pass.
# The JDK: $OVERLAP_JDK21 (a JDK home), else the first of /usr/lib/jvm/* that is 21 or later.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=examples/target/overlap-examples.jar

find_jdk() {
  local home v
  for home in ${OVERLAP_JDK21:-} /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    [ -x "$home/bin/java" ] || continue
    v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    if [ -n "$v" ] && [ "${v%%.*}" -ge 21 ] 2>/dev/null; then
      echo "$home"
      return 0
    fi
  done
  return 1
}

if ! jdk=$(find_jdk); then
  echo "NOT RUN: no JDK 21 or later found (set OVERLAP_JDK21 to one's home)"
  exit 3
fi
[ -f "$JAR" ] || { echo "build the examples first: mvn -q -DskipTests -pl examples -am install" >&2; exit 2; }
echo "virtual threads check on $("$jdk/bin/java" -version 2>&1 | head -1)"
exec "$jdk/bin/java" -Djdk.virtualThreadScheduler.parallelism=1 -Djdk.virtualThreadScheduler.maxPoolSize=1 \
  -cp "$JAR" io.overlap.examples.future.VirtualThreadsCheck "${1:-200}"
