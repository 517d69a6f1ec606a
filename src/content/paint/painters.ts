// How a Range gets painted: the Custom Highlight API, or <mark> wrappers where it is missing.

export const HIGHLIGHT_NAMES = {
  exact: 'recital-exact',
  near: 'recital-near',
  flash: 'recital-flash',
} as const;

/** One paint backend: Custom Highlight API, or `<mark>` wrappers where it is missing. */
export interface Painter {
  /** Adding a range leaves the DOM alone, so a painted Range stays valid across paints. */
  keepsDom: boolean;
  add(kind: keyof typeof HIGHLIGHT_NAMES, range: Range): void;
  remove(kind: keyof typeof HIGHLIGHT_NAMES, range: Range): void;
  dispose(): void;
}

export function highlightPainter(registry: HighlightRegistry): Painter {
  const highlights = {
    exact: new Highlight(),
    near: new Highlight(),
    flash: new Highlight(),
  };
  // Flash sits above the match colours.
  highlights.flash.priority = 1;
  for (const [kind, highlight] of Object.entries(highlights))
    registry.set(HIGHLIGHT_NAMES[kind as keyof typeof HIGHLIGHT_NAMES], highlight);
  return {
    keepsDom: true,
    add: (kind, range) => void highlights[kind].add(range),
    remove: (kind, range) => void highlights[kind].delete(range),
    dispose: () => {
      for (const name of Object.values(HIGHLIGHT_NAMES)) registry.delete(name);
    },
  };
}

/** Wraps each text node piece of a range in a `<mark>`; used only without `CSS.highlights`. */
export function wrapperPainter(doc: Document): Painter {
  const marks = new Map<Range, HTMLElement[]>();
  function unwrap(mark: HTMLElement): void {
    const parent = mark.parentNode;
    if (!parent) return;
    while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
    parent.removeChild(mark);
  }
  return {
    keepsDom: false,
    add(kind, range) {
      const pieces: Text[] = [];
      const root = range.commonAncestorContainer;
      if (root.nodeType === 3) {
        pieces.push(root as Text);
      } else {
        const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode())
          if (range.intersectsNode(node)) pieces.push(node as Text);
      }
      const created: HTMLElement[] = [];
      for (const textNode of pieces) {
        const start = textNode === range.startContainer ? range.startOffset : 0;
        const end = textNode === range.endContainer ? range.endOffset : textNode.data.length;
        if (end <= start) continue;
        const middle = start > 0 ? textNode.splitText(start) : textNode;
        if (end - start < middle.data.length) middle.splitText(end - start);
        const mark = doc.createElement('mark');
        mark.className = HIGHLIGHT_NAMES[kind];
        middle.parentNode?.insertBefore(mark, middle);
        mark.appendChild(middle);
        created.push(mark);
      }
      marks.set(range, created);
    },
    remove(_kind, range) {
      for (const mark of marks.get(range) ?? []) unwrap(mark);
      marks.delete(range);
    },
    dispose() {
      for (const list of marks.values()) list.forEach(unwrap);
      marks.clear();
    },
  };
}
