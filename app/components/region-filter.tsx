// Region choices on forms and filters (the data comes from region-choices.server.ts): the options
// of one province (the province, then each city with its counties), the province switch of the
// registration and project forms, and the province + region selects of the list pages' filters.
import { Form } from '@remix-run/react'
import { inputClass } from '#app/components/form-fields.tsx'
import { filterLabelClass } from '#app/components/search-form.tsx'

type Option = { code: string; name: string }
export type RegionFilterChoices = {
  provinces: Option[]
  province: Option | null
  groups: Array<{ city: Option | null; counties: Option[] }>
}

/** The province's own option (when given) and its cities with their counties, grouped by city. */
export function RegionOptions({
  regions,
  provinceSuffix,
  citySuffix,
}: {
  regions: Pick<RegionFilterChoices, 'province' | 'groups'>
  provinceSuffix: string
  citySuffix: string
}) {
  return (
    <>
      {regions.province ? (
        <option value={regions.province.code}>
          {regions.province.name}
          {provinceSuffix}
        </option>
      ) : null}
      {regions.groups.map((group) => (
        <optgroup key={group.city?.code ?? 'direct'} label={group.city?.name ?? '省直辖县级行政区'}>
          {group.city ? (
            <option value={group.city.code}>
              {group.city.name}
              {citySuffix}
            </option>
          ) : null}
          {group.counties.map((county) => (
            <option key={county.code} value={county.code}>
              {group.city ? `${group.city.name} ${county.name}` : county.name}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  )
}

/** A GET form that reloads the page with another province, for a form's region select. */
export function ProvinceSwitch({
  label,
  regions,
}: {
  label: string
  regions: Pick<RegionFilterChoices, 'provinces' | 'province'>
}) {
  return (
    <Form
      method="get"
      className="flex flex-wrap items-end gap-2 rounded-lg bg-white p-4 text-sm shadow-sm"
      data-testid="province-switch"
    >
      <div>
        <label htmlFor="province" className="block font-medium text-slate-700">
          {label}
        </label>
        <select
          id="province"
          name="province"
          defaultValue={regions.province?.code}
          className="mt-1 rounded border border-slate-300 px-3 py-2"
        >
          {regions.provinces.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="rounded border border-blue-700 px-3 py-2 text-blue-800 hover:bg-blue-50">
        切换省份
      </button>
      <p className="w-full text-xs text-slate-500">切换省份会重新载入本页，请先选择省份再填写下方信息。</p>
    </Form>
  )
}

export function RegionFilter({
  idPrefix,
  regionLabel,
  regions,
  province,
  regionCode,
}: {
  idPrefix: string
  regionLabel: string
  regions: RegionFilterChoices
  province: string
  regionCode: string
}) {
  return (
    <>
      <div>
        <label htmlFor={`${idPrefix}-province`} className={filterLabelClass}>
          省份
        </label>
        <select
          id={`${idPrefix}-province`}
          name="province"
          defaultValue={province}
          className={inputClass}
          onChange={(event) => event.currentTarget.form?.requestSubmit()}
        >
          <option value="">全国</option>
          {regions.provinces.map((option) => (
            <option key={option.code} value={option.code}>
              {option.name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={`${idPrefix}-region`} className={filterLabelClass}>
          {regionLabel}
        </label>
        <select
          id={`${idPrefix}-region`}
          name="regionCode"
          defaultValue={regionCode}
          disabled={!regions.province}
          className={inputClass}
        >
          {regions.province ? null : <option value="">请先选择省份</option>}
          <RegionOptions regions={regions} provinceSuffix="全省" citySuffix="（全市）" />
        </select>
      </div>
    </>
  )
}
