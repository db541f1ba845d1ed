// The Mosaic API client. Every request carries the bearer token and the
// stated purpose; the server logs each consultation under that purpose.
// A 404 means "not found or not visible to you" and is shown exactly so —
// the workbench never hints at data it was not given.

import { clearSession, loadSession, type Me } from './session';

export class ApiError extends Error {
  constructor(
    public status: number,
    message: string,
    public path: string,
  ) {
    super(message);
  }
}

/** Thrown when the server has no such route yet (the feature is not deployed). */
export class Unavailable extends Error {
  constructor(public route: string) {
    super(`This server does not offer ${route} yet.`);
  }
}

let onUnauthorized: (msg: string) => void = () => {};
export function setUnauthorizedHandler(fn: (msg: string) => void): void {
  onUnauthorized = fn;
}

type Params = Record<string, string | number | boolean | undefined | null>;

function url(path: string, params?: Params): string {
  const u = new URL(path, location.origin);
  if (params) for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.searchParams.set(k, String(v));
  return u.pathname + u.search;
}

async function request<T>(method: string, path: string, params?: Params, body?: unknown, auth?: { token: string; purpose?: string }): Promise<T> {
  const s = auth ?? loadSession();
  if (!s) {
    onUnauthorized('Sign in to continue.');
    throw new ApiError(401, 'not signed in', path);
  }
  const headers: Record<string, string> = { Authorization: `Bearer ${s.token}`, Accept: 'application/json' };
  if (s.purpose) headers['X-Mosaic-Purpose'] = s.purpose;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const init = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
  let res = await fetch(url(path, params), init);
  if (res.status === 429) {
    // Per-token rate limit: wait as told (at most 2 s) and try once more.
    const wait = Math.min(2, Number(res.headers.get('Retry-After')) || 1);
    await new Promise((r) => setTimeout(r, wait * 1000));
    res = await fetch(url(path, params), init);
  }
  let data: any = null;
  const text = await res.text();
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (res.ok) return data as T;
  const msg = (data && typeof data.error === 'string' && data.error) || res.statusText || `HTTP ${res.status}`;
  if (res.status === 401 && !auth) {
    clearSession();
    onUnauthorized('Your session has ended or the token is no longer valid. Sign in again.');
  }
  throw new ApiError(res.status, msg, path);
}

export const get = <T>(path: string, params?: Params) => request<T>('GET', path, params);
export const post = <T>(path: string, body: unknown) => request<T>('POST', path, undefined, body);

// ---- capabilities: which routes this server offers ----
// Newer routes (graph, timeline, places, leads) are checked against the
// server's OpenAPI document so a missing one reads "not available on this
// server yet" instead of being confused with "not found or not visible".

let routes: Promise<Set<string>> | null = null;

export function capabilities(): Promise<Set<string>> {
  if (!routes) {
    routes = fetch('/api/v1/openapi.json', { headers: { Accept: 'application/json' } })
      .then((r) => (r.ok ? r.json() : { paths: {} }))
      .then((doc: any) => {
        const out = new Set<string>();
        for (const [p, ops] of Object.entries<any>(doc.paths ?? {})) for (const m of Object.keys(ops)) out.add(routeKey(m, p));
        return out;
      })
      .catch(() => {
        routes = null;
        return new Set<string>();
      });
  }
  return routes;
}

// Path parameters compare by position, not name: {id} and {edge} are one route.
function routeKey(method: string, pattern: string): string {
  return `${method.toUpperCase()} ${pattern.replace(/\{[^}]*\}/g, '{}')}`;
}

export async function hasRoute(method: string, pattern: string): Promise<boolean> {
  return (await capabilities()).has(routeKey(method, pattern));
}

export async function requireRoute(method: string, pattern: string): Promise<void> {
  if (!(await hasRoute(method, pattern))) throw new Unavailable(`${method} ${pattern}`);
}

// ---- shapes ----

export interface Stats {
  statements: number;
  records: number;
  entities: number;
  sources: number;
}

export interface SearchResult {
  id: string;
  caption: string;
  schema: string;
  score: number;
  why: string;
  record: string;
  sources: string[];
}
export interface SearchResponse {
  results: SearchResult[];
  facets: { source: Record<string, number>; schema: Record<string, number> };
}

export interface Fact {
  value: string;
  original?: string;
  record: string;
  source: string;
  label: string;
  reliability: string;
  credibility: string;
  category: string;
  kind: string;
  first_seen: string;
  last_seen: string;
  review_at?: string;
  statement: string;
}
export interface Judgement {
  a: string;
  b: string;
  verdict: string;
  score: number;
  by: string;
  reason?: string;
  at: string;
}
export interface EntityRecord {
  id: string;
  source: string;
  schema: string;
}
export interface Entity {
  id: string;
  caption: string;
  schema: string;
  properties: Record<string, Fact[]>;
  records: EntityRecord[];
  judgements: Judgement[];
  status: { topics: string[] | null };
}
export interface HistoryEvent {
  entity: string;
  seq: number;
  at: string;
  kind: string;
  records?: string[];
  other?: string;
  by?: string;
  reason?: string;
}
export interface Contribution {
  feature: string;
  level: string;
  m?: number;
  u?: number;
  weight: number;
  note?: string;
}
export interface Explanation {
  a: string;
  b: string;
  prior: number;
  contributions: Contribution[];
  weight: number;
  probability: number;
}
export interface ReviewPair {
  a: string;
  b: string;
  caption_a: string;
  caption_b: string;
  score: number;
}
export interface Consultation {
  At: string;
  User: string;
  Role: string;
  Purpose: string;
  Method: string;
  Route: string;
  Params: Record<string, string> | null;
  Status: number;
  Entities: string[] | null;
  Records: string[] | null;
  Kind: string;
}

