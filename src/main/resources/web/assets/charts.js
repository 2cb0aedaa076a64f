// Small inline SVG line charts: no library, readable axes, a text alternative for screen readers.
import { h, s } from './common.js';

const W = 560;
const H = 190;
const PAD = { left: 52, right: 12, top: 12, bottom: 26 };

/**
 * series: [{name, points: [{t (ms), v}]}]; format turns a value into axis text.
 * Returns a figure with the chart and its legend.
 */
export function lineChart(title, series, format) {
  const all = series.flatMap((x) => x.points);
  if (all.length === 0) return h('p', { className: 'muted' }, `${title}: nothing observed in the last samples.`);
  const t0 = Math.min(...all.map((p) => p.t));
  const t1 = Math.max(...all.map((p) => p.t), t0 + 1);
  const vmax = niceMax(Math.max(...all.map((p) => p.v), 0));
  const x = (t) => PAD.left + ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
  const y = (v) => H - PAD.bottom - (v / vmax) * (H - PAD.top - PAD.bottom);
  const grid = [0, 0.5, 1].map((f) => [
    s('line', { className: 'grid-line', x1: PAD.left, x2: W - PAD.right, y1: y(vmax * f), y2: y(vmax * f) }),
    s('text', { x: PAD.left - 6, y: y(vmax * f) + 4, 'text-anchor': 'end' }, format(vmax * f)),
  ]);
  const seconds = Math.round((t1 - t0) / 1000);
  const latest = series.map((x) => `${x.name} ${x.points.length ? format(x.points[x.points.length - 1].v) : 'n/a'}`).join(', ');
  const svg = s('svg', { className: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `${title}: latest ${latest}` },
    grid,
    s('line', { className: 'axis', x1: PAD.left, x2: PAD.left, y1: PAD.top, y2: H - PAD.bottom }),
    s('line', { className: 'axis', x1: PAD.left, x2: W - PAD.right, y1: H - PAD.bottom, y2: H - PAD.bottom }),
    s('text', { x: PAD.left, y: H - 6 }, `${seconds} s ago`),
    s('text', { x: W - PAD.right, y: H - 6, 'text-anchor': 'end' }, 'now'),
    series.map((line, i) => s('polyline', {
      className: `series-${i}`, points: line.points.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' '),
    })));
  return h('figure', { className: 'chart-figure' }, svg,
    h('ul', { className: 'legend' }, series.map((line, i) => h('li', { className: `series-${i}` }, line.name,
      line.points.length ? `: ${format(line.points[line.points.length - 1].v)}` : ''))));
}

function niceMax(v) {
  if (v <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(v));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (v <= step * magnitude) return step * magnitude;
  }
  return 10 * magnitude;
}
