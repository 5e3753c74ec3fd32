#!/usr/bin/env bash
# The server under e2e test: a fresh database with one admin (made with the real CLI), then `node build`.
set -euo pipefail
if [ -z "${DATABASE_URL:-}" ]; then
	export PGLITE_DATA_DIR="${PGLITE_DATA_DIR:-.data/e2e-pglite}"
	rm -rf "$PGLITE_DATA_DIR"
fi
printf '%s\n' "$E2E_ADMIN_PASSWORD" |
	npx tsx scripts/user-create.ts --email "$E2E_ADMIN_EMAIL" --name "E2E Admin" --role admin --password-stdin
exec node build
