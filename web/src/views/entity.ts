import { api, ApiError, Unavailable, type Entity, type Fact, type Judgement } from '../api';
import { fmtDate, fmtNum, h, loading, notice } from '../dom';
import type { ViewContext } from '../router';
import { gradingBadge, kindBadge, labelBadge, provenance, schemaBadge, sourceBadge, topicBadge } from '../components/badges';
import { table } from '../components/table';
import { waterfall } from '../components/waterfall';
import { relationsTable } from '../components/relations';

// Properties an analyst reads first; the rest follow alphabetically.
const ORDER = ['name', 'alias', 'weakAlias', 'previousName', 'firstName', 'middleName', 'fatherName', 'lastName', 'birthDate', 'birthPlace', 'birthCountry', 'deathDate', 'gender', 'nationality', 'citizenship', 'passportNumber', 'idNumber', 'taxNumber', 'phone', 'email', 'address', 'country', 'topics', 'notes'];

export function notFoundOrHidden(what: string): HTMLElement {
  return notice('info', `No ${what} with this id, or none that you may see.`);
}

export async function entityView(ctx: ViewContext): Promise<void> {
  const id = ctx.params[0];
  ctx.title(id);
  ctx.root.append(loading('profile'));
  let e: Entity;
  try {
    e = await api.entity(id);
  } catch (err) {
    if (ctx.stale()) return;
    ctx.root.replaceChildren(h('h1', { tabindex: '-1' }, 'Profile'), err instanceof ApiError && err.status === 404 ? notFoundOrHidden('entity') : notice('error', (err as Error).message));
    ctx.ready();
    return;
  }
  if (ctx.stale()) return;
  ctx.title(e.caption || e.id);

  const facts: [string, Fact[]][] = [];
  const assessments: [string, Fact[]][] = [];
  const props = Object.keys(e.properties).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  for (const p of props) {
    const fs = e.properties[p];
    const f = fs.filter((x) => x.kind !== 'assessment');
    const a = fs.filter((x) => x.kind === 'assessment');
    if (f.length) facts.push([p, f]);
    if (a.length) assessments.push([p, a]);
  }
  const sources = [...new Set(e.records.map((r) => r.source))].sort();
  const topics = e.status?.topics ?? [];

  const head = h(
    'header',
    { class: 'profile-head' },
    h('h1', { tabindex: '-1', dir: 'auto' }, e.caption || e.id),
    h(
      'p',
      { class: 'profile-meta' },
      schemaBadge(e.schema),
      ' ',
      h('code', { class: 'id' }, e.id),
      ` · resolved from ${e.records.length} record${e.records.length === 1 ? '' : 's'} in ${sources.length} source${sources.length === 1 ? '' : 's'} `,
      h('span', { class: 'prov' }, sources.map(sourceBadge)),
    ),
    h(
      'div',
      { class: 'status-line' },
      h('span', { class: 'muted' }, 'Listing and notice status: '),
      topics.length ? h('span', { class: 'prov' }, topics.map(topicBadge)) : h('span', null, 'none recorded in what you may see'),
    ),
    h(
      'nav',
      { class: 'actions', 'aria-label': 'Open this entity in' },
      h('a', { class: 'button', href: `/graph?focus=${encodeURIComponent(e.id)}` }, 'Graph'),
      h('a', { class: 'button', href: `/timeline?ids=${encodeURIComponent(e.id)}` }, 'Timeline'),
      h('a', { class: 'button', href: `/map?ids=${encodeURIComponent(e.id)}` }, 'Map'),
    ),
  );

  const toc = h(
    'nav',
    { class: 'toc', 'aria-label': 'On this page' },
    h('a', { href: '#facts' }, 'Statements'),
    assessments.length ? h('a', { href: '#assessments' }, 'Assessments') : null,
    h('a', { href: '#records' }, 'Records'),
    h('a', { href: '#explain' }, 'Match explanation'),
    h('a', { href: '#relations' }, 'Relations'),
    h('a', { href: '#history' }, 'History'),
  );
  // In-page anchors must not be taken for routes.
  toc.addEventListener('click', (ev) => {
    const a = (ev.target as Element).closest('a');
    if (!a) return;
    ev.preventDefault();
    const t = document.getElementById(a.getAttribute('href')!.slice(1));
    t?.scrollIntoView();
    t?.querySelector<HTMLElement>('h2')?.focus();
  });

  const explainBox = h('div', { id: 'explain-body' });
  const relBox = h('div', { id: 'relations-body' }, loading('relations'));
  const histBox = h('div', { id: 'history-body' }, loading('history'));

  ctx.root.replaceChildren(
    ...[
    head,
    toc,
    section('facts', 'Statements', factTable(facts, 'Statements by property: each value with where it comes from')),
    assessments.length
      ? section('assessments', 'Assessments', h('p', { class: 'help' }, "Analysts' and agencies' judgements: not facts, shown apart."), factTable(assessments, 'Assessments by property'))
      : null,
    section('records', 'Records', recordsTable(e)),
    section('explain', 'Match explanation', judgementsPicker(e, explainBox), explainBox),
    section('relations', 'Relations', relBox),
    section('history', 'History', histBox),
    ].filter((x): x is HTMLElement => !!x),
  );
  ctx.ready();

  // Secondary panels load after the profile is on screen.
  api
    .history(e.id)
    .then((hh) => {
      if (ctx.stale()) return;
      histBox.replaceChildren(
        table(
          [
            { key: 'seq', label: '#', numeric: true, value: (x) => x.seq },
            { key: 'at', label: 'When', value: (x) => x.at, render: (x) => fmtDate(x.at) },
            { key: 'kind', label: 'What', value: (x) => x.kind },
            { key: 'records', label: 'Records', numeric: true, value: (x) => x.records?.length ?? 0 },
            { key: 'other', label: 'Other entity', value: (x) => x.other ?? '', render: (x) => (x.other ? h('a', { href: `/entity/${encodeURIComponent(x.other)}` }, x.other) : '') },
            { key: 'by', label: 'By', value: (x) => x.by ?? '' },
            { key: 'reason', label: 'Reason', value: (x) => x.reason ?? '' },
          ],
          hh.history,
          { caption: 'How this entity formed: creations, merges and splits', empty: 'No history recorded.' },
        ),
      );
    })
    .catch((err) => !ctx.stale() && histBox.replaceChildren(notice('error', err.message)));

  api
    .ego(e.id, { hops: 1 })
    .then((g) => {
      if (ctx.stale()) return;
      relBox.replaceChildren(relationsTable(e.id, g));
    })
    .catch((err) => {
      if (ctx.stale()) return;
      if (err instanceof Unavailable || (err instanceof ApiError && err.status === 501))
        relBox.replaceChildren(notice('unavailable', 'Relations come from the graph service, which this server does not offer yet.'));
      else if (err instanceof ApiError && err.status === 404) relBox.replaceChildren(notice('info', 'No relations that you may see.'));
      else relBox.replaceChildren(notice('error', err.message));
    });
}

