// /admin/calendar — the working-day calendar (platform admin, manage:catalogue): per year, whether
// the chinese-days package knows the State Council's arrangement, its holidays and make-up workdays,
// and the days the platform recorded, which win over it; add and remove such days (audited).
import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { FormErrors, SelectField, SubmitButton, TextField } from '#app/components/admin-form.tsx'
import { AdminTrail, DoneNotice } from '#app/components/admin-page.tsx'
import { CsrfInput } from '#app/components/csrf-input.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import { MANAGE_CATALOGUE } from '#app/domain/catalogue/catalogue-admin.server.ts'
import {
  addCalendarDay,
  CALENDAR_YEARS,
  calendarAdminOverview,
  CalendarYearQuery,
  currentChinaYear,
  removeCalendarDay,
} from '#app/domain/clock/calendar.server.ts'
import { formatBeijingDate, formatBeijingTime } from '#app/domain/clock/china-time.ts'
import type { CalendarDayInfo } from '#app/domain/clock/working-days.ts'
import { lastResultFor } from '#app/utils/form-result.ts'
import { formReply, readCheckedForm, runForForm } from '#app/utils/forms.server.ts'
import { parseSearchParams, requireWebPermission } from '#app/utils/web.server.ts'
import { z } from '#app/utils/zod.ts'

export const meta: MetaFunction = () => [{ title: '工作日日历 — 平台管理' }]

const KIND_LABELS = { HOLIDAY: '放假', WORKDAY: '调休上班' } as const

// The form's fields; the domain parses them again with its own schema (CalendarDayInput).
const AddForm = z.object({
  date: z.string({ error: '请填写日期' }).min(1, '请填写日期'),
  kind: z.enum(['HOLIDAY', 'WORKDAY'], { error: '请选择放假或调休上班' }),
  name: z.string({ error: '请填写名称' }).min(1, '请填写名称，如“春节”'),
})
const RemoveForm = z.object({ date: z.string().min(1) })

export async function loader({ request }: LoaderFunctionArgs) {
  await requireWebPermission(request, MANAGE_CATALOGUE)
  const { year } = parseSearchParams(request, CalendarYearQuery)
  return calendarAdminOverview(year ?? currentChinaYear())
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readCheckedForm(request)
  const actor = await requireWebPermission(request, MANAGE_CATALOGUE)
  const intent = String(formData.get('intent') ?? '')
  const yearOf = (date: string) => (/^\d{4}-/.test(date) ? date.slice(0, 4) : String(currentChinaYear()))
  if (intent === 'add') {
    const submission = parseWithZod(formData, { schema: AddForm })
    if (submission.status !== 'success') return formReply(intent, submission)
    return (
      (await runForForm(intent, submission, () => addCalendarDay(actor, submission.value))) ??
      redirect(`/admin/calendar?year=${yearOf(submission.value.date)}&saved=1`)
    )
  }
  if (intent === 'remove') {
    const submission = parseWithZod(formData, { schema: RemoveForm })
    if (submission.status !== 'success') return formReply(intent, submission)
    return (
      (await runForForm(intent, submission, () => removeCalendarDay(actor, submission.value.date))) ??
      redirect(`/admin/calendar?year=${yearOf(submission.value.date)}&removed=1`)
    )
  }
  throw new Response('未知的操作', { status: 400 })
}

/** The package's days of a year by holiday: "国庆节 · 放假：10月1日、10月2日…". */
function byHoliday(days: CalendarDayInfo[]) {
  const groups = new Map<string, CalendarDayInfo[]>()
  for (const day of days) {
    const key = `${day.name ?? ''} · ${day.workday ? KIND_LABELS.WORKDAY : KIND_LABELS.HOLIDAY}`
    groups.set(key, [...(groups.get(key) ?? []), day])
  }
  return [...groups.entries()]
}

