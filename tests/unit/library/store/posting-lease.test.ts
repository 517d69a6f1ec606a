import { describe, expect, it } from 'vitest';
import { LANTERN_BOOK, ORCHARD_BOOK } from '../../core/fixtures';
import { loadPaged } from './paged-scan';
import { putLease, useTestStore } from './store-fixture';

const t = useTestStore();

describe('merge passes in two contexts at once', () => {
  it('lets one pass write the pages and tells the other it is busy; the pages end whole', async () => {
    await t.store.addDocument({ id: 'lantern', text: LANTERN_BOOK, title: 'l', format: 'txt' });
    await t.store.addDocument({ id: 'orchard', text: ORCHARD_BOOK, title: 'o', format: 'txt' });
    const [a, b] = await Promise.all([t.store.mergePostings(), t.store.mergePostings()]);
    // Exactly one of the two merged; the other did nothing and says so.
    expect([a.busy, b.busy].sort()).toEqual([false, true]);
    expect(a.merged + b.merged).toBe(2);
    const paged = await loadPaged(t.store);
    expect(paged.unmerged).toBe(0);
    expect(paged.index.size).toBe(2);
    // The lease is given back: the next pass is not told to wait.
    expect((await t.store.mergePostings()).busy).toBe(false);
  });

  it('takes the pages over from a pass whose lease ran out (a stopped context)', async () => {
    await t.store.addDocument({ id: 'lantern', text: LANTERN_BOOK, title: 'l', format: 'txt' });
    await putLease({ id: 'stopped', until: 0 });
    const report = await t.store.mergePostings();
    expect(report.busy).toBe(false);
    expect(report.merged).toBe(1);
  });

  it('waits while another pass holds a lease that has not run out', async () => {
    await t.store.addDocument({ id: 'lantern', text: LANTERN_BOOK, title: 'l', format: 'txt' });
    await putLease({ id: 'other', until: Number.MAX_SAFE_INTEGER });
    const report = await t.store.mergePostings();
    expect(report).toMatchObject({ busy: true, merged: 0 });
    expect((await loadPaged(t.store)).unmerged).toBe(1);
  });
});
