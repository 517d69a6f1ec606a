import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { listFiles, zipExtension, zipFolder } from '../../../scripts/pack/zip-folder.mjs';

const VERSION = (
  JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as {
    version: string;
  }
).version;

const folders: string[] = [];

afterEach(() => {
  for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A small built extension: files written in the given order, each with its own mtime. */
function fixture(order: readonly string[], version = VERSION): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-zip-'));
  folders.push(dir);
  const contents: Record<string, string> = {
    'manifest.json': JSON.stringify({ manifest_version: 3, name: 'Recital', version }),
    'assets/b.js': 'export const b = 2;\n',
    'assets/a.js': 'export const a = 1;\n',
    '_locales/en/messages.json': '{"extName":{"message":"Recital"}}',
    'icons/ü 16.png': '\u0089PNG',
  };
  order.forEach((file, i) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), contents[file] ?? '');
    const when = new Date(Date.UTC(2020 + i, i, 1 + i));
    fs.utimesSync(path.join(dir, file), when, when);
  });
  return dir;
}

const FILES = [
  'manifest.json',
  'assets/b.js',
  'assets/a.js',
  '_locales/en/messages.json',
  'icons/ü 16.png',
];

describe('the store zips', () => {
  it('are the same bytes for the same files, whatever their order on disk and their times', () => {
    const first = zipExtension(fixture(FILES), VERSION);
    const second = zipExtension(fixture([...FILES].reverse()), VERSION);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
  });

  it('are the same bytes whatever order the files are given in', () => {
    const dir = fixture(FILES);
    const sorted = zipFolder(dir, [...FILES].sort());
    expect(Buffer.from(zipFolder(dir, FILES)).equals(Buffer.from(sorted))).toBe(true);
    expect(Object.keys(unzipSync(zipFolder(dir, FILES)))).toEqual([...FILES].sort());
  });

  it('hold every file, sorted by path, with the manifest of the package.json version', () => {
    const entries = unzipSync(zipExtension(fixture(FILES), VERSION));
    expect(Object.keys(entries)).toEqual([
      '_locales/en/messages.json',
      'assets/a.js',
      'assets/b.js',
      'icons/ü 16.png',
      'manifest.json',
    ]);
    const manifest = JSON.parse(new TextDecoder().decode(entries['manifest.json'])) as {
      version: string;
    };
    expect(manifest.version).toBe(VERSION);
  });

  it('change when a file changes', () => {
    const dir = fixture(FILES);
    const before = zipFolder(dir);
    fs.appendFileSync(path.join(dir, 'assets/a.js'), '// edited\n');
    expect(Buffer.from(zipFolder(dir)).equals(Buffer.from(before))).toBe(false);
  });

  it('refuse a build whose manifest has another version, or none', () => {
    expect(() => zipExtension(fixture(FILES, '0.0.1'), VERSION)).toThrow(
      /says version 0\.0\.1, package\.json/,
    );
    const empty = fixture(['assets/a.js']);
    expect(() => zipExtension(empty, VERSION)).toThrow(/has no manifest\.json/);
  });

  it('list files with forward slashes relative to the folder', () => {
    expect(listFiles(fixture(FILES))).toEqual([
      '_locales/en/messages.json',
      'assets/a.js',
      'assets/b.js',
      'icons/ü 16.png',
      'manifest.json',
    ]);
  });
});
