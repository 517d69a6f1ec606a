import { defineSite } from './define-site';

export const site = defineSite({
  id: 'meta',
  label: 'Meta AI',
  matches: ['https://www.meta.ai/*', 'https://meta.ai/*'],
  replySelector: ['[data-testid="assistant-message"]', '[data-message-id$="_assistant"]'],
  textRoot: ['.markdown-content'],
  exclude: [
    '[data-testid="citation-pill"]',
    '[data-testid="thinking-status"]',
    '[data-streamdown="code-block-header"]',
    '.ur-citation-pill',
    '.ur-code-block__header',
  ],
  streaming: {
    reply: ['[data-streaming-state="STREAMING"]', '[data-streaming-complete="false"]'],
    page: ['button[data-testid="composer-stop-button"]'],
  },
  replyId: (reply) =>
    reply.closest('[data-message-id]')?.getAttribute('data-message-id') ?? undefined,
});
