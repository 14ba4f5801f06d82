// `npm test`: provisions what the tests need (MariaDB, Chromium), then lint, typecheck, build and
// every vitest project (unit, integration on the real database, e2e in a real browser). The last
// line is `N passed, N failed` from vitest's JSON summary.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { ensureBrowser } from '#scripts/browser.ts'
import { startEmbeddedMariadb, stopEmbeddedMariadb, embeddedMariadbRunning } from '#scripts/embedded-mariadb.ts'
import { projectRoot } from '#scripts/environment.ts'

const onlyE2e = process.argv.includes('--only-e2e')
const say = (message: string) => process.stderr.write(`[test] ${message}\n`)
const timings: string[] = []

function step(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  const started = performance.now()
  say(`${name}…`)
  const result = spawnSync(command, args, { stdio: 'inherit', env, cwd: projectRoot })
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  timings.push(`${name} ${seconds} s`)
  if (result.status !== 0) say(`${name} FAILED (exit ${result.status ?? result.signal})`)
  return result.status === 0
}

ensureBrowser()
const wasRunning = embeddedMariadbRunning()
if (!process.env.DATABASE_URL) await startEmbeddedMariadb()

let checksOk = true
if (!onlyE2e) {
  checksOk = step('lint', 'npx', ['eslint', '.', '--max-warnings=0']) && checksOk
  checksOk = step('typecheck', 'npx', ['tsc', '--noEmit']) && checksOk
}
checksOk = step('build', 'npx', ['remix', 'build']) && checksOk

const reportFile = path.join(projectRoot, '.cache', 'vitest-report.json')
fs.mkdirSync(path.dirname(reportFile), { recursive: true })
fs.rmSync(reportFile, { force: true })
const vitestArgs = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`]
if (onlyE2e) vitestArgs.push('--project', 'e2e')
const testsOk = step('vitest', 'npx', vitestArgs, { ...process.env, SKIP_BUILD: '1' })

if (!process.env.DATABASE_URL && !wasRunning) await stopEmbeddedMariadb()

let passed = 0
let failed = 0
let skipped = 0
if (fs.existsSync(reportFile)) {
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as {
    numPassedTests: number
    numFailedTests: number
    numPendingTests: number
    numTodoTests: number
    numFailedTestSuites: number
  }
  passed = report.numPassedTests
  failed = report.numFailedTests + report.numFailedTestSuites
  skipped = report.numPendingTests + report.numTodoTests
} else {
  failed = 1
  say('vitest wrote no report')
}
say(timings.join(', '))
if (!checksOk) say('lint, typecheck or build failed (see above)')
process.stdout.write(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`)
process.exit(checksOk && testsOk && failed === 0 ? 0 : 1)
