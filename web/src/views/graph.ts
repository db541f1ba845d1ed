// The graph explorer: an entity's neighbourhood drawn on a canvas
// (components/graphcanvas.ts; why not WebGL is said there), laid out by
// ForceAtlas2 progressively so the view is usable at once, expandable node
// by node; connecting paths between two entities;
// communities coloured, hubs marked (damped, shown, never hidden); edges
// filtered by type and time; every edge opens its evidence. The same graph
// is listed in tables below the canvas for keyboard and screen-reader use.

import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import { api, type EgoGraph, type GraphEdge, type GraphNode, type PathResponse } from '../api';
import { fmtDate, fmtNum, h, loading, notice } from '../dom';
import { navigate, type ViewContext } from '../router';
import { edgeTypes, evidencePanel } from '../components/relations';
import { entityPicker } from '../components/picker';
import { table } from '../components/table';
import { unavailableOr } from './timeline';
import { COMMUNITY_COLOURS, EDGE_COLOURS, HUB_COLOUR, LISTED_RING } from '../palette';
import { GraphCanvas, type EdgeStyle, type NodeStyle } from '../components/graphcanvas';

const KNOWN_TYPES = ['call', 'family', 'associate', 'membership', 'ownership', 'directorship', 'payment', 'link', 'travel', 'phone', 'email', 'address', 'document', 'identifier', 'mention', 'hub'];

interface NodeAttrs {
  x: number;
  y: number;
  size: number;
  color: string;
  label: string;
  info: GraphNode;
}
interface EdgeAttrs {
  size: number;
  color: string;
  info: GraphEdge;
  types: string[];
}

