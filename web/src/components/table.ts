// A sortable table. Column headers are buttons (keyboard operable) and the
// current order is exposed through aria-sort.

import { clear, h } from '../dom';

export interface Column<T> {
  key: string;
  label: string;
  value?: (row: T) => string | number;
  render?: (row: T) => Node | string | number | null | (Node | string | null)[];
  numeric?: boolean;
  sortable?: boolean;
  className?: string;
}

export interface TableOptions<T> {
  caption?: string;
  /** Initial order; the table writes the user's choice back into it, so a
   * caller that redraws (e.g. after filtering) can keep the order. */
  sort?: { key: string; desc?: boolean };
  rowAttrs?: (row: T) => Record<string, string>;
  empty?: string;
  onRowKey?: (row: T, ev: KeyboardEvent) => void;
  className?: string;
}

export function table<T>(columns: Column<T>[], rows: T[], opts: TableOptions<T> = {}): HTMLTableElement {
  let sortKey = opts.sort?.key ?? '';
  let desc = opts.sort?.desc ?? false;
  const tbody = h('tbody');
  const ths: HTMLTableCellElement[] = [];

  const cmp = (a: string | number, b: string | number) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: 'base' });

  function draw() {
    let data = rows;
    const col = columns.find((c) => c.key === sortKey);
    if (col && col.value) {
      const v = col.value;
      data = [...rows].sort((a, b) => (desc ? -1 : 1) * cmp(v(a), v(b)));
    }
    clear(tbody);
    if (data.length === 0) {
      tbody.append(h('tr', null, h('td', { colspan: String(columns.length), class: 'empty' }, opts.empty ?? 'Nothing to show.')));
    }
    for (const row of data) {
      const tr = h('tr', opts.rowAttrs ? opts.rowAttrs(row) : null);
      if (opts.onRowKey) tr.addEventListener('keydown', (ev) => opts.onRowKey!(row, ev));
      for (const c of columns) {
        const content = c.render ? c.render(row) : c.value ? c.value(row) : '';
        tr.append(h('td', { class: [c.numeric ? 'num' : '', c.className ?? ''].join(' ').trim() || undefined }, content as any));
      }
      tbody.append(tr);
    }
    columns.forEach((c, i) => {
      const th = ths[i];
      if (c.key === sortKey) th.setAttribute('aria-sort', desc ? 'descending' : 'ascending');
      else th.removeAttribute('aria-sort');
    });
  }

  const headRow = h('tr');
  for (const c of columns) {
    const sortable = c.sortable !== false && !!c.value;
    const th = h('th', { scope: 'col', class: c.numeric ? 'num' : undefined });
    if (sortable) {
      const btn = h(
        'button',
        {
          type: 'button',
          class: 'sort',
          on: {
            click: () => {
              if (sortKey === c.key) desc = !desc;
              else {
                sortKey = c.key;
                desc = !!c.numeric;
              }
              if (opts.sort) Object.assign(opts.sort, { key: sortKey, desc });
              draw();
            },
          },
        },
        c.label,
        h('span', { class: 'sort-ind', 'aria-hidden': 'true' }),
      );
      th.append(btn);
    } else th.append(c.label);
    ths.push(th);
    headRow.append(th);
  }
  const t = h('table', { class: `data ${opts.className ?? ''}`.trim() }, opts.caption ? h('caption', null, opts.caption) : null, h('thead', null, headRow), tbody);
  draw();
  return t;
}
