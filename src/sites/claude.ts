import { defineSite } from './define-site';

export const site = defineSite({
  id: 'claude',
  label: 'Claude',
  matches: ['https://claude.ai/*'],
  replySelector: ['[data-is-streaming]', '.font-claude-response', '.font-claude-message'],
  // The artifact side panel reuses the reply class but is not a reply.
  notInside: ['#markdown-artifact'],
  textRoot: ['.standard-markdown', '.font-claude-response', '.font-claude-message'],
  // Thinking (a .row-start-1 above the answer's .row-start-2) stays in the DOM even collapsed.
  exclude: [
    '.row-start-1:has(+ .row-start-2)',
    '[class*="group/thinking"]',
    '.artifact-block-cell',
    // The code language label sits outside <pre>, just before the block.
    '.font-small:has(+ div > pre)',
    '.font-small:has(+ pre)',
  ],
  streaming: {
    reply: ['[data-is-streaming="true"]'],
    page: ['button[data-testid="chat-input-stop"]'],
  },
  // A tiptap (ProseMirror) editor (real-pages covai-claude-chat, obsidian-ai-exporter).
  composer: [
    'div[contenteditable="true"][data-testid="chat-input"]',
    'div.ProseMirror[contenteditable="true"]',
    'fieldset div[contenteditable="true"]',
  ],
  replyId: (reply) => reply.closest('[data-index]')?.getAttribute('data-index') ?? undefined,
});
