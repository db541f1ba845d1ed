import { api, ApiError, Unavailable, type Lead } from '../api';
import { fmtDate, fmtNum, h, loading, notice } from '../dom';
import type { ViewContext } from '../router';
import { gradingBadge, sourceBadge } from '../components/badges';
import { table } from '../components/table';

const DECISIONS: { v: string; label: string }[] = [
  { v: 'escalate', label: 'Escalate' },
  { v: 'needs-more', label: 'Needs more information' },
  { v: 'dismiss', label: 'Dismiss' },
];

// The leads queue. Each lead shows the facts behind it before its score:
// an analyst weighs the evidence, not a number.
export async function leadsView(ctx: ViewContext): Promise<void> {
  ctx.title('Leads');
  ctx.root.append(
    h('h1', { tabindex: '-1' }, 'Leads'),
    h('p', { class: 'help' }, 'People ranked for your attention. Each lead lists the objective facts behind every point of its score; the score comes last. Every review needs a reason.'),
  );
  const box = h('div', { id: 'leads' }, loading('leads'));
  ctx.root.append(box);
  let leads: Lead[];
  try {
    leads = (await api.leads(50)).leads;
  } catch (err) {
    if (ctx.stale()) return;
    if (err instanceof Unavailable || (err instanceof ApiError && (err.status === 501 || err.status === 404)))
      box.replaceChildren(notice('unavailable', 'The leads service is not available on this server yet. ', h('span', { class: 'muted' }, String((err as Error).message))));
    else box.replaceChildren(notice('error', (err as Error).message));
    ctx.ready();
    return;
  }
  if (ctx.stale()) return;
  if (leads.length === 0) {
    box.replaceChildren(notice('info', 'No leads for you at the moment.'));
    ctx.ready();
    return;
  }
  const filter = h('select', { id: 'lead-filter' }, ['open', 'reviewed', 'all'].map((v) => h('option', { value: v }, v === 'open' ? 'Not yet reviewed' : v === 'reviewed' ? 'Reviewed' : 'All')));
  const list = h('ol', { class: 'leads' });
  const draw = () => {
    const f = filter.value;
    const shown = leads.filter((l) => f === 'all' || (f === 'open' ? !l.review : !!l.review));
    list.replaceChildren(...shown.map((l) => h('li', null, leadCard(l))));
    if (!shown.length) list.append(h('li', null, notice('info', 'Nothing here.')));
  };
  filter.addEventListener('change', draw);
  box.replaceChildren(h('div', { class: 'field inline' }, h('label', { for: 'lead-filter' }, 'Show'), filter), list);
  draw();
  ctx.ready();
}

function leadCard(l: Lead): HTMLElement {
  const id = `lead-${l.id}`;
  const total = l.evidence.reduce((s, e) => s + e.points, 0);
  const ev = table(
    [
      { key: 'rule', label: 'Rule', value: (e) => e.rule },
      {
        key: 'fact',
        label: 'Fact',
        value: (e) => e.summary ?? e.fact,
        render: (e) => [h('span', { class: 'badge badge-topic' }, e.fact), h('span', { dir: 'auto' }, e.summary ?? '')],
      },
      {
        key: 'via',
        label: 'Through',
        value: (e) => (e.kind === 'relation' ? (e.via?.length ?? 1) : 0),
        render: (e) =>
          e.kind === 'relation' || e.related
            ? h(
                'div',
                { class: 'via' },
                e.links?.length ? h('span', null, e.links.join(' → '), ' → ') : null,
                e.related ? h('a', { href: `/entity/${encodeURIComponent(e.related)}` }, e.related) : null,
                e.relations?.length
                  ? h('ul', { class: 'rel-docs' }, e.relations.map((r) => h('li', null, h('span', { class: 'badge badge-schema' }, r.type), ` ${r.detail}`, r.date ? ` (${fmtDate(r.date)})` : '', r.record ? h('code', { class: 'rec' }, ` ${r.record}`) : null)))
                  : null,
              )
            : h('span', { class: 'muted' }, 'own record'),
      },
      { key: 'source', label: 'Source', value: (e) => e.source, render: (e) => h('span', { class: 'prov' }, sourceBadge(e.source), e.reliability ? gradingBadge(e.reliability[0] ?? '', e.reliability[1] ?? '') : null) },
      { key: 'record', label: 'Record', value: (e) => e.record, render: (e) => h('code', { class: 'rec' }, e.record) },
      { key: 'date', label: 'Date', value: (e) => e.date ?? '', render: (e) => fmtDate(e.date) },
      { key: 'points', label: 'Points', numeric: true, value: (e) => e.points, render: (e) => fmtNum(e.points, 1) },
    ],
    l.evidence,
    { caption: 'Evidence', sort: { key: 'points', desc: true }, empty: 'No evidence listed.', className: 'compact' },
  );
  const reason = h('textarea', { id: `${id}-reason`, rows: '2', 'aria-required': 'true', maxlength: '1000' });
  const status = h('div', { class: 'form-status' });
  const reviewBox = h('div', { class: 'review-state' }, l.review ? reviewLine(l.review) : h('span', { class: 'muted' }, 'Not yet reviewed.'));
  const buttons = DECISIONS.map((d) => h('button', { type: 'submit', value: d.v, class: d.v === 'escalate' ? 'primary' : undefined }, d.label));
  const form = h(
    'form',
    {
      class: 'lead-review',
      'aria-label': `Review lead ${l.caption}`,
      on: {
        submit: async (ev: SubmitEvent) => {
          ev.preventDefault();
          const decision = (ev.submitter as HTMLButtonElement | null)?.value ?? '';
          status.replaceChildren();
          if (!reason.value.trim()) {
            status.append(notice('error', 'Give a reason for this decision.'));
            reason.focus();
            return;
          }
          buttons.forEach((b) => (b.disabled = true));
          try {
            const r = await api.reviewLead(l.id, decision, reason.value.trim());
            l.review = r.review;
            reviewBox.replaceChildren(reviewLine(r.review));
            status.append(notice('info', `Recorded: ${r.review.decision}.`));
            reason.value = '';
          } catch (err) {
            status.append(notice('error', (err as Error).message));
          } finally {
            buttons.forEach((b) => (b.disabled = false));
          }
        },
      },
    },
    h('label', { for: `${id}-reason` }, 'Reason (required)'),
    reason,
    h('div', { class: 'actions' }, buttons),
    status,
  );
  return h(
    'article',
    { class: 'card lead', 'aria-labelledby': `${id}-h`, 'data-lead': l.id },
    h('h2', { id: `${id}-h` }, h('a', { href: `/entity/${encodeURIComponent(l.id)}`, dir: 'auto' }, l.caption || l.id)),
    ev,
    h(
      'p',
      { class: 'lead-score' },
      'Score ',
      h('strong', null, fmtNum(l.score, l.score < 10 ? 2 : 1)),
      h('span', { class: 'muted' }, ` from ${fmtNum(l.points ?? total, 1)} points of evidence above`),
    ),
    reviewBox,
    form,
  );
}

function reviewLine(r: { decision: string; by: string; reason: string; at: string }): HTMLElement {
  return h('p', { class: 'reviewed' }, h('span', { class: `badge badge-decision d-${r.decision}` }, r.decision), ` by ${r.by} on ${fmtDate(r.at)}: `, h('q', { dir: 'auto' }, r.reason));
}
