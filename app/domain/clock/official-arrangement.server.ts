// The State Council's holiday arrangements (放假安排) of the years the chinese-days package knows,
// from the JSON data file the package ships and documents (dist/chinese-days.json). Its functions
// are not used: they read a date in the server's local time zone, which must not matter here.
import { createRequire } from 'node:module'
import type { OfficialArrangement } from '#app/domain/clock/working-days.ts'

export const OFFICIAL_ARRANGEMENT = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as OfficialArrangement
