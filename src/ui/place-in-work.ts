/**
 * Where in a work a passage starts, in words a reader uses: from its share of the text
 * (0..100). Raw offsets and "0% through" read as machine output; the citation keeps the figures.
 */
export function placeInWork(percent: number): string {
  if (percent < 5) return 'at the start';
  if (percent < 33) return 'in the first third';
  if (percent < 67) return 'in the middle';
  if (percent < 95) return 'in the last third';
  return 'at the end';
}
