#!/bin/sh
# Stand-in for Prisma's native schema-engine, which cannot be downloaded on offline machines.
# `prisma generate` only asks it for its version; generation itself runs in wasm.
# Migrations are applied by scripts/db/migrate.mjs through @prisma/schema-engine-wasm instead.
if [ "$1" = "--version" ]; then
  echo "schema-engine-cli 0.0.0-stub"
  exit 0
fi
echo "schema-engine stub: '$*' is not supported here; use npm run db:migrate" >&2
exit 1
