#!/usr/bin/env bash
# fuzz.sh [FUZZTIME] [PACKAGES...]
#
# Runs every Fuzz* target of every package (default ./...) for FUZZTIME
# (default 30s) each, one after the other (go test -fuzz accepts a single
# target in a single package per run). Targets are discovered per package
# with `go test -list 'Fuzz.*'`. Keeps going after a failing target and exits
# 1 at the end if any failed; new crashers are written by go test to the
# package's testdata/fuzz/<Target>/ (commit them as regression inputs).
set -euo pipefail

GO="${GO:-go}"
fuzztime="${1:-30s}"
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- ./...

# Only packages that have test files can have fuzz targets.
mapfile -t pkgs < <("$GO" list -f '{{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}}{{end}}' "$@")

targets=()
for pkg in "${pkgs[@]}"; do
  [ -n "$pkg" ] || continue
  # Assignment, so a compile error here stops the script (set -e).
  list="$("$GO" test -list 'Fuzz.*' "$pkg")"
  while read -r name; do
    targets+=("$pkg $name")
  done < <(grep -E '^Fuzz[A-Za-z0-9_]*$' <<<"$list" || true)
done

if [ ${#targets[@]} -eq 0 ]; then
  echo "fuzz: no Fuzz* targets found in $*"
  exit 0
fi
echo "fuzz: ${#targets[@]} target(s), ${fuzztime} each"

failed=()
for t in "${targets[@]}"; do
  pkg="${t% *}"
  name="${t#* }"
  echo "fuzz: === $name ($pkg) for $fuzztime"
  if ! "$GO" test -run='^$' -fuzz="^${name}\$" -fuzztime="$fuzztime" "$pkg"; then
    failed+=("$name ($pkg)")
  fi
done

echo "fuzz: $((${#targets[@]} - ${#failed[@]})) passed, ${#failed[@]} failed"
if [ ${#failed[@]} -gt 0 ]; then
  printf 'fuzz: FAILED %s\n' "${failed[@]}"
  exit 1
fi
