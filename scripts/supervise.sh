#!/usr/bin/env bash
# Runs a command and starts it again whenever it exits, with back-off, so that a crashed API, worker
# or mail catcher comes back by itself (what `npm start` runs each of them under).
#   usage: scripts/supervise.sh NAME COMMAND [ARGS...]
# The delay starts at SUPERVISE_MIN_DELAY seconds (1), doubles on each crash up to SUPERVISE_MAX_DELAY
# (30), and starts over once a run lasted SUPERVISE_STABLE_AFTER seconds (30). Exit code 78 (EX_CONFIG:
# the configuration is invalid) is not retried: it would fail the same way forever.
# SIGINT or SIGTERM stops the command (SIGTERM, so the worker can release its jobs) and then this script.
set -uo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 NAME COMMAND [ARGS...]" >&2
  exit 64
fi
name=$1
shift
min=${SUPERVISE_MIN_DELAY:-1}
max=${SUPERVISE_MAX_DELAY:-30}
stable=${SUPERVISE_STABLE_AFTER:-30}
delay=$min
child=''
stopping=''

stop() {
  stopping=1
  if [ -n "$child" ]; then kill -TERM "$child" 2>/dev/null || true; fi
}
trap stop INT TERM

while :; do
  started=$SECONDS
  "$@" &
  child=$!
  wait "$child"
  code=$?
  # A trapped signal ends `wait` early: wait until the command itself has ended.
  while kill -0 "$child" 2>/dev/null; do
    wait "$child"
    code=$?
  done
  child=''
  if [ -n "$stopping" ]; then exit 0; fi
  if [ "$code" -eq 78 ]; then
    echo "supervise: $name exited with code 78 (invalid configuration); not restarting" >&2
    exit 78
  fi
  if (( SECONDS - started >= stable )); then delay=$min; fi
  echo "supervise: $name exited with code $code; restarting in ${delay}s" >&2
  sleep "$delay" &
  child=$!
  wait "$child"
  kill "$child" 2>/dev/null || true
  child=''
  if [ -n "$stopping" ]; then exit 0; fi
  delay=$(( delay * 2 > max ? max : delay * 2 ))
done
