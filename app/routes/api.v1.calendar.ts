// GET /api/v1/calendar?year= — public: the working-day calendar of a year in China (default: the
// current one): every date with whether it is a working day, why (official arrangement from the
// chinese-days package, a day the platform recorded, a weekend or a weekday) and the holiday's name.
// Service time limits (serviceDays) are counted in these working days.
import { calendarOfYear, CalendarYearQuery, currentChinaYear } from '#app/domain/clock/calendar.server.ts'
import { CalendarYearAnswer } from '#app/domain/catalogue/responses.ts'
import { apiRoute, jsonResponse, method, parseQuery } from '#app/utils/api.server.ts'

const route = apiRoute(
  {
    GET: method({
      summary: '某年的工作日日历（法定节假日、调休上班日、周末）',
      query: CalendarYearQuery,
      responses: { 200: CalendarYearAnswer },
      handler: async ({ url }) => {
        const { year } = parseQuery(url, CalendarYearQuery)
        return jsonResponse(await calendarOfYear(year ?? currentChinaYear()))
      },
    }),
  },
  { path: '/api/v1/calendar', tag: 'catalogue' },
)
export const loader = route.loader
export const action = route.action
