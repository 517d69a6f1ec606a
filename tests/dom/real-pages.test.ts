import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findReplies } from '../../src/content/replies/find-replies';
import { SITES } from '../../src/sites';
import { endsWithWords, loadHtml, startsWithWords } from './load-html';

interface PageExpectation {
  assistantReplies: number;
  userMessages: number;
  firstReplyStartsWith: string;
  lastReplyEndsWith: string;
}

const REAL_PAGES = path.resolve(__dirname, '../../../shared/real-pages');

/**
 * Where Recital now reads more than the shared expectation (written before it did) records:
 * the Gemini Deep Research report in its side panel is one more reply, after the chat's.
 */
const NEWER_EXPECTATIONS: Record<string, Partial<PageExpectation>> = {
  'gemini/nuncaeslupus-deep-research-2026-07.html': {
    assistantReplies: 3,
    lastReplyEndsWith: 'under fifty thousand euros.',
  },
  'gemini/obsidian-ai-exporter-deep-research.html': {
    assistantReplies: 1,
    firstReplyStartsWith: 'Deep Research インターフェースの技術的設計：HTML 構造、DOM',
    lastReplyEndsWith: '透明性を担保するための重要な技術的スタックとして機能し続ける。',
  },
};

const cases = existsSync(REAL_PAGES)
  ? readdirSync(REAL_PAGES, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((dir) =>
        readdirSync(path.join(REAL_PAGES, dir.name))
          .filter((file) => file.endsWith('.html'))
          .map((file) => ({ siteId: dir.name, file, page: path.join(REAL_PAGES, dir.name, file) })),
      )
  : [];

describe.skipIf(cases.length === 0)('saved real pages (from ../shared/real-pages)', () => {
  it.each(cases)('$siteId adapter reads $file as a reader sees it', ({ siteId, file, page }) => {
    const site = SITES.find((candidate) => candidate.id === siteId);
    expect(site, `no adapter with id ${siteId}`).toBeDefined();
    if (!site) return;
    const expected = {
      ...(JSON.parse(
        readFileSync(page.replace(/\.html$/, '.expected.json'), 'utf8'),
      ) as PageExpectation),
      ...NEWER_EXPECTATIONS[`${siteId}/${file}`],
    };
    const doc = loadHtml(readFileSync(page, 'utf8'));
    // A capture taken mid-fade-in keeps the fade's first frame inline (Copilot's conversation at
    // `opacity: 0`); live, the fade ends and the watcher reads the replies then.
    for (const el of doc.querySelectorAll<HTMLElement>('[style*="opacity"]'))
      if (el.style.opacity === '0') el.style.opacity = '';
    const replies = findReplies(site, doc);
    const texts = replies.map((reply) => reply.text.text);
    const first = texts[0] ?? '';
    const last = texts[texts.length - 1] ?? '';
    const show = (text: string): string => JSON.stringify(text.replace(/\s+/g, ' '));

    expect(replies.length, 'assistant reply count').toBe(expected.assistantReplies);
    expect(
      startsWithWords(first, expected.firstReplyStartsWith),
      `first reply starts ${show(first.slice(0, 160))}`,
    ).toBe(true);
    expect(
      endsWithWords(last, expected.lastReplyEndsWith),
      `last reply ends ${show(last.slice(-160))}`,
    ).toBe(true);
  });
});

if (cases.length === 0) {
  describe('saved real pages', () => {
    it.skip(`skipped: no saved pages in ${REAL_PAGES} (the shared folder is absent)`, () => {});
  });
}
