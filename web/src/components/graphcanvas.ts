// A Canvas 2D renderer for the graph explorer: pan, zoom, hover, click on
// nodes and edges, labels without overlap. Measured against sigma.js
// (WebGL) in CI's headless chromium, where WebGL is software-rendered
// (SwiftShader): 1,000 nodes panned at ~5 frames/s with sigma and at the
// display's rate with this renderer, whose per-frame work is under 1 ms of
// script (see docs/workbench.md). Canvas 2D is GPU-rasterised where a GPU
// exists, so analysts' machines lose nothing.
//
// Styles come from the caller on every frame (nodeStyle/edgeStyle), so
// highlighting, filters and paths are plain functions of the state.

import type Graph from 'graphology';

export interface NodeStyle {
  x: number;
  y: number;
  size: number;
  color: string;
  label: string;
  hidden?: boolean;
  zIndex?: number;
  highlighted?: boolean;
  forceLabel?: boolean;
  /** Hubs are drawn as squares so that they are marked by shape, not colour alone. */
  shape?: 'circle' | 'square';
  /** A second ring colour (e.g. listed on a watchlist). */
  ring?: string;
}

export interface EdgeStyle {
  size: number;
  color: string;
  hidden?: boolean;
  zIndex?: number;
}

type Events = {
  clickNode: (id: string) => void;
  doubleClickNode: (id: string) => void;
  clickEdge: (id: string) => void;
  clickStage: () => void;
  enterNode: (id: string) => void;
  leaveNode: (id: string) => void;
  userMoved: () => void;
};

export interface Camera {
  x: number; // world coordinates at the centre of the view
  y: number;
  scale: number; // screen pixels per world unit
}

export class GraphCanvas {
  readonly canvas: HTMLCanvasElement;
  private ctx: CanvasRenderingContext2D;
  private w = 0;
  private h = 0;
  private dpr = 1;
  private frame = 0;
  private listeners: { [K in keyof Events]?: Events[K][] } = {};
  private resizeObs: ResizeObserver;
  private drag: { x: number; y: number; moved: number } | null = null;
  private hovered: string | null = null;
  private nodeCache: Map<string, NodeStyle> = new Map();
  renders = 0;
  camera: Camera = { x: 0, y: 0, scale: 1 };

  constructor(
    private container: HTMLElement,
    private graph: Graph,
    private nodeStyle: (id: string, attrs: any) => NodeStyle,
    private edgeStyle: (id: string, attrs: any) => EdgeStyle,
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'graph-surface';
    this.canvas.setAttribute('aria-hidden', 'true');
    container.append(this.canvas);
    this.ctx = this.canvas.getContext('2d', { alpha: false })!;
    this.resizeObs = new ResizeObserver(() => this.resize());
    this.resizeObs.observe(container);
    this.resize();
    this.canvas.addEventListener('mousedown', this.onDown);
    window.addEventListener('mousemove', this.onMove);
    window.addEventListener('mouseup', this.onUp);
    this.canvas.addEventListener('dblclick', this.onDbl);
    this.canvas.addEventListener('wheel', this.onWheel, { passive: false });
    this.canvas.addEventListener('mouseleave', () => this.setHover(null));
  }

  on<K extends keyof Events>(ev: K, fn: Events[K]): void {
    (this.listeners[ev] ??= [] as any).push(fn);
  }
  private emit<K extends keyof Events>(ev: K, ...args: Parameters<Events[K]>): void {
    for (const fn of this.listeners[ev] ?? []) (fn as any)(...args);
  }

  kill(): void {
    cancelAnimationFrame(this.frame);
    this.resizeObs.disconnect();
    window.removeEventListener('mousemove', this.onMove);
    window.removeEventListener('mouseup', this.onUp);
    this.canvas.remove();
  }

