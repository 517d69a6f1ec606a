/** Attributes whose changes can change what a reply selector, streaming signal or the text reader sees. */
export const OBSERVED_ATTRIBUTES = [
  'class',
  'data-is-streaming',
  'data-streaming-state',
  'data-streaming-complete',
  'data-complete',
  'aria-busy',
  'aria-label',
  'data-testid',
  'hidden',
  'style',
  // What the text reader checks besides class/hidden/style: the read cache must see them change.
  'aria-hidden',
  'open',
  'role',
];
