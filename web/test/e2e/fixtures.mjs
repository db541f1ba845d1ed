// Contract fixtures for API routes the server does not offer yet (graph,
// timeline, places, leads). They follow the API contract of issue 7 field by
// field and are served through Playwright's request interception ONLY when
// the server's OpenAPI document lacks the route; once a route lands, the
// tests use the real endpoint. The synthetic graph is also what the pan
// benchmark uses when the demo data has no 1,000-node neighbourhood.

// A small deterministic PRNG so fixtures are the same on every run.
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = ['call', 'family', 'associate', 'membership', 'travel', 'phone', 'document', 'mention'];

/**
 * A community-structured graph with a few hubs: n nodes, about
 * avgDegree*n/2 edges. Real entity ids (with captions) take the first
 * slots so links to profiles work.
 */
export function syntheticGraph({ n = 1000, avgDegree = 3, communities = 12, hubs = 4, seed = 7, real = [] } = {}) {
  const r = rng(seed);
  const nodes = [];
  for (let i = 0; i < n; i++) {
    const isHub = i >= n - hubs;
    const re = real[i];
    nodes.push({
      id: re ? re.id : `Esyn${String(i).padStart(6, '0')}`,
      caption: re ? re.caption : isHub ? `+31 20 000 ${String(i).slice(-4)} (shared number)` : `Synthetic Person ${i}`,
      schema: isHub ? 'Phone' : 'Person',
      degree: 0,
      community: isHub ? -1 : Math.floor(r() * communities),
      hub: isHub,
      listed: !isHub && r() < 0.01,
    });
  }
  const byComm = new Map();
  nodes.forEach((nd, i) => !nd.hub && (byComm.get(nd.community) ?? byComm.set(nd.community, []).get(nd.community)).push(i));
  const edges = [];
  const seen = new Set();
  const add = (a, b, damped) => {
    if (a === b) return;
    const k = a < b ? `${a}-${b}` : `${b}-${a}`;
    if (seen.has(k)) return;
    seen.add(k);
    const type = damped ? 'phone' : TYPES[Math.floor(r() * TYPES.length)];
    const first = new Date(Date.UTC(2024, Math.floor(r() * 24), 1 + Math.floor(r() * 27)));
    const last = new Date(first.getTime() + Math.floor(r() * 200) * 86400e3);
    edges.push({
      id: `L${edges.length}`,
      source: nodes[a].id,
      target: nodes[b].id,
      type,
      weight: damped ? 0.05 : +(0.2 + r() * 0.8).toFixed(2),
      first: first.toISOString().slice(0, 10),
      last: last.toISOString().slice(0, 10),
      count: 1 + Math.floor(r() * 6),
      damped,
    });
    nodes[a].degree++;
    nodes[b].degree++;
  };
  const target = Math.round((avgDegree * n) / 2);
  const plain = nodes.map((_, i) => i).filter((i) => !nodes[i].hub);
  // A spanning chain so the graph is connected, then mostly intra-community edges.
  for (let i = 1; i < plain.length; i++) add(plain[i - 1], plain[Math.floor(r() * i)], false);
  while (edges.length < target - hubs * 25) {
    const a = plain[Math.floor(r() * plain.length)];
    const pool = r() < 0.85 ? byComm.get(nodes[a].community) : plain;
    add(a, pool[Math.floor(r() * pool.length)], false);
  }
  for (let hIdx = n - hubs; hIdx < n; hIdx++) for (let j = 0; j < 25; j++) add(hIdx, plain[Math.floor(r() * plain.length)], true);
  const hubList = nodes.filter((x) => x.hub).map((x) => ({ id: x.id, caption: x.caption, degree: x.degree, reason: 'a phone number shared by many unrelated records' }));
  return { nodes, edges, hubs: hubList };
}

/** A shortest path (BFS) and two alternatives through the synthetic graph. */
export function syntheticPaths(g, from, to, k = 3) {
  const adj = new Map(g.nodes.map((n) => [n.id, []]));
  for (const e of g.edges) {
    if (e.damped) continue;
    adj.get(e.source).push([e.target, e.id]);
    adj.get(e.target).push([e.source, e.id]);
  }
  const paths = [];
  const banned = new Set();
  for (let round = 0; round < k; round++) {
    const prev = new Map([[from, null]]);
    const q = [from];
    while (q.length && !prev.has(to)) {
      const u = q.shift();
      for (const [v, eid] of adj.get(u) ?? []) if (!prev.has(v) && !banned.has(eid)) (prev.set(v, [u, eid]), q.push(v));
    }
    if (!prev.has(to)) break;
    const nodes = [to], edges = [];
    for (let c = to; prev.get(c); c = prev.get(c)[0]) (edges.unshift(prev.get(c)[1]), nodes.unshift(prev.get(c)[0]));
    paths.push({ nodes, edges, cost: +edges.length.toFixed(2) });
    banned.add(edges[Math.floor(edges.length / 2)]);
  }
  const ids = new Set(paths.flatMap((p) => p.nodes));
  const eids = new Set(paths.flatMap((p) => p.edges));
  return { paths, nodes: g.nodes.filter((n) => ids.has(n.id)), edges: g.edges.filter((e) => eids.has(e.id)) };
}

export function edgeEvidence(g, id) {
  const e = g.edges.find((x) => x.id === id);
  if (!e) return null;
  return {
    id: e.id,
    type: e.type,
    source: e.source,
    target: e.target,
    first: e.first,
    last: e.last,
    evidence: Array.from({ length: Math.min(e.count, 3) }, (_, i) => ({
      record: `telecom:cdr-${id}-${i}`,
      schema: e.type === 'call' ? 'Call' : 'Associate',
      source: e.type === 'call' ? 'telecom' : 'police_records',
      label: e.type === 'call' ? 'TELECOM|POLICE' : 'POLICE',
      date: e.first,
      summary: e.type === 'call' ? `call, ${60 + i * 17} s` : `${e.type} recorded by police`,
      facts: { date: [e.first], duration: [`${60 + i * 17}`] },
    })),
  };
}

