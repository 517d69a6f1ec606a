import { defineSite } from './define-site';

export const site = defineSite({
  id: 'gemini',
  label: 'Gemini',
  matches: ['https://gemini.google.com/*'],
  // A Deep Research report renders in a side panel outside every conversation container.
  replySelector: ['model-response, deep-research-immersive-panel', '.model-response-text'],
  textRoot: ['message-content .markdown', 'message-content'],
  exclude: [
    'model-thoughts',
    '.thoughts-container',
    'sources-list',
    'sources-carousel-inline',
    '.code-block-decoration',
    'message-actions',
    'immersive-entry-chip',
    'gem-processing-card',
    'generated-file',
    'source-footnote',
  ],
  streaming: {
    reply: ['.markdown[aria-busy="true"]'],
    page: ['button[aria-label="Stop response"]', 'mat-icon[fonticon="stop"]'],
  },
  // A Quill editor inside <rich-textarea> (real-pages nuncaeslupus-table-2026-07).
  composer: [
    'rich-textarea .ql-editor[contenteditable="true"]',
    '.ql-editor.textarea[contenteditable="true"]',
  ],
  replyId: (reply) => reply.closest('.conversation-container[id]')?.id || undefined,
});