function rank(p: string): number {
  const i = ORDER.indexOf(p);
  return i < 0 ? ORDER.length : i;
}

function section(id: string, title: string, ...body: (Node | null)[]): HTMLElement {
  return h('section', { id, class: 'card', 'aria-labelledby': `${id}-h` }, h('h2', { id: `${id}-h`, tabindex: '-1' }, title), ...body);
}

/**
 * One row per distinct value of a property; the provenance cell names each
 * source, grading and label that states it, and the row opens to every
 * single statement with its record and dates.
 */
function factTable(groups: [string, Fact[]][], caption: string): HTMLElement {
  const t = h('table', { class: 'data facts' }, h('caption', null, caption));
  t.append(
    h(
      'thead',
      null,
      h('tr', null, h('th', { scope: 'col' }, 'Property'), h('th', { scope: 'col' }, 'Value'), h('th', { scope: 'col' }, 'Provenance'), h('th', { scope: 'col' }, 'Seen'), h('th', { scope: 'col' }, 'Statements')),
    ),
  );
  for (const [prop, fs] of groups) {
    const byValue = new Map<string, Fact[]>();
    for (const f of fs) {
      const k = f.value;
      if (!byValue.has(k)) byValue.set(k, []);
      byValue.get(k)!.push(f);
    }
    const tb = h('tbody', { 'data-prop': prop });
    let first = true;
    for (const [value, list] of byValue) {
      // Distinct provenance: one chip per source+grading+label.
      const seen = new Map<string, Fact>();
      for (const f of list) seen.set(`${f.source}|${f.reliability}${f.credibility}|${f.label}|${f.kind}`, f);
      const originals = [...new Set(list.map((f) => f.original).filter((o): o is string => !!o && o !== value))];
      const firstSeen = list.map((f) => f.first_seen).sort()[0];
      const lastSeen = list.map((f) => f.last_seen).sort().at(-1);
      const review = list.map((f) => f.review_at).filter(Boolean).sort()[0];
      const tr = h(
        'tr',
        { class: list.some((f) => f.kind === 'assessment') ? 'assessment' : undefined },
        first ? h('th', { scope: 'rowgroup', rowspan: String(byValue.size), class: 'prop' }, prop) : null,
        h(
          'td',
          { class: 'value' },
          h('span', { dir: 'auto' }, value),
          originals.length ? h('span', { class: 'original' }, ' as received: ', h('span', { dir: 'auto' }, originals.join(' · '))) : null,
          ...list.filter((f) => f.kind === 'assessment').slice(0, 1).map((f) => kindBadge(f.kind)),
        ),
        h('td', null, h('span', { class: 'prov-list' }, [...seen.values()].map((f) => provenance(f)))),
        h('td', { class: 'dates' }, fmtDate(firstSeen), lastSeen && lastSeen !== firstSeen ? ` – ${fmtDate(lastSeen)}` : '', review ? h('span', { class: 'review-at' }, ` review by ${fmtDate(review)}`) : null),
        h('td', null, statementList(list)),
      );
      tb.append(tr);
      first = false;
    }
    t.append(tb);
  }
  return h('div', { class: 'table-wrap' }, t);
}

