// The announcement life cycle (DESIGN §4) as data: which transition may leave which state.
import type { AnnouncementStatus } from '#app/generated/prisma/enums.ts'

export const TRANSITIONS = {
  publish: { from: ['DRAFT'], to: 'PUBLISHED' },
  amend: { from: ['PUBLISHED'], to: 'PUBLISHED' },
  cancel: { from: ['DRAFT', 'PUBLISHED', 'EVALUATING'], to: 'CANCELLED' },
  open: { from: ['PUBLISHED'], to: 'EVALUATING' },
  fail: { from: ['PUBLISHED', 'EVALUATING', 'PUBLICITY'], to: 'FAILED' },
  evaluate: { from: ['EVALUATING'], to: 'PUBLICITY' },
  reevaluate: { from: ['PUBLICITY', 'AWARDED'], to: 'PUBLICITY' },
  award: { from: ['PUBLICITY'], to: 'AWARDED' },
} as const satisfies Record<string, { from: readonly AnnouncementStatus[]; to: AnnouncementStatus }>

export type TransitionName = keyof typeof TRANSITIONS

export function canTransition(name: TransitionName, from: AnnouncementStatus): boolean {
  return (TRANSITIONS[name].from as readonly AnnouncementStatus[]).includes(from)
}

/** States in which bids have been opened (their count and prices are public). */
export const OPENED_STATES: readonly AnnouncementStatus[] = ['EVALUATING', 'PUBLICITY', 'AWARDED', 'FAILED']
