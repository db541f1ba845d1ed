// Colours used on canvases (the graph), where CSS variables do not reach.
// Text colours live in style.css; test/unit/contrast.test.mjs checks both.

// Community colours: distinct, colour-blind-aware hues dark enough to read
// as marks on white (≥ 3:1, WCAG 1.4.11 for graphical objects).
export const COMMUNITY_COLOURS = [
  '#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#c45100', '#17817b',
  '#b5338a', '#5e6a00', '#3949ab', '#8c564b', '#00838f', '#ad1457',
];

export const HUB_COLOUR = '#767b84';

export const EDGE_COLOURS: Record<string, string> = {
  call: '#6f95d6',
  family: '#d0703a',
  associate: '#9d6bd1',
  membership: '#3a9a8f',
  ownership: '#3a9a8f',
  directorship: '#3a9a8f',
  payment: '#b08a2e',
  link: '#8a94a3',
  travel: '#c0892b',
  phone: '#7a8797',
  email: '#7a8797',
  address: '#7a8797',
  document: '#5f6d7e',
  identifier: '#7a8797',
  mention: '#a99a5a',
  hub: '#c9ced6',
  other: '#9aa3af',
};

// A ring around entities on a watchlist or under a notice.
export const LISTED_RING = '#b3261e';
