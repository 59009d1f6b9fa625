#!/usr/bin/env bash
# Builds one commit twice, each time in its own fresh copy at a different path, and compares the
# sha256 of every jar the two builds produced. Prints each jar with its two sums and exits non-zero
# if any jar differs or exists in only one build.
#
#   bash scripts/check-reproducible.sh [COMMIT [MAVEN_ARGS...]]
#
# COMMIT defaults to HEAD (uncommitted changes are not built); MAVEN_ARGS go to both builds,
# e.g. `HEAD -pl api` for one module.
#
# MVN (default: mvn) is the Maven command. A local .mvn/maven.config of this checkout (machine
# settings such as the local repository, never committed) is copied into both copies.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
COMMIT=${1:-HEAD}
[ $# -gt 0 ] && shift
MVN=${MVN:-mvn}
rev=$(git -C "$ROOT" rev-parse --verify "$COMMIT^{commit}")

work=$(mktemp -d "${TMPDIR:-/tmp}/overlap-repro.XXXXXX")
trap 'rm -rf "$work"' EXIT

build() {
  local name=$1 dir=$work/$1
  shift
  mkdir -p "$dir"
  git -C "$ROOT" archive --format=tar "$rev" | tar -x -C "$dir"
  if [ -f "$ROOT/.mvn/maven.config" ]; then
    mkdir -p "$dir/.mvn" && cp "$ROOT/.mvn/maven.config" "$dir/.mvn/maven.config"
  fi
  echo "building $rev in $dir" >&2
  # (some Maven builds print colour resets even in batch mode: drop them)
  (cd "$dir" && $MVN -B -ntp -q -DskipTests package "$@" 2>&1) | sed 's/\x1b\[[0-9;]*m//g'
  # one line per jar: "<sha256>  <path relative to the copy>"
  (cd "$dir" && find . -path '*/target/*' -name '*.jar' -type f -print0 | sort -z \
    | xargs -0 -r sha256sum) > "$work/$name.sums"
}

build first "$@"
# a later build of the same commit, at another path and another time
sleep 2
build second "$@"

if [ ! -s "$work/first.sums" ]; then
  echo "no jar was built" >&2
  exit 1
fi

status=0
declare -A first second
while read -r sum path; do first[$path]=$sum; done < "$work/first.sums"
while read -r sum path; do second[$path]=$sum; done < "$work/second.sums"
for path in $(printf '%s\n' "${!first[@]}" "${!second[@]}" | sort -u); do
  a=${first[$path]:-missing} b=${second[$path]:-missing}
  if [ "$a" = "$b" ]; then
    printf 'same     %s  %s\n' "$a" "${path#./}"
  else
    printf 'DIFFERS  %s  %s\n         %s\n' "$a" "${path#./}" "$b"
    status=1
  fi
done
if [ $status -eq 0 ]; then
  echo "reproducible: ${#first[@]} jars identical in two builds of $rev"
else
  echo "NOT reproducible: see DIFFERS above" >&2
fi
exit $status
