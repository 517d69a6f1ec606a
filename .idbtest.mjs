import fs from 'node:fs'; import path from 'node:path';
import { launchWithExtension } from '/work/main/scripts/.ext-debug.mjs';
const folder='/work/shared/corpus/library'; const files=fs.readdirSync(folder).filter(f=>f.endsWith('.txt')).sort().slice(0,80);
const texts=files.map(f=>fs.readFileSync(path.join(folder,f),'utf8'));
const ext = await launchWithExtension(() => undefined, { hosts: ['chatgpt.com'], headless: true });
const page = await ext.context.newPage();
await page.goto(`chrome-extension://${ext.extensionId}/src/popup/index.html`);
for (const mode of ['string','bytes','string','bytes']) {
  const r = await page.evaluate(async ({texts, mode}) => {
    const db = await new Promise((res, rej) => { const q = indexedDB.open('t-'+mode+Math.random(), 1); q.onupgradeneeded = () => q.result.createObjectStore('c'); q.onsuccess = () => res(q.result); q.onerror = () => rej(q.error); });
    const enc = new TextEncoder();
    const t0 = performance.now(); let cpu = 0;
    for (let i = 0; i < texts.length; i++) {
      const a = performance.now();
      const tx = db.transaction('c', 'readwrite', { durability: 'relaxed' });
      const s = tx.objectStore('c');
      const t = texts[i];
      for (let k = 0, n = 0; k < t.length; k += 65536, n++) s.put(mode === 'string' ? t.slice(k, k + 65536) : enc.encode(t.slice(k, k + 65536)), i * 10000 + n);
      cpu += performance.now() - a;
      await new Promise((res) => { tx.oncomplete = res; });
    }
    return { ms: performance.now() - t0, cpu };
  }, { texts, mode });
  const mb = texts.reduce((a, t) => a + Buffer.byteLength(t), 0) / 1e6;
  console.log(mode, (mb / (r.ms / 1000)).toFixed(1), 'MB/s total;', 'sync part', r.cpu.toFixed(0), 'ms for', mb.toFixed(1), 'MB');
}
await ext.context.close(); process.exit(0);
