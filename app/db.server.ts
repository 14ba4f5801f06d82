// One Prisma client per process, on the MariaDB/MySQL driver adapter, extended so that every
// record's createdAt/updatedAt comes from the application clock (app/domain/clock/record-times.ts).
// (clock.server.ts imports this module too; neither uses the other while loading.)
import { PrismaMariaDb } from '@prisma/adapter-mariadb'
import { PrismaClient } from '#app/generated/prisma/client.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { recordTimesExtension, type RuntimeDataModel } from '#app/domain/clock/record-times.ts'
import { env } from '#app/env.server.ts'
import { singleton } from '#app/utils/singleton.server.ts'

export type Db = PrismaClient
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0]

const holder = singleton('prisma', () => ({ client: undefined as PrismaClient | undefined }))

function create(): PrismaClient {
  const url = env().DATABASE_URL
  if (!url) throw new Error('DATABASE_URL is not set (npm start provisions the embedded database)')
  const parsed = new URL(url)
  const adapter = new PrismaMariaDb(
    {
      host: parsed.hostname,
      port: Number(parsed.port || 3306),
      user: decodeURIComponent(parsed.username),
      password: decodeURIComponent(parsed.password),
      database: parsed.pathname.slice(1),
      connectionLimit: Number(parsed.searchParams.get('connection_limit') ?? 20),
      allowPublicKeyRetrieval: true,
    },
    {
      // One round trip per statement. The binary protocol with the adapter's default
      // prepareCacheLength 0 prepares, executes and closes every statement: three packets and about
      // twice the driver CPU per query, which made the bid path CPU-bound (tests/bench/bids.ts).
      useTextProtocol: true,
    },
  )
  // An interactive transaction waits for a pool connection as long as the pool itself would
  // (mariadb's acquireTimeout, 10 s) rather than Prisma's 2 s default, after which a burst of
  // requests — many firms bidding just before a deadline — was answered 500.
  // errorFormat "minimal" (Prisma's production default, set here for every NODE_ENV, the test clock
  // mode included): the other formats capture a stack trace on every query to point at the call
  // site, which cost about 0.05 ms per statement.
  const client = new PrismaClient({ adapter, errorFormat: 'minimal', transactionOptions: { maxWait: 10_000 } })
  // The generated client's data model (field names, kinds and relations; Prisma's version is pinned).
  const dataModel = (client as unknown as { _runtimeDataModel?: RuntimeDataModel })._runtimeDataModel
  if (!dataModel?.models) throw new Error('Prisma client has no runtime data model: record times cannot be stamped')
  // A query extension changes what the client sends, not its types: it is still a PrismaClient.
  return client.$extends(recordTimesExtension(dataModel, now)) as unknown as PrismaClient
}

export const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    holder.client ??= create()
    const client = holder.client
    const value: unknown = Reflect.get(client, property, client)
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(client) : value
  },
})

export async function disconnect() {
  const client = holder.client
  holder.client = undefined
  if (client) await client.$disconnect()
}
