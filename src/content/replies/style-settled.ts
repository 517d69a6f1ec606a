// A fade-in, slide-in or unfold ends without a mutation: its first frame read the reply as
// hidden (opacity 0, off-screen, scaled to nothing), so its end is reported as one.

/** Transitioned properties that can show or hide text. */
const SHOWING_PROPERTIES = new Set([
  'opacity',
  'visibility',
  'display',
  'content-visibility',
  'transform',
  'scale',
  'translate',
  'clip',
  'clip-path',
  'left',
  'top',
  'right',
  'bottom',
  'width',
  'height',
  'max-width',
  'max-height',
]);

/**
 * Calls `onRecords` with a `style` attribute record on the target of every animation and every
 * transition of a property above that ends in `doc`, so the watcher reads what it may have
 * shown as if its style had changed. Stops when `signal` aborts.
 */
export function watchStyleSettled(
  doc: Document,
  signal: AbortSignal,
  onRecords: (records: MutationRecord[]) => void,
): void {
  const none = doc.createDocumentFragment().childNodes;
  const report = (event: Event): void => {
    const target = event.target as Node | null;
    if (target?.nodeType !== 1) return;
    if (event.type === 'transitionend') {
      const property = (event as TransitionEvent).propertyName;
      if (!SHOWING_PROPERTIES.has(property)) return;
    }
    const record = {
      type: 'attributes',
      target,
      attributeName: 'style',
      attributeNamespace: null,
      oldValue: null,
      addedNodes: none,
      removedNodes: none,
      previousSibling: null,
      nextSibling: null,
    } as MutationRecord;
    onRecords([record]);
  };
  for (const type of ['transitionend', 'animationend'])
    doc.addEventListener(type, report, { capture: true, passive: true, signal });
}
