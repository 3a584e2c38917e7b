#!/usr/bin/env bash
# Checks that PostgreSQL and Redis answer on 127.0.0.1 and starts them (Debian packages) when not.
set -euo pipefail

pg_up() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null || (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
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