  /** Fits the camera to the visible nodes. */
  fit(padding = 40): void {
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    this.graph.forEachNode((_, a) => {
      if (!isFinite(a.x) || !isFinite(a.y)) return;
      x0 = Math.min(x0, a.x); x1 = Math.max(x1, a.x);
      y0 = Math.min(y0, a.y); y1 = Math.max(y1, a.y);
    });
    if (!isFinite(x0)) return;
    const sw = Math.max(1e-6, x1 - x0), sh = Math.max(1e-6, y1 - y0);
    const scale = Math.min((this.w - 2 * padding) / sw, (this.h - 2 * padding) / sh, 4);
    this.camera = { x: (x0 + x1) / 2, y: (y0 + y1) / 2, scale: Math.max(scale, 1e-4) };
    this.refresh();
  }

  pan(dxScreen: number, dyScreen: number): void {
    this.camera.x -= dxScreen / this.camera.scale;
    this.camera.y -= dyScreen / this.camera.scale;
    this.refresh();
  }

  zoom(factor: number, sx = this.w / 2, sy = this.h / 2): void {
    const [wx, wy] = this.toWorld(sx, sy);
    const scale = Math.min(50, Math.max(1e-4, this.camera.scale * factor));
    this.camera.scale = scale;
    // Keep the point under the cursor where it is.
    this.camera.x = wx - (sx - this.w / 2) / scale;
    this.camera.y = wy - (sy - this.h / 2) / scale;
    this.refresh();
  }

  refresh(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private resize(): void {
    // The canvas is absolutely positioned, so its size never feeds back
    // into the container's; reallocate only on a real change.
    const dpr = Math.min(2, window.devicePixelRatio || 1);
    const w = Math.max(1, this.container.clientWidth);
    const h = Math.max(1, this.container.clientHeight);
    if (w === this.w && h === this.h && dpr === this.dpr) return;
    this.dpr = dpr;
    this.w = w;
    this.h = h;
    this.canvas.width = Math.round(this.w * this.dpr);
    this.canvas.height = Math.round(this.h * this.dpr);
    this.canvas.style.width = `${this.w}px`;
    this.canvas.style.height = `${this.h}px`;
    this.refresh();
  }

  private toScreen(x: number, y: number): [number, number] {
    const c = this.camera;
    return [(x - c.x) * c.scale + this.w / 2, (y - c.y) * c.scale + this.h / 2];
  }
  private toWorld(sx: number, sy: number): [number, number] {
    const c = this.camera;
    return [(sx - this.w / 2) / c.scale + c.x, (sy - this.h / 2) / c.scale + c.y];
  }

  /** Node radius on screen: grows gently with zoom so dense views stay legible. */
  private radius(size: number): number {
    return Math.max(1.5, size * Math.min(2.5, Math.max(0.45, Math.sqrt(this.camera.scale))));
  }

  render(): void {
    const ctx = this.ctx;
    const g = this.graph;
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, this.w, this.h);

    const nodes = new Map<string, NodeStyle>();
    g.forEachNode((id, a) => {
      const s = this.nodeStyle(id, a);
      if (!s.hidden && isFinite(s.x) && isFinite(s.y)) nodes.set(id, s);
    });
    this.nodeCache = nodes;

    // Edges, batched by colour and width, lower layers first.
    const batches = new Map<string, number[]>();
    const top: [number, number, number, number, string, number][] = [];
    g.forEachEdge((id, a, src, tgt) => {
      const s = this.edgeStyle(id, a);
      if (s.hidden) return;
      const p = nodes.get(src), q = nodes.get(tgt);
      if (!p || !q) return;
      const [x1, y1] = this.toScreen(p.x, p.y);
      const [x2, y2] = this.toScreen(q.x, q.y);
      if ((x1 < 0 && x2 < 0) || (y1 < 0 && y2 < 0) || (x1 > this.w && x2 > this.w) || (y1 > this.h && y2 > this.h)) return;
      if ((s.zIndex ?? 0) > 0) {
        top.push([x1, y1, x2, y2, s.color, s.size]);
        return;
      }
      const key = `${s.color}|${s.size.toFixed(1)}`;
      let b = batches.get(key);
      if (!b) batches.set(key, (b = []));
      b.push(x1, y1, x2, y2);
    });
    ctx.lineCap = 'round';
    for (const [key, pts] of batches) {
      const [color, size] = key.split('|');
      ctx.strokeStyle = color;
      ctx.lineWidth = Number(size);
      ctx.beginPath();
      for (let i = 0; i < pts.length; i += 4) {
        ctx.moveTo(pts[i], pts[i + 1]);
        ctx.lineTo(pts[i + 2], pts[i + 3]);
      }
      ctx.stroke();
    }
    for (const [x1, y1, x2, y2, color, size] of top) {
      ctx.strokeStyle = color;
      ctx.lineWidth = size;
      ctx.beginPath();
      ctx.moveTo(x1, y1);
      ctx.lineTo(x2, y2);
      ctx.stroke();
    }

    // Nodes: back layers first, batched by colour and shape.
    const order = [...nodes.entries()].sort((a, b) => (a[1].zIndex ?? 0) - (b[1].zIndex ?? 0));
    let i = 0;
    while (i < order.length) {
      const z = order[i][1].zIndex ?? 0;
      const layer: Map<string, [number, number, number, NodeStyle][]> = new Map();
      for (; i < order.length && (order[i][1].zIndex ?? 0) === z; i++) {
        const s = order[i][1];
        const [x, y] = this.toScreen(s.x, s.y);
        const r = this.radius(s.size);
        if (x < -r || y < -r || x > this.w + r || y > this.h + r) continue;
        const key = `${s.color}|${s.shape ?? 'circle'}`;
        let l = layer.get(key);
        if (!l) layer.set(key, (l = []));
        l.push([x, y, r, s]);
      }
      for (const [key, list] of layer) {
        const [color, shape] = key.split('|');
        ctx.fillStyle = color;
        ctx.beginPath();
        for (const [x, y, r] of list) {
          if (shape === 'square') ctx.rect(x - r, y - r, 2 * r, 2 * r);
          else {
            ctx.moveTo(x + r, y);
            ctx.arc(x, y, r, 0, Math.PI * 2);
          }
        }
        ctx.fill();
        for (const [x, y, r, s] of list) {
          if (s.ring) {
            ctx.strokeStyle = s.ring;
            ctx.lineWidth = 2;
            ctx.beginPath();
            ctx.arc(x, y, r + 2.5, 0, Math.PI * 2);
            ctx.stroke();
          }
          if (s.highlighted) {
            ctx.strokeStyle = '#1d232b';
            ctx.lineWidth = 2;
            ctx.beginPath();
            if (s.shape === 'square') ctx.rect(x - r - 2, y - r - 2, 2 * r + 4, 2 * r + 4);
            else ctx.arc(x, y, r + 2, 0, Math.PI * 2);
            ctx.stroke();
          }
        }
      }
    }

    this.drawLabels(order.map(([id, s]) => [id, s] as [string, NodeStyle]));
    this.renders++;
    this.container.dataset.renders = String(this.renders);
  }

