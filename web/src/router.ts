// Client-side routing over the History API. The Go server answers any
// non-API path with index.html, so every view has a real, shareable URL.

export interface ViewContext {
  root: HTMLElement;
  path: string;
  params: string[];
  query: URLSearchParams;
  /** True once the user has navigated elsewhere: drop late results. */
  stale(): boolean;
  /** Marks the view interactive: its content is rendered and usable. */
  ready(): void;
  title(t: string): void;
}

export type View = (ctx: ViewContext) => Promise<void> | void;

export interface Route {
  name: string;
  pattern: RegExp;
  load: () => Promise<View>;
  /** Minimum role; analyst when absent. */
  role?: string;
  /** Pages that need no session. */
  public?: boolean;
}

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.dispatchEvent(new Event('mosaic:navigate'));
}

/** Same-origin links navigate in-app; modified clicks keep the browser's meaning. */
export function interceptLinks(root: HTMLElement): void {
  root.addEventListener('click', (ev) => {
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    const a = (ev.target as Element).closest('a');
    if (!a || a.target || a.hasAttribute('download')) return;
    const href = a.getAttribute('href');
    if (!href || !href.startsWith('/') || href.startsWith('//') || href.startsWith('/api/')) return;
    ev.preventDefault();
    navigate(href);
  });
}
