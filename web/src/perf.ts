// Time to interactive, per view, as User Timing entries: a mark when a
// navigation starts and a measure `view:NAME` when the view's content is on
// screen. The browser tests read these (performance.getEntriesByType), and
// so can anyone from the devtools console.

let current = '';
let seq = 0;

export function startView(name: string): string {
  seq++;
  current = `nav:${name}:${seq}`;
  performance.mark(current);
  return current;
}

export function viewReady(name: string, mark: string): void {
  if (mark !== current) return; // a later navigation superseded this one
  // Measure after the frame that shows the content has been laid out.
  requestAnimationFrame(() => {
    const m = performance.measure(`view:${name}`, mark);
    const main = document.getElementById('main');
    if (main) {
      main.dataset.ready = name;
      main.dataset.readyMs = String(Math.round(m.duration));
      // Since the document's navigation began: the figure for a full page load.
      main.dataset.sinceLoadMs = String(Math.round(performance.now()));
      main.setAttribute('aria-busy', 'false');
    }
  });
}
