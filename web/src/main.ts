// The workbench shell: header bar (who, purpose, navigation), the router
// and the views. Graph and map views are loaded on demand so the first
// page stays small.

import './style.css';
import { clear, h, notice } from './dom';
import { interceptLinks, navigate, type Route, type ViewContext } from './router';
import { clearSession, loadSession, roleAtLeast, saveSession } from './session';
import { setUnauthorizedHandler } from './api';
import { startView, viewReady } from './perf';
import { signInView } from './views/signin';
import { searchView } from './views/search';
import { entityView } from './views/entity';
import { reviewView } from './views/review';
import { auditView } from './views/audit';
import { leadsView } from './views/leads';
import { timelineView } from './views/timeline';

const routes: Route[] = [
  { name: 'signin', pattern: /^\/signin$/, load: async () => signInView, public: true },
  { name: 'search', pattern: /^\/(?:search)?$/, load: async () => searchView },
  { name: 'entity', pattern: /^\/entity\/([^/]+)$/, load: async () => entityView },
  { name: 'graph', pattern: /^\/graph$/, load: () => import('./views/graph').then((m) => m.graphView) },
  { name: 'timeline', pattern: /^\/timeline$/, load: async () => timelineView },
  { name: 'map', pattern: /^\/map$/, load: () => import('./views/map').then((m) => m.mapView) },
  { name: 'leads', pattern: /^\/leads$/, load: async () => leadsView },
  { name: 'review', pattern: /^\/review$/, load: async () => reviewView },
  { name: 'audit', pattern: /^\/audit$/, load: async () => auditView, role: 'supervisor' },
];

const NAV: { name: string; href: string; label: string; role?: string }[] = [
  { name: 'search', href: '/search', label: 'Search' },
  { name: 'graph', href: '/graph', label: 'Graph' },
  { name: 'timeline', href: '/timeline', label: 'Timeline' },
  { name: 'map', href: '/map', label: 'Map' },
  { name: 'leads', href: '/leads', label: 'Leads' },
  { name: 'review', href: '/review', label: 'Match review' },
  { name: 'audit', href: '/audit', label: 'Audit', role: 'supervisor' },
];

const app = document.getElementById('app')!;
const header = h('header', { class: 'topbar' });
const main = h('main', { id: 'main', tabindex: '-1' });
const live = h('div', { class: 'sr-only', 'aria-live': 'polite', id: 'live' });
app.append(header, main, live);
interceptLinks(document.body);

let flash = '';
setUnauthorizedHandler((msg) => {
  flash = msg;
  const back = location.pathname + location.search;
  navigate(`/signin${back.startsWith('/signin') ? '' : `?next=${encodeURIComponent(back)}`}`, true);
});

function drawHeader(active: string): void {
  clear(header);
  const sess = loadSession();
  header.append(h('a', { href: '/search', class: 'brand', 'aria-label': 'Mosaic workbench, search' }, h('span', { 'aria-hidden': 'true', class: 'brand-mark' }, '▦'), ' Mosaic'));
  if (!sess) return;
  const nav = h('nav', { 'aria-label': 'Views' });
  const ul = h('ul');
  for (const n of NAV) {
    if (n.role && !roleAtLeast(sess.me.role, n.role)) continue;
    ul.append(h('li', null, h('a', { href: n.href, 'aria-current': n.name === active ? 'page' : undefined }, n.label)));
  }
  nav.append(ul);
  const purposeText = h('span', { class: 'purpose-value', id: 'purpose-value', title: 'Logged with every request' }, sess.purpose);
  header.append(
    nav,
    h(
      'div',
      { class: 'session' },
      h('span', { class: 'purpose' }, h('span', { class: 'muted' }, 'Purpose: '), purposeText, ' ', h('button', { type: 'button', class: 'link', on: { click: changePurpose } }, 'Change')),
      h('span', { class: 'who' }, sess.me.name, ' ', h('span', { class: 'badge badge-role' }, sess.me.role)),
      h(
        'button',
        {
          type: 'button',
          class: 'link',
          on: {
            click: () => {
              clearSession();
              navigate('/signin');
            },
          },
        },
        'Sign out',
      ),
    ),
  );
}

