const STRUCTURAL_SELECTOR = /[+~]|:has\(|:(?:nth-|first-|last-|only-)|:empty/;

/**
 * True when what `selector` matches may change as siblings are added or removed (`+`, `~`,
 * `:has()`, structural pseudo-classes); may say true for a selector that does not.
 */
export function dependsOnSiblings(selector: string): boolean {
  return STRUCTURAL_SELECTOR.test(selector);
}