export async function graphView(ctx: ViewContext): Promise<void> {
  ctx.title('Graph');
  const q = ctx.query;
  const focus = q.get('focus') ?? '';
  const hops = q.get('hops') === '2' ? 2 : 1;
  const from = q.get('from') ?? '';
  const to = q.get('to') ?? '';
  const typesParam = q.get('types') ?? '';
  const pathTo = q.get('path_to') ?? '';

  const setQuery = (p: Record<string, string>) => {
    const u = new URLSearchParams(location.search);
    for (const [k, v] of Object.entries(p)) v ? u.set(k, v) : u.delete(k);
    navigate(`/graph?${u}`);
  };

  // ---- controls ----
  const hopsSel = h('select', { id: 'g-hops' }, h('option', { value: '1', selected: hops === 1 }, '1 hop'), h('option', { value: '2', selected: hops === 2 }, '2 hops'));
  const fromI = h('input', { id: 'g-from', type: 'date', value: from });
  const toI = h('input', { id: 'g-to', type: 'date', value: to });
  const typeBox = h('fieldset', { class: 'types' }, h('legend', null, 'Relation types'));
  const filterForm = h(
    'form',
    {
      class: 'card filters',
      'aria-label': 'Neighbourhood and filters',
      on: {
        submit: (ev: SubmitEvent) => {
          ev.preventDefault();
          const unchecked = [...typeBox.querySelectorAll<HTMLInputElement>('input[type=checkbox]')].filter((c) => !c.checked);
          const checked = [...typeBox.querySelectorAll<HTMLInputElement>('input[type=checkbox]')].filter((c) => c.checked).map((c) => c.value);
          setQuery({ hops: hopsSel.value, from: fromI.value, to: toI.value, types: unchecked.length ? checked.join(',') : '' });
        },
      },
    },
    entityPicker('Centre on', (id) => setQuery({ focus: id, path_to: '' }), { value: focus, button: 'Find' }),
    h('div', { class: 'row' }, h('div', { class: 'field' }, h('label', { for: 'g-hops' }, 'Neighbourhood'), hopsSel), h('div', { class: 'field' }, h('label', { for: 'g-from' }, 'From'), fromI), h('div', { class: 'field' }, h('label', { for: 'g-to' }, 'To'), toI)),
    typeBox,
    h('button', { type: 'submit', class: 'primary' }, 'Apply'),
  );

  const pathBox = h('div', { class: 'paths', 'aria-live': 'polite' });
  const avoid = h('input', { id: 'g-avoid', type: 'checkbox', checked: q.get('avoid_hubs') !== 'false' });
  const kSel = h('select', { id: 'g-k' }, ['1', '3', '5'].map((k) => h('option', { value: k, selected: (q.get('k') ?? '3') === k }, k)));
  let pathTarget = pathTo;
  const pathForm = h(
    'form',
    {
      class: 'card',
      'aria-labelledby': 'path-h',
      on: {
        submit: (ev: SubmitEvent) => {
          ev.preventDefault();
          if (!focus || !pathTarget) {
            pathBox.replaceChildren(notice('error', 'Choose the entity to connect to.'));
            return;
          }
          setQuery({ path_to: pathTarget, k: kSel.value, avoid_hubs: avoid.checked ? '' : 'false' });
        },
      },
    },
    h('h2', { id: 'path-h' }, 'Connecting paths'),
    h('p', { class: 'help' }, focus ? 'From the centre entity to:' : 'Centre the graph on an entity first.'),
    entityPicker('Connect to', (id) => (pathTarget = id), { value: pathTo, button: 'Find' }),
    h('div', { class: 'row' }, h('div', { class: 'field' }, h('label', { for: 'g-k' }, 'Paths'), kSel), h('div', { class: 'field check' }, avoid, h('label', { for: 'g-avoid' }, 'Avoid hubs'))),
    h('button', { type: 'submit' }, 'Find paths'),
    pathBox,
  );

  const canvas = h('div', {
    class: 'graph-canvas',
    id: 'graph-canvas',
    tabindex: '0',
    role: 'application',
    'aria-roledescription': 'graph',
    'aria-label': 'Graph canvas. Arrow keys pan, plus and minus zoom, 0 resets. The tables below list every node and edge.',
  });
  const side = h('aside', { class: 'graph-side', 'aria-label': 'Selection', 'aria-live': 'polite' });
  const legend = h('div', { class: 'legend card', 'aria-label': 'Legend' });
  const lists = h('div', { class: 'graph-lists' });

  ctx.root.append(
    h('h1', { tabindex: '-1' }, 'Graph explorer'),
    h('div', { class: 'graph-layout' }, h('div', { class: 'graph-controls' }, filterForm, pathForm), h('div', { class: 'graph-main' }, canvas, legend), side),
    lists,
  );

  if (!focus) {
    canvas.replaceChildren(notice('info', 'Choose an entity to centre on: its neighbours appear here, and you can expand any node.'));
    drawTypeBoxes(typeBox, [], typesParam);
    ctx.ready();
    return;
  }

  canvas.append(loading('neighbourhood'));
  let ego: EgoGraph;
  try {
    ego = await api.ego(focus, { hops, types: typesParam || undefined, from: from || undefined, to: to || undefined });
  } catch (err) {
    if (ctx.stale()) return;
    canvas.replaceChildren(unavailableOr(err, 'graph'));
    drawTypeBoxes(typeBox, [], typesParam);
    ctx.ready();
    return;
  }
  if (ctx.stale()) return;

  const explorer = new Explorer(canvas, side, legend, lists, focus, { from, to });
  explorer.merge(ego);
  explorer.layout(true);
  explorer.start();
  explorer.animateLayout(ego.nodes.length > 150 ? 90 : 150);
  drawTypeBoxes(typeBox, explorer.seenTypes(), typesParam, (on) => explorer.setTypes(on));
  const centre = ego.nodes.find((n) => n.id === focus);
  const centreInput = filterForm.querySelector<HTMLInputElement>('.picker input');
  if (centre && centreInput) centreInput.value = centre.caption;
  ctx.ready();

  // The explorer lives until the user navigates away.
  const stop = () => {
    if (ctx.stale()) {
      explorer.kill();
      window.removeEventListener('mosaic:navigate', stop);
      window.removeEventListener('popstate', stop);
    }
  };
  window.addEventListener('mosaic:navigate', stop);
  window.addEventListener('popstate', stop);

  explorer.onExpand = async (id) => {
    try {
      const g = await api.ego(id, { hops: 1, types: typesParam || undefined, from: from || undefined, to: to || undefined });
      explorer.merge(g);
      explorer.layout(false);
      explorer.refresh();
      explorer.animateLayout(40);
      drawTypeBoxes(typeBox, explorer.seenTypes(), typesParam, (on) => explorer.setTypes(on));
    } catch (err) {
      side.append(unavailableOr(err, 'graph'));
    }
  };
  explorer.onPathTo = (id) => {
    pathTarget = id;
    setQuery({ path_to: id, k: kSel.value, avoid_hubs: avoid.checked ? '' : 'false' });
  };

  if (pathTo) {
    pathBox.replaceChildren(loading('paths'));
    try {
      const pr = await api.path(focus, pathTo, { k: Number(kSel.value), avoid_hubs: avoid.checked, types: typesParam || undefined });
      if (ctx.stale()) return;
      explorer.merge({ nodes: pr.nodes, edges: pr.edges, hubs: [] });
      explorer.layout(false);
      explorer.animateLayout(40);
      pathBox.replaceChildren(pathList(pr, explorer));
      if (pr.paths.length) explorer.highlightPath(pr.paths[0]);
      explorer.refresh();
    } catch (err) {
      if (ctx.stale()) return;
      pathBox.replaceChildren(unavailableOr(err, 'path'));
    }
  }
}

