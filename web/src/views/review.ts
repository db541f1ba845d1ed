import { api, ApiError, type Entity, type Fact, type ReviewPair } from '../api';
import { fmtNum, h, loading, notice } from '../dom';
import type { ViewContext } from '../router';
import { provenance } from '../components/badges';
import { waterfall } from '../components/waterfall';
import { notFoundOrHidden, short } from './entity';

const VERDICTS: { v: 'same' | 'different' | 'unsure'; label: string; help: string }[] = [
  { v: 'same', label: 'Same person', help: 'merge these records' },
  { v: 'different', label: 'Different people', help: 'keep them apart, even if the model links them' },
  { v: 'unsure', label: 'Unsure', help: 'record that you looked; leave it for someone with more information' },
];

export async function reviewView(ctx: ViewContext): Promise<void> {
  ctx.title('Match review');
  const selA = ctx.query.get('a');
  const selB = ctx.query.get('b');
  ctx.root.append(
    h('h1', { tabindex: '-1' }, 'Match review'),
    h('p', { class: 'help' }, 'Pairs of records the model could not decide, closest to even odds first. Your judgement overrides the model and is never overwritten by a re-run.'),
  );
  const layout = h('div', { class: 'split' });
  const queue = h('nav', { class: 'queue card', 'aria-label': 'Pairs awaiting review' }, loading('queue'));
  const detail = h('div', { class: 'pair-detail' });
  layout.append(queue, detail);
  ctx.root.append(layout);

  let pairs: ReviewPair[];
  try {
    pairs = (await api.reviewPairs(50)).pairs;
  } catch (err) {
    if (ctx.stale()) return;
    queue.replaceChildren(notice('error', (err as Error).message));
    ctx.ready();
    return;
  }
  if (ctx.stale()) return;
  if (pairs.length === 0) {
    queue.replaceChildren(notice('info', 'No pairs are waiting for review.'));
    ctx.ready();
    return;
  }
  const current = pairs.find((p) => p.a === selA && p.b === selB) ?? pairs[0];
  queue.replaceChildren(
    h('h2', null, `${pairs.length} pair${pairs.length === 1 ? '' : 's'} to review`),
    h(
      'ol',
      { class: 'queue-list' },
      pairs.map((p) =>
        h(
          'li',
          null,
          h(
            'a',
            { href: `/review?a=${encodeURIComponent(p.a)}&b=${encodeURIComponent(p.b)}`, 'aria-current': p === current ? 'true' : undefined, class: 'queue-item' },
            h('span', { dir: 'auto' }, p.caption_a),
            h('span', { class: 'muted' }, ' ↔ '),
            h('span', { dir: 'auto' }, p.caption_b),
            h('span', { class: 'score' }, `${fmtNum(p.score * 100, 0)} %`),
          ),
        ),
      ),
    ),
  );
  await showPair(ctx, detail, current, pairs);
  ctx.ready();
}

async function showPair(ctx: ViewContext, box: HTMLElement, p: ReviewPair, pairs: ReviewPair[]): Promise<void> {
  box.replaceChildren(loading('pair'));
  const [ea, eb, ex] = await Promise.allSettled([api.entity(p.a), api.entity(p.b), api.explain(p.a, p.b)]);
  if (ctx.stale()) return;
  const compare = h('section', { class: 'card', 'aria-labelledby': 'cmp-h' }, h('h2', { id: 'cmp-h' }, 'The two records side by side'));
  if (ea.status === 'fulfilled' && eb.status === 'fulfilled') compare.append(comparison(p, ea.value, eb.value));
  else compare.append(notFoundOrHidden('record'));

  const why = h('section', { class: 'card', 'aria-labelledby': 'why-h' }, h('h2', { id: 'why-h' }, 'Why the model is unsure'));
  if (ex.status === 'fulfilled') why.append(waterfall(ex.value));
  else why.append((ex.reason as ApiError).status === 404 ? notFoundOrHidden('explanation') : notice('error', (ex.reason as Error).message));

  box.replaceChildren(compare, why, decisionForm(p, pairs));
}

function recordFacts(e: Entity, rec: string): Map<string, Fact[]> {
  const out = new Map<string, Fact[]>();
  for (const [prop, fs] of Object.entries(e.properties))
    for (const f of fs)
      if (f.record === rec) {
        if (!out.has(prop)) out.set(prop, []);
        out.get(prop)!.push(f);
      }
  return out;
}

