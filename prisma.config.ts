import { defineConfig } from 'prisma/config'

// Prisma's schema engine cannot be downloaded here: migrations are applied by the project's own
// applier (prisma/migrate.server.ts). This config serves `prisma generate`.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
})
