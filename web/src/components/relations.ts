// Relations of one entity (its 1-hop ego network) and the evidence behind
// an edge. Both the profile and the graph explorer use them.

import { api, ApiError, type EdgeEvidence, type EgoGraph, type GraphEdge } from '../api';
import { fmtDate, h, loading, notice } from '../dom';
import { labelBadge, sourceBadge } from './badges';
import { table } from './table';

export function edgeTypes(e: GraphEdge): string[] {
  return e.types && e.types.length ? e.types : e.type ? e.type.split(',') : [];
}

export function relationsTable(centre: string, g: EgoGraph): HTMLElement {
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const rows = g.edges
    .filter((e) => e.source === centre || e.target === centre)
    .map((e) => ({ e, other: byId.get(e.source === centre ? e.target : e.source) }))
    .filter((r) => r.other);
  const evidence = h('div', { class: 'evidence-slot', 'aria-live': 'polite' });
  const t = table(
    [
      {
        key: 'other',
        label: 'Connected to',
        value: (r) => r.other!.caption,
        render: (r) =>
          r.other!.hub
            ? h('span', null, h('span', { class: 'badge badge-hub' }, 'hub'), ' ', h('span', { dir: 'auto' }, r.other!.caption))
            : h('a', { href: `/entity/${encodeURIComponent(r.other!.id)}`, dir: 'auto' }, r.other!.caption),
      },
      { key: 'type', label: 'Relation', value: (r) => edgeTypes(r.e).join(', ') },
      { key: 'count', label: 'Evidence', numeric: true, value: (r) => r.e.count },
      { key: 'first', label: 'First', value: (r) => r.e.first ?? '', render: (r) => fmtDate(r.e.first) },
      { key: 'last', label: 'Last', value: (r) => r.e.last ?? '', render: (r) => fmtDate(r.e.last) },
      { key: 'damped', label: 'Weight', numeric: true, value: (r) => r.e.weight, render: (r) => `${r.e.weight.toFixed(2)}${r.e.damped ? ' (damped: hub)' : ''}` },
      {
        key: 'open',
        label: '',
        sortable: false,
        render: (r) =>
          h(
            'button',
            {
              type: 'button',
              class: 'small',
              on: { click: () => evidence.replaceChildren(evidencePanel(r.e.id)) },
            },
            'Evidence',
          ),
      },
    ],
    rows,
    { caption: `${rows.length} direct relation${rows.length === 1 ? '' : 's'} you may see`, sort: { key: 'count', desc: true }, empty: 'No relations that you may see.' },
  );
  return h('div', null, t, evidence);
}

/** Loads and shows the records an edge rests on. */
export function evidencePanel(edgeId: string, onLoaded?: (ev: EdgeEvidence) => void): HTMLElement {
  const box = h('section', { class: 'evidence card', 'aria-label': 'Evidence for the selected relation' }, loading('evidence'));
  api
    .edge(edgeId)
    .then((ev) => {
      box.replaceChildren(
        h('h3', { tabindex: '-1' }, `Evidence: ${ev.type}`),
        h('p', { class: 'muted' }, `${ev.evidence.length} record${ev.evidence.length === 1 ? '' : 's'}`, ev.first ? ` · ${fmtDate(ev.first)}${ev.last && ev.last !== ev.first ? ` – ${fmtDate(ev.last)}` : ''}` : ''),
        h(
          'ol',
          { class: 'evidence-list' },
          ev.evidence.map((x) =>
            h(
              'li',
              null,
              h('div', null, h('strong', { dir: 'auto' }, x.summary || x.schema), ' ', x.date ? h('span', { class: 'muted' }, fmtDate(x.date)) : null),
              h('div', { class: 'prov' }, sourceBadge(x.source), labelBadge(x.label), h('code', { class: 'rec' }, x.record), h('span', { class: 'badge badge-schema' }, x.schema)),
              x.facts && Object.keys(x.facts).length
                ? h(
                    'dl',
                    { class: 'facts-dl' },
                    Object.entries(x.facts).flatMap(([k, vs]) => [h('dt', null, k), h('dd', { dir: 'auto' }, vs.join(' · '))]),
                  )
                : null,
            ),
          ),
        ),
      );
      box.querySelector<HTMLElement>('h3')?.focus();
      onLoaded?.(ev);
    })
    .catch((err) => {
      box.replaceChildren(
        err instanceof ApiError && err.status === 404 ? notice('info', 'No evidence with this id, or none that you may see.') : notice(err instanceof ApiError ? 'error' : 'unavailable', err.message),
      );
    });
  return box;
}
