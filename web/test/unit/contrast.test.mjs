// WCAG contrast of the workbench palette, computed from the source of truth
// (style.css variables and palette.ts), so a colour change that makes text
// unreadable fails here before it reaches a screen. The browser tests check
// rendered pages with axe-core as well.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const css = readFileSync(new URL('../../src/style.css', import.meta.url), 'utf8');
const paletteTs = readFileSync(new URL('../../src/palette.ts', import.meta.url), 'utf8');

function vars() {
  const root = css.match(/:root\s*\{([^}]*)\}/);
  assert.ok(root, ':root block not found in style.css');
  const out = {};
  for (const m of root[1].matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{3,6})\s*;/g)) out[m[1]] = m[2];
  return out;
}

function rgb(hex) {
  let h = hex.replace('#', '');
  if (h.length === 3) h = [...h].map((c) => c + c).join('');
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16) / 255);
}

function luminance(hex) {
  const [r, g, b] = rgb(hex).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

test('contrast formula matches WCAG reference values', () => {
  assert.equal(Math.round(contrast('#000000', '#ffffff') * 100) / 100, 21);
  assert.equal(contrast('#777777', '#777777'), 1);
  // #767676 on white is the well-known AA threshold (4.54:1).
  assert.ok(Math.abs(contrast('#767676', '#ffffff') - 4.54) < 0.01);
});

// [foreground, background] pairs of text as the stylesheet uses them.
const TEXT_PAIRS = [
  ['text', 'bg'], ['text', 'surface'], ['muted', 'bg'], ['muted', 'surface'],
  ['accent', 'surface'], ['accent', 'bg'], ['accent-hover', 'surface'], ['on-accent', 'accent'], ['on-accent', 'accent-hover'],
  ['on-topbar', 'topbar'], ['on-topbar-muted', 'topbar'],
  ['error-text', 'error-bg'], ['info-text', 'info-bg'], ['warn-text', 'warn-bg'], ['muted', 'info-bg'],
  ['source-text', 'source-bg'], ['grade-text', 'grade-bg'], ['grade-weak-text', 'grade-weak-bg'],
  ['label-text', 'label-bg'], ['neutral-text', 'neutral-bg'], ['assess-text', 'assess-bg'], ['topic-text', 'topic-bg'],
  ['text', 'agree-bg'], ['text', 'differ-bg'], ['text', 'row-hover'], ['accent', 'row-hover'], ['accent', 'info-bg'],
  ['warn-text', 'surface'],
];

test('every text colour pair meets WCAG AA (4.5:1)', () => {
  const v = vars();
  const failures = [];
  for (const [fg, bg] of TEXT_PAIRS) {
    assert.ok(v[fg], `--${fg} is not defined`);
    assert.ok(v[bg], `--${bg} is not defined`);
    const c = contrast(v[fg], v[bg]);
    if (c < 4.5) failures.push(`--${fg} on --${bg}: ${c.toFixed(2)}:1`);
  }
  assert.deepEqual(failures, []);
});

test('focus ring stands out (3:1) against surfaces', () => {
  const v = vars();
  for (const bg of ['surface', 'bg', 'info-bg']) assert.ok(contrast(v.focus, v[bg]) >= 3, `--focus on --${bg}: ${contrast(v.focus, v[bg]).toFixed(2)}`);
});

test('graph community and hub colours are visible marks on white (3:1, WCAG 1.4.11)', () => {
  const block = paletteTs.match(/COMMUNITY_COLOURS = \[([\s\S]*?)\]/);
  assert.ok(block);
  const colours = [...block[1].matchAll(/'(#[0-9a-fA-F]{6})'/g)].map((m) => m[1]);
  assert.ok(colours.length >= 8, 'at least 8 community colours');
  const hub = paletteTs.match(/HUB_COLOUR = '(#[0-9a-fA-F]{6})'/)[1];
  for (const c of [...colours, hub]) assert.ok(contrast(c, '#ffffff') >= 3, `${c} on white: ${contrast(c, '#ffffff').toFixed(2)}`);
  assert.equal(new Set(colours).size, colours.length, 'community colours are distinct');
});