function drawTypeBoxes(box: HTMLFieldSetElement, seen: string[], param: string, onChange?: (on: Set<string>) => void): void {
  const legend = box.querySelector('legend')!;
  box.replaceChildren(legend);
  const chosen = new Set(param ? param.split(',') : []);
  const types = [...new Set([...seen, ...chosen])].sort((a, b) => KNOWN_TYPES.indexOf(a) - KNOWN_TYPES.indexOf(b));
  if (!types.length) {
    box.append(h('p', { class: 'muted' }, 'Types appear once a neighbourhood is loaded.'));
    return;
  }
  const read = () => new Set([...box.querySelectorAll<HTMLInputElement>('input:checked')].map((c) => c.value));
  for (const t of types) {
    const id = `t-${t}`;
    const cb = h('input', { type: 'checkbox', id, value: t, checked: !param || chosen.has(t) });
    cb.addEventListener('change', () => onChange?.(read()));
    box.append(h('span', { class: 'check' }, cb, h('label', { for: id }, h('span', { class: 'swatch', style: `background:${EDGE_COLOURS[t] ?? EDGE_COLOURS.other}` }), t)));
  }
}

function pathList(pr: PathResponse, ex: Explorer): HTMLElement {
  if (!pr.paths.length) return notice('info', 'No connecting path that you may see within the limits.');
  const cap = new Map(pr.nodes.map((n) => [n.id, n.caption]));
  const et = new Map(pr.edges.map((e) => [e.id, edgeTypes(e).join('/')]));
  return h(
    'ol',
    { class: 'path-list' },
    pr.paths.map((p, i) =>
      h(
        'li',
        null,
        h(
          'button',
          { type: 'button', class: 'path-btn', 'aria-label': `Show path ${i + 1}`, on: { click: () => (ex.highlightPath(p), ex.refresh()) } },
          h('span', { class: 'muted' }, `${p.edges.length} hop${p.edges.length === 1 ? '' : 's'}, cost ${fmtNum(p.cost, 2)}: `),
          ...p.nodes.flatMap((n, j) => [j > 0 ? h('span', { class: 'path-edge' }, ` —${et.get(p.edges[j - 1]) ?? ''}→ `) : null, h('span', { dir: 'auto', class: 'path-node' }, cap.get(n) ?? n)]),
        ),
      ),
    ),
  );
}

class Explorer {
  graph = new Graph<NodeAttrs, EdgeAttrs>({ multi: true, type: 'undirected', allowSelfLoops: false });
  renderer: GraphCanvas | null = null;
  private layoutLeft = 0;
  private layoutFrame = 0;
  private userMoved = false;
  hubs = new Map<string, string>();
  selected: string | null = null;
  hovered: string | null = null;
  pathNodes: Set<string> | null = null;
  pathEdges: Set<string> | null = null;
  types: Set<string> | null = null;
  onExpand: (id: string) => void = () => {};
  onPathTo: (id: string) => void = () => {};

