import { api, ApiError, Unavailable, type TimelineEvent } from '../api';
import { fmtDate, h, loading, notice, s } from '../dom';
import { navigate, type ViewContext } from '../router';
import { sourceBadge } from '../components/badges';
import { table } from '../components/table';
import { entityPicker } from '../components/picker';

export const EVENT_TYPES = ['call', 'trip', 'crossing', 'sighting', 'listing', 'charge', 'report', 'notice'];

// Timeline of events for one or more entities: one lane per kind of event,
// and the same events in a sortable table with their sources.
export async function timelineView(ctx: ViewContext): Promise<void> {
  ctx.title('Timeline');
  const ids = (ctx.query.get('ids') ?? '').split(',').filter(Boolean);
  const from = ctx.query.get('from') ?? '';
  const to = ctx.query.get('to') ?? '';
  const go = (next: { ids?: string[]; from?: string; to?: string }) => {
    const u = new URLSearchParams();
    const nid = next.ids ?? ids;
    if (nid.length) u.set('ids', nid.join(','));
    const f = next.from ?? from, t = next.to ?? to;
    if (f) u.set('from', f);
    if (t) u.set('to', t);
    navigate(`/timeline?${u}`);
  };
  const fromI = h('input', { id: 'tl-from', type: 'date', value: from });
  const toI = h('input', { id: 'tl-to', type: 'date', value: to });
  ctx.root.append(
    h('h1', { tabindex: '-1' }, 'Timeline'),
    h(
      'div',
      { class: 'toolbar card' },
      entityPicker('Add an entity', (id) => !ids.includes(id) && go({ ids: [...ids, id] }), { button: 'Add' }),
      h(
        'form',
        { class: 'row', on: { submit: (ev: SubmitEvent) => (ev.preventDefault(), go({ from: fromI.value, to: toI.value })) } },
        h('div', { class: 'field' }, h('label', { for: 'tl-from' }, 'From'), fromI),
        h('div', { class: 'field' }, h('label', { for: 'tl-to' }, 'To'), toI),
        h('button', { type: 'submit' }, 'Apply'),
      ),
      ids.length
        ? h(
            'ul',
            { class: 'chips', 'aria-label': 'Entities on the timeline' },
            ids.map((id) => h('li', null, h('a', { href: `/entity/${encodeURIComponent(id)}` }, id), h('button', { type: 'button', class: 'link', 'aria-label': `Remove ${id}`, on: { click: () => go({ ids: ids.filter((x) => x !== id) }) } }, '✕'))),
          )
        : null,
    ),
  );
  const out = h('div', { id: 'timeline' });
  ctx.root.append(out);
  if (!ids.length) {
    out.append(notice('info', 'Add one or more entities to see their calls, trips, crossings, sightings, listings, charges, reports and notices in time.'));
    ctx.ready();
    return;
  }
  out.append(loading('events'));
  let events: TimelineEvent[];
  try {
    events = (await api.timeline(ids, from || undefined, to || undefined)).events;
  } catch (err) {
    if (ctx.stale()) return;
    out.replaceChildren(unavailableOr(err, 'timeline'));
    ctx.ready();
    return;
  }
  if (ctx.stale()) return;
  out.replaceChildren(timelineChart(events), eventsTable(events));
  ctx.ready();
}

export function unavailableOr(err: unknown, what: string): HTMLElement {
  if (err instanceof Unavailable || (err instanceof ApiError && err.status === 501))
    return notice('unavailable', `The ${what} service is not available on this server yet. `, h('span', { class: 'muted' }, (err as Error).message));
  if (err instanceof ApiError && err.status === 404) return notice('info', `No ${what} data that you may see.`);
  return notice('error', (err as Error).message);
}

export function timelineChart(events: TimelineEvent[]): HTMLElement {
  if (!events.length) return notice('info', 'No events that you may see in this period.');
  const ts = events.map((e) => Date.parse(e.date)).filter((t) => !isNaN(t));
  const lo = Math.min(...ts), hi = Math.max(...ts);
  const span = Math.max(hi - lo, 86400e3);
  const types = EVENT_TYPES.filter((t) => events.some((e) => e.type === t)).concat([...new Set(events.map((e) => e.type))].filter((t) => !EVENT_TYPES.includes(t)));
  const W = 960, left = 90, right = 20, laneH = 28, top = 26;
  const H = top + types.length * laneH + 10;
  const x = (t: number) => left + ((t - lo) / span) * (W - left - right);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'timeline-chart', role: 'img', 'aria-label': `${events.length} events from ${fmtDate(new Date(lo).toISOString().slice(0, 10))} to ${fmtDate(new Date(hi).toISOString().slice(0, 10))}; the table below lists them` });
  // Month or year ticks, whichever gives a readable number.
  const years = span > 3 * 365 * 86400e3;
  const d = new Date(lo);
  let tick = years ? Date.UTC(d.getUTCFullYear(), 0, 1) : Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  let guard = 0;
  while (tick <= hi && guard++ < 400) {
    if (tick >= lo) {
      svg.append(s('line', { x1: x(tick), x2: x(tick), y1: top - 6, y2: H - 6, class: 'tl-grid' }));
      const dd = new Date(tick);
      svg.append(s('text', { x: x(tick) + 2, y: top - 10, class: 'tl-tick' }, years ? String(dd.getUTCFullYear()) : dd.toISOString().slice(0, 7)));
    }
    const n = new Date(tick);
    tick = years ? Date.UTC(n.getUTCFullYear() + 1, 0, 1) : Date.UTC(n.getUTCFullYear(), n.getUTCMonth() + 1, 1);
  }
  types.forEach((t, i) => {
    const y = top + i * laneH;
    svg.append(s('text', { x: left - 8, y: y + 18, class: 'tl-lane', 'text-anchor': 'end' }, t));
    svg.append(s('line', { x1: left, x2: W - right, y1: y + laneH - 2, y2: y + laneH - 2, class: 'tl-lane-line' }));
    for (const e of events)
      if (e.type === t) {
        const tt = Date.parse(e.date);
        if (isNaN(tt)) continue;
        svg.append(s('circle', { cx: x(tt), cy: y + 13, r: 5, class: `tl-ev tl-${t}` }, s('title', null, `${e.date} · ${e.type} · ${e.summary} (${e.source})`)));
      }
  });
  return h('figure', { class: 'card' }, svg);
}

export function eventsTable(events: TimelineEvent[]): HTMLElement {
  return table(
    [
      { key: 'date', label: 'Date', value: (e) => e.date, render: (e) => fmtDate(e.date) },
      { key: 'type', label: 'Event', value: (e) => e.type, render: (e) => h('span', { class: `badge tlb-${e.type}` }, e.type) },
      { key: 'summary', label: 'What', value: (e) => e.summary, render: (e) => h('span', { dir: 'auto' }, e.summary) },
      { key: 'place', label: 'Place', value: (e) => e.place ?? '' },
      { key: 'entities', label: 'Entities', value: (e) => e.entities.join(' '), render: (e) => e.entities.map((id) => h('a', { href: `/entity/${encodeURIComponent(id)}`, class: 'idlink' }, id)) },
      { key: 'source', label: 'Source', value: (e) => e.source, render: (e) => h('span', { class: 'prov' }, sourceBadge(e.source), h('code', { class: 'rec' }, e.record)) },
    ],
    events,
    { caption: 'Events', sort: { key: 'date' }, empty: 'No events that you may see.' },
  );
}
