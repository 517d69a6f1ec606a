const MAX_LENGTH = 120;

/**
 * A JSON.parse error as a short phrase on one line. V8 quotes the text around the fault, which may
 * span lines or run long; the user needs where and what, not a page of their export.
 */
export function describeJsonError(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ');
  return message.length > MAX_LENGTH ? `${message.slice(0, MAX_LENGTH - 1)}…` : message;
}