export default function AdminCalendar() {
  const { year, officialYears, officialArrangementKnown, officialDays, recorded, recordedYears } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const [form, f] = useForm({
    id: 'add-calendar-day',
    lastResult: lastResultFor(actionData, 'add'),
    defaultValue: { date: `${year}-01-01`, kind: 'HOLIDAY' },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AddForm }),
    shouldValidate: 'onBlur',
  })
  const removeReply = lastResultFor(actionData, 'remove')
  const removeErrors = removeReply?.error ? Object.values(removeReply.error).flatMap((e) => e ?? []) : []
  const firstOfficial = officialYears[0]
  const lastOfficial = officialYears[officialYears.length - 1]
  return (
    <div className="space-y-6">
      <AdminTrail here="工作日日历" />
      <h1 className="text-2xl font-bold text-slate-900">工作日日历</h1>
      <p className="text-sm text-slate-600">
        {`服务时限等按工作日计算：周一至周五为工作日，法定节假日放假、调休的周末上班。系统内置国务院办公厅公布的 ${firstOfficial}—${lastOfficial} 年放假安排；尚未收录的年份，请在国务院办公厅公布当年安排后在此录入放假日和调休上班日。平台录入的日期优先于内置安排。`}
      </p>
      <DoneNotice show={Boolean(searchParams.get('saved'))}>已保存。</DoneNotice>
      <DoneNotice show={Boolean(searchParams.get('removed'))}>已删除该日期的记录。</DoneNotice>

      <Form method="get" className="flex flex-wrap items-end gap-2">
        <label className="text-sm text-slate-700">
          <span className="mb-1 block">年份</span>
          <input
            name="year"
            type="number"
            min={CALENDAR_YEARS.min}
            max={CALENDAR_YEARS.max}
            defaultValue={year}
            className="w-28 rounded border border-slate-300 px-3 py-1.5 text-sm"
          />
        </label>
        <SubmitButton tone="secondary">查看</SubmitButton>
        {year > CALENDAR_YEARS.min ? (
          <Link to={`/admin/calendar?year=${year - 1}`} className="px-2 py-2 text-sm text-blue-800 hover:underline">
            上一年
          </Link>
        ) : null}
        {year < CALENDAR_YEARS.max ? (
          <Link to={`/admin/calendar?year=${year + 1}`} className="px-2 py-2 text-sm text-blue-800 hover:underline">
            下一年
          </Link>
        ) : null}
      </Form>
      {recordedYears.length ? (
        <p className="text-sm text-slate-600">{`已有平台录入的年份：${recordedYears.join('、')}`}</p>
      ) : null}

      <section className="rounded-lg bg-white p-6 shadow-sm" data-testid="official-arrangement">
        <h2 className="text-lg font-semibold text-slate-900">{`${year} 年内置放假安排`}</h2>
        {officialArrangementKnown ? (
          <ul className="mt-3 space-y-1 text-sm text-slate-700">
            {byHoliday(officialDays).map(([label, days]) => (
              <li key={label}>
                <span className="font-medium">{label}</span>：{days.map((d) => formatBeijingDate(d.date)).join('、')}
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-3 rounded bg-amber-50 p-3 text-sm text-amber-900">
            {`内置数据尚未收录 ${year} 年的放假安排：在录入之前，该年只按周一至周五计算工作日。`}
          </p>
        )}
      </section>

      <section className="rounded-lg bg-white p-6 shadow-sm">
        <h2 className="text-lg font-semibold text-slate-900">{`${year} 年平台录入的日期`}</h2>
        <FormErrors errors={removeErrors} />
        {recorded.length ? (
          <table className="mt-3 w-full text-left text-sm" data-testid="recorded-days">
            <thead className="text-xs text-slate-500">
              <tr>
                <th className="py-1 pr-3 font-medium">日期</th>
                <th className="py-1 pr-3 font-medium">类型</th>
                <th className="py-1 pr-3 font-medium">名称</th>
                <th className="py-1 pr-3 font-medium">录入时间</th>
                <th className="py-1 font-medium" />
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {recorded.map((day) => (
                <tr key={day.date}>
                  <td className="py-2 pr-3 whitespace-nowrap">{formatBeijingDate(day.date)}</td>
                  <td className="py-2 pr-3">{KIND_LABELS[day.kind]}</td>
                  <td className="py-2 pr-3">{day.name}</td>
                  <td className="py-2 pr-3 text-xs text-slate-500">{formatBeijingTime(day.createdAt)}</td>
                  <td className="py-2 text-right">
                    <Form method="post">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="date" value={day.date} />
                      <button type="submit" className="text-sm text-red-700 hover:underline">
                        删除
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="mt-3 text-sm text-slate-500">暂无。</p>
        )}
      </section>

      <section className="rounded-lg bg-white p-6 shadow-sm">
        <h2 className="text-lg font-semibold text-slate-900">录入放假日或调休上班日</h2>
        <Form method="post" {...getFormProps(form)} className="mt-4 grid gap-4 sm:grid-cols-3">
          <CsrfInput />
          <input type="hidden" name="intent" value="add" />
          <div className="sm:col-span-3">
            <FormErrors id={form.errorId} errors={form.errors} />
          </div>
          <TextField label="日期" meta={f.date} type="date" />
          <SelectField
            label="类型"
            meta={f.kind}
            options={[
              { value: 'HOLIDAY', label: '放假（不计工作日）' },
              { value: 'WORKDAY', label: '调休上班（计为工作日）' },
            ]}
          />
          <TextField label="名称" meta={f.name} placeholder="如 春节" />
          <div className="sm:col-span-3">
            <SubmitButton>录入</SubmitButton>
          </div>
        </Form>
      </section>
    </div>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