function comparison(p: ReviewPair, ea: Entity, eb: Entity): HTMLElement {
  const fa = recordFacts(ea, p.a);
  const fb = recordFacts(eb, p.b);
  const props = [...new Set([...fa.keys(), ...fb.keys()])].sort((x, y) => order(x) - order(y) || x.localeCompare(y));
  const prov = (m: Map<string, Fact[]>) => {
    const f = [...m.values()][0]?.[0];
    return f ? provenance(f) : null;
  };
  const head = (rec: string, e: Entity, m: Map<string, Fact[]>, caption: string) =>
    h(
      'th',
      { scope: 'col' },
      h('div', { dir: 'auto' }, caption),
      h('div', null, h('code', { class: 'rec', title: rec }, short(rec))),
      h('div', null, prov(m)),
      h('div', { class: 'muted small' }, 'now in ', h('a', { href: `/entity/${encodeURIComponent(e.id)}` }, e.caption || e.id)),
    );
  const cell = (fs?: Fact[]) => h('td', { dir: 'auto' }, fs ? [...new Set(fs.map((f) => f.value))].join(' · ') : h('span', { class: 'muted' }, '—'));
  const tbody = h('tbody');
  for (const prop of props) {
    const va = fa.get(prop);
    const vb = fb.get(prop);
    const same = va && vb && va.some((x) => vb.some((y) => y.value === x.value));
    tbody.append(h('tr', { class: same ? 'agree' : va && vb ? 'differ' : undefined }, h('th', { scope: 'row' }, prop, same ? h('span', { class: 'sr-only' }, ' (equal)') : null), cell(va), cell(vb)));
  }
  return h(
    'div',
    { class: 'table-wrap' },
    h('table', { class: 'data compare' }, h('caption', null, 'Values of each record; rows where both agree are marked ✓'), h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Property'), head(p.a, ea, fa, p.caption_a), head(p.b, eb, fb, p.caption_b))), tbody),
  );
}

const ORDER = ['name', 'firstName', 'fatherName', 'lastName', 'birthDate', 'birthPlace', 'gender', 'nationality', 'passportNumber', 'idNumber', 'phone', 'email', 'address'];
const order = (p: string) => (ORDER.indexOf(p) < 0 ? ORDER.length : ORDER.indexOf(p));

function decisionForm(p: ReviewPair, pairs: ReviewPair[]): HTMLElement {
  const reason = h('textarea', { id: 'judge-reason', name: 'reason', rows: '2', 'aria-required': 'true', maxlength: '1000', 'aria-describedby': 'judge-help' });
  const status = h('div', { class: 'form-status' });
  const buttons = VERDICTS.map((v) =>
    h('button', { type: 'submit', name: 'verdict', value: v.v, class: v.v === 'same' ? 'primary' : undefined, title: v.help }, v.label),
  );
  const form = h(
    'form',
    {
      class: 'card decision',
      'aria-labelledby': 'decide-h',
      on: {
        submit: async (ev: SubmitEvent) => {
          ev.preventDefault();
          const verdict = (ev.submitter as HTMLButtonElement | null)?.value ?? '';
          status.replaceChildren();
          if (!reason.value.trim()) {
            status.append(notice('error', 'Give a reason: it is kept with your judgement.'));
            reason.focus();
            return;
          }
          buttons.forEach((b) => (b.disabled = true));
          try {
            const r = await api.judge(p.a, p.b, verdict, reason.value.trim());
            const idx = pairs.indexOf(p);
            const next = pairs[idx + 1] ?? pairs[idx - 1];
            status.append(
              notice(
                'info',
                `Recorded: ${verdict}. `,
                r.entity_a === r.entity_b ? 'Both records now belong to one entity. ' : 'The records are in separate entities. ',
                next ? h('a', { href: `/review?a=${encodeURIComponent(next.a)}&b=${encodeURIComponent(next.b)}`, id: 'next-pair' }, 'Next pair') : 'The queue is empty.',
              ),
            );
            status.querySelector<HTMLElement>('#next-pair')?.focus();
            form.dataset.done = verdict;
          } catch (err) {
            buttons.forEach((b) => (b.disabled = false));
            status.append(notice('error', (err as Error).message));
          }
        },
      },
    },
    h('h2', { id: 'decide-h' }, 'Your judgement'),
    h('label', { for: 'judge-reason' }, 'Reason (required)'),
    reason,
    h('p', { id: 'judge-help', class: 'help' }, 'What decided it: e.g. “same passport number, birth date one digit off”.'),
    h('div', { class: 'actions' }, buttons),
    status,
  );
  return form;
}
