#!/usr/bin/env bash
# Runs the test suites a second time, on a real Windows Java 17 under Wine, against the
# winsock backend. The Linux run must have built and installed the modules first: this only
# forks Surefire on the Windows JVM (the root pom's "wine" profile) over the compiled tests.
#
#   scripts/wine-test.sh "$(scripts/wine-java.sh | tail -n 1)" [-Dwinsock.notify=iocp]   (more Maven arguments pass through)
#
# Reports: <module>/target/surefire-reports-wine (os.name = Windows, io.overlap.backend = winsock).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
launcher=${1:?usage: scripts/wine-test.sh <Windows java launcher, as printed by scripts/wine-java.sh> [-Dwinsock.notify=event|routine|iocp ...]}
shift
exec mvn -B -ntp -Pwine -Dwine.java="$launcher" "$@" -pl conformance-tests,examples,backend-winsock surefire:test
