import { defineConfig } from 'vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import base from './manifest.json' with { type: 'json' };

const browser = process.env.BROWSER === 'firefox' ? 'firefox' : 'chrome';

// Firefox MV3 has no service worker background yet: crxjs reads background.scripts[0] there.
const manifest = (
  browser === 'firefox'
    ? {
        ...base,
        background: { scripts: [base.background.service_worker], type: 'module' },
        browser_specific_settings: {
          gecko: {
            id: 'recital@recital.invalid',
            strict_min_version: '142.0',
            data_collection_permissions: { required: ['none'] },
          },
        },
      }
    : base
) as ManifestV3Export;

export default defineConfig({
  // Content scripts as self-contained classic files: no loader importing chunks, so no
  // web_accessible_resources that would let any page detect the extension.
  plugins: [
    crx({
      manifest,
      browser,
      contentScripts: { standaloneFiles: base.content_scripts.flatMap((script) => script.js) },
    }),
  ],
  // The import worker is a module worker (type: 'module'); ES output lets it share lazy chunks.
  worker: { format: 'es' },
  build: {
    outDir: browser === 'firefox' ? 'dist-firefox' : 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // Pages the manifest does not name: crxjs builds only the ones it references.
    rollupOptions: {
      input: {
        audit: 'src/audit/index.html',
        welcome: 'src/welcome/index.html',
        check: 'src/check/index.html',
        practice: 'src/practice/index.html',
      },
    },
  },
});
