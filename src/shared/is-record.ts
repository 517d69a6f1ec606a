/** True for a plain object (not null, not an array): a message payload worth reading fields of. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
