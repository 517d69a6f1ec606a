// Every reader on its pathological inputs (tests/reliability/pathological-inputs.ts) at 100 KB
// and at 1 MB, in Node: the quickest of a few reads of each, and the growth from one to the
// other. Linear code grows about 10-fold (more when 1 MB falls out of the caches 100 KB fits
// in); a quadratic reader grows about 100-fold and takes seconds to minutes at 1 MB. The
// baseline of the same run: each reader on 1 MB of ordinary text of its format.
// Prints figures; no pass/fail. Usage: npm run bench -- --only readers
import { strToU8 } from 'fflate';
import { makeDocx, makeEpub, makePdf, xhtml } from '../reliability/make-packages';
import { READERS, type Make, type Read } from '../reliability/pathological-inputs';

const KB = 1024;
const MB = 1024 * KB;

const PROSE = 'The river ran brown after the rain, and the miller counted sacks by lamplight. ';
const prose = (n: number): string => PROSE.repeat(Math.ceil(n / PROSE.length));
const paragraphs = (n: number): string =>
  `<p>${prose(n).split('. ').join('.</p><p>')}</p>`.slice(0, n);

/** Ordinary input of each reader's format, the baseline. */
const ORDINARY: Readonly<Record<string, Make>> = {
  txt: (n) => strToU8(prose(n)),
  md: (n) => strToU8(`# Title\n\n${prose(n)}`),
  html: (n) => strToU8(`<title>t</title>${paragraphs(n)}`),
  epub: (n) => makeEpub([xhtml(paragraphs(n))]),
  docx: (n) => makeDocx(`<w:p><w:r><w:t>${prose(n)}</w:t></w:r></w:p>`),
  pdf: (n) => makePdf(prose(n).match(/.{1,80}/g) ?? []),
};

async function secondsToRead(read: Read, bytes: Uint8Array): Promise<number> {
  const started = performance.now();
  try {
    await read({ name: 'x', bytes });
  } catch {
    // A refusal is an outcome too; only its time counts here.
  }
  return (performance.now() - started) / 1000;
}

async function quickest(times: number, read: Read, bytes: Uint8Array): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < times; i++) best = Math.min(best, await secondsToRead(read, bytes));
  return best;
}

const ms = (s: number): string => (s * 1000).toFixed(1);

async function main(): Promise<void> {
  console.log('reader | input | 100 KB ms | 1 MB ms | growth');
  for (const [reader, read, cases] of READERS) {
    const ordinary = ORDINARY[reader];
    const rows: [string, Make][] = [
      ...(ordinary ? [[`baseline: ordinary ${reader}`, ordinary] as [string, Make]] : []),
      ...cases,
    ];
    for (const [name, make] of rows) {
      const small = make(100 * KB);
      const large = make(MB);
      await secondsToRead(read, small);
      const a = await quickest(5, read, small);
      const b = await quickest(3, read, large);
      console.log(
        `${reader} | ${name} | ${ms(a)} | ${ms(b)} | ${(b / Math.max(a, 1e-4)).toFixed(1)}x`,
      );
    }
  }
}

await main();
