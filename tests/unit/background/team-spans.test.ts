import { describe, expect, it } from 'vitest';
import type { Span } from '../../../src/core/index';
import {
  describeTeamSpans,
  mergeReplySpans,
  teamMatchesBeside,
  teamSpanIds,
} from '../../../src/background/team-spans';
import type { TeamMatch } from '../../../src/shared/team-client';

const team = (replyStart: number, replyEnd: number, score = 10, source = 's'): TeamMatch => ({
  replyStart,
  replyEnd,
  source,
  sourceStart: replyStart * 2,
  sourceEnd: replyEnd * 2,
  words: 5,
  kind: 'exact',
  score,
  title: 'T',
  excerpt: 'e',
});
const local = (replyStart: number, replyEnd: number) => ({ replyStart, replyEnd }) as Span;

describe('team spans beside local ones', () => {
  it.each([
    ['same words as a local span', [local(10, 50)], [team(10, 50)], []],
    ['overlapping a local span', [local(10, 50)], [team(40, 90)], []],
    ['touching but not overlapping', [local(10, 50)], [team(50, 90)], [[50, 90]]],
    [
      'no local spans',
      [],
      [team(60, 90), team(0, 20)],
      [
        [0, 20],
        [60, 90],
      ],
    ],
    ['two team spans overlapping: the stronger', [], [team(0, 40, 5), team(30, 60, 9)], [[30, 60]]],
  ])('%s', (_name, locals, teams, expected) => {
    expect(teamMatchesBeside(locals, teams).map((m) => [m.replyStart, m.replyEnd])).toEqual(
      expected,
    );
  });

  it('gives text-free ids, unique within a reply, and the same ids to page and popup', () => {
    const twice = [team(0, 20), { ...team(30, 50), sourceStart: 0 }];
    const ids = teamSpanIds(twice);
    expect(new Set(ids).size).toBe(2);
    const page = mergeReplySpans(
      [{ spanId: 'x', replyStart: 25, replyEnd: 28, kind: 'near' }],
      twice,
    );
    expect(page.map((s) => s.spanId)).toEqual([ids[0], 'x', ids[1]]);
    expect(describeTeamSpans(twice, 'r'.repeat(60)).map((s) => s.spanId)).toEqual(ids);
    expect(describeTeamSpans(twice, 'r'.repeat(60))[0]).toMatchObject({
      origin: 'team',
      replyText: 'r'.repeat(20),
    });
  });
});
