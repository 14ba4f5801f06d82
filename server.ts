// The HTTP server: static assets, a request id per request, access logs, security headers, the
// /api route modules called directly (app/utils/api-router.server.ts), then Remix. Closes cleanly on SIGTERM/SIGINT (remix-serve does not once a database pool is open).
import crypto from 'node:crypto'
import path from 'node:path'
import type { Server } from 'node:http'
import { fileURLToPath } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import express from 'express'
import { apiRouter } from '#app/utils/api-router.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { requestContext } from '#app/utils/request-context.server.ts'

const root = path.dirname(fileURLToPath(import.meta.url))

export async function createApp(): Promise<express.Express> {
  const buildPath = path.join(root, 'build', 'index.js')
  const build = (await import(buildPath)) as ServerBuild
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', 'loopback')
  app.use('/build', express.static(path.join(root, 'public', 'build'), { immutable: true, maxAge: '1y' }))
  app.use(express.static(path.join(root, 'public'), { maxAge: '1h' }))
  app.use((req, res, next) => {
    const given = req.get('X-Request-Id')
    const requestId = given && /^[\w.-]{1,64}$/.test(given) ? given : crypto.randomUUID()
    const started = process.hrtime.bigint()
    res.setHeader('X-Request-Id', requestId)
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('X-Frame-Options', 'DENY')
    res.setHeader('Referrer-Policy', 'same-origin')
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      logger.info({ requestId, method: req.method, url: req.originalUrl, status: res.statusCode, ms: Math.round(ms) }, 'request')
    })
    requestContext.run({ requestId }, next)
  })
  // A page form posted from another site is refused here with a clear 403 (Remix would answer 500).
  app.use((req, res, next) => {
    const origin = req.get('Origin')
    if (req.method === 'GET' || req.method === 'HEAD' || !origin || origin === 'null' || req.path.startsWith('/api/')) {
      return next()
    }
    let sameSite = false
    try {
      sameSite = new URL(origin).host === req.get('Host')
    } catch {
      sameSite = false
    }
    if (sameSite) return next()
    res.status(403).type('text/plain; charset=utf-8').send('请求来源不受信任：请从本站页面提交表单。')
  })
  app.all('/api/*', apiRouter(build))
  app.all('*', createRequestHandler({ build, mode: process.env.NODE_ENV }))
  return app
}

export async function listen(port: number, onClose: () => Promise<void>): Promise<Server> {
  const app = await createApp()
  const server = app.listen(port, () => logger.info(`zjcs serving on http://localhost:${port}`))
  let closing = false
  const shutdown = (signal: string) => {
    if (closing) return
    closing = true
    logger.info({ signal }, 'shutting down')
    server.close(() => {
      void onClose().finally(() => process.exit(0))
    })
    server.closeAllConnections?.()
    setTimeout(() => process.exit(1), 10_000).unref()
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
  return server
}
