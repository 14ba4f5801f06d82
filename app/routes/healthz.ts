import { prisma } from '#app/db.server.ts'
import { logger } from '#app/utils/logger.server.ts'

export async function loader() {
  try {
    await prisma.$queryRaw`SELECT 1`
    return Response.json({ status: 'ok', database: 'ok' })
  } catch (error) {
    logger.error({ err: error }, 'health check failed')
    return Response.json({ status: 'error', database: 'unreachable' }, { status: 503 })
  }
}
