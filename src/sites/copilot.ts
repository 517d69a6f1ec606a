import { defineSite } from './define-site';

export const site = defineSite({
  id: 'copilot',
  label: 'Microsoft Copilot',
  matches: [
    'https://copilot.microsoft.com/*',
    'https://copilot.com/*',
    'https://www.copilot.com/*',
  ],
  replySelector: ['[data-content="ai-message"]', '[data-testid="ai-message"]'],
  textRoot: ['[class*="group/ai-message-item"]', '[data-testid="ai-message-body"]'],
  // span.capitalize is the code-block language label in the block's header.
  exclude: ['[data-testid="message-item-reactions"]', 'span.capitalize'],
  streaming: {
    page: ['button[data-testid="stop-button"]'],
  },
  // Reply parts carry ids `<message id>-content-<n>`.
  replyId: (reply) =>
    reply.querySelector('[id$="-content-0"]')?.id.replace(/-content-0$/, '') || undefined,
});
