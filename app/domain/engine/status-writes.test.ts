// Every status changes through its aggregate's state machine (STYLE.md): this test reads the code
// (with the TypeScript parser, not a grep, so a write spread over several lines counts too) and
// fails on a `status` written anywhere but the machine files and the engine — in a Prisma create,
// update or upsert, or in raw SQL (`SET status = …`, an INSERT naming the column).
import fs from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { describe, expect, test } from 'vitest'

const ROOT = path.resolve(import.meta.dirname, '../../..')
const SCANNED = ['app', 'jobs', 'scripts', 'prisma', 'search', 'server.ts']
const SKIPPED = /(^|\/)(generated|node_modules)\/|\.test\.tsx?$|\.d\.ts$/

/** Where status may be written: the engine and the machine tables. */
const MACHINE_FILE = /^app\/domain\/engine\/engine\.server\.ts$|(^|\/)([\w-]+-)?machine\.server\.ts$/

/**
 * Tables whose status is bookkeeping of the platform's plumbing, not an aggregate's state: allowed
 * by name, with the reason.
 */
const INFRASTRUCTURE: Record<string, string> = {
  EmailOutbox: 'PENDING → SENT | FAILED is the mailer’s delivery record of one e-mail',
  IdempotencyRecord: 'the HTTP status of the first answer, replayed for the same Idempotency-Key',
  WebhookDelivery: 'PENDING → SUCCEEDED | FAILED is the delivery record of one webhook event to one subscription',
}
const infrastructure = (name: string) =>
  Object.keys(INFRASTRUCTURE).some((table) => table.toLowerCase() === name.toLowerCase())

const WRITE_METHODS = new Set([
  'create',
  'createMany',
  'createManyAndReturn',
  'update',
  'updateMany',
  'updateManyAndReturn',
  'upsert',
])
const RAW_STATUS_WRITE =
  /\b(?:UPDATE\s+`?(\w+)`?\s+SET\b[^;]*?\bstatus\s*=|INSERT\s+INTO\s+`?(\w+)`?\s*\([^)]*\bstatus\b)/is
/** Keys of a write's argument that select or shape what is read back, never written. */
const READ_KEYS = new Set(['where', 'select', 'include', 'orderBy', 'omit'])

function sourceFiles(): string[] {
  const files: string[] = []
  const walk = (relative: string) => {
    const full = path.join(ROOT, relative)
    if (!fs.existsSync(full)) return
    if (fs.statSync(full).isDirectory()) {
      for (const entry of fs.readdirSync(full)) walk(path.join(relative, entry))
    } else if (/\.(ts|tsx)$/.test(relative) && !SKIPPED.test(relative)) files.push(relative.split(path.sep).join('/'))
  }
  for (const entry of SCANNED) walk(entry)
  return files
}

type Finding = { file: string; line: number; text: string }

/** The status writes of one file's source. */
export function statusWrites(file: string, source: string): Finding[] {
  const sf = ts.createSourceFile(
    file,
    source,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  )
  const found: Finding[] = []
  const report = (node: ts.Node) => {
    const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf))
    found.push({ file, line: line + 1, text: node.getText(sf).split('\n')[0]!.slice(0, 120) })
  }
  /** A `status` key anywhere inside the data of a write call (data, create, update, createMany arrays). */
  const statusKeys = (node: ts.Node) => {
    if ((ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) && node.name.getText(sf) === 'status')
      report(node)
    if (ts.isPropertyAssignment(node) && READ_KEYS.has(node.name.getText(sf))) return
    ts.forEachChild(node, statusKeys)
  }
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      WRITE_METHODS.has(node.expression.name.text)
    ) {
      const delegate = node.expression.expression
      const model = ts.isPropertyAccessExpression(delegate) ? delegate.name.text : ''
      if (!infrastructure(model)) for (const argument of node.arguments) statusKeys(argument)
    }
    if (ts.isTaggedTemplateExpression(node)) {
      const raw = RAW_STATUS_WRITE.exec(node.template.getText(sf))
      if (raw && !infrastructure(raw[1] ?? raw[2] ?? '')) report(node)
    }
    ts.forEachChild(node, visit)
  }
  visit(sf)
  return found
}

describe('status columns', () => {
  test('are written only by the engine and the machine tables', () => {
    const files = sourceFiles()
    expect(files.length).toBeGreaterThan(100)
    const outside = files
      .filter((file) => !MACHINE_FILE.test(file))
      .flatMap((file) => statusWrites(file, fs.readFileSync(path.join(ROOT, file), 'utf8')))
      .map((f) => `${f.file}:${f.line} ${f.text}`)
    expect(outside).toEqual([])
  })

  test('the check finds writes spread over lines, in nested data and in raw SQL, and ignores reads', () => {
    const source = `
      await tx.announcement.update({
        where: { id, status: 'DRAFT' },
        data: {
          title,
          status:
            'PUBLISHED',
        },
      })
      await tx.bid.createMany({ data: [{ id, status }] })
      await tx.objection.findMany({ where: { status: 'OPEN' } })
      await tx.$executeRaw\`UPDATE Bid SET valid = 1, status = 'WITHDRAWN' WHERE id = \${id}\`
      await tx.$queryRaw\`SELECT id FROM Bid WHERE status = 'ACTIVE'\`
      await tx.emailOutbox.update({ where: { id }, data: { status: 'SENT' } })
      await tx.$executeRaw\`UPDATE EmailOutbox SET status = 'SENT' WHERE id = \${id}\`
      await tx.announcement.create({ data: { title }, select: { status: true } })
    `
    expect(statusWrites('example.ts', source).map((f) => f.line)).toEqual([6, 10, 12])
  })

  test('the machines are where the rule says they are', () => {
    const machines = sourceFiles().filter((file) => MACHINE_FILE.test(file))
    expect(machines).toEqual(
      expect.arrayContaining([
        'app/domain/engine/engine.server.ts',
        'app/domain/announcements/machine.server.ts',
        'app/domain/bidding/machine.server.ts',
        'app/domain/award/objection-machine.server.ts',
      ]),
    )
  })
})
