// The test clock of API.md: only with ENABLE_TEST_CLOCK=1 (which the server refuses in production).
import { moveTestClock, now, testClockEnabled } from '#app/domain/clock/clock.server.ts'
import { runDueTransitions } from '#app/domain/deadlines/deadlines.server.ts'
import { apiRoute, jsonResponse, method, problem, ProblemResponse } from '#app/utils/api.server.ts'
import { z } from '#app/utils/zod.ts'
import { Instant } from '#app/utils/api-schemas.ts'

const MoveClock = z
  .strictObject({ advanceBy: z.string().min(1).optional(), now: z.iso.datetime({ offset: true }).optional() })
  .refine((b) => (b.advanceBy === undefined) !== (b.now === undefined), { message: '请提供 advanceBy 或 now 其中之一' })

function requireTestClock() {
  if (!testClockEnabled()) throw new ProblemResponse(problem(404, '测试时钟未启用'))
}

const route = apiRoute(
  {
    GET: method({
      responses: { 200: z.object({ now: Instant }) },
      summary: '测试时钟的当前时间（仅测试环境）',
      handler: async () => {
        requireTestClock()
        return jsonResponse({ now: now().toISOString() })
      },
    }),
    POST: method({
      responses: { 200: z.object({ now: Instant }) },
      summary: '拨快测试时钟并办理到期事项（仅测试环境）',
      body: MoveClock,
      handler: async ({ body }) => {
        requireTestClock()
        const moved = await moveTestClock(body)
        // Every deadline that became due is applied before the clock answers.
        await runDueTransitions({ waitForLocked: true })
        return jsonResponse({ now: moved.toISOString() })
      },
    }),
  },
  { path: '/api/v1/test/clock', tag: 'test' },
)
export const loader = route.loader
export const action = route.action
