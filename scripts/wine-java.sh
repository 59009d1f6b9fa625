#!/usr/bin/env bash
# Provisions a real Windows x64 Java 17 that runs under Wine, so the winsock backend can be
# tested on Linux. Idempotent and fast once done; everything lives in a cache outside the
# repository.
#
#   scripts/wine-java.sh          provision (if needed); last stdout line = the launcher path
#   scripts/wine-java.sh stop     stop the Wine server of this cache's prefix (wineserver -k)
#   scripts/wine-java.sh env      print WINEPREFIX=... and WIN_JAVA=... (no provisioning)
#
# What it installs:
#   - Debian's wine + wine64 (64-bit only) via apt-get, when missing (needs root or sudo);
#   - the Temurin 17 x64 Windows runtime embedded in the Maven Central artifact
#     org.sonarsource.scanner.cli:sonar-scanner-cli:7.3.0.5189:zip:windows-x64, sha256-checked;
#   - a Wine prefix, and a Linux launcher <cache>/winjre/bin/java that runs java.exe under Wine
#     (Surefire's <jvm> must be a path ending in "java"; the folder must not be named "jre").
#
# Environment: OVERLAP_CACHE (default ~/.cache/overlap).
set -euo pipefail

CACHE=${OVERLAP_CACHE:-$HOME/.cache/overlap}
PREFIX=$CACHE/wineprefix
JAVA_HOME_WIN=$CACHE/winjre
LAUNCHER=$JAVA_HOME_WIN/bin/java
ARTIFACT_G=org.sonarsource.scanner.cli
ARTIFACT_A=sonar-scanner-cli
ARTIFACT_V=7.3.0.5189
ARTIFACT_C=windows-x64
ZIP_SHA256=76d66269943d503381d9f5e273e5d7a90d6e5001c90615e63008ed1fc0b76921
STAMP=$JAVA_HOME_WIN/.overlap-provisioned

export WINEPREFIX=$PREFIX WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="

log() { echo "[wine-java] $*" >&2; }
timed() { local s=$SECONDS; "$@"; log "$(( SECONDS - s ))s: $*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else log "need root (or sudo) to run: $*"; exit 1
  fi
}

wine_present() { command -v wine >/dev/null && command -v wineserver >/dev/null && [ -x /usr/lib/wine/wine64 ]; }

ensure_wine() {
  wine_present && return 0
  # 'apt-get update' only when the package lists do not know wine64 yet (a fresh image)
  if ! apt-cache show wine64 >/dev/null 2>&1; then
    timed as_root apt-get update -q >/dev/null
  fi
  timed as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wine wine64 >/dev/null
  wine_present || { log "wine was installed but wine/wineserver/wine64 are still missing"; exit 1; }
}

ensure_java() {
  [ -f "$STAMP" ] && [ -f "$JAVA_HOME_WIN/bin/java.exe" ] && return 0
  local dl=$CACHE/download stage=$CACHE/.unpack.$$
  local zip=$dl/$ARTIFACT_A-$ARTIFACT_V-$ARTIFACT_C.zip
  # the project's pinned dependency plugin fetches through Maven's own repository settings
  timed mvn -B -q -Dstyle.color=never "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy" \
    -Dartifact="$ARTIFACT_G:$ARTIFACT_A:$ARTIFACT_V:zip:$ARTIFACT_C" -DoutputDirectory="$dl" >&2
  if ! echo "$ZIP_SHA256  $zip" | sha256sum -c --quiet - >/dev/null 2>&1; then
    log "sha256 mismatch for $zip (expected $ZIP_SHA256); refusing to use it"
    exit 1
  fi
  rm -rf "$stage" "$JAVA_HOME_WIN"
  mkdir -p "$stage"
  timed unzip -q "$zip" "sonar-scanner-$ARTIFACT_V-$ARTIFACT_C/jre/*" -d "$stage"
  # the runtime folder must not be named "jre": Surefire would take its parent for JAVA_HOME
  mv "$stage/sonar-scanner-$ARTIFACT_V-$ARTIFACT_C/jre" "$JAVA_HOME_WIN"
  rm -rf "$stage" "$dl"
  [ -f "$JAVA_HOME_WIN/bin/java.exe" ] || { log "no bin/java.exe in $zip"; exit 1; }
  echo "$ZIP_SHA256" > "$STAMP"
}

write_launcher() {
  local want
  want=$(cat <<EOF
#!/bin/sh
# Runs the Windows java.exe beside this file under Wine (written by scripts/wine-java.sh).
export WINEPREFIX="\${WINEPREFIX:-$PREFIX}" WINEDEBUG="\${WINEDEBUG:--all}" WINEDLLOVERRIDES="mscoree,mshtml="
exec wine "\$(dirname "\$0")/java.exe" "\$@"
EOF
)
  if [ ! -x "$LAUNCHER" ] || [ "$(cat "$LAUNCHER")" != "$want" ]; then
    printf '%s\n' "$want" > "$LAUNCHER.tmp"
    chmod +x "$LAUNCHER.tmp"
    mv "$LAUNCHER.tmp" "$LAUNCHER"
  fi
}

ensure_prefix() {
  [ -f "$PREFIX/system.reg" ] && return 0
  # prints a harmless "syswow64\rundll32.exe: c0000135" (no 32-bit Wine installed)
  timed wineboot -i >/dev/null 2>/dev/null 9>&- || true
  wineserver -w 9>&-   # the registry files are written when the server goes idle
  [ -f "$PREFIX/system.reg" ] || { log "wineboot did not create $PREFIX"; exit 1; }
  local v
  v=$("$LAUNCHER" -version 2>&1 9>&- | head -1)
  log "Windows java: $v"
  case $v in *'"17.'*) ;; *) log "unexpected java -version output: $v"; exit 1 ;; esac
}

stop_wine() {
  if command -v wineserver >/dev/null && [ -d "$PREFIX" ]; then
    wineserver -k >/dev/null 2>&1 || true
    wineserver -w >/dev/null 2>&1 || true
    log "stopped the Wine server of $PREFIX"
  fi
}

case ${1:-provision} in
  provision)
    mkdir -p "$CACHE"
    exec 9>"$CACHE/.lock"
    flock 9   # two builds at once provision once (Wine children must not inherit fd 9: 9>&-)
    ensure_wine
    ensure_java
    write_launcher
    ensure_prefix
    echo "$LAUNCHER"
    ;;
  stop) stop_wine ;;
  env) echo "WINEPREFIX=$PREFIX"; echo "WIN_JAVA=$LAUNCHER" ;;
  *) echo "usage: $0 [provision|stop|env]" >&2; exit 2 ;;
esac
