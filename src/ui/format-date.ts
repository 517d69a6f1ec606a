/** A short local date ("27 Nov 2026") for a millisecond timestamp; '—' when unknown. */
export function formatDate(timestamp: number | undefined, locale?: string): string {
  if (timestamp === undefined || !Number.isFinite(timestamp)) return '—';
  return new Date(timestamp).toLocaleDateString(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
  });
}