function changePurpose(): void {
  const sess = loadSession();
  if (!sess) return;
  const input = h('input', { id: 'new-purpose', name: 'purpose', required: true, maxlength: '500', value: sess.purpose, autocomplete: 'off' });
  const dlg = h(
    'dialog',
    { class: 'dialog', 'aria-labelledby': 'purpose-title' },
    h(
      'form',
      {
        method: 'dialog',
        on: {
          submit: (ev: SubmitEvent) => {
            const v = input.value.trim();
            if (!v) {
              ev.preventDefault();
              input.focus();
              return;
            }
            saveSession({ ...sess, purpose: v });
            say(`Purpose changed to ${v}`);
            dlg.close();
            dlg.remove();
            render();
          },
        },
      },
      h('h2', { id: 'purpose-title' }, 'Change the purpose of this session'),
      h('p', { class: 'muted' }, 'Every request from now on is logged under this case or reason.'),
      h('label', { for: 'new-purpose' }, 'Case id or reason'),
      input,
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit', class: 'primary' }, 'Use this purpose'),
        h('button', { type: 'button', on: { click: () => (dlg.close(), dlg.remove()) } }, 'Cancel'),
      ),
    ),
  );
  document.body.append(dlg);
  dlg.showModal();
  input.select();
}

export function say(msg: string): void {
  live.textContent = '';
  setTimeout(() => (live.textContent = msg), 30);
}

let navSeq = 0;

async function render(): Promise<void> {
  const my = ++navSeq;
  const path = location.pathname;
  const route = routes.find((r) => r.pattern.test(path));
  const sess = loadSession();
  if (!route) {
    drawHeader('');
    clear(main);
    main.append(h('h1', { tabindex: '-1' }, 'Page not found'), h('p', null, h('a', { href: '/search' }, 'Back to search')));
    return;
  }
  if (!route.public && !sess) {
    navigate(`/signin?next=${encodeURIComponent(path + location.search)}`, true);
    return;
  }
  const mark = startView(route.name);
  drawHeader(route.name);
  main.setAttribute('aria-busy', 'true');
  delete main.dataset.ready;
  if (route.role && sess && !roleAtLeast(sess.me.role, route.role)) {
    clear(main);
    main.append(h('h1', { tabindex: '-1' }, 'Not available'), notice('error', `This view needs the ${route.role} role.`));
    viewReady(route.name, mark);
    return;
  }
  const ctx: ViewContext = {
    root: main,
    path,
    params: (path.match(route.pattern) ?? []).slice(1).map(decodeURIComponent),
    query: new URLSearchParams(location.search),
    stale: () => my !== navSeq,
    ready: () => {
      if (my === navSeq) viewReady(route.name, mark);
    },
    title: (t) => {
      if (my === navSeq) document.title = `${t} · Mosaic`;
    },
  };
  try {
    const view = await route.load();
    if (ctx.stale()) return;
    clear(main);
    if (route.name === 'signin' && flash) {
      main.append(notice('info', flash));
      flash = '';
    }
    await view(ctx);
  } catch (err) {
    if (ctx.stale()) return;
    clear(main);
    main.append(h('h1', { tabindex: '-1' }, 'Something went wrong'), notice('error', String((err as Error)?.message ?? err)));
    ctx.ready();
  }
}

window.addEventListener('popstate', render);
window.addEventListener('mosaic:navigate', () => {
  render().then(() => {
    // Land keyboard and screen-reader users on the new page's heading,
    // unless the view put focus somewhere on purpose (e.g. a search box).
    if (!main.contains(document.activeElement) || document.activeElement === main) {
      const h1 = main.querySelector<HTMLElement>('[data-autofocus]') ?? main.querySelector<HTMLElement>('h1');
      h1?.focus();
    }
  });
});
render();
