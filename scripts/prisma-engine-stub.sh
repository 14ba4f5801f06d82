#!/bin/sh
# Stand-in for Prisma's schema engine, which cannot be downloaded here. `prisma generate` only
# needs the path to exist; migrations are applied by prisma/migrate.server.ts instead.
exit 0
