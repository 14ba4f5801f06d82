import { describe, expect, test } from 'vitest'
import { AnnouncementInput } from '#app/domain/announcements/schemas.ts'
import { chinaLocalToIso, isoToChinaLocal } from '#app/domain/clock/china-time.ts'
import { amendmentInputFromForm, announcementInputFromForm, formValues } from '#app/utils/workflow-forms.ts'

const form = (fields: Record<string, string>) => {
  const data = new FormData()
  for (const [k, v] of Object.entries(fields)) data.set(k, v)
  return data
}

const base = {
  projectId: 'p1',
  approvalItemCode: 'SP-ECO-001',
  serviceItemCode: 'ZJ-ECO-001',
  title: '环境影响报告书编制',
  scope: '编制环境影响报告书',
  priceCeiling: '150000.00',
  fixedPrice: '80000.00',
  directIntermediaryId: 'firm-1',
  'weights.price': '50',
  'weights.credit': '30',
  'weights.rating': '20',
  deadline: '2026-12-01T17:00',
  serviceDays: '40',
  paymentTerms: '',
}

describe('China time in forms', () => {
  test('a datetime-local value is China time (+08:00); empty is absent; other text is left for the schema', () => {
    expect(chinaLocalToIso('2026-12-01T17:00')).toBe('2026-12-01T17:00:00+08:00')
    expect(new Date(chinaLocalToIso('2026-12-01T17:00')!).toISOString()).toBe('2026-12-01T09:00:00.000Z')
    expect(chinaLocalToIso('  ')).toBeUndefined()
    expect(chinaLocalToIso('tomorrow')).toBe('tomorrow')
    expect(isoToChinaLocal('2026-12-01T16:30:00.000Z')).toBe('2026-12-02T00:30')
  })
})

describe('the announcement form → AnnouncementInput', () => {
  test('fields of other methods are left out, numbers are numbers, and the result passes the shared schema', () => {
    const lowest = announcementInputFromForm(form({ ...base, method: 'LOWEST_PRICE' }))
    expect(lowest).toMatchObject({
      priceCeiling: '150000.00',
      fixedPrice: undefined,
      directIntermediaryId: undefined,
      weights: undefined,
      serviceDays: 40,
      paymentTerms: undefined,
    })
    expect(AnnouncementInput.safeParse(lowest).success).toBe(true)
    const score = announcementInputFromForm(form({ ...base, method: 'SCORE' }))
    expect(score.weights).toEqual({ price: 50, credit: 30, rating: 20 })
    expect(AnnouncementInput.parse(score).weights).toEqual({ price: 50, credit: 30, rating: 20, technical: 0 })
    const direct = announcementInputFromForm(form({ ...base, method: 'DIRECT' }))
    expect(direct).toMatchObject({ priceCeiling: undefined, fixedPrice: '80000.00', directIntermediaryId: 'firm-1' })
  })

  test('SCORE carries the technical weight and the checked evaluators (each once); other methods carry neither', () => {
    const data = form({ ...base, method: 'SCORE', 'weights.price': '30', 'weights.technical': '20' })
    data.append('evaluatorUserIds', 'user-1')
    data.append('evaluatorUserIds', 'user-2')
    data.append('evaluatorUserIds', 'user-1')
    const score = announcementInputFromForm(data)
    expect(score.evaluatorUserIds).toEqual(['user-1', 'user-2'])
    expect(AnnouncementInput.parse(score).weights).toEqual({ price: 30, credit: 30, rating: 20, technical: 20 })
    expect(formValues(data).evaluatorUserIds).toEqual(['user-1', 'user-2', 'user-1'])
    data.set('method', 'LOWEST_PRICE')
    expect(announcementInputFromForm(data).evaluatorUserIds).toBeUndefined()
    expect(announcementInputFromForm(form({ ...base, method: 'SCORE' })).evaluatorUserIds).toBeUndefined()
  })

  test('a service time limit that is not a number is refused by the schema with its message', () => {
    const result = AnnouncementInput.safeParse(
      announcementInputFromForm(form({ ...base, method: 'LOTTERY', serviceDays: 'abc' })),
    )
    expect(result.success).toBe(false)
    expect(result.error?.issues.find((i) => i.path[0] === 'serviceDays')?.message).toBe('请填写服务时限（工作日）')
  })
})

test('an amendment carries only the fields filled in; form values omit the CSRF token', () => {
  const data = form({
    csrf: 'secret',
    reason: '调整限价',
    title: '',
    priceCeiling: '160000',
    deadline: '',
    serviceDays: '',
  })
  expect(amendmentInputFromForm(data)).toEqual({ reason: '调整限价', priceCeiling: '160000' })
  expect(formValues(data)).not.toHaveProperty('csrf')
})
