#!/bin/sh
# Prisma's CLI insists on a native schema-engine binary, which it downloads from
# binaries.prisma.sh (unreachable here). `prisma generate` only asks it for --version,
# so this stub is enough for generate/validate/format. Migrations go through
# @prisma/schema-engine-wasm instead (scripts/migrate.ts).
if [ "$1" = "--version" ]; then echo "schema-engine-cli 0.0.0-stub"; exit 0; fi
echo "schema-engine binary not available offline; use npm run migrate:dev" >&2
exit 1
