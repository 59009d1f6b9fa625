#!/usr/bin/env bash
# Prints whether backend NAME can run here ("available", or "unavailable: <the backend's reason>")
# and exits 0 if it can. The modules must be built (mvn install) first: it runs over the
# conformance suite's test class path, which holds every backend.
#
#   scripts/backend-check.sh uring
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
name=${1:?usage: scripts/backend-check.sh <backend name>}
cp_file=conformance-tests/target/backend-check.classpath
mvn -B -ntp -q -o -pl conformance-tests dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/$cp_file" >/dev/null 2>&1 \
  || mvn -B -ntp -q -pl conformance-tests dependency:build-classpath -Dmdep.includeScope=test \
       -Dmdep.outputFile="$PWD/$cp_file" >/dev/null
exec java -cp "$(cat "$cp_file")" scripts/BackendCheck.java "$name"
