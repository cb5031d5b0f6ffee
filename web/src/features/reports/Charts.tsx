// Hand-made SVG charts: a few hundred bytes of code instead of a chart library, loaded only with
// the report pages. Each chart is an image with a text alternative; the table beside it holds the
// same numbers for anyone who would rather read.

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { top: 12, right: 12, bottom: 40, left: 40 };

export interface ChartSeries {
  name: string;
  values: readonly number[];
  /** A CSS class giving the series its colour (fill for bars, stroke for lines). */
  className: string;
}

function niceMax(values: readonly number[]): number {
  const max = Math.max(1, ...values);
  const magnitude = 10 ** Math.floor(Math.log10(max));
  return Math.ceil(max / magnitude) * magnitude;
}

function Axes({ max, labels, step }: { max: number; labels: readonly string[]; step: number }) {
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const ticks = [0, max / 2, max];
  // Every label when they fit, else every n-th.
  const every = Math.max(1, Math.ceil(labels.length / 12));
  return (
    <g className="chart-axes">
      {ticks.map((tick) => {
        const y = PAD.top + plotHeight - (tick / max) * plotHeight;
        return (
          <g key={tick}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y} y2={y} className="chart-grid" />
            <text x={PAD.left - 6} y={y + 4} textAnchor="end">
              {Number.isInteger(tick) ? tick : tick.toFixed(1)}
            </text>
          </g>
        );
      })}
      {labels.map((label, i) =>
        i % every === 0 ? (
          <text key={label} x={PAD.left + step * (i + 0.5)} y={HEIGHT - PAD.bottom + 16} textAnchor="middle">
            {label}
          </text>
        ) : null,
      )}
    </g>
  );
}

function Legend({ series }: { series: readonly ChartSeries[] }) {
  return (
    <g className="chart-legend">
      {series.map((s, i) => (
        <g key={s.name} transform={`translate(${PAD.left + i * 170}, ${HEIGHT - 10})`}>
          <rect width="10" height="10" y="-9" className={s.className} />
          <text x="14">{s.name}</text>
        </g>
      ))}
    </g>
  );
}

/** Bars side by side per label, one colour per series. */
export function BarChart({ title, labels, series }: { title: string; labels: readonly string[]; series: readonly ChartSeries[] }) {
  const max = niceMax(series.flatMap((s) => s.values));
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const step = (WIDTH - PAD.left - PAD.right) / Math.max(1, labels.length);
  const barWidth = (step * 0.8) / series.length;
  return (
    <svg className="chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title}>
      <title>{title}</title>
      <Axes max={max} labels={labels} step={step} />
      {series.map((s, si) =>
        s.values.map((v, i) => {
          const h = (v / max) * plotHeight;
          return (
            <rect
              key={`${s.name}-${labels[i]}`}
              className={s.className}
              x={PAD.left + step * i + step * 0.1 + barWidth * si}
              y={PAD.top + plotHeight - h}
              width={barWidth}
              height={h}
            />
          );
        }),
      )}
      <Legend series={series} />
    </svg>
  );
}

/** Lines through each label's value, one per series. */
export function LineChart({ title, labels, series }: { title: string; labels: readonly string[]; series: readonly ChartSeries[] }) {
  const max = niceMax(series.flatMap((s) => s.values));
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const step = (WIDTH - PAD.left - PAD.right) / Math.max(1, labels.length);
  return (
    <svg className="chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title}>
      <title>{title}</title>
      <Axes max={max} labels={labels} step={step} />
      {series.map((s) => (
        <polyline
          key={s.name}
          className={`chart-line ${s.className}`}
          fill="none"
          points={s.values.map((v, i) => `${PAD.left + step * (i + 0.5)},${PAD.top + plotHeight - (v / max) * plotHeight}`).join(' ')}
        />
      ))}
      <Legend series={series} />
    </svg>
  );
}