  constructor(
    private container: HTMLElement,
    private side: HTMLElement,
    private legend: HTMLElement,
    private lists: HTMLElement,
    private focus: string,
    private range: { from: string; to: string },
  ) {}

  merge(g: EgoGraph): void {
    const gr = this.graph;
    for (const hb of g.hubs ?? []) this.hubs.set(hb.id, hb.reason);
    for (const n of g.nodes) {
      const attrs = {
        size: (n.hub ? 4 : 3) + Math.min(12, Math.sqrt(Math.max(0, n.degree))),
        color: n.hub ? HUB_COLOUR : COMMUNITY_COLOURS[((n.community % COMMUNITY_COLOURS.length) + COMMUNITY_COLOURS.length) % COMMUNITY_COLOURS.length],
        label: `${n.listed ? '⚑ ' : ''}${n.hub ? 'hub: ' : ''}${n.caption}`,
        info: n,
      };
      if (gr.hasNode(n.id)) gr.mergeNodeAttributes(n.id, attrs);
      else gr.addNode(n.id, { x: NaN, y: NaN, ...attrs });
    }
    for (const e of g.edges) {
      if (gr.hasEdge(e.id) || !gr.hasNode(e.source) || !gr.hasNode(e.target) || e.source === e.target) continue;
      const types = edgeTypes(e);
      gr.addEdgeWithKey(e.id, e.source, e.target, {
        size: e.damped ? 0.6 : 0.8 + Math.min(3, e.weight * 2.5),
        color: e.damped ? EDGE_COLOURS.hub : (EDGE_COLOURS[types[0]] ?? EDGE_COLOURS.other),
        info: e,
        types,
      });
    }
  }

  seenTypes(): string[] {
    const s = new Set<string>();
    this.graph.forEachEdge((_, a) => a.types.forEach((t) => s.add(t)));
    return [...s];
  }

  /** Seeds new nodes next to a placed neighbour (or by community), then runs ForceAtlas2. */
  layout(initial: boolean): void {
    const gr = this.graph;
    const n = gr.order;
    const placed = (id: string) => !isNaN(gr.getNodeAttribute(id, 'x'));
    const comms = new Map<number, number>();
    gr.forEachNode((_, a) => comms.set(a.info.community, (comms.get(a.info.community) ?? 0) + 1));
    const commList = [...comms.keys()];
    let fresh = 0;
    gr.forEachNode((id, a) => {
      if (placed(id)) return;
      fresh++;
      const nb = gr.neighbors(id).find(placed);
      if (nb) {
        const p = gr.getNodeAttributes(nb);
        gr.mergeNodeAttributes(id, { x: p.x + (Math.random() - 0.5) * 10, y: p.y + (Math.random() - 0.5) * 10 });
      } else {
        // Communities start on a circle so the layout converges quickly.
        const ci = commList.indexOf(a.info.community);
        const ang = (2 * Math.PI * ci) / Math.max(1, commList.length);
        const R = 10 * Math.sqrt(n);
        gr.mergeNodeAttributes(id, { x: R * Math.cos(ang) + (Math.random() - 0.5) * R * 0.4, y: R * Math.sin(ang) + (Math.random() - 0.5) * R * 0.4 });
      }
    });
    if (!fresh && !initial) return;
    // A few iterations now so the first frame has shape; the rest run
    // frame by frame (animateLayout) while the view is already usable.
    const first = n > 600 ? 2 : n > 150 ? 8 : 40;
    forceAtlas2.assign(gr, { iterations: first, settings: this.fa2Settings(), getEdgeWeight: null });
  }

  private fa2Settings() {
    return { ...forceAtlas2.inferSettings(this.graph), barnesHutOptimize: this.graph.order > 400, adjustSizes: false };
  }

