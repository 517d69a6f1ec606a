import { defineSite } from './define-site';

export const site = defineSite({
  id: 'deepseek',
  label: 'DeepSeek',
  matches: ['https://chat.deepseek.com/*'],
  replySelector: ['.ds-message:has(.ds-markdown)'],
  textRoot: ['.ds-markdown.ds-assistant-message-main-content', '.ds-markdown'],
  exclude: ['.ds-think-content', '.md-code-block-banner', '.md-code-block-banner-wrap'],
  streaming: {
    page: ['.ds-button--primary path[d^="M2 4.88"]'],
  },
  // The virtual list remounts rows; its key (dropped in the 2026-10 build) outlives them.
  replyId: (reply) =>
    reply.closest('[data-virtual-list-item-key]')?.getAttribute('data-virtual-list-item-key') ??
    undefined,
});
