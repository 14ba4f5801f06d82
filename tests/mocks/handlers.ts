// Default handlers of the third-party services the product talks to. Each service's handlers live
// in their own file beside this one and are added here.
import type { RequestHandler } from 'msw'

export const handlers: RequestHandler[] = []
