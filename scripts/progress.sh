# shellcheck shell=bash
# `with_progress LABEL COMMAND [ARGS...]`: runs a long, quiet step (installing, building) with a line every
# 15 seconds so a person knows it has not hung, and one line with its duration at the end. The command's
# own output passes through; its exit code is returned. Sourced by scripts/setup.sh.
with_progress() {
  local label=$1
  shift
  local started=$SECONDS
  echo "… ${label}"
  "$@" &
  local child=$!
  (
    while sleep 15; do
      kill -0 "$child" 2>/dev/null || exit 0
      echo "  … still ${label} ($((SECONDS - started)) s)"
    done
  ) &
  local ticker=$!
  local code=0
  wait "$child" || code=$?
  kill "$ticker" 2>/dev/null || true
  wait "$ticker" 2>/dev/null || true
  if [ "$code" -eq 0 ]; then
    echo "✓ ${label} ($((SECONDS - started)) s)"
  else
    echo "✗ ${label} failed (exit code ${code})" >&2
  fi
  return "$code"
}
