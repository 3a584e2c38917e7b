#!/usr/bin/env bash
# Checks that PostgreSQL, Redis and SpamAssassin's spamd answer on 127.0.0.1 and starts them (Debian
# packages) when not.
set -euo pipefail

pg_up() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null || (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
spamd_port="${SPAMD_PORT:-783}"
# spamd answers PING with PONG (SPAMC/1.5); spamc only checks messages, so the protocol is spoken here.
spamd_up() {
  (exec 3<>"/dev/tcp/127.0.0.1/${spamd_port}" && printf 'PING SPAMC/1.5\r\n\r\n' >&3 && timeout 5 head -c 64 <&3 | grep -q PONG) 2>/dev/null
}
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }

wait_for() { # name check
  for _ in $(seq 1 60); do "$2" && return 0; sleep 0.5; done
  echo "✗ $1 did not come up" >&2; return 1
}

if pg_up; then echo "✓ PostgreSQL answers on 127.0.0.1:5432"; else
  echo "… starting PostgreSQL"
  if ! command -v pg_ctlcluster >/dev/null; then
    echo "✗ PostgreSQL is not installed: apt-get install -y postgresql (or use docker/compose.yml)" >&2; exit 1
  fi
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start
  wait_for PostgreSQL pg_up && echo "✓ PostgreSQL started"
fi

if redis_up; then echo "✓ Redis answers on 127.0.0.1:6379"; else
  echo "… starting Redis"
  if ! command -v redis-server >/dev/null; then
    echo "✗ Redis is not installed: apt-get install -y redis-server (or use docker/compose.yml)" >&2; exit 1
  fi
  redis-server --daemonize yes --port 6379 --save "" --appendonly no --maxmemory-policy noeviction
  wait_for Redis redis_up && echo "✓ Redis started"
fi

# The issue checker's spam rating (issue 17). Rules are the ones the Debian package ships (GTUBE among
# them), so no sa-update (no internet needed); --local skips network tests (DNS blocklists, Razor), which
# would only time out offline and are the sender checks' business. Without spamd the checker falls back
# to its built-in heuristic and says so in every result.
if spamd_up; then echo "✓ SpamAssassin (spamd) answers on 127.0.0.1:${spamd_port}"; else
  if ! command -v spamd >/dev/null && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "… installing SpamAssassin (spamd) for the issue checker's spam rating"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq spamassassin spamc >/dev/null) ||
      echo "! SpamAssassin could not be installed"
  fi
  if command -v spamd >/dev/null; then
    echo "… starting SpamAssassin (spamd)"
    # As root spamd must drop to a user; nobody has no home, so no per-user settings (-x).
    as_user=()
    [ "$(id -u)" = "0" ] && as_user=(--username nobody)
    spamd --daemonize --listen "127.0.0.1:${spamd_port}" --allowed-ips 127.0.0.1 --local --nouser-config \
      --min-children 1 --max-children 2 --pidfile "${TMPDIR:-/tmp}/herald-spamd.pid" "${as_user[@]}" \
      --syslog stderr 2>>"${TMPDIR:-/tmp}/herald-spamd.log"
    wait_for SpamAssassin spamd_up && echo "✓ SpamAssassin (spamd) started"
  else
    echo "! SpamAssassin is not installed (apt-get install -y spamassassin spamc): the issue checker rates spam with its built-in heuristic, and the spam-rating tests fail"
  fi
fi
