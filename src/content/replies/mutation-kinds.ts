// What kind of change a mutation record is, as the tracker sorts them.

function hasElement(nodes: NodeList): boolean {
  // Indexed: a NodeList iterator costs more than the loop (this runs per mutation per frame).
  for (let i = 0; i < nodes.length; i++) if ((nodes[i] as Node).nodeType === 1) return true;
  return false;
}

/** True for a `<style>` or `<link>` (a stylesheet) among `nodes`. */
function hasStylesheet(nodes: NodeList): boolean {
  for (let i = 0; i < nodes.length; i++) {
    const name = (nodes[i] as Node).nodeName;
    if (name === 'STYLE' || name === 'LINK' || name === 'style' || name === 'link') return true;
  }
  return false;
}

/** A stylesheet added, removed or edited: any element's computed style may have changed. */
export function isStyleChange(record: MutationRecord): boolean {
  const target = record.target;
  const owner = record.type === 'characterData' ? target.parentNode : target;
  if (owner?.nodeName === 'STYLE' || owner?.nodeName === 'style') return true;
  if (record.type !== 'childList') return false;
  return hasStylesheet(record.addedNodes) || hasStylesheet(record.removedNodes);
}

/** Text added, removed or edited: no element or attribute changed, so no selector's matches did (barring `:empty`). */
export function isTextChange(record: MutationRecord): boolean {
  if (record.type === 'characterData') return true;
  return (
    record.type === 'childList' &&
    !hasElement(record.addedNodes) &&
    !hasElement(record.removedNodes)
  );
}

/** True when every node lies strictly inside one of `roots`: their own style and place did not change. */
export function isInsideRoots(nodes: readonly Node[], roots: readonly Element[]): boolean {
  if (roots.length === 0) return false;
  for (const node of nodes)
    if (!roots.some((root) => root !== node && root.contains(node))) return false;
  return true;
}
