// The user's own messages, as chat pages mark them: pick mode must never watch them (or the
// user's pasted text would be checked as if a chatbot had written it, issue #18), and a page
// that shows one but no reply Recital can read is a sign its site changed.

/**
 * Author and role markers of a user turn, the way chat pages and the built-in sites spell them
 * (`data-message-author-role="user"` on ChatGPT, `user-query` on Gemini, Perplexity's
 * `group/user-bubble`); class and test-id parts match without case.
 */
const USER_TURN_PARTS = [
  ...['role', 'author', 'sender', 'from', 'speaker', 'type', 'message-author-role'].flatMap(
    (name) => ['user', 'User', 'human', 'Human'].map((value) => `[data-${name}="${value}"]`),
  ),
  '[data-is-user="true"]',
  '[data-testid*="user-message" i]',
  '[data-testid*="user-turn" i]',
  '[class*="user-message" i]',
  '[class*="user-bubble" i]',
  '[class*="human-message" i]',
  '[class*="from-user" i]',
  'user-query',
  'user-message',
];
const USER_TURN = USER_TURN_PARTS.join(', ');

/** True when `el` is, or sits inside, an element marked as the user's own message. */
export function isInUserTurn(el: Element): boolean {
  return el.closest(USER_TURN) !== null;
}

/** True when `el` is, holds, or sits inside an element marked as the user's own message. */
export function touchesUserTurn(el: Element): boolean {
  return el.closest(USER_TURN) !== null || el.querySelector(USER_TURN) !== null;
}

/**
 * `selector` narrowed by `:not()` so that none of `matches` that touch a user turn match it: only
 * the markers those turns carry are named (a saved selector has a length limit).
 */
export function withoutUserTurns(selector: string, matches: readonly Element[]): string {
  const nots = new Set<string>();
  for (const el of matches) {
    for (const part of USER_TURN_PARTS) {
      if (el.matches(part)) nots.add(`:not(${part})`);
      else if (el.closest(part)) nots.add(`:not(${part} *)`);
      else if (el.querySelector(part)) nots.add(`:not(:has(${part}))`);
    }
  }
  return selector + [...nots].join('');
}

/** True when the page shows a message marked as the user's own. */
export function hasUserTurn(doc: Document): boolean {
  return doc.querySelector(USER_TURN) !== null;
}
