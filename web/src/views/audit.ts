import { api, type Consultation } from '../api';
import { fmtDate, h, loading, notice } from '../dom';
import { navigate, type ViewContext } from '../router';
import { table } from '../components/table';

// The supervisor's view of the consultation log: who looked at what, when
// and why. Server-side filters (user, since, limit) narrow the read; the
// text filter narrows what is shown.
export async function auditView(ctx: ViewContext): Promise<void> {
  ctx.title('Consultation log');
  const q = ctx.query;
  const user = h('input', { id: 'f-user', name: 'user', value: q.get('user') ?? '', autocomplete: 'off' });
  const since = h('input', { id: 'f-since', name: 'since', type: 'datetime-local', value: q.get('since') ?? '' });
  const limit = h('select', { id: 'f-limit', name: 'limit' }, ['100', '200', '1000', '5000'].map((n) => h('option', { value: n, selected: (q.get('limit') ?? '200') === n }, n)));
  const text = h('input', { id: 'f-text', type: 'search', autocomplete: 'off', placeholder: 'purpose, route, entity id…' });
  const form = h(
    'form',
    {
      class: 'filters card',
      'aria-label': 'Filter the log',
      on: {
        submit: (ev: SubmitEvent) => {
          ev.preventDefault();
          const u = new URLSearchParams();
          if (user.value.trim()) u.set('user', user.value.trim());
          if (since.value) u.set('since', since.value);
          u.set('limit', limit.value);
          navigate(`/audit?${u}`);
        },
      },
    },
    field('f-user', 'User', user),
    field('f-since', 'Since (your local time)', since),
    field('f-limit', 'At most', limit),
    h('button', { type: 'submit', class: 'primary' }, 'Read the log'),
    field('f-text', 'Show only rows containing', text),
  );
  const out = h('div', { id: 'audit-table' }, loading('consultations'));
  ctx.root.append(
    h('h1', { tabindex: '-1' }, 'Consultation log'),
    h('p', { class: 'help' }, 'Every request that read or changed data about people, with its stated purpose. Newest first. The log is append-only and hash-chained; reading it is not itself logged as a consultation of people.'),
    form,
    out,
  );

  let rows: Consultation[];
  try {
    const sinceISO = since.value ? new Date(since.value).toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined;
    rows = (await api.audit({ user: user.value.trim() || undefined, since: sinceISO, limit: Number(limit.value) })).consultations;
  } catch (err) {
    if (ctx.stale()) return;
    out.replaceChildren(notice('error', (err as Error).message));
    ctx.ready();
    return;
  }
  if (ctx.stale()) return;

  const haystack = (c: Consultation) =>
    [c.User, c.Purpose, c.Route, c.Method, c.Kind, String(c.Status), JSON.stringify(c.Params ?? {}), ...(c.Entities ?? []), ...(c.Records ?? [])].join(' ').toLowerCase();
  const order = { key: 'at', desc: true };
  const draw = () => {
    const needle = text.value.trim().toLowerCase();
    const shown = needle ? rows.filter((c) => haystack(c).includes(needle)) : rows;
    out.replaceChildren(
      h('p', { class: 'result-count', role: 'status' }, `${shown.length} of ${rows.length} consultations`),
      table(
        [
          { key: 'at', label: 'When (UTC)', value: (c) => c.At, render: (c) => h('time', { datetime: c.At }, fmtDate(c.At)) },
          { key: 'user', label: 'User', value: (c) => c.User },
          { key: 'role', label: 'Role', value: (c) => c.Role },
          { key: 'purpose', label: 'Purpose', value: (c) => c.Purpose, render: (c) => h('span', { dir: 'auto', class: 'purpose-cell' }, c.Purpose) },
          { key: 'route', label: 'Route', value: (c) => c.Route, render: (c) => h('code', null, c.Route) },
          { key: 'params', label: 'Parameters', value: (c) => paramText(c), render: (c) => h('span', { class: 'params', dir: 'auto' }, paramText(c)) },
          { key: 'status', label: 'Status', numeric: true, value: (c) => c.Status },
          { key: 'entities', label: 'Entities', numeric: true, value: (c) => c.Entities?.length ?? 0, render: (c) => idList(c.Entities, true) },
          { key: 'records', label: 'Records', numeric: true, value: (c) => c.Records?.length ?? 0, render: (c) => idList(c.Records, false) },
          { key: 'kind', label: 'Kind', value: (c) => c.Kind },
        ],
        shown,
        { caption: 'Consultations', sort: order, empty: 'No consultation matches.', className: 'audit' },
      ),
    );
  };
  let t = 0;
  text.addEventListener('input', () => {
    clearTimeout(t);
    t = window.setTimeout(draw, 120);
  });
  draw();
  ctx.ready();
}

function field(id: string, label: string, input: HTMLElement): HTMLElement {
  return h('div', { class: 'field' }, h('label', { for: id }, label), input);
}

function paramText(c: Consultation): string {
  return Object.entries(c.Params ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

function idList(ids: string[] | null, link: boolean): Node | string {
  if (!ids || ids.length === 0) return '0';
  return h(
    'details',
    { class: 'ids' },
    h('summary', null, String(ids.length)),
    h(
      'ul',
      null,
      ids.map((id) => h('li', null, link ? h('a', { href: `/entity/${encodeURIComponent(id)}` }, id) : h('code', null, id))),
    ),
  );
}
