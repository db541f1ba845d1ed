// Map of places for one or more entities, drawn offline: the basemap is
// Natural Earth's 1:110m countries from the world-atlas package, bundled;
// no tile server, no network beyond the Mosaic API.

import { geoNaturalEarth1, geoPath, geoGraticule10 } from 'd3-geo';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import world from 'world-atlas/countries-110m.json';
import { api, type Place } from '../api';
import { h, loading, notice, s } from '../dom';
import { navigate, type ViewContext } from '../router';
import { table } from '../components/table';
import { entityPicker } from '../components/picker';
import { unavailableOr } from './timeline';

export async function mapView(ctx: ViewContext): Promise<void> {
  ctx.title('Map');
  const ids = (ctx.query.get('ids') ?? '').split(',').filter(Boolean);
  const go = (next: string[]) => navigate(next.length ? `/map?ids=${next.join(',')}` : '/map');
  ctx.root.append(
    h('h1', { tabindex: '-1' }, 'Places'),
    h(
      'div',
      { class: 'toolbar card' },
      entityPicker('Add an entity', (id) => !ids.includes(id) && go([...ids, id]), { button: 'Add' }),
      ids.length
        ? h(
            'ul',
            { class: 'chips', 'aria-label': 'Entities on the map' },
            ids.map((id) => h('li', null, h('a', { href: `/entity/${encodeURIComponent(id)}` }, id), h('button', { type: 'button', class: 'link', 'aria-label': `Remove ${id}`, on: { click: () => go(ids.filter((x) => x !== id)) } }, '✕'))),
          )
        : null,
    ),
  );
  const out = h('div', { id: 'map' });
  ctx.root.append(out);
  if (!ids.length) {
    out.append(drawMap([]), notice('info', 'Add one or more entities to see the places in their records: addresses, birth places, airports, border posts.'));
    ctx.ready();
    return;
  }
  out.append(loading('places'));
  let places: Place[];
  try {
    places = (await api.places(ids)).places;
  } catch (err) {
    if (ctx.stale()) return;
    out.replaceChildren(drawMap([]), unavailableOr(err, 'places'));
    ctx.ready();
    return;
  }
  if (ctx.stale()) return;
  const detail = h('div', { class: 'place-detail', 'aria-live': 'polite' });
  const select = (p: Place) =>
    detail.replaceChildren(
      h(
        'section',
        { class: 'card' },
        h('h2', { dir: 'auto' }, p.name),
        h('p', { class: 'muted' }, `${p.count} mention${p.count === 1 ? '' : 's'} · ${p.lat.toFixed(3)}, ${p.lon.toFixed(3)}`),
        h('h3', null, 'Entities'),
        h('ul', null, p.entities.map((id) => h('li', null, h('a', { href: `/entity/${encodeURIComponent(id)}` }, id)))),
        h('h3', null, 'Records'),
        h('ul', null, p.records.map((r) => h('li', null, h('code', { class: 'rec' }, r)))),
      ),
    );
  out.replaceChildren(
    h('div', { class: 'map-layout' }, drawMap(places, select), detail),
    table(
      [
        { key: 'name', label: 'Place', value: (p) => p.name, render: (p) => h('button', { type: 'button', class: 'link', on: { click: () => select(p) } }, p.name) },
        { key: 'count', label: 'Mentions', numeric: true, value: (p) => p.count },
        { key: 'entities', label: 'Entities', numeric: true, value: (p) => p.entities.length },
        { key: 'lat', label: 'Latitude', numeric: true, value: (p) => p.lat, render: (p) => p.lat.toFixed(3) },
        { key: 'lon', label: 'Longitude', numeric: true, value: (p) => p.lon, render: (p) => p.lon.toFixed(3) },
      ],
      places,
      { caption: 'Places', sort: { key: 'count', desc: true }, empty: 'No places that you may see.' },
    ),
  );
  ctx.ready();
}

const topo = world as unknown as Topology<{ countries: GeometryCollection; land: GeometryCollection }>;
const countries = feature(topo, topo.objects.countries);
const borders = mesh(topo, topo.objects.countries, (a, b) => a !== b);

function drawMap(places: Place[], onSelect?: (p: Place) => void): SVGSVGElement {
  const W = 960, H = 520;
  const proj = geoNaturalEarth1();
  if (places.length) {
    // Fit the places with a margin; a single place gets a regional view.
    const lons = places.map((p) => p.lon), lats = places.map((p) => p.lat);
    const padX = Math.max(6, 0.15 * (Math.max(...lons) - Math.min(...lons)));
    const padY = Math.max(4, 0.15 * (Math.max(...lats) - Math.min(...lats)));
    let [x0, x1, y0, y1] = [Math.min(...lons) - padX, Math.max(...lons) + padX, Math.min(...lats) - padY, Math.max(...lats) + padY];
    if (x1 - x0 < 20) [x0, x1] = [(x0 + x1) / 2 - 10, (x0 + x1) / 2 + 10];
    if (y1 - y0 < 12) [y0, y1] = [(y0 + y1) / 2 - 6, (y0 + y1) / 2 + 6];
    proj.fitExtent([[10, 10], [W - 10, H - 10]], {
      type: 'Feature',
      properties: {},
      geometry: { type: 'MultiPoint', coordinates: [[x0, y0], [x1, y0], [x0, y1], [x1, y1]] },
    });
  } else proj.fitExtent([[10, 10], [W - 10, H - 10]], { type: 'Sphere' });
  const path = geoPath(proj);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'map-svg', role: 'group', 'aria-label': places.length ? `Map of ${places.length} places; the table lists them` : 'World map' });
  svg.append(
    s('defs', null, s('clipPath', { id: 'map-clip' }, s('rect', { x: 0, y: 0, width: W, height: H }))),
    s('rect', { x: 0, y: 0, width: W, height: H, class: 'map-sea' }),
  );
  const g = s('g', { 'clip-path': 'url(#map-clip)' });
  g.append(
    s('path', { d: path(geoGraticule10()) ?? '', class: 'map-graticule' }),
    s('path', { d: path(countries) ?? '', class: 'map-land' }),
    s('path', { d: path(borders) ?? '', class: 'map-border' }),
  );
  const max = Math.max(1, ...places.map((p) => p.count));
  // Labels of busier places win; a label that would overlap one already placed is left to the tooltip and table.
  const labelBoxes: [number, number, number, number][] = [];
  const labelFits = (x: number, y: number, w: number) => {
    const box: [number, number, number, number] = [x, y - 10, x + w, y + 4];
    if (labelBoxes.some((b) => box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1])) return false;
    labelBoxes.push(box);
    return true;
  };
  for (const p of [...places].sort((a, b) => b.count - a.count)) {
    const xy = proj([p.lon, p.lat]);
    if (!xy) continue;
    const r = 4 + 10 * Math.sqrt(p.count / max);
    const dot = s('circle', { cx: xy[0], cy: xy[1], r, class: 'map-place', tabindex: '0', role: 'button', 'aria-label': `${p.name}, ${p.count} mentions` }, s('title', null, `${p.name} (${p.count})`));
    dot.addEventListener('click', () => onSelect?.(p));
    dot.addEventListener('keydown', (ev) => (ev.key === 'Enter' || ev.key === ' ') && (ev.preventDefault(), onSelect?.(p)));
    g.append(dot);
    if (labelFits(xy[0] + r + 3, xy[1] + 4, 7 * p.name.length)) g.append(s('text', { x: xy[0] + r + 3, y: xy[1] + 4, class: 'map-label' }, p.name));
  }
  svg.append(g);
  return svg;
}
