import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as readReplies from '../../src/content/replies/find-replies';
import { findReplies, type FoundReply } from '../../src/content/replies/find-replies';
import { SITES, siteForUrl } from '../../src/sites';
import type { SiteDefinition } from '../../src/sites/define-site';
import { trackReplies } from '../../src/content/replies/track-replies';
import { loadHtml, recordMutations } from './load-html';

/** One streaming signal of a fixture: an attribute flipped between two values. */
interface StreamingToggle {
  /** `reply`: the selector is looked up on/in the appended reply; `document`: in the page. */
  scope: 'reply' | 'document';
  selector: string;
  attribute: string;
  streaming: string;
  done: string;
}

interface FixtureExpectation {
  replies: { id?: string; text: string; isStreaming: boolean }[];
  live: {
    template: string;
    container: string;
    streamInto: string;
    toggles: StreamingToggle[];
  };
}

const REPO = path.resolve(__dirname, '../..');
const FIXTURES = path.join(REPO, 'tests/fixtures/sites');
const SITES_DIR = path.join(REPO, 'src/sites');
const NOT_ADAPTERS = new Set(['index.ts', 'define-site.ts', 'generic.ts']);

interface FixtureCase {
  site: SiteDefinition;
  name: string;
  html: string;
  expected: FixtureExpectation;
}

const fixtureCases: FixtureCase[] = SITES.flatMap((site) => {
  const dir = path.join(FIXTURES, site.id);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.html'))
    .map((file) => {
      const base = file.replace(/\.html$/, '');
      const expectedFile = base === 'reply' ? 'expected.json' : `${base}.expected.json`;
      return {
        site,
        name: `${site.id}/${file}`,
        html: readFileSync(path.join(dir, file), 'utf8'),
        expected: JSON.parse(
          readFileSync(path.join(dir, expectedFile), 'utf8'),
        ) as FixtureExpectation,
      };
    });
});

function toggleTargets(doc: Document, reply: Element, toggle: StreamingToggle): Element[] {
  if (toggle.scope === 'document') return Array.from(doc.querySelectorAll(toggle.selector));
  if (reply.matches(toggle.selector)) return [reply];
  return Array.from(reply.querySelectorAll(toggle.selector));
}

function setStreaming(
  doc: Document,
  reply: Element,
  toggles: StreamingToggle[],
  isStreaming: boolean,
): void {
  for (const toggle of toggles) {
    const targets = toggleTargets(doc, reply, toggle);
    expect(targets.length, `toggle target ${toggle.selector}`).toBeGreaterThan(0);
    for (const target of targets)
      target.setAttribute(toggle.attribute, isStreaming ? toggle.streaming : toggle.done);
  }
}

describe('site adapters on their fixtures', () => {
  it.each(fixtureCases)(
    '$name: finds every assistant reply with the text a reader sees',
    ({ site, html, expected }) => {
      const replies = findReplies(site, loadHtml(html));
      expect(replies.map((reply) => reply.text.text)).toEqual(
        expected.replies.map((reply) => reply.text),
      );
      expect(replies.map((reply) => reply.isStreaming)).toEqual(
        expected.replies.map((reply) => reply.isStreaming),
      );
      expected.replies.forEach((reply, index) => {
        if (reply.id !== undefined) expect(replies[index]?.id).toBe(reply.id);
      });
    },
  );

  it.each(fixtureCases)(
    '$name: an appended reply streams, then completes',
    ({ site, html, expected }) => {
      const doc = loadHtml(html);
      const { live } = expected;
      const template = doc.querySelector(live.template) as HTMLTemplateElement | null;
      const container = doc.querySelector(live.container);
      expect(template, 'template').not.toBeNull();
      expect(container, 'container').not.toBeNull();
      if (!template || !container) return;

      const fragment = template.content.cloneNode(true) as DocumentFragment;
      const shell = fragment.firstElementChild;
      expect(shell).not.toBeNull();
      if (!shell) return;
      container.appendChild(fragment);
      setStreaming(doc, shell, live.toggles, true);
      const streamInto = shell.matches(live.streamInto)
        ? shell
        : shell.querySelector(live.streamInto);
      expect(streamInto, 'streamInto').not.toBeNull();
      streamInto?.appendChild(doc.createTextNode('Streaming words'));

      const during = findReplies(site, doc);
      expect(during).toHaveLength(expected.replies.length + 1);
      expect(during.map((reply) => reply.isStreaming)).toEqual([
        ...expected.replies.map(() => false),
        true,
      ]);
      expect(during.at(-1)?.text.text).toBe('Streaming words');

      streamInto?.appendChild(doc.createTextNode(' and more.'));
      setStreaming(doc, shell, live.toggles, false);
      const after = findReplies(site, doc);
      expect(after.map((reply) => reply.isStreaming)).toEqual([
        ...expected.replies.map(() => false),
        false,
      ]);
      expect(after.at(-1)?.text.text).toBe('Streaming words and more.');
      expect(after.slice(0, -1).map((reply) => reply.id)).toEqual(
        during.slice(0, -1).map((reply) => reply.id),
      );
    },
  );
});

