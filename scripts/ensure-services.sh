#!/usr/bin/env bash
# Find or start the PostgreSQL server the integration tests use on 127.0.0.1:5432.
# Nothing here is fatal: a test whose service is still missing skips and says why.
set -u
if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  fi
fi
exit 0
