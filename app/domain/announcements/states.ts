// Facts about announcement states that pages and views share (the transitions are in machine.server.ts).
import type { AnnouncementStatus } from '#app/generated/prisma/enums.ts'

/** States in which bids have been opened (their count and prices are public). */
export const OPENED_STATES: readonly AnnouncementStatus[] = ['EVALUATING', 'PUBLICITY', 'AWARDED', 'FAILED']
