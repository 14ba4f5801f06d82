// Once per run: the MariaDB server (embedded unless TEST_DATABASE_SERVER_URL / DATABASE_URL says
// otherwise) and a fresh build of the app, which integration tests call through Remix's handler.
import { execFileSync } from 'node:child_process'
import type { TestProject } from 'vitest/node'
import { startEmbeddedMariadb } from '#scripts/embedded-mariadb.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    databaseServerUrl: string
  }
}

export default async function setup(project: TestProject) {
  const given = process.env.TEST_DATABASE_SERVER_URL ?? process.env.DATABASE_URL
  const serverUrl = given ? given.replace(/\/[^/]*$/, '') : await startEmbeddedMariadb()
  project.provide('databaseServerUrl', serverUrl)
  if (!process.env.SKIP_BUILD) execFileSync('npx', ['remix', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] })
}
