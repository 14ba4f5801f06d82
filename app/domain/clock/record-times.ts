// Record timestamps from the application clock. schema.prisma's `createdAt @default(now())` and
// `updatedAt @updatedAt` would be filled by Prisma (or the database) from the system clock, so under
// the test clock a bid's submittedAt would predate the announcement's publication. The Prisma client
// of app/db.server.ts is extended with `recordTimesExtension`: every create, createMany, update,
// updateMany and upsert, top-level or nested in another write, gets the missing createdAt/updatedAt
// of its model from now(), so nobody has to remember it. A value the caller gives is kept.
//
// Which models have the fields is read from the generated client's data model (fields named
// createdAt / updatedAt of type DateTime); record-times.test.ts checks against schema.prisma that
// exactly those fields carry @default(now()) / @updatedAt. Raw SQL that stores a time passes now()
// itself (audit.server.ts, tokens.server.ts).
import { Prisma } from '#app/generated/prisma/client.ts'

/** The part of Prisma's runtime data model read here. */
export type RuntimeDataModel = {
  models: Record<string, { fields: ReadonlyArray<{ name: string; kind: string; type: string }> }>
}

type ModelPlan = {
  createdAt: boolean
  updatedAt: boolean
  /** relation field → the related model */
  relations: Record<string, string>
  fieldNames: ReadonlySet<string>
}

/** Per model: which record-time fields it has and where nested writes may go. */
export type RecordTimesPlan = Record<string, ModelPlan>

export function recordTimesPlan(dataModel: RuntimeDataModel): RecordTimesPlan {
  const plan: RecordTimesPlan = {}
  for (const [name, { fields }] of Object.entries(dataModel.models)) {
    const isTime = (field: string) => fields.some((f) => f.name === field && f.kind === 'scalar' && f.type === 'DateTime')
    plan[name] = {
      createdAt: isTime('createdAt'),
      updatedAt: isTime('updatedAt'),
      relations: Object.fromEntries(fields.filter((f) => f.kind === 'object').map((f) => [f.name, f.type])),
      fieldNames: new Set(fields.map((f) => f.name)),
    }
  }
  return plan
}

type Data = Record<string, unknown>

const isData = (value: unknown): value is Data =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)

/** Applies `f` to a value or to each element of a list (Prisma accepts both in most places). */
const each = (value: unknown, f: (item: unknown) => unknown) => (Array.isArray(value) ? value.map(f) : f(value))

class Stamper {
  constructor(
    private readonly plan: RecordTimesPlan,
    private readonly at: Date,
  ) {}

  create(model: string, data: unknown): unknown {
    const p = this.plan[model]
    if (!p || !isData(data)) return data
    const out: Data = { ...data }
    if (p.createdAt && out.createdAt === undefined) out.createdAt = this.at
    if (p.updatedAt && out.updatedAt === undefined) out.updatedAt = this.at
    return this.nested(p, out)
  }

  update(model: string, data: unknown): unknown {
    const p = this.plan[model]
    if (!p || !isData(data)) return data
    const out: Data = { ...data }
    if (p.updatedAt && out.updatedAt === undefined) out.updatedAt = this.at
    return this.nested(p, out)
  }

  /** The nested writes of relation fields: create, createMany, connectOrCreate, upsert, update, updateMany. */
  private nested(p: ModelPlan, out: Data): Data {
    for (const [field, target] of Object.entries(p.relations)) {
      const ops = out[field]
      if (isData(ops)) out[field] = this.relationWrites(target, ops)
    }
    return out
  }

  private relationWrites(target: string, ops: Data): Data {
    const out: Data = { ...ops }
    const create = (d: unknown) => this.create(target, d)
    const update = (d: unknown) => this.update(target, d)
    const withData = (u: unknown) => (isData(u) ? { ...u, data: update(u.data) } : u)
    if ('create' in out) out.create = each(out.create, create)
    if (isData(out.createMany)) out.createMany = { ...out.createMany, data: each(out.createMany.data, create) }
    if ('connectOrCreate' in out) {
      out.connectOrCreate = each(out.connectOrCreate, (c) => (isData(c) ? { ...c, create: create(c.create) } : c))
    }
    if ('upsert' in out) {
      out.upsert = each(out.upsert, (u) => (isData(u) ? { ...u, create: create(u.create), update: update(u.update) } : u))
    }
    if ('update' in out) {
      // To-many: { where, data } (or a list of them). To-one: the data itself, or { where?, data }.
      const wrapped = (u: unknown) =>
        isData(u) && 'data' in u && Object.keys(u).every((k) => k === 'where' || k === 'data') && !this.plan[target]?.fieldNames.has('data')
      out.update = each(out.update, (u) => (wrapped(u) ? withData(u) : update(u)))
    }
    if ('updateMany' in out) out.updateMany = each(out.updateMany, withData)
    return out
  }
}

const CREATES = new Set(['create', 'createMany', 'createManyAndReturn'])
const UPDATES = new Set(['update', 'updateMany', 'updateManyAndReturn'])

/** The arguments of one model operation with its record times filled in (a copy; `args` is not changed). */
export function stampRecordTimes(plan: RecordTimesPlan, model: string, operation: string, args: unknown, at: () => Date): unknown {
  if (!isData(args)) return args
  if (CREATES.has(operation)) {
    const stamper = new Stamper(plan, at())
    return { ...args, data: each(args.data, (d) => stamper.create(model, d)) }
  }
  if (UPDATES.has(operation)) return { ...args, data: new Stamper(plan, at()).update(model, args.data) }
  if (operation === 'upsert') {
    const stamper = new Stamper(plan, at())
    return { ...args, create: stamper.create(model, args.create), update: stamper.update(model, args.update) }
  }
  return args
}

/** The Prisma client extension that stamps every write with `clock()` (the application clock). */
export function recordTimesExtension(dataModel: RuntimeDataModel, clock: () => Date) {
  const plan = recordTimesPlan(dataModel)
  return Prisma.defineExtension({
    name: 'record-times',
    query: {
      $allModels: {
        $allOperations({ model, operation, args, query }) {
          return query(stampRecordTimes(plan, model, operation, args, clock) as typeof args)
        },
      },
    },
  })
}
