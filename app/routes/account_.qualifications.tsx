// /account/qualifications — an intermediary's qualification certificates with their status
// (自主申报 / 已核验 / 已驳回 / 已过期), a form to declare one with its scan (multipart upload, PDF/JPG/PNG
// by content, ≤ 10 MiB) and a form per row to upload or replace the scan.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { CsrfInput } from '#app/components/csrf-input.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import { ErrorList, Field, FormErrors, inputClass } from '#app/components/form-fields.tsx'
import { requireWebActor } from '#app/domain/accounts/session.server.ts'
import { formatBeijingDate, formatBeijingTime } from '#app/domain/clock/china-time.ts'
import { listQualificationTypes } from '#app/domain/catalogue/catalogue.server.ts'
import {
  attachScan,
  checkScan,
  createQualification,
  listOwnQualifications,
} from '#app/domain/intermediaries/qualifications.server.ts'
import { answerFor } from '#app/utils/form-answer.ts'
import { MAX_SCAN_BYTES } from '#app/utils/file-type.ts'
import { formAnswer, readCheckedForm, runFormAction, uploadedFileOf } from '#app/utils/forms.server.ts'
import {
  QUALIFICATION_STATUS_CLASSES,
  QUALIFICATION_STATUS_LABELS,
} from '#app/utils/intermediary-labels.ts'
import { orErrorPage } from '#app/utils/web.server.ts'

export const meta: MetaFunction = () => [{ title: '资质管理 — 中介服务网上超市' }]

const TEXT_FIELDS = ['typeCode', 'level', 'certificateNo', 'issuer', 'validFrom', 'validTo'] as const

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireWebActor(request)
  const qualifications = await orErrorPage(listOwnQualifications(actor))
  return { qualifications, types: await listQualificationTypes() }
}

export async function action({ request }: ActionFunctionArgs) {
  if (Number(request.headers.get('Content-Length') ?? 0) > MAX_SCAN_BYTES + 64 * 1024) {
    return formAnswer('upload', '扫描件不得超过 10 MiB', { file: ['文件过大，不得超过 10 MiB'] }, 413)
  }
  const formData = await readCheckedForm(request)
  const actor = await requireWebActor(request)
  const intent = String(formData.get('intent') ?? '')
  const file = await uploadedFileOf(formData)
  if (intent === 'create') {
    const input = Object.fromEntries(TEXT_FIELDS.map((name) => [name, String(formData.get(name) ?? '')]))
    const failed = await runFormAction('create', async () => {
      if (file) checkScan(file)
      const created = await createQualification(actor, input as Record<(typeof TEXT_FIELDS)[number], string>)
      if (file) await attachScan(actor, created.id, file)
    })
    return failed ?? redirect('/account/qualifications?saved=1')
  }
  if (intent === 'scan') {
    const id = String(formData.get('qualificationId') ?? '')
    if (!file) return formAnswer(`scan-${id}`, '请选择扫描件文件', { file: ['请选择文件'] })
    return (
      (await runFormAction(`scan-${id}`, () => attachScan(actor, id, file))) ??
      redirect('/account/qualifications?saved=1')
    )
  }
  throw new Response('未知的操作', { status: 400 })
}

