import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ErrorPage } from '#app/components/error-page.tsx'
import { inputClass } from '#app/components/form-fields.tsx'
import {
  BlacklistedBadge,
  CreditLevelBadge,
  SuspendedBadge,
  VerifiedQualificationBadge,
} from '#app/components/intermediary-badges.tsx'
import { Pagination } from '#app/components/pagination.tsx'
import { RegionFilter } from '#app/components/region-filter.tsx'
import { filterLabelClass, SearchForm, ServiceItemFilter } from '#app/components/search-form.tsx'
import { regionFilterChoices, resolveRegionFilter } from '#app/domain/accounts/region-choices.server.ts'
import { DIRECTORY_SORTS, DirectoryPageQuery, SORT_LABELS } from '#app/domain/intermediaries/directory-query.ts'
import { directoryFilterOptions, searchDirectory } from '#app/domain/intermediaries/directory.server.ts'
import { parseSearchParams } from '#app/utils/web.server.ts'

export const meta: MetaFunction = () => [{ title: '中介机构名录 — 中介服务网上超市' }]

const CREDIT_CHOICES: Array<[string, string]> = [
  ['A', 'A 级'],
  ['A,B', 'B 级及以上'],
  ['A,B,C', 'C 级及以上'],
  ['B', 'B 级'],
  ['C', 'C 级'],
  ['D', 'D 级'],
]

export async function loader({ request }: LoaderFunctionArgs) {
  const { province: chosenProvince, ...query } = parseSearchParams(request, DirectoryPageQuery)
  const { province, regionCode } = resolveRegionFilter(chosenProvince, query.regionCode)
  const [results, fields, regions] = await Promise.all([
    searchDirectory({ ...query, regionCode }),
    directoryFilterOptions(),
    regionFilterChoices(province),
  ])
  return {
    results,
    fields,
    regions,
    filters: {
      q: query.q ?? '',
      serviceItem: query.serviceItem?.join(',') ?? '',
      field: query.field ?? '',
      regionCode: regionCode ?? '',
      province: province ?? '',
      creditLevel: query.creditLevel?.join(',') ?? '',
      verified: query.verified === true,
      excludeBlacklisted: query.blacklisted === false,
      excludeSuspended: query.suspended === false,
      sort: query.sort ?? 'relevance',
    },
  }
}