  /** Runs ForceAtlas2 a little per frame, within a time budget, then stops. */
  animateLayout(iterations: number): void {
    this.layoutLeft = Math.max(this.layoutLeft, iterations);
    if (this.layoutFrame) return;
    const settings = this.fa2Settings();
    const step = () => {
      this.layoutFrame = 0;
      if (!this.renderer || this.layoutLeft <= 0) return;
      const t0 = performance.now();
      do {
        forceAtlas2.assign(this.graph, { iterations: 1, settings, getEdgeWeight: null });
        this.layoutLeft--;
      } while (this.layoutLeft > 0 && performance.now() - t0 < 8);
      if (!this.userMoved) this.renderer.fit();
      else this.renderer.refresh();
      this.container.dataset.layout = this.layoutLeft > 0 ? 'running' : 'done';
      if (this.layoutLeft > 0) this.layoutFrame = requestAnimationFrame(step);
    };
    this.container.dataset.layout = 'running';
    this.layoutFrame = requestAnimationFrame(step);
  }

  start(): void {
    this.container.replaceChildren();
    const r = new GraphCanvas(
      this.container,
      this.graph,
      (id, a) => this.nodeStyle(id, a),
      (id, a) => this.edgeStyle(id, a),
    );
    this.renderer = r;
    r.on('clickNode', (node) => this.select(node));
    r.on('doubleClickNode', (node) => this.onExpand(node));
    r.on('clickEdge', (edge) => this.openEdge(edge));
    r.on('clickStage', () => {
      this.selected = null;
      r.refresh();
    });
    r.on('enterNode', (node) => {
      this.hovered = node;
      r.refresh();
    });
    r.on('leaveNode', () => {
      this.hovered = null;
      r.refresh();
    });
    r.on('userMoved', () => (this.userMoved = true));
    this.container.addEventListener('keydown', (ev) => this.key(ev));
    this.container.dataset.nodes = String(this.graph.order);
    this.container.dataset.edges = String(this.graph.size);
    r.fit();
    r.render();
    this.drawLegend();
    this.drawLists();
    if (this.graph.hasNode(this.focus)) this.select(this.focus, false);
  }

  refresh(): void {
    this.container.dataset.nodes = String(this.graph.order);
    this.container.dataset.edges = String(this.graph.size);
    this.userMoved = false;
    this.renderer?.refresh();
    this.drawLegend();
    this.drawLists();
  }

  kill(): void {
    cancelAnimationFrame(this.layoutFrame);
    this.renderer?.kill();
    this.renderer = null;
  }

  setTypes(on: Set<string>): void {
    this.types = on;
    this.renderer?.refresh();
  }

  private edgeVisible(a: EdgeAttrs): boolean {
    if (this.types && !a.types.some((t) => this.types!.has(t))) return false;
    // Path results may bring edges from outside the chosen period.
    const { from, to } = this.range;
    if (from && a.info.last && a.info.last.slice(0, 10) < from) return false;
    if (to && a.info.first && a.info.first.slice(0, 10) > to) return false;
    return true;
  }

  private nodeStyle(id: string, a: NodeAttrs): NodeStyle {
    const out: NodeStyle = { x: a.x, y: a.y, size: a.size, color: a.color, label: a.label, shape: a.info.hub ? 'square' : 'circle', ring: a.info.listed ? LISTED_RING : undefined };
    const focusSet = this.pathNodes;
    // Hovering dims what is not adjacent; a selection only emphasises, so
    // the communities stay readable around it.
    const active = this.hovered;
    if (focusSet && !focusSet.has(id)) {
      out.color = '#d4d8de';
      out.label = '';
      out.zIndex = 0;
    } else if (active && active !== id && !this.graph.areNeighbors(active, id)) {
      out.color = '#d4d8de';
      out.label = '';
    } else {
      out.zIndex = 1;
    }
    if (id === this.selected || id === this.focus) {
      out.highlighted = true;
      out.forceLabel = true;
    }
    if (focusSet?.has(id)) out.forceLabel = true;
    return out;
  }

  private edgeStyle(id: string, a: EdgeAttrs): EdgeStyle {
    const out: EdgeStyle = { size: a.size, color: a.color };
    if (!this.edgeVisible(a)) out.hidden = true;
    if (this.pathEdges) {
      if (this.pathEdges.has(id)) {
        out.size = 3;
        out.zIndex = 2;
      } else out.color = '#e3e6ea';
    } else if (this.hovered) {
      if (!this.graph.hasExtremity(id, this.hovered)) out.color = '#eceef1';
    } else if (this.selected && this.graph.hasExtremity(id, this.selected)) {
      out.size += 1;
      out.zIndex = 1;
    }
    return out;
  }