describe('site adapters with the reply tracker', () => {
  afterEach(() => vi.restoreAllMocks());

  const summary = (replies: readonly FoundReply[]) =>
    replies.map((reply) => [reply.id, reply.text.text, reply.isStreaming]);

  it.each(fixtureCases)(
    '$name: a reply streaming words and paragraphs reads as findReplies reads it, words querying no containers',
    async ({ site, html, expected }) => {
      const doc = loadHtml(html);
      const { live } = expected;
      const tracker = trackReplies(site, doc);
      let isStreaming = false;
      const readAfter = async (mutate: () => void): Promise<void> => {
        const records = await recordMutations(doc, mutate);
        const read = tracker.read(records, isStreaming);
        expect(summary(read.replies)).toEqual(summary(findReplies(site, doc)));
      };
      tracker.read([], false);
      const template = doc.querySelector(live.template) as HTMLTemplateElement;
      const shell = (template.content.cloneNode(true) as DocumentFragment)
        .firstElementChild as Element;
      await readAfter(() => {
        doc.querySelector(live.container)?.appendChild(shell);
        setStreaming(doc, shell, live.toggles, true);
      });
      isStreaming = true;
      const streamInto = shell.matches(live.streamInto)
        ? shell
        : (shell.querySelector(live.streamInto) as Element);
      const queries = vi.spyOn(readReplies, 'queryReplyContainers');
      for (let word = 0; word < 6; word++) await readAfter(() => streamInto.append(` word${word}`));
      expect(queries).not.toHaveBeenCalled();
      await readAfter(() =>
        streamInto.after(Object.assign(doc.createElement('p'), { textContent: 'Next paragraph.' })),
      );
      await readAfter(() => setStreaming(doc, shell, live.toggles, false));
    },
  );
});

describe('site registry', () => {
  const manifest = JSON.parse(readFileSync(path.join(REPO, 'manifest.json'), 'utf8')) as {
    content_scripts: { matches: string[] }[];
  };
  const manifestMatches = new Set(manifest.content_scripts.flatMap((script) => script.matches));
  const adapterFiles = readdirSync(SITES_DIR).filter(
    (file) => file.endsWith('.ts') && !NOT_ADAPTERS.has(file),
  );

  it.each(adapterFiles)(
    '%s is registered under its file name, has a fixture and manifest hosts',
    async (file) => {
      const id = file.replace(/\.ts$/, '');
      const module = (await import(path.join(SITES_DIR, file))) as { site?: SiteDefinition };
      expect(module.site?.id).toBe(id);
      expect(SITES).toContain(module.site);
      expect(existsSync(path.join(FIXTURES, id, 'reply.html')), 'fixture reply.html').toBe(true);
      expect(existsSync(path.join(FIXTURES, id, 'expected.json')), 'fixture expected.json').toBe(
        true,
      );
      for (const pattern of module.site?.matches ?? []) expect(manifestMatches).toContain(pattern);
    },
  );

  it('has unique ids and one adapter file per registered site', () => {
    const ids = SITES.map((site) => site.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(adapterFiles.map((file) => file.replace(/\.ts$/, '')).sort());
  });

  it.each([
    ['https://chatgpt.com/c/123', 'chatgpt'],
    ['https://chat.openai.com/', 'chatgpt'],
    ['https://claude.ai/chat/abc', 'claude'],
    ['https://gemini.google.com/app/f00', 'gemini'],
    ['https://copilot.microsoft.com/chats/x', 'copilot'],
    ['https://copilot.com/', 'copilot'],
    ['https://www.copilot.com/', 'copilot'],
    ['https://www.perplexity.ai/search/q', 'perplexity'],
    ['https://chat.deepseek.com/a/chat/s/1', 'deepseek'],
    ['https://chat.mistral.ai/chat/1', 'mistral'],
    ['https://grok.com/c/1', 'grok'],
    ['https://poe.com/chat/1', 'poe'],
    ['https://www.meta.ai/prompt/1', 'meta'],
    ['https://chat.qwen.ai/c/1', 'qwen'],
  ])('siteForUrl(%s) is %s', (url, id) => {
    expect(siteForUrl(url)?.id).toBe(id);
  });

  it.each([
    'https://example.com/',
    'http://chatgpt.com/',
    'https://evilchatgpt.com/',
    'https://chatgpt.com.evil.net/',
    'not a url',
    '',
  ])('siteForUrl(%j) is undefined', (url) => {
    expect(siteForUrl(url)).toBeUndefined();
  });
});