export interface GraphNode {
  id: string;
  caption: string;
  schema: string;
  degree: number;
  community: number;
  hub: boolean;
  listed: boolean;
}
export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  type: string;
  types?: string[];
  weight: number;
  first?: string;
  last?: string;
  count: number;
  damped: boolean;
}
export interface Hub {
  id: string;
  caption: string;
  degree: number;
  reason: string;
}
export interface EgoGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  hubs: Hub[];
}
export interface PathResponse {
  paths: { nodes: string[]; edges: string[]; cost: number }[];
  nodes: GraphNode[];
  edges: GraphEdge[];
}
export interface EdgeEvidence {
  id: string;
  type: string;
  source: string;
  target: string;
  first?: string;
  last?: string;
  evidence: {
    record: string;
    schema: string;
    source: string;
    label: string;
    date?: string;
    summary: string;
    facts?: Record<string, string[]>;
  }[];
}
export interface TimelineEvent {
  date: string;
  type: string;
  entities: string[];
  summary: string;
  record: string;
  source: string;
  place?: string;
}
export interface Place {
  name: string;
  lat: number;
  lon: number;
  count: number;
  entities: string[];
  records: string[];
}
export interface LeadEvidence {
  rule: string;
  /** A short code (listed, notice, convicted, charged) or, in older servers, the text. */
  fact: string;
  summary?: string;
  kind?: string; // fact or relation
  related?: string; // for relations: the person who carries the fact
  via?: string[];
  links?: string[];
  relations?: { type: string; record?: string; detail: string; date?: string }[];
  record: string;
  source: string;
  reliability: string;
  date?: string;
  points: number;
}
export interface LeadReview {
  decision: string;
  by: string;
  reason: string;
  at: string;
}
export interface Lead {
  id: string;
  caption: string;
  schema?: string;
  score: number;
  /** Sum of the evidence points (the score may be a normalised form of it). */
  points?: number;
  evidence: LeadEvidence[];
  review: LeadReview | null;
}

export const api = {
  me: (token: string) => request<Me>('GET', '/api/v1/me', undefined, undefined, { token }),
  stats: () => get<Stats>('/api/v1/stats'),
  search: (q: string, schema?: string, source?: string, limit = 50) => get<SearchResponse>('/api/v1/search', { q, schema, source, limit }),
  entity: (id: string) => get<Entity>(`/api/v1/entities/${encodeURIComponent(id)}`),
  history: (id: string) => get<{ id: string; history: HistoryEvent[] }>(`/api/v1/entities/${encodeURIComponent(id)}/history`),
  explain: (a: string, b: string) => get<Explanation>('/api/v1/explain/pair', { a, b }),
  reviewPairs: (limit = 50) => get<{ pairs: ReviewPair[] }>('/api/v1/review/pairs', { limit }),
  judge: (a: string, b: string, verdict: string, reason: string) =>
    post<{ a: string; b: string; verdict: string; entity_a: string; entity_b: string }>('/api/v1/judgements', { a, b, verdict, reason }),
  audit: (p: { since?: string; user?: string; limit?: number }) => get<{ consultations: Consultation[] }>('/api/v1/audit', p),

  async ego(id: string, p: { hops?: number; types?: string; from?: string; to?: string }) {
    await requireRoute('GET', '/api/v1/graph/ego/{id}');
    return get<EgoGraph>(`/api/v1/graph/ego/${encodeURIComponent(id)}`, p);
  },
  async path(from: string, to: string, p: { k?: number; avoid_hubs?: boolean; types?: string }) {
    await requireRoute('GET', '/api/v1/graph/path');
    return get<PathResponse>('/api/v1/graph/path', { from, to, ...p });
  },
  async edge(id: string) {
    await requireRoute('GET', '/api/v1/graph/edges/{id}');
    return get<EdgeEvidence>(`/api/v1/graph/edges/${encodeURIComponent(id)}`);
  },
  async timeline(ids: string[], from?: string, to?: string) {
    await requireRoute('GET', '/api/v1/timeline');
    return get<{ events: TimelineEvent[] }>('/api/v1/timeline', { ids: ids.join(','), from, to });
  },
  async places(ids: string[]) {
    await requireRoute('GET', '/api/v1/places');
    return get<{ places: Place[] }>('/api/v1/places', { ids: ids.join(',') });
  },
  async leads(limit = 50) {
    await requireRoute('GET', '/api/v1/leads');
    return get<{ leads: Lead[] }>('/api/v1/leads', { limit });
  },
  async reviewLead(id: string, decision: string, reason: string) {
    await requireRoute('POST', '/api/v1/leads/{id}/review');
    return post<{ id: string; review: LeadReview }>(`/api/v1/leads/${encodeURIComponent(id)}/review`, { decision, reason });
  },
};
