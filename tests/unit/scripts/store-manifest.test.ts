import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.join(__dirname, '../../..');
const read = (file: string): unknown => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));

interface Manifest {
  name: string;
  description: string;
  default_locale: string;
  version?: string;
  icons: Record<string, string>;
  action: { default_title: string; default_icon: Record<string, string> };
}

const manifest = read('manifest.json') as Manifest;
const messages = read(`public/_locales/${manifest.default_locale}/messages.json`) as Record<
  string,
  { message: string }
>;
const localized = (value: string): string =>
  value.replace(/^__MSG_(\w+)__$/, (_, key: string) => {
    const entry = messages[key];
    if (!entry) throw new Error(`No message ${key} in _locales/${manifest.default_locale}`);
    return entry.message;
  });

describe('the manifest the stores read', () => {
  it('takes its name, description and title from the default locale', () => {
    for (const field of [manifest.name, manifest.description, manifest.action.default_title])
      expect(field).toMatch(/^__MSG_\w+__$/);
    expect(localized(manifest.name)).toBe('Recital');
    expect(localized(manifest.action.default_title)).toBe('Recital');
  });

  it('has a description within the Chrome Web Store limit of 132 characters', () => {
    const description = localized(manifest.description);
    expect(description.length).toBeGreaterThan(0);
    expect(description.length).toBeLessThanOrEqual(132);
  });

  it('declares icons of 16, 32, 48 and 128 px and a toolbar icon of 16 and 32, each a PNG of that size', () => {
    expect(Object.keys(manifest.icons)).toEqual(['16', '32', '48', '128']);
    expect(Object.keys(manifest.action.default_icon)).toEqual(['16', '32']);
    for (const [size, file] of [
      ...Object.entries(manifest.icons),
      ...Object.entries(manifest.action.default_icon),
    ]) {
      const png = fs.readFileSync(path.join(ROOT, 'public', file));
      // IHDR: width and height, big-endian, at bytes 16 and 20.
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([Number(size), Number(size)]);
    }
  });

  it('leaves the version to the build, from package.json', () => {
    expect(manifest.version).toBeUndefined();
  });
});
