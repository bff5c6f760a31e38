#!/usr/bin/env bash
# Formatting and static analysis of the C++ sources of parser/, server/, client/, tls/, tests/ and
# bench/ (generated code lives in the build tree and is never checked).
#   scripts/lint.sh                 the formatting check, then clang-tidy (.clang-tidy) on every
#                                   source file the build compiles; exit status 1 on any finding
#   scripts/lint.sh --format-check  only the formatting check: what CI runs
#   scripts/lint.sh --format        rewrites every file clang-format would change
#   scripts/lint.sh --tidy FILE...  only clang-tidy, on these source files (.cc, paths from the
#                                   repository root): a pass over everything takes ~10 minutes on
#                                   2 cores, so check what you changed
# clang-tidy needs the build's compile_commands.json: it configures $INVESTTRACK_BUILD_DIR first.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mode="${1:-all}"
case "$mode" in
  all | --format-check | --format) ;;
  --tidy)
    shift
    [ $# -gt 0 ] || die "--tidy needs the source files to check"
    ;;
  *) die "unknown option $mode (expected --format-check, --format or --tidy FILE...)" ;;
esac

cd "$INVESTTRACK_ROOT"

if [ "$mode" != --tidy ]; then
  ensure_packages clang-format
  mapfile -t sources < <(git ls-files '*.cc' '*.h' | grep -v '^tests/integration/protos/')
  if [ "$mode" = --format ]; then
    clang-format -i "${sources[@]}"
    log "formatted ${#sources[@]} files"
    exit 0
  fi
  if ! clang-format --dry-run --Werror "${sources[@]}"; then
    die "some files are not formatted: run scripts/lint.sh --format"
  fi
  log "formatting: ${#sources[@]} files clean"
  [ "$mode" = --format-check ] && exit 0
fi

# run-clang-tidy takes regular expressions over the absolute paths of compile_commands.json.
tidy_files=("^$INVESTTRACK_ROOT/(parser|server|client|tls)/.*\\.cc\$")
if [ "$mode" = --tidy ]; then
  tidy_files=()
  for file in "$@"; do
    [ -f "$file" ] || die "no such file: $file"
    tidy_files+=("^$INVESTTRACK_ROOT/${file#./}\$")
  done
fi

ensure_packages clang-tidy
[ -f "$INVESTTRACK_BUILD_DIR/compile_commands.json" ] ||
  cmake -S "$INVESTTRACK_ROOT" -B "$INVESTTRACK_BUILD_DIR" >/dev/null
# Generated headers must exist before clang-tidy reads the sources that include them.
cmake --build "$INVESTTRACK_BUILD_DIR" -j"$(nproc)" --target investtrack_proto >/dev/null
# The compile commands are g++'s: clang does not know every warning option they name (a
# -DINVESTTRACK_WERROR=ON build's -Wno-error=restrict), which is no finding about our code.
run-clang-tidy -p "$INVESTTRACK_BUILD_DIR" -j "$(nproc)" -quiet \
  -extra-arg=-Wno-unknown-warning-option "${tidy_files[@]}"
log "clang-tidy: clean"
