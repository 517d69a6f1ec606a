/** A JSON field as a name: a non-empty string, or a number written out (JSONL ids may be numbers). */
export function fieldString(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}
