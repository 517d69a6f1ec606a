import { defineConfig } from 'vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import base from './manifest.json' with { type: 'json' };
import pkg from './package.json' with { type: 'json' };
import workerFiles from './src/library/worker-files.json' with { type: 'json' };

const browser = process.env.BROWSER === 'firefox' ? 'firefox' : 'chrome';

// One version for both stores and the zips' names: package.json's (npm run pack checks it).
const common = { ...base, version: pkg.version };

// Firefox MV3 has no service worker background yet: crxjs reads background.scripts[0] there.
// `default_area: navbar` pins the button on the toolbar (Firefox alone reads it), where the badge
// shows; otherwise it waits in the extensions menu. strict_min_version 142: the first version
// that reads `data_collection_permissions` on desktop and Android (140 on desktop alone); nothing
// in the build needs a later one (no adoptedStyleSheets: marks live in a closed shadow root,
// pdf.js ships its own polyfills). CI runs the smoke test in Debian's Firefox ESR only.
const manifest = (
  browser === 'firefox'
    ? {
        ...common,
        action: { ...common.action, default_area: 'navbar' },
        background: { scripts: [base.background.service_worker], type: 'module' },
        browser_specific_settings: {
          gecko: {
            // The AMO listing's id (docs/store.md): changing it makes a new, separate add-on.
            id: 'recital@recital-extension.org',
            strict_min_version: '142.0',
            data_collection_permissions: { required: ['none'] },
          },
        },
      }
    : common
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
  build: {
    outDir: browser === 'firefox' ? 'dist-firefox' : 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // A worker cannot run the preload helper (it adds <link> tags), and the workers share lazy
    // chunks with the pages; files read from the extension's own disk gain nothing by preloading.
    modulePreload: false,
    rollupOptions: {
      // Pages the manifest does not name (crxjs builds only the ones it references), and the
      // workers as entries of this one build so they share chunks with the pages (worker-files.ts).
      input: {
        audit: 'src/audit/index.html',
        welcome: 'src/welcome/index.html',
        check: 'src/check/index.html',
        practice: 'src/practice/index.html',
        document: 'src/document/index.html',
        probe: 'src/probe/index.html',
        importWorker: 'src/library/import-worker.ts',
        restoreWorker: 'src/library/restore-worker.ts',
      },
      output: {
        entryFileNames: (chunk) =>
          workerFiles[chunk.name as keyof typeof workerFiles] ?? 'assets/[name]-[hash].js',
      },
    },
  },
});
