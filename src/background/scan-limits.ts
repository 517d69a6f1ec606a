// The bounds on the work and storage one page can cause, in one place with their reasons.

/**
 * Characters of a reply that are checked; the rest of a longer reply is not, and the popup says
 * so. A real answer is under 50,000; the spans pass over 1,000,000 characters of a reply
 * repeating 11 library words costs the worker 0.1 to 0.4 s (docs/benchmarks.md), the longest
 * turn another tab can wait behind.
 */
export const MAX_SCANNED_REPLY_CHARS = 1_000_000;

/**
 * Longest reply text the worker accepts and holds at all. Longer ones are refused with an
 * error (and a note in the popup): holding and diffing them would cost memory for nothing.
 */
export const MAX_RECEIVED_REPLY_CHARS = 16_000_000;

/**
 * Characters of new text one turn of the scan scheduler reads for one reply before the next
 * tab's turn: reading (tokenizing, looking up) 100,000 characters takes 5 to 40 ms of CPU.
 */
export const SCAN_SLICE_CHARS = 100_000;

/** Replies checked per page; a page with more is a loop or a test page, not a conversation. */
export const MAX_REPLIES_PER_PAGE = 500;

/** Audit records one page may write: each holds reply and library text in IndexedDB. */
export const MAX_AUDIT_RECORDS_PER_PAGE = 50;

/** Characters of the reply an audit record keeps; its spans keep their own excerpts. */
export const MAX_AUDIT_REPLY_CHARS = 20_000;

/** Spans an audit record keeps (the first ones in reply order); the count of the rest is kept. */
export const MAX_AUDIT_SPANS = 200;

/**
 * Spans sent to the page and shown for one reply: painting more helps nobody, and each costs
 * the page a highlight range.
 */
export const MAX_SPANS_PER_REPLY = 500;
