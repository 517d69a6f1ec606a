/** How a reply selector list's matches depend on what is inside the elements it matches. */
export type ContentDependence = 'none' | 'subject' | 'any';

/**
 * `subject` when every `:has()` of `selectorList` sits at the top level of a selector's last
 * compound and looks at descendants only (no `+` or `~` inside), so a change inside an element
 * can change whether that element or an ancestor matches, and nothing else; `any` for other
 * uses of `:has()` and for `:empty` (a text change matters); `none` without them.
 */
export function contentDependenceOf(anyCaseList: string): ContentDependence {
  const selectorList = anyCaseList.toLowerCase();
  if (selectorList.includes(':empty')) return 'any';
  if (!selectorList.includes(':has(')) return 'none';
  let depth = 0;
  let quote = '';
  /** Depth-0 `:has(` seen since the last depth-0 combinator or comma. */
  let hasInCompound = false;
  /** Position of the `(` of the depth-0 `:has(` being read, -1 outside one. */
  let hasArgumentFrom = -1;
  let topLevelHas = 0;
  for (let i = 0; i < selectorList.length; i++) {
    const c = selectorList[i] as string;
    if (c === '\\') {
      i++;
      continue;
    }
    if (quote !== '') {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '(' || c === '[') {
      if (depth === 0 && c === '(' && selectorList.endsWith(':has', i)) {
        hasInCompound = true;
        hasArgumentFrom = i;
        topLevelHas++;
      }
      depth++;
    } else if (c === ')' || c === ']') {
      depth--;
      if (depth === 0 && hasArgumentFrom >= 0) {
        if (/[+~]/.test(selectorList.slice(hasArgumentFrom, i))) return 'any';
        hasArgumentFrom = -1;
      }
    } else if (depth === 0 && c === ',') {
      hasInCompound = false;
    } else if (depth === 0 && /[\s>+~]/.test(c)) {
      // A combinator after a :has() compound: the :has() applies to an ancestor or sibling.
      const rest = selectorList.slice(i).trimStart();
      if (hasInCompound && rest !== '' && !rest.startsWith(',')) return 'any';
    }
  }
  // A :has() nested in :is()/:not()/:where() may apply to another compound.
  return selectorList.split(':has(').length - 1 === topLevelHas ? 'subject' : 'any';
}