  highlightPath(p: { nodes: string[]; edges: string[] }): void {
    this.pathNodes = new Set(p.nodes);
    this.pathEdges = new Set(p.edges);
  }

  private key(ev: KeyboardEvent): void {
    const r = this.renderer;
    if (!r) return;
    const acts: Record<string, () => void> = {
      ArrowLeft: () => r.pan(60, 0),
      ArrowRight: () => r.pan(-60, 0),
      ArrowUp: () => r.pan(0, 60),
      ArrowDown: () => r.pan(0, -60),
      '+': () => r.zoom(1.4),
      '=': () => r.zoom(1.4),
      '-': () => r.zoom(1 / 1.4),
      '0': () => r.fit(),
    };
    const act = acts[ev.key];
    if (!act) return;
    ev.preventDefault();
    this.userMoved = ev.key !== '0';
    act();
  }

  select(id: string, announce = true): void {
    if (!this.graph.hasNode(id)) return;
    this.selected = id;
    const a = this.graph.getNodeAttributes(id);
    const n = a.info;
    const deg = this.graph.degree(id);
    this.side.replaceChildren(
      h(
        'section',
        { class: 'card' },
        h('h2', { dir: 'auto', tabindex: '-1' }, n.caption),
        h(
          'p',
          null,
          h('span', { class: 'badge badge-schema' }, n.schema || 'node'),
          n.hub ? h('span', { class: 'badge badge-hub' }, 'hub (damped)') : null,
          n.listed ? h('span', { class: 'badge badge-topic' }, 'listed') : null,
        ),
        n.hub ? h('p', { class: 'help' }, this.hubs.get(id) ?? 'Shared by many: its links count little in paths and scores.') : null,
        h('dl', { class: 'kv' }, h('dt', null, 'Degree (whole graph)'), h('dd', null, String(n.degree)), h('dt', null, 'Edges shown'), h('dd', null, String(deg)), h('dt', null, 'Community'), h('dd', null, h('span', { class: 'swatch', style: `background:${a.color}` }), ` ${n.community}`)),
        h(
          'div',
          { class: 'actions' },
          n.hub ? null : h('a', { class: 'button', href: `/entity/${encodeURIComponent(id)}` }, 'Open profile'),
          h('button', { type: 'button', on: { click: () => this.onExpand(id) } }, 'Expand neighbours'),
          id !== this.focus && !n.hub ? h('button', { type: 'button', on: { click: () => this.onPathTo(id) } }, 'Paths from centre') : null,
        ),
      ),
    );
    if (announce) this.side.querySelector<HTMLElement>('h2')?.focus({ preventScroll: true });
    this.renderer?.refresh();
  }

  openEdge(id: string): void {
    const a = this.graph.getEdgeAttributes(id);
    const s = this.graph.getNodeAttribute(a.info.source, 'info');
    const t = this.graph.getNodeAttribute(a.info.target, 'info');
    this.side.replaceChildren(
      h(
        'section',
        { class: 'card' },
        h('h2', null, h('span', { dir: 'auto' }, s?.caption ?? a.info.source), ' — ', h('span', { dir: 'auto' }, t?.caption ?? a.info.target)),
        h('p', null, `${a.types.join(', ')} · ${a.info.count} piece${a.info.count === 1 ? '' : 's'} of evidence`, a.info.damped ? ' · damped (hub)' : '', a.info.first ? ` · ${fmtDate(a.info.first)} – ${fmtDate(a.info.last)}` : ''),
      ),
      evidencePanel(id),
    );
  }

