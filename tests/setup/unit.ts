// Every test file: msw closed to the outside world, and console.error fails the test unless the
// test replaces it (vi.spyOn(console, 'error').mockImplementation(...)).
import { afterAll, afterEach, beforeAll } from 'vitest'
import { mockServer } from '#tests/mocks/server.ts'

beforeAll(() => mockServer.listen({ onUnhandledRequest: 'error' }))
afterEach(() => mockServer.resetHandlers())
afterAll(() => mockServer.close())

const originalError = console.error
console.error = (...args: unknown[]) => {
  originalError(...args)
  throw new Error(`console.error was called: ${args.map(String).join(' ').slice(0, 500)}`)
}
