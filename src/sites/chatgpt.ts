import { defineSite } from './define-site';

// Classic (<=2026-08) and 2026-09 layouts roll out gradually, so both selector sets ship.
export const site = defineSite({
  id: 'chatgpt',
  label: 'ChatGPT',
  matches: ['https://chatgpt.com/*', 'https://chat.openai.com/*'],
  replySelector: [
    '[data-testid^="conversation-turn-"][data-turn="assistant"], [data-testid^="conversation-turn-"]:not([data-turn]):has([data-message-author-role="assistant"])',
    '[data-chatgpt-search-unit-key$=":assistant"]',
    '[data-message-author-role="assistant"]',
  ],
  textRoot: [
    '[data-message-author-role="assistant"] .markdown',
    '[data-markdown-text-style="assistant-message"]',
  ],
  exclude: [
    '[data-markdown-copy="exclude"]',
    '[class*="group/activity-header"]',
    'pre .sticky',
    'pre [class*="h-9"]',
  ],
  streaming: {
    reply: ['.result-streaming', '.streaming-animation', '[role="status"][aria-busy="true"]'],
    page: ['button[data-testid="stop-button"]'],
  },
  // The ProseMirror editor; the hidden fallback textarea shares its name (real-pages 2026-07).
  composer: [
    'div#prompt-textarea[contenteditable="true"]',
    '.ProseMirror[contenteditable="true"]',
    'textarea#prompt-textarea',
  ],
  replyId: (reply) =>
    reply.getAttribute('data-turn-id') ??
    reply.getAttribute('data-chatgpt-search-unit-key') ??
    reply
      .querySelector('[data-message-author-role="assistant"]')
      ?.getAttribute('data-message-id') ??
    undefined,
});