  private drawLegend(): void {
    const comms = new Map<number, { n: number; colour: string }>();
    let hubs = 0, listed = 0, damped = 0;
    this.graph.forEachNode((_, a) => {
      if (a.info.hub) hubs++;
      else comms.set(a.info.community, { n: (comms.get(a.info.community)?.n ?? 0) + 1, colour: a.color });
      if (a.info.listed) listed++;
    });
    this.graph.forEachEdge((_, a) => a.info.damped && damped++);
    const top = [...comms.entries()].sort((a, b) => b[1].n - a[1].n).slice(0, 8);
    this.legend.replaceChildren(
      h('span', { class: 'muted' }, `${fmtNum(this.graph.order)} nodes · ${fmtNum(this.graph.size)} edges · ${comms.size} communit${comms.size === 1 ? 'y' : 'ies'}: `),
      ...top.map(([c, v]) => h('span', { class: 'legend-item' }, h('span', { class: 'swatch', style: `background:${v.colour}` }), `${c} (${v.n})`)),
      h('span', { class: 'legend-item' }, h('span', { class: 'swatch', style: `background:${HUB_COLOUR}` }), `hubs (${hubs}), ${damped} damped edges`),
      listed ? h('span', { class: 'legend-item' }, `⚑ listed (${listed})`) : '',
    );
  }

  private drawLists(): void {
    const nodes: GraphNode[] = [];
    this.graph.forEachNode((_, a) => nodes.push(a.info));
    const edges: EdgeAttrs[] = [];
    this.graph.forEachEdge((_, a) => edges.push(a));
    const cap = (id: string) => (this.graph.hasNode(id) ? this.graph.getNodeAttribute(id, 'info').caption : id);
    const MAX = 300;
    const topNodes = nodes.sort((a, b) => b.degree - a.degree).slice(0, MAX);
    const topEdges = edges.sort((a, b) => b.info.count - a.info.count).slice(0, MAX);
    this.lists.replaceChildren(
      h(
        'details',
        { class: 'card', open: nodes.length <= 60 },
        h('summary', null, h('h2', { class: 'inline' }, `Nodes (${nodes.length})`)),
        nodes.length > MAX ? h('p', { class: 'help' }, `The ${MAX} with the highest degree.`) : null,
        table(
          [
            { key: 'caption', label: 'Name', value: (n) => n.caption, render: (n) => h('button', { type: 'button', class: 'link node-btn', dir: 'auto', on: { click: () => this.select(n.id) } }, n.caption) },
            { key: 'schema', label: 'Type', value: (n) => n.schema },
            { key: 'degree', label: 'Degree', numeric: true, value: (n) => n.degree },
            { key: 'community', label: 'Community', numeric: true, value: (n) => n.community },
            { key: 'flags', label: 'Marks', value: (n) => `${n.hub ? 'hub ' : ''}${n.listed ? 'listed' : ''}` },
          ],
          topNodes,
          { caption: 'Nodes in the graph', className: 'compact' },
        ),
      ),
      h(
        'details',
        { class: 'card', open: edges.length <= 60 },
        h('summary', null, h('h2', { class: 'inline' }, `Edges (${edges.length})`)),
        edges.length > MAX ? h('p', { class: 'help' }, `The ${MAX} with the most evidence.`) : null,
        table(
          [
            { key: 'a', label: 'Between', value: (e) => cap(e.info.source), render: (e) => h('span', { dir: 'auto' }, cap(e.info.source)) },
            { key: 'b', label: 'And', value: (e) => cap(e.info.target), render: (e) => h('span', { dir: 'auto' }, cap(e.info.target)) },
            { key: 'type', label: 'Relation', value: (e) => e.types.join(', ') },
            { key: 'count', label: 'Evidence', numeric: true, value: (e) => e.info.count },
            { key: 'first', label: 'First', value: (e) => e.info.first ?? '', render: (e) => fmtDate(e.info.first) },
            { key: 'last', label: 'Last', value: (e) => e.info.last ?? '', render: (e) => fmtDate(e.info.last) },
            { key: 'damped', label: 'Damped', value: (e) => (e.info.damped ? 'yes' : '') },
            { key: 'open', label: '', sortable: false, render: (e) => h('button', { type: 'button', class: 'small edge-btn', on: { click: () => this.openEdge(e.info.id) } }, 'Evidence') },
          ],
          topEdges,
          { caption: 'Edges in the graph', className: 'compact' },
        ),
      ),
    );
  }
}
