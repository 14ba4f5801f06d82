// Generates the Prisma client (app/generated/prisma). Runs after npm install.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const stub = fileURLToPath(new URL('./prisma-engine-stub.sh', import.meta.url))
execFileSync('npx', ['prisma', 'generate'], {
  stdio: 'inherit',
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: stub, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
})
