// The import rules of eslint.config.js, run through ESLint itself: a wrong-direction import in
// any folder of src/ fails lint, and the imports the architecture allows pass.
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The rule ids ESLint reports for `import { x } from '<source>'` in the file `src/<file>`. */
async function rulesFor(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import { x } from '${source}';\nexport const y = x;\n`, {
    filePath: path.join(ROOT, 'src', file),
  });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('import direction between the folders of src/', () => {
  it.each([
    ['core/tokenize.ts', '../shared/result'],
    ['core/tokenize.ts', '../library/library-store'],
    ['shared/messages.ts', '../sites/index'],
    ['shared/messages.ts', '../library/library-store'],
    ['sites/chatgpt.ts', '../library/library-store'],
    ['sites/chatgpt.ts', '../content/highlight'],
    ['library/library-store.ts', '../background/matcher'],
    ['library/store/documents.ts', '../../options/library-client'],
    ['library/import/txt.ts', '../../ui/notice'],
    ['background/matcher.ts', '../content/highlight'],
    ['background/matcher.ts', '../popup/format-citation'],
    ['content/highlight.ts', '../library/library-store'],
    ['content/replies/find-replies.ts', '../../library/library-store'],
    ['content/paint/marks.ts', '../../background/matcher'],
    ['content/highlight.ts', '../ui/notice'],
    ['ui/notice.tsx', '../options/library-client'],
    ['ui/notice.tsx', '../library/library-store'],
    ['ui/notice.tsx', '../popup/popup-app'],
    ['popup/popup-app.tsx', '../options/library-client'],
    ['popup/popup-app.tsx', '../background/matcher'],
    ['popup/popup-app.tsx', '../content/highlight'],
    ['options/settings-section.tsx', '../popup/format-citation'],
    ['audit/audit-app.tsx', '../popup/span-card'],
    ['welcome/welcome-app.tsx', '../options/sample-library'],
    ['check/check-app.tsx', '../popup/span-card'],
    ['report/report-app.tsx', '../check/check-app'],
    ['cli/recital.ts', '../library/library-store'],
    ['cli/recital.ts', '../content/highlight'],
    ['cli/recital.ts', '../sites/index'],
    ['server/catalogue.ts', '../background/matcher'],
    ['server/catalogue.ts', '../library/library-store'],
  ])('refuses src/%s importing %s', async (file, source) => {
    expect(await rulesFor(file, source)).toContain('recital/import-direction');
  });

  it.each([
    ['core/tokenize.ts', './normalize'],
    ['shared/messages.ts', '../core/index'],
    ['sites/chatgpt.ts', '../shared/result'],
    ['sites/chatgpt.ts', './define-site'],
    ['library/library-store.ts', '../sites/index'],
    ['library/import/txt.ts', '../../core/index'],
    ['background/matcher.ts', '../library/library-store'],
    ['content/highlight.ts', '../sites/index'],
    ['content/replies/find-replies.ts', '../../sites/index'],
    ['content/replies/find-replies.ts', '../text/read-reply'],
    ['ui/notice.tsx', '../shared/result'],
    ['popup/popup-app.tsx', '../ui/notice'],
    ['popup/popup-app.tsx', '../library/library-store'],
    ['options/settings-section.tsx', '../sites/index'],
    ['report/report-app.tsx', '../ui/notice'],
    ['cli/recital.ts', '../library/import/index'],
    ['cli/recital.ts', '../shared/result'],
    ['server/catalogue.ts', '../core/index'],
  ])('allows src/%s importing %s', async (file, source) => {
    expect(await rulesFor(file, source)).not.toContain('recital/import-direction');
  });
});

describe('packages each folder may not import', () => {
  it.each([
    ['core/tokenize.ts', 'idb'],
    ['core/tokenize.ts', 'node:fs'],
    ['core/tokenize.ts', 'webextension-polyfill'],
    ['content/highlight.ts', 'idb'],
    ['ui/notice.tsx', 'idb'],
    ['popup/popup-app.tsx', 'webextension-polyfill'],
  ])('refuses src/%s importing %s', async (file, source) => {
    expect(await rulesFor(file, source)).toContain('no-restricted-imports');
  });

  it('lets src/shared/browser.ts alone import the polyfill', async () => {
    expect(await rulesFor('shared/browser.ts', 'webextension-polyfill')).not.toContain(
      'no-restricted-imports',
    );
  });
});
