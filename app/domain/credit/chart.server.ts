// The credit score's history as a chart, rendered on the server to SVG with Apache ECharts (its SSR
// mode, no DOM, no JavaScript in the page), so that the profile and credit pages show it without
// scripts. The series is a step line from the base score through each change to now, with the level
// boundaries (90 / 75 / 60) marked. The page shows the same points as a table beside it.
import type * as EchartsCore from 'echarts/core'
import type { ScorePoint } from '#app/domain/credit/standing.server.ts'
import { BASE_CREDIT_SCORE, MAX_CREDIT_SCORE, MIN_CREDIT_SCORE } from '#app/domain/credit/level.ts'

type Echarts = typeof EchartsCore

let loaded: Promise<Echarts> | undefined

/** ECharts with only the parts the chart uses, loaded once on first use. */
function echarts(): Promise<Echarts> {
  loaded ??= (async () => {
    const [core, charts, components, renderers] = await Promise.all([
      import('echarts/core'),
      import('echarts/charts'),
      import('echarts/components'),
      import('echarts/renderers'),
    ])
    core.use([charts.LineChart, components.GridComponent, components.MarkLineComponent, renderers.SVGRenderer])
    return core
  })()
  return loaded
}

const BEIJING_OFFSET_MS = 8 * 3600_000
const LEAD_MS = 30 * 86_400_000

/**
 * The chart's points: the base score a month before the first change, each change, and the score
 * now. Instants are shifted to Beijing wall-clock time and the chart reads them as UTC, so that the
 * axis shows Beijing dates whatever the server's time zone.
 */
export function chartPoints(history: readonly ScorePoint[], at: Date): Array<[number, number]> {
  if (history.length === 0) return []
  const wall = (ms: number) => ms + BEIJING_OFFSET_MS
  const first = new Date(history[0]!.at).getTime()
  const points: Array<[number, number]> = [[wall(first - LEAD_MS), BASE_CREDIT_SCORE]]
  for (const p of history) points.push([wall(new Date(p.at).getTime()), p.score])
  points.push([wall(at.getTime()), history[history.length - 1]!.score])
  return points
}

/** The SVG of the score history (null when the score never changed). */
export async function scoreChartSvg(history: readonly ScorePoint[], at: Date): Promise<string | null> {
  const points = chartPoints(history, at)
  if (points.length === 0) return null
  const core = await echarts()
  const chart = core.init(null, null, { renderer: 'svg', ssr: true, width: 640, height: 260 })
  try {
    chart.setOption({
      animation: false,
      useUTC: true,
      grid: { left: 48, right: 24, top: 20, bottom: 36 },
      xAxis: { type: 'time', axisLabel: { hideOverlap: true, formatter: '{yyyy}-{MM}-{dd}' } },
      yAxis: { type: 'value', min: MIN_CREDIT_SCORE, max: MAX_CREDIT_SCORE, interval: 20 },
      series: [
        {
          type: 'line',
          step: 'end',
          showSymbol: true,
          symbolSize: 6,
          lineStyle: { width: 2, color: '#1d4ed8' },
          itemStyle: { color: '#1d4ed8' },
          data: points,
          markLine: {
            silent: true,
            symbol: 'none',
            label: { formatter: '{b}', position: 'insideEndTop', fontSize: 10 },
            lineStyle: { type: 'dashed', color: '#94a3b8' },
            data: [
              { name: 'A 级 90', yAxis: 90 },
              { name: 'B 级 75', yAxis: 75 },
              { name: 'C 级 60', yAxis: 60 },
            ],
          },
        },
      ],
    })
    return chart.renderToSVGString()
  } finally {
    chart.dispose()
  }
}