  /** Labels: forced ones first, then by size; one per grid cell so none overlap. */
  private drawLabels(order: [string, NodeStyle][]): void {
    const ctx = this.ctx;
    const cands = order
      .filter(([id, s]) => s.label && (s.forceLabel || id === this.hovered || this.radius(s.size) >= 6))
      .sort((a, b) => Number(!!b[1].forceLabel || b[0] === this.hovered) - Number(!!a[1].forceLabel || a[0] === this.hovered) || b[1].size - a[1].size);
    const taken = new Set<string>();
    ctx.font = '12px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.lineJoin = 'round';
    let drawn = 0;
    for (const [id, s] of cands) {
      if (drawn > 150) break;
      const [x, y] = this.toScreen(s.x, s.y);
      const r = this.radius(s.size);
      if (x < 0 || y < 0 || x > this.w || y > this.h) continue;
      const text = s.label.length > 40 ? s.label.slice(0, 39) + '…' : s.label;
      const tw = ctx.measureText(text).width;
      const lx = x + r + 4;
      const c0 = Math.floor(lx / 60), c1 = Math.floor((lx + tw) / 60), row = Math.floor(y / 16);
      const forced = s.forceLabel || id === this.hovered;
      let free = true;
      for (let c = c0; c <= c1 && !forced; c++) if (taken.has(`${c},${row}`)) free = false;
      if (!free) continue;
      for (let c = c0; c <= c1; c++) taken.add(`${c},${row}`);
      ctx.strokeStyle = 'rgba(255,255,255,0.92)';
      ctx.lineWidth = 3.5;
      ctx.strokeText(text, lx, y);
      ctx.fillStyle = '#1d232b';
      ctx.fillText(text, lx, y);
      drawn++;
    }
  }

