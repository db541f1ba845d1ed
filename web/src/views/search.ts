import { api, type SearchResponse } from '../api';
import { fmtNum, h, loading, notice } from '../dom';
import { navigate, type ViewContext } from '../router';
import { schemaBadge, sourceBadge } from '../components/badges';
import { table } from '../components/table';

export async function searchView(ctx: ViewContext): Promise<void> {
  const q = ctx.query.get('q') ?? '';
  const schema = ctx.query.get('schema') ?? '';
  const source = ctx.query.get('source') ?? '';
  ctx.title(q ? `Search: ${q}` : 'Search');

  const input = h('input', {
    id: 'q',
    name: 'q',
    type: 'search',
    value: q,
    autocomplete: 'off',
    spellcheck: false,
    placeholder: 'a name in any script, a passport or phone number…',
    'aria-describedby': 'q-help',
  });
  const go = (p: Record<string, string>) => {
    const u = new URLSearchParams();
    for (const [k, v] of Object.entries({ q: input.value.trim(), schema, source, ...p })) if (v) u.set(k, v);
    navigate(`/search?${u}`);
  };
  const form = h(
    'form',
    {
      role: 'search',
      class: 'searchbar',
      on: {
        submit: (ev: SubmitEvent) => {
          ev.preventDefault();
          // A new query starts unfiltered: facets belong to the results they came with.
          if (input.value.trim()) go({ q: input.value.trim(), schema: '', source: '' });
        },
      },
    },
    h('label', { for: 'q' }, 'Search people, organisations and identifiers'),
    h('div', { class: 'row' }, input, h('button', { type: 'submit', class: 'primary' }, 'Search')),
    h('p', { id: 'q-help', class: 'help' }, 'Names match across scripts and spellings (Хусейн finds Hussain, حسين finds Husain). Identifiers match exactly.'),
  );
  const results = h('div', { class: 'results', id: 'results' });
  ctx.root.append(h('h1', { class: 'sr-only', tabindex: '-1' }, 'Search'), form, results);
  input.focus();
  if (q) input.setSelectionRange(q.length, q.length);

  // Arrow down from the box jumps to the first result, Enter opens it.
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown') {
      const first = results.querySelector<HTMLElement>('a.result-link');
      if (first) {
        ev.preventDefault();
        first.focus();
      }
    }
  });

  if (!q) {
    results.append(loading('statistics'));
    try {
      const st = await api.stats();
      if (ctx.stale()) return;
      results.replaceChildren(
        h(
          'p',
          { class: 'muted stats-line' },
          `You can see ${fmtNum(st.entities)} entities resolved from ${fmtNum(st.records)} records (${fmtNum(st.statements)} statements) in ${fmtNum(st.sources)} sources.`,
        ),
      );
    } catch (err) {
      results.replaceChildren(notice('error', (err as Error).message));
    }
    ctx.ready();
    return;
  }

  results.append(loading('results'));
  let data: SearchResponse;
  try {
    data = await api.search(q, schema, source);
  } catch (err) {
    if (ctx.stale()) return;
    results.replaceChildren(notice('error', (err as Error).message));
    ctx.ready();
    return;
  }
  if (ctx.stale()) return;

  const facets = h('aside', { class: 'facets', 'aria-label': 'Filters' });
  const facetGroup = (title: string, key: 'schema' | 'source', counts: Record<string, number>, selected: string) => {
    const names = Object.keys(counts ?? {}).sort((a, b) => counts[b] - counts[a] || a.localeCompare(b));
    const ul = h('ul');
    for (const n of names) {
      const on = n === selected;
      ul.append(
        h(
          'li',
          null,
          h(
            'button',
            { type: 'button', class: `facet${on ? ' on' : ''}`, 'aria-pressed': on ? 'true' : 'false', on: { click: () => go({ [key]: on ? '' : n }) } },
            key === 'source' ? sourceBadge(n) : schemaBadge(n),
            h('span', { class: 'count' }, fmtNum(counts[n])),
          ),
        ),
      );
    }
    if (selected && !names.includes(selected)) ul.append(h('li', null, h('button', { type: 'button', class: 'facet on', 'aria-pressed': 'true', on: { click: () => go({ [key]: '' }) } }, selected, ' ✕')));
    return h('section', null, h('h2', null, title), names.length || selected ? ul : h('p', { class: 'muted' }, 'none'));
  };
  facets.append(facetGroup('Type', 'schema', data.facets?.schema, schema), facetGroup('Source', 'source', data.facets?.source, source));

  const n = data.results.length;
  const summary = h('p', { class: 'result-count', role: 'status' }, n === 0 ? `No results for “${q}”.` : `${n} result${n === 1 ? '' : 's'} for “${q}”${schema ? ` · ${schema}` : ''}${source ? ` · ${source}` : ''}`);
  const tbl = table(
    [
      {
        key: 'caption',
        label: 'Name',
        value: (r) => r.caption,
        render: (r) => h('a', { href: `/entity/${encodeURIComponent(r.id)}`, class: 'result-link', dir: 'auto' }, r.caption || r.id),
      },
      { key: 'schema', label: 'Type', value: (r) => r.schema, render: (r) => schemaBadge(r.schema) },
      { key: 'score', label: 'Score', numeric: true, value: (r) => r.score, render: (r) => fmtNum(r.score, 2) },
      { key: 'why', label: 'Why it matched', value: (r) => r.why, render: (r) => h('span', { class: 'why', dir: 'auto' }, r.why) },
      { key: 'sources', label: 'Sources', value: (r) => r.sources.length, render: (r) => h('span', { class: 'prov' }, r.sources.map(sourceBadge)) },
    ],
    data.results,
    { caption: 'Search results', empty: 'No entity you may see matches. Try another spelling or an identifier.', className: 'results-table' },
  );
  results.replaceChildren(h('div', { class: 'with-facets' }, facets, h('div', null, summary, tbl)));
  ctx.ready();
}
