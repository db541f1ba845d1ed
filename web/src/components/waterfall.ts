// The match explanation as a waterfall of match weights (bits = log2 of the
// likelihood ratio): start at the prior, each compared feature adds or
// subtracts bits, the last bar is the total with its probability. The chart
// is drawn in SVG; the same numbers and the notes follow in a table, which
// is also what a screen reader reads.

import { fmtNum, h, s } from '../dom';
import type { Explanation } from '../api';
import { table } from './table';

const fmtBits = (w: number) => (w > 0 ? '+' : w < 0 ? '−' : '±') + fmtNum(Math.abs(w), 2);

export function waterfall(ex: Explanation): HTMLElement {
  const rows: { name: string; level: string; from: number; to: number; kind: 'prior' | 'up' | 'down' | 'zero' | 'total'; w: number }[] = [];
  let run = ex.prior;
  rows.push({ name: 'prior', level: 'before any comparison', from: 0, to: ex.prior, kind: 'prior', w: ex.prior });
  for (const c of ex.contributions) {
    const to = run + c.weight;
    rows.push({ name: c.feature, level: c.level, from: run, to, kind: c.weight > 0 ? 'up' : c.weight < 0 ? 'down' : 'zero', w: c.weight });
    run = to;
  }
  rows.push({ name: 'total', level: `probability ${fmtNum(ex.probability * 100, 1)} %`, from: 0, to: ex.weight, kind: 'total', w: ex.weight });

  const lo = Math.min(0, ...rows.map((r) => Math.min(r.from, r.to)));
  const hi = Math.max(0, ...rows.map((r) => Math.max(r.from, r.to)));
  const W = 720, left = 210, right = 70, rowH = 22, top = 22;
  const H = top + rows.length * rowH + 8;
  const x = (v: number) => left + ((v - lo) / (hi - lo || 1)) * (W - left - right);

  const svg = s('svg', {
    viewBox: `0 0 ${W} ${H}`,
    class: 'waterfall',
    role: 'img',
    'aria-label': `Match weight waterfall: prior ${fmtBits(ex.prior)} bits, total ${fmtBits(ex.weight)} bits, probability ${fmtNum(ex.probability * 100, 1)} percent`,
  });
  // Axis: zero line and a few ticks in bits.
  const step = niceStep((hi - lo) / 6);
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9; t += step) {
    svg.append(s('line', { x1: x(t), x2: x(t), y1: top - 4, y2: H - 8, class: t === 0 ? 'wf-zero' : 'wf-grid' }));
    svg.append(s('text', { x: x(t), y: top - 8, class: 'wf-tick', 'text-anchor': 'middle' }, fmtNum(t, step < 1 ? 1 : 0)));
  }
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    const a = Math.min(x(r.from), x(r.to));
    const b = Math.max(x(r.from), x(r.to));
    svg.append(s('text', { x: left - 8, y: y + 15, class: `wf-label${r.kind === 'total' || r.kind === 'prior' ? ' wf-strong' : ''}`, 'text-anchor': 'end' }, `${r.name} · ${r.level}`));
    if (r.kind === 'zero') {
      svg.append(s('line', { x1: x(r.from), x2: x(r.from), y1: y + 4, y2: y + 18, class: 'wf-zero-tick' }));
    } else {
      svg.append(s('rect', { x: a, y: y + 4, width: Math.max(1.5, b - a), height: rowH - 8, class: `wf-bar wf-${r.kind}` }));
    }
    // Connector from this bar's end to the next row's start.
    if (i < rows.length - 2) svg.append(s('line', { x1: x(r.to), x2: x(r.to), y1: y + 18, y2: y + rowH + 4, class: 'wf-conn' }));
    svg.append(s('text', { x: b + 6, y: y + 15, class: 'wf-value' }, r.kind === 'prior' || r.kind === 'total' ? fmtNum(r.w, 2) : fmtBits(r.w)));
  });

  const details = table(
    [
      { key: 'feature', label: 'Feature', value: (c) => c.feature },
      { key: 'level', label: 'Comparison', value: (c) => c.level },
      { key: 'weight', label: 'Bits', numeric: true, value: (c) => c.weight, render: (c) => fmtBits(c.weight) },
      { key: 'm', label: 'm', numeric: true, value: (c) => c.m ?? -1, render: (c) => (c.m === undefined ? '' : fmtNum(c.m, 3)) },
      { key: 'u', label: 'u', numeric: true, value: (c) => c.u ?? -1, render: (c) => (c.u === undefined ? '' : fmtNum(c.u, 4)) },
      { key: 'note', label: 'Note', value: (c) => c.note ?? '' },
    ],
    ex.contributions,
    { caption: 'Contribution of each compared feature (m: share among matches, u: among non-matches)', className: 'compact' },
  );

  return h(
    'figure',
    { class: 'waterfall-fig' },
    svg,
    h(
      'figcaption',
      null,
      h('strong', null, `Total ${fmtNum(ex.weight, 2)} bits → probability ${fmtNum(ex.probability * 100, 1)} %`),
      ` (prior ${fmtNum(ex.prior, 2)} bits; bars right of the previous total add evidence for a match, bars to the left count against it)`,
    ),
    details,
  );
}

function niceStep(raw: number): number {
  if (raw <= 0) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const n = raw / p;
  return (n < 1.5 ? 1 : n < 3.5 ? 2 : n < 7.5 ? 5 : 10) * p;
}