  // ---- hit testing ----

  nodeAt(sx: number, sy: number): string | null {
    let best: string | null = null;
    let bestZ = -Infinity;
    let bestD = Infinity;
    for (const [id, s] of this.nodeCache) {
      const [x, y] = this.toScreen(s.x, s.y);
      const r = this.radius(s.size) + 3;
      const d = (x - sx) ** 2 + (y - sy) ** 2;
      if (d > r * r) continue;
      const z = s.zIndex ?? 0;
      if (z > bestZ || (z === bestZ && d < bestD)) (best = id), (bestZ = z), (bestD = d);
    }
    return best;
  }

  edgeAt(sx: number, sy: number): string | null {
    let best: string | null = null;
    let bestD = 5 * 5;
    this.graph.forEachEdge((id, a, src, tgt) => {
      if (this.edgeStyle(id, a).hidden) return;
      const p = this.nodeCache.get(src), q = this.nodeCache.get(tgt);
      if (!p || !q) return;
      const [x1, y1] = this.toScreen(p.x, p.y);
      const [x2, y2] = this.toScreen(q.x, q.y);
      const dx = x2 - x1, dy = y2 - y1;
      const len = dx * dx + dy * dy || 1;
      const t = Math.max(0, Math.min(1, ((sx - x1) * dx + (sy - y1) * dy) / len));
      const d = (x1 + t * dx - sx) ** 2 + (y1 + t * dy - sy) ** 2;
      if (d < bestD) (bestD = d), (best = id);
    });
    return best;
  }

  private local(ev: MouseEvent): [number, number] {
    const r = this.canvas.getBoundingClientRect();
    return [ev.clientX - r.left, ev.clientY - r.top];
  }

  private setHover(id: string | null): void {
    if (id === this.hovered) return;
    const prev = this.hovered;
    this.hovered = id;
    this.canvas.style.cursor = id ? 'pointer' : 'grab';
    if (prev) this.emit('leaveNode', prev);
    if (id) this.emit('enterNode', id);
    this.refresh();
  }

  private onDown = (ev: MouseEvent) => {
    if (ev.button !== 0) return;
    ev.preventDefault();
    this.drag = { x: ev.clientX, y: ev.clientY, moved: 0 };
    this.canvas.style.cursor = 'grabbing';
  };

  private onMove = (ev: MouseEvent) => {
    if (this.drag) {
      const dx = ev.clientX - this.drag.x, dy = ev.clientY - this.drag.y;
      this.drag.x = ev.clientX;
      this.drag.y = ev.clientY;
      this.drag.moved += Math.abs(dx) + Math.abs(dy);
      if (dx || dy) {
        this.pan(dx, dy);
        this.emit('userMoved');
      }
      return;
    }
    if (ev.target !== this.canvas) return;
    const [sx, sy] = this.local(ev);
    this.setHover(this.nodeAt(sx, sy));
  };

  private onUp = (ev: MouseEvent) => {
    const d = this.drag;
    this.drag = null;
    if (!d) return;
    this.canvas.style.cursor = this.hovered ? 'pointer' : 'grab';
    if (d.moved > 4) return;
    const [sx, sy] = this.local(ev);
    const n = this.nodeAt(sx, sy);
    if (n) return this.emit('clickNode', n);
    const e = this.edgeAt(sx, sy);
    if (e) return this.emit('clickEdge', e);
    this.emit('clickStage');
  };

  private onDbl = (ev: MouseEvent) => {
    const [sx, sy] = this.local(ev);
    const n = this.nodeAt(sx, sy);
    if (n) this.emit('doubleClickNode', n);
    else {
      this.zoom(1.6, sx, sy);
      this.emit('userMoved');
    }
  };

  private onWheel = (ev: WheelEvent) => {
    ev.preventDefault();
    const [sx, sy] = this.local(ev);
    this.zoom(Math.pow(1.0015, -ev.deltaY), sx, sy);
    this.emit('userMoved');
  };
}
