import { defineSite } from '../../src/sites/define-site';
import { loadHtml } from './load-html';

/** A page whose body is `body` (see loadHtml). */
export const page = (body: string): Document =>
  loadHtml(`<!doctype html><html><body>${body}</body></html>`);

/** A site for the reader's tests: a fallback selector, text roots, exclusions, both streaming signals. */
export const site = defineSite({
  id: 'test',
  label: 'Test',
  matches: ['https://test.example/*'],
  replySelector: ['.missing', '.reply'],
  textRoot: ['.body'],
  exclude: ['.think', '.chip'],
  streaming: { reply: ['[data-busy="true"]'], page: ['#stop'] },
});