export function timelineFor(ids) {
  const types = ['call', 'trip', 'crossing', 'sighting', 'listing', 'report', 'notice', 'charge'];
  const r = rng(11);
  const events = [];
  for (let i = 0; i < 40; i++) {
    const d = new Date(Date.UTC(2025, Math.floor(r() * 12), 1 + Math.floor(r() * 27)));
    const t = types[Math.floor(r() * types.length)];
    events.push({ date: d.toISOString().slice(0, 10), type: t, entities: [ids[i % ids.length]], summary: `${t} (contract fixture)`, record: `fixture:${t}-${i}`, source: 'fixture', place: t === 'crossing' ? 'Schiphol' : '' });
  }
  return { events };
}

export function placesFor(ids) {
  return {
    places: [
      { name: 'Amsterdam', lat: 52.37, lon: 4.9, count: 9, entities: ids, records: ['fixture:a1', 'fixture:a2'] },
      { name: 'Schiphol', lat: 52.31, lon: 4.76, count: 5, entities: ids.slice(0, 1), records: ['fixture:s1'] },
      { name: 'Istanbul', lat: 41.01, lon: 28.98, count: 3, entities: ids.slice(0, 1), records: ['fixture:i1'] },
      { name: 'Faisalabad', lat: 31.42, lon: 73.08, count: 1, entities: ids.slice(0, 1), records: ['fixture:f1'] },
    ],
  };
}

export function leadsFor(entities) {
  return {
    leads: entities.map((e, i) => ({
      id: e.id,
      caption: e.caption,
      score: 12 - i * 3,
      evidence: [
        { rule: 'notice', kind: 'fact', fact: 'notice', summary: 'subject of an international notice', record: 'fixture:notice-1', source: 'interpol_red_notices', reliability: 'B2', date: '2025-03-02', points: 8 - i * 2 },
        {
          rule: 'contact-of-listed', kind: 'relation', fact: 'listed', summary: 'called a listed person 4 times', record: 'fixture:cdr-9', source: 'telecom', reliability: 'A2', date: '2025-05-11', points: 4 - i,
          related: entities[(i + 1) % entities.length].id, via: [entities[(i + 1) % entities.length].id], links: ['call'],
          relations: [{ type: 'call', record: 'fixture:cdr-9', detail: '4 calls, 6 min in all', date: '2025-05-11' }],
        },
      ],
      review: null,
    })),
  };
}

export const CONTRACT_ROUTES = {
  '/api/v1/graph/ego/{id}': ['get'],
  '/api/v1/graph/path': ['get'],
  '/api/v1/graph/edges/{id}': ['get'],
  '/api/v1/timeline': ['get'],
  '/api/v1/places': ['get'],
  '/api/v1/leads': ['get'],
  '/api/v1/leads/{id}/review': ['post'],
};

/**
 * Serves the contract fixtures for the routes the server lacks, on one
 * page, and adds them to the OpenAPI document the workbench reads. Returns
 * the list of routes it stands in for.
 */
export async function serveContractFixtures(page, base, missing, { graph, leads }) {
  const stand = new Set(missing);
  await page.route(`${base}/api/v1/openapi.json`, async (route) => {
    const res = await route.fetch();
    const doc = await res.json();
    for (const p of stand) doc.paths[p] = Object.fromEntries(CONTRACT_ROUTES[p].map((m) => [m, { summary: 'contract fixture (test)' }]));
    await route.fulfill({ response: res, json: doc });
  });
  const json = (route, body, status = 200) => route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });
  const leadState = leads ? structuredClone(leads) : null;
  await page.route(/\/api\/v1\/(graph|timeline|places|leads)/, async (route) => {
    const u = new URL(route.request().url());
    const p = u.pathname;
    const has = (pattern) => stand.has(pattern);
    if (p.startsWith('/api/v1/graph/ego/') && has('/api/v1/graph/ego/{id}')) return json(route, graph);
    if (p === '/api/v1/graph/path' && has('/api/v1/graph/path')) return json(route, syntheticPaths(graph, u.searchParams.get('from'), u.searchParams.get('to'), Number(u.searchParams.get('k') || 3)));
    if (p.startsWith('/api/v1/graph/edges/') && has('/api/v1/graph/edges/{id}')) {
      const ev = edgeEvidence(graph, decodeURIComponent(p.split('/').pop()));
      return ev ? json(route, ev) : json(route, { error: 'not found', status: 404 }, 404);
    }
    if (p === '/api/v1/timeline' && has('/api/v1/timeline')) return json(route, timelineFor(u.searchParams.get('ids').split(',')));
    if (p === '/api/v1/places' && has('/api/v1/places')) return json(route, placesFor(u.searchParams.get('ids').split(',')));
    if (p === '/api/v1/leads' && has('/api/v1/leads')) return json(route, leadState);
    const m = p.match(/^\/api\/v1\/leads\/([^/]+)\/review$/);
    if (m && has('/api/v1/leads/{id}/review')) {
      const body = route.request().postDataJSON();
      const l = leadState.leads.find((x) => x.id === decodeURIComponent(m[1]));
      if (!body.reason) return json(route, { error: 'a reason is required', status: 400 }, 400);
      l.review = { decision: body.decision, by: 'ana.lyst', reason: body.reason, at: new Date().toISOString() };
      return json(route, { id: l.id, review: l.review });
    }
    return route.continue();
  });
  return [...stand];
}
