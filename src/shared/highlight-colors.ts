// The highlight colours as the settings hold them and a content script paints them.

export interface HighlightColors {
  exact: string;
  near: string;
}

export function isHighlightColors(value: unknown): value is HighlightColors {
  const v = value as Partial<HighlightColors> | null;
  const isHex = (c: unknown): boolean => typeof c === 'string' && /^#[0-9a-f]{6}$/i.test(c);
  return typeof v === 'object' && v !== null && isHex(v.exact) && isHex(v.near);
}
