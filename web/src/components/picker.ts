// Pick an entity by name (through search) or by id. Used wherever a view
// works on a chosen set of entities: graph, path, timeline, map.

import { api } from '../api';
import { h, notice } from '../dom';
import { schemaBadge } from './badges';

let seq = 0;

export function entityPicker(label: string, onPick: (id: string, caption: string) => void, opts: { value?: string; button?: string } = {}): HTMLElement {
  const id = `pick-${++seq}`;
  const input = h('input', { id, type: 'search', autocomplete: 'off', value: opts.value ?? '', placeholder: 'name or entity id', spellcheck: false });
  const list = h('ul', { class: 'pick-list', role: 'list' });
  const find = async () => {
    const v = input.value.trim();
    list.replaceChildren();
    if (!v) return;
    if (/^E[0-9a-f]{8,}$/.test(v)) {
      onPick(v, v);
      return;
    }
    try {
      const r = await api.search(v, undefined, undefined, 8);
      if (!r.results.length) list.append(h('li', null, notice('info', 'No match that you may see.')));
      for (const x of r.results)
        list.append(
          h(
            'li',
            null,
            h(
              'button',
              {
                type: 'button',
                class: 'pick',
                on: {
                  click: () => {
                    list.replaceChildren();
                    input.value = x.caption;
                    onPick(x.id, x.caption);
                  },
                },
              },
              h('span', { dir: 'auto' }, x.caption),
              ' ',
              schemaBadge(x.schema),
              h('span', { class: 'muted' }, ` ${x.why}`),
            ),
          ),
        );
      list.querySelector<HTMLElement>('button')?.focus();
    } catch (err) {
      list.append(h('li', null, notice('error', (err as Error).message)));
    }
  };
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      ev.preventDefault();
      find();
    }
  });
  return h(
    'div',
    { class: 'picker field' },
    h('label', { for: id }, label),
    h('div', { class: 'row' }, input, h('button', { type: 'button', on: { click: find } }, opts.button ?? 'Find')),
    list,
  );
}
