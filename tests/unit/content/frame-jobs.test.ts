import { describe, expect, it } from 'vitest';
import { oneJobPerFrame } from '../../../src/content/frame-jobs';

function frames() {
  let queue: (() => void)[] = [];
  return {
    requested: () => queue.length,
    requestFrame: (cb: () => void) => void queue.push(cb),
    run() {
      const q = queue;
      queue = [];
      q.forEach((cb) => cb());
    },
  };
}

describe('one job per frame', () => {
  it('runs the jobs in the order asked, one a frame, asking for one frame at a time', () => {
    const f = frames();
    const jobs = oneJobPerFrame(f.requestFrame);
    const ran: string[] = [];
    jobs(() => ran.push('read'));
    jobs(() => ran.push('send'));
    jobs(() => ran.push('read again'));
    expect(f.requested()).toBe(1);
    f.run();
    expect(ran).toEqual(['read']);
    f.run();
    expect(ran).toEqual(['read', 'send']);
    f.run();
    expect(ran).toEqual(['read', 'send', 'read again']);
    expect(f.requested()).toBe(0);
  });

  it('runs a job asked for by a job in a later frame', () => {
    const f = frames();
    const jobs = oneJobPerFrame(f.requestFrame);
    const ran: string[] = [];
    jobs(() => {
      ran.push('first');
      jobs(() => ran.push('second'));
    });
    f.run();
    expect(ran).toEqual(['first']);
    expect(f.requested()).toBe(1);
    f.run();
    expect(ran).toEqual(['first', 'second']);
  });

  it('keeps running the jobs after one throws', () => {
    const f = frames();
    const jobs = oneJobPerFrame(f.requestFrame);
    const ran: string[] = [];
    jobs(() => {
      throw new Error('boom');
    });
    jobs(() => ran.push('next'));
    expect(() => f.run()).toThrow('boom');
    f.run();
    expect(ran).toEqual(['next']);
  });
});
