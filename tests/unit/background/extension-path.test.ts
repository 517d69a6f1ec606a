import { describe, expect, it } from 'vitest';
import { extensionRelativePath } from '../../../src/background/extension-path';

describe('extensionRelativePath', () => {
  it.each([
    { browser: 'Chrome (as the manifest wrote it)', file: 'src/content/index.js' },
    { browser: 'a leading slash', file: '/src/content/index.js' },
    {
      browser: 'Firefox (absolute moz-extension:// URL)',
      file: 'moz-extension://0b6f5e2c-1f0a-4c2e-9d7e-5a1b2c3d4e5f/src/content/index.js',
    },
    {
      browser: 'an absolute chrome-extension:// URL',
      file: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/src/content/index.js',
    },
  ])('gives the root-relative path for $browser', ({ file }) => {
    expect(extensionRelativePath(file)).toBe('src/content/index.js');
  });

  it('decodes an escaped character of a URL and keeps a relative path as it is', () => {
    expect(extensionRelativePath('moz-extension://id/assets/a%20b.js')).toBe('assets/a b.js');
    expect(extensionRelativePath('assets/a b.js')).toBe('assets/a b.js');
  });
});