export default function QualificationsPage() {
  const { qualifications, types } = useLoaderData<typeof loader>()
  const actionData = useActionData()
  const create = answerFor(actionData, 'create') ?? answerFor(actionData, 'upload')
  const errors = create?.fieldErrors ?? {}
  const [searchParams] = useSearchParams()
  return (
    <div className="space-y-6">
      <nav className="text-sm text-slate-500">
        <Link to="/account/entry" className="hover:underline">
          入驻信息
        </Link>{' '}
        / 资质
      </nav>
      <h1 className="text-2xl font-bold text-slate-900">资质管理</h1>
      <p className="text-sm text-slate-600">
        申报的资质在机构展示页显示为“自主申报”，经行业主管部门或平台管理员核验后显示为“已核验”。过期资质不再计入报名资格，系统将在到期前
        30 日提醒。
      </p>
      {searchParams.get('saved') ? (
        <p role="status" className="rounded bg-green-50 p-3 text-sm text-green-800">
          已保存。
        </p>
      ) : null}

      {qualifications.length === 0 ? (
        <p className="text-sm text-slate-500" data-testid="qualifications-empty">
          尚未申报资质。
        </p>
      ) : (
        <ul className="space-y-3" data-testid="qualifications-list">
          {qualifications.map((q) => {
            const scanAnswer = answerFor(actionData, `scan-${q.id}`)
            return (
              <li key={q.id} className="rounded-lg bg-white p-4 shadow-sm" data-testid={`qualification-${q.id}`}>
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <h2 className="font-semibold text-slate-900">
                    {q.typeName}（{q.level}）
                    <span
                      className={`ml-2 rounded px-1.5 py-0.5 text-xs ${QUALIFICATION_STATUS_CLASSES[q.displayStatus]}`}
                      data-testid="qualification-status"
                    >
                      {QUALIFICATION_STATUS_LABELS[q.displayStatus]}
                    </span>
                  </h2>
                  <span className="text-xs text-slate-500">申报于 {formatBeijingTime(q.createdAt)}</span>
                </div>
                <p className="mt-1 text-sm text-slate-700">
                  证书编号 {q.certificateNo} · 发证机关 {q.issuer} · 有效期 {formatBeijingDate(q.validFrom)} 至 {formatBeijingDate(q.validTo)}
                </p>
                {q.review?.note ? (
                  <p className="mt-1 text-sm text-slate-600">
                    审核意见：{q.review.note}（{formatBeijingTime(q.review.at)}）
                  </p>
                ) : null}
                <div className="mt-2 flex flex-wrap items-center gap-3 text-sm">
                  {q.scan ? (
                    <a href={`/qualifications/${q.id}/scan`} className="text-blue-800 hover:underline">
                      查看扫描件（{q.scan.originalName}）
                    </a>
                  ) : (
                    <span className="text-slate-500">尚未上传扫描件</span>
                  )}
                  <Form method="post" encType="multipart/form-data" className="flex items-center gap-2">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="scan" />
                    <input type="hidden" name="qualificationId" value={q.id} />
                    <input
                      type="file"
                      name="file"
                      accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                      aria-label="扫描件"
                    />
                    <button type="submit" className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-50">
                      {q.scan ? '更换扫描件' : '上传扫描件'}
                    </button>
                  </Form>
                </div>
                <ErrorList
                  errors={scanAnswer ? [scanAnswer.message, ...(scanAnswer.fieldErrors.file ?? [])] : undefined}
                />
              </li>
            )
          })}
        </ul>
      )}

      <Form
        method="post"
        encType="multipart/form-data"
        className="grid gap-4 rounded-lg bg-white p-5 shadow-sm md:grid-cols-2"
        data-testid="qualification-form"
      >
        <CsrfInput />
        <input type="hidden" name="intent" value="create" />
        <h2 className="font-semibold text-slate-800 md:col-span-2">申报资质</h2>
        <div className="md:col-span-2">
          <FormErrors errors={create ? [create.message] : undefined} />
        </div>
        <Field label="资质类型" htmlFor="q-typeCode" required name="typeCode" errors={errors.typeCode}>
          <select id="q-typeCode" name="typeCode" className={inputClass} defaultValue="">
            <option value="">请选择</option>
            {types.map((t) => (
              <option key={t.code} value={t.code}>
                {t.name}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label="资质等级"
          htmlFor="q-level"
          required
          name="level"
          errors={errors.level}
          hint="请选择与资质类型对应的等级"
        >
          <select id="q-level" name="level" className={inputClass} defaultValue="">
            <option value="">请选择</option>
            {types.map((t) => (
              <optgroup key={t.code} label={t.name}>
                {t.levels.map((l) => (
                  <option key={`${t.code}-${l.code}`} value={l.code}>
                    {l.code}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </Field>
        <Field label="证书编号" htmlFor="q-certificateNo" required name="certificateNo" errors={errors.certificateNo}>
          <input id="q-certificateNo" name="certificateNo" className={inputClass} />
        </Field>
        <Field label="发证机关" htmlFor="q-issuer" required name="issuer" errors={errors.issuer}>
          <input id="q-issuer" name="issuer" className={inputClass} />
        </Field>
        <Field label="有效期起始日" htmlFor="q-validFrom" required name="validFrom" errors={errors.validFrom}>
          <input id="q-validFrom" name="validFrom" type="date" className={inputClass} />
        </Field>
        <Field label="有效期截止日" htmlFor="q-validTo" required name="validTo" errors={errors.validTo}>
          <input id="q-validTo" name="validTo" type="date" className={inputClass} />
        </Field>
        <div className="md:col-span-2">
          <Field
            label="证书扫描件"
            htmlFor="q-file"
            name="file"
            errors={errors.file}
            hint="PDF、JPG 或 PNG，不超过 10 MiB（按文件内容判断类型）"
          >
            <input
              id="q-file"
              name="file"
              type="file"
              accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
            />
          </Field>
        </div>
        <div className="md:col-span-2">
          <button
            type="submit"
            data-testid="qualification-submit"
            className="rounded bg-blue-700 px-4 py-2 text-white hover:bg-blue-800"
          >
            申报
          </button>
        </div>
      </Form>
    </div>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