export default function IntermediariesPage() {
  const { results, fields, regions, filters } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold text-slate-900">中介机构名录</h1>
        <p className="mt-1 text-sm text-slate-600">
          中介机构零门槛、零限制入驻，注册即公开展示。可按服务事项、地区、信用等级查找；资质为“自主申报”的，以主管部门核验结果为准。
        </p>
      </div>

      <SearchForm
        idPrefix="directory"
        testId="directory-filters"
        label="搜索中介机构"
        placeholder="机构名称、简称、统一社会信用代码或服务关键词，如“环评”“水保”"
        q={filters.q}
      >
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <ServiceItemFilter
            id="directory-service-item"
            label="服务事项"
            fields={fields}
            defaultValue={filters.serviceItem}
          />
          <div>
            <label htmlFor="directory-field" className={filterLabelClass}>
              领域
            </label>
            <select id="directory-field" name="field" defaultValue={filters.field} className={inputClass}>
              <option value="">全部领域</option>
              {fields.map((field) => (
                <option key={field.code} value={field.code}>
                  {field.name}
                </option>
              ))}
            </select>
          </div>
          <RegionFilter
            idPrefix="directory"
            regionLabel="地区（市级含所辖区县）"
            regions={regions}
            province={filters.province}
            regionCode={filters.regionCode}
          />
          <div>
            <label htmlFor="directory-credit" className={filterLabelClass}>
              信用等级
            </label>
            <select id="directory-credit" name="creditLevel" defaultValue={filters.creditLevel} className={inputClass}>
              <option value="">不限</option>
              {CREDIT_CHOICES.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="directory-sort" className={filterLabelClass}>
              排序
            </label>
            <select id="directory-sort" name="sort" defaultValue={filters.sort} className={inputClass}>
              {DIRECTORY_SORTS.map((sort) => (
                <option key={sort} value={sort}>
                  {SORT_LABELS[sort]}
                </option>
              ))}
            </select>
          </div>
          <fieldset className="flex flex-col justify-end gap-1 text-sm sm:col-span-2">
            <legend className="sr-only">其他条件</legend>
            <label className="flex items-center gap-2">
              <input type="checkbox" name="verified" value="true" defaultChecked={filters.verified} />
              仅显示资质已核验的机构
            </label>
            <label className="flex items-center gap-2">
              <input type="checkbox" name="blacklisted" value="false" defaultChecked={filters.excludeBlacklisted} />
              排除黑名单机构
            </label>
            <label className="flex items-center gap-2">
              <input type="checkbox" name="suspended" value="false" defaultChecked={filters.excludeSuspended} />
              排除已暂停的机构
            </label>
          </fieldset>
        </div>
        <div className="flex items-center gap-3 text-sm">
          <button type="submit" className="rounded border border-blue-700 px-3 py-1.5 text-blue-800 hover:bg-blue-50">
            应用筛选
          </button>
          <Link to="/intermediaries" className="text-slate-600 hover:underline">
            清除条件
          </Link>
        </div>
      </SearchForm>

      {results.searchUnavailable ? (
        <p role="status" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-testid="directory-fallback">
          搜索服务暂时不可用，以下结果直接查询数据库得出
          {results.searchUnavailable.complete ? '' : '，仅包含最新入驻的部分机构'}
          ，排序可能与平时略有不同。请稍后再试。
        </p>
      ) : null}

      <p className="text-sm text-slate-600" data-testid="directory-total">
        共找到 {results.total} 家中介机构
      </p>

      {results.items.length === 0 ? (
        <p className="rounded bg-white p-6 text-slate-600 shadow-sm" data-testid="directory-results">
          没有找到符合条件的中介机构。可以换个关键词，或放宽筛选条件。
        </p>
      ) : (
        <ul className="space-y-3" data-testid="directory-results">
          {results.items.map((item) => (
            <li key={item.id} className="rounded-lg bg-white p-4 shadow-sm" data-testid={`directory-item-${item.id}`}>
              <div className="flex flex-wrap items-center gap-2">
                <Link to={`/intermediaries/${item.id}`} className="text-lg font-medium text-blue-800 hover:underline">
                  {item.name}
                </Link>
                {item.shortName ? <span className="text-sm text-slate-500">（{item.shortName}）</span> : null}
                <CreditLevelBadge level={item.creditLevel} score={item.creditScore} />
                {item.hasVerifiedQualification ? <VerifiedQualificationBadge /> : null}
                {item.suspended ? <SuspendedBadge /> : null}
                {item.blacklisted ? <BlacklistedBadge /> : null}
              </div>
              <p className="mt-1 text-sm text-slate-600">
                {item.regionName}
                {item.ratingAverage !== null ? ` · 服务评价 ${item.ratingAverage.toFixed(1)} 分` : ' · 暂无服务评价'}
              </p>
              {item.serviceItems.length > 0 ? (
                <ul className="mt-2 flex flex-wrap gap-1.5 text-xs" aria-label="服务事项">
                  {item.serviceItems.map((service) => (
                    <li key={service.code} className="rounded bg-blue-50 px-2 py-0.5 text-blue-900">
                      {service.name}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="mt-2 text-xs text-slate-500">尚未选择服务事项</p>
              )}
              {item.commitments.length > 0 ? (
                <ul className="mt-2 space-y-0.5 text-xs text-slate-600" aria-label="服务承诺">
                  {item.commitments.slice(0, 3).map((commitment) => (
                    <li key={commitment.serviceItemCode}>
                      承诺：{commitment.serviceItemName} {commitment.promisedDays} 个工作日完成；收费{' '}
                      {commitment.feeStandard}
                    </li>
                  ))}
                  {item.commitments.length > 3 ? (
                    <li>另有 {item.commitments.length - 3} 项服务承诺，详见机构主页</li>
                  ) : null}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <Pagination page={results.page} pageSize={results.pageSize} total={results.total} />
    </div>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