function statementList(list: Fact[]): HTMLElement {
  return h(
    'details',
    { class: 'stmts' },
    h('summary', null, `${list.length} statement${list.length === 1 ? '' : 's'}`),
    h(
      'ul',
      null,
      list.map((f) =>
        h(
          'li',
          null,
          h('code', { class: 'rec' }, f.record),
          ' ',
          sourceBadge(f.source),
          gradingBadge(f.reliability, f.credibility),
          labelBadge(f.label),
          ` ${f.category}, ${f.kind}; first seen ${fmtDate(f.first_seen)}, last ${fmtDate(f.last_seen)}`,
          f.review_at ? `, review by ${fmtDate(f.review_at)}` : '',
        ),
      ),
    ),
  );
}

function recordsTable(e: Entity): HTMLElement {
  const count = new Map<string, number>();
  for (const fs of Object.values(e.properties)) for (const f of fs) count.set(f.record, (count.get(f.record) ?? 0) + 1);
  return table(
    [
      { key: 'id', label: 'Record', value: (r) => r.id, render: (r) => h('code', { class: 'rec' }, r.id) },
      { key: 'source', label: 'Source', value: (r) => r.source, render: (r) => sourceBadge(r.source) },
      { key: 'schema', label: 'Type', value: (r) => r.schema },
      { key: 'n', label: 'Statements', numeric: true, value: (r) => count.get(r.id) ?? 0 },
    ],
    e.records,
    { caption: 'Source records this entity was resolved from' },
  );
}

/** Judgements linking the entity's records; the weakest link is explained first. */
function judgementsPicker(e: Entity, box: HTMLElement): HTMLElement {
  const js = [...e.judgements].sort((a, b) => a.score - b.score);
  if (js.length === 0) {
    box.append(h('p', { class: 'muted' }, 'A single record: nothing was matched.'));
    return h('span');
  }
  const label = (j: Judgement) => `${short(j.a)} ↔ ${short(j.b)} · ${j.verdict} · ${fmtNum(j.score * 100, 1)} % · by ${j.by}${j.reason ? ` (${j.reason})` : ''}`;
  const select = h('select', { id: 'judgement-pick' }, js.map((j, i) => h('option', { value: String(i) }, label(j))));
  const load = async () => {
    const j = js[Number(select.value)];
    box.replaceChildren(loading('explanation'));
    try {
      const ex = await api.explain(j.a, j.b);
      box.replaceChildren(waterfall(ex));
    } catch (err) {
      box.replaceChildren(err instanceof ApiError && err.status === 404 ? notFoundOrHidden('explanation') : notice('error', (err as Error).message));
    }
  };
  select.addEventListener('change', load);
  load();
  return h(
    'div',
    { class: 'field' },
    h('label', { for: 'judgement-pick' }, `Judgement (${js.length} between its records; weakest first)`),
    select,
  );
}

export function short(rec: string): string {
  const i = rec.indexOf(':');
  return i < 0 ? rec : `${rec.slice(0, i)}:${rec.slice(i + 1, i + 9)}`;
}
