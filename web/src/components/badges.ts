// Provenance badges: where a fact comes from, how far it can be trusted
// (Admiralty grading) and who may see it (visibility label). Shown on every
// fact so that nothing appears without its origin.

import { h } from '../dom';

const RELIABILITY: Record<string, string> = {
  A: 'completely reliable source',
  B: 'usually reliable source',
  C: 'fairly reliable source',
  D: 'not usually reliable source',
  E: 'unreliable source',
  F: 'source reliability cannot be judged',
};
const CREDIBILITY: Record<string, string> = {
  '1': 'confirmed by other sources',
  '2': 'probably true',
  '3': 'possibly true',
  '4': 'doubtful',
  '5': 'improbable',
  '6': 'truth cannot be judged',
};

export function gradingText(rel: string, cred: string): string {
  return `${RELIABILITY[rel] ?? 'source reliability not graded'}; information ${CREDIBILITY[cred] ?? 'not graded'}`;
}

export function sourceBadge(source: string): HTMLElement {
  return h('span', { class: 'badge badge-source', title: `source: ${source}` }, source);
}

export function gradingBadge(rel: string, cred: string): HTMLElement {
  const code = `${rel || '?'}${cred || '?'}`;
  const text = `Admiralty grading ${code}: ${gradingText(rel, cred)}`;
  const weak = 'DEF'.includes(rel) || '456'.includes(cred);
  return h('abbr', { class: `badge badge-grade${weak ? ' badge-grade-weak' : ''}`, title: text, 'aria-label': text }, code);
}

export function labelBadge(label: string): HTMLElement {
  if (!label) return h('span', { class: 'badge badge-label badge-public', title: 'visibility: everyone' }, 'public');
  return h('span', { class: 'badge badge-label', title: `visibility label: ${label}` }, h('span', { 'aria-hidden': 'true' }, '◈ '), label);
}

/** Facts and assessments must never look alike. */
export function kindBadge(kind: string): HTMLElement | null {
  if (kind === 'assessment') return h('span', { class: 'badge badge-assessment', title: "an analyst's assessment, not a fact" }, 'assessment');
  return null;
}

export function provenance(f: { source: string; reliability: string; credibility: string; label: string; kind?: string }): HTMLElement {
  return h('span', { class: 'prov' }, sourceBadge(f.source), gradingBadge(f.reliability, f.credibility), labelBadge(f.label), f.kind ? kindBadge(f.kind) : null);
}

export function schemaBadge(schema: string): HTMLElement {
  return h('span', { class: 'badge badge-schema' }, schema);
}

export function topicBadge(topic: string): HTMLElement {
  const t: Record<string, string> = {
    sanction: 'sanctioned',
    'wanted': 'wanted (notice)',
    'crime': 'crime',
    'poi': 'person of interest',
    'role.pep': 'politically exposed',
  };
  return h('span', { class: 'badge badge-topic' }, t[topic] ?? topic);
}
