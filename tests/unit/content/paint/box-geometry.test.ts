import { describe, expect, it } from 'vitest';
import {
  clipArea,
  clipBoxes,
  intersectBoxes,
  isSameBoxes,
  mergeLineBoxes,
  type Box,
} from '../../../../src/content/paint/box-geometry';

const box = (left: number, top: number, right: number, bottom: number): Box => ({
  left,
  top,
  right,
  bottom,
});

describe('the overlay box geometry', () => {
  it.each([
    ['overlapping boxes', box(0, 0, 10, 10), box(5, 5, 20, 20), box(5, 5, 10, 10)],
    ['a box inside another', box(2, 2, 4, 4), box(0, 0, 10, 10), box(2, 2, 4, 4)],
    ['boxes that only touch', box(0, 0, 10, 10), box(10, 0, 20, 10), null],
    ['boxes apart', box(0, 0, 10, 10), box(0, 30, 10, 40), null],
  ])('intersects %s', (_name, a, b, expected) => {
    expect(intersectBoxes(a, b)).toEqual(expected);
    expect(intersectBoxes(b, a)).toEqual(expected);
  });

  it('joins the pieces of one line (seams under a pixel, overlaps) and keeps lines apart, top to bottom', () => {
    const lines = mergeLineBoxes([
      box(100, 40, 180, 58),
      box(10, 20, 60, 38),
      // The next text node on the first line, half a pixel after the first.
      box(60.5, 20, 90, 38),
      // An inline element's box over the same words, a little taller than the text.
      box(30, 19, 70, 39),
      box(10, 40, 100, 58),
    ]);
    expect(lines).toEqual([box(10, 19, 90, 39), box(10, 40, 180, 58)]);
  });

  it('keeps two pieces of one line apart when a gap lies between them (a span split by an excluded word)', () => {
    expect(mergeLineBoxes([box(10, 0, 40, 18), box(60, 0, 90, 18)])).toEqual([
      box(10, 0, 40, 18),
      box(60, 0, 90, 18),
    ]);
  });

  it('drops empty rects: a collapsed range, the space at a line break', () => {
    expect(mergeLineBoxes([box(5, 5, 5, 20), box(0, 30, 50, 30), box(0, 0, 10, 10)])).toEqual([
      box(0, 0, 10, 10),
    ]);
    expect(mergeLineBoxes([])).toEqual([]);
  });

  it('cuts boxes to the visible part of the viewport and every scroll container around them', () => {
    const viewport = box(0, 0, 800, 600);
    const area = clipArea(viewport, [box(100, 50, 500, 400), box(0, 100, 450, 900)]);
    expect(area).toEqual(box(100, 100, 450, 400));
    expect(
      clipBoxes([box(120, 80, 300, 120), box(400, 200, 600, 220), box(120, 500, 300, 520)], area),
    ).toEqual([box(120, 100, 300, 120), box(400, 200, 450, 220)]);
  });

  it('shows nothing when a scroll container is out of view', () => {
    const area = clipArea(box(0, 0, 800, 600), [box(0, 700, 800, 900)]);
    expect(area).toBeNull();
    expect(clipBoxes([box(0, 710, 100, 730)], area)).toEqual([]);
  });

  it('tells equal box lists from moved ones', () => {
    expect(isSameBoxes([box(0, 0, 1, 1)], [box(0, 0, 1, 1)])).toBe(true);
    expect(isSameBoxes([box(0, 0, 1, 1)], [box(0, 1, 1, 2)])).toBe(false);
    expect(isSameBoxes([box(0, 0, 1, 1)], [])).toBe(false);
  });
});
