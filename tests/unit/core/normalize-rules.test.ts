import { describe, expect, it } from 'vitest';
import {
  citationLength,
  hyphenBreakLength,
  lineMarkerLength,
  Rule,
  ruleOf,
} from '../../../src/core/normalize-rules';

describe('the normalization rule table', () => {
  it.each<[string, number, Rule]>([
    ['an ASCII letter', 0x41, Rule.asciiWord],
    ['a line feed', 0x0a, Rule.lineBreak],
    ['the line separator', 0x2028, Rule.lineBreak],
    ['a no-break space', 0xa0, Rule.space],
    ['a zero-width space', 0x200b, Rule.invisible],
    ['the byte order mark', 0xfeff, Rule.invisible],
    ['a hyphen', 0x2d, Rule.joiningDash],
    ['an em dash', 0x2014, Rule.dash],
    ['a right single quote', 0x2019, Rule.singleQuote],
    ['a left double quote', 0x201c, Rule.doubleQuote],
    ['an ellipsis', 0x2026, Rule.ellipsis],
    ['a markdown emphasis mark', 0x2a, Rule.asSpace],
    ['a superscript one', 0xb9, Rule.asSpace],
    ['an opening bracket', 0x5b, Rule.citationOpen],
    ['an accented letter', 0xe9, Rule.fold],
    ['a full stop', 0x2e, Rule.fold],
    ['a lone surrogate', 0xd800, Rule.fold],
  ])('gives %s its rule', (_, unit, rule) => {
    expect(ruleOf(unit)).toBe(rule);
  });

  it.each([
    ['[1] x', 3],
    ['[^2] x', 4],
    ['[3, 4] x', 6],
    ['[5-7] x', 5],
    ['(3) x', 3],
    ['【1】 x', 3],
    ['[1234] x', 0],
    ['(3, 4) x', 0],
    ['[a] x', 0],
  ])('reads the citation marker at the start of %j as %i units', (text, length) => {
    expect(citationLength(text, 0, text.length)).toBe(length);
  });

  it.each([
    ['-\nment', 2],
    ['- \r\n  ment', 6],
    ['-\n> ment', 4],
    ['-\nMent', 0],
    ['-ment', 0],
    ['-\n', 0],
  ])('reads the line-break hyphenation at the start of %j as %i units', (text, length) => {
    expect(hyphenBreakLength(text, 0, text.length)).toBe(length);
  });

  it.each([
    ['> quote', 2],
    ['> - item', 4],
    ['## heading', 3],
    ['12. item', 4],
    ['3) item', 3],
    ['• item', 2],
    ['-item', 0],
    ['1999 was', 0],
  ])('reads the line-start markers of %j as %i units', (text, length) => {
    expect(lineMarkerLength(text, 0, text.length)).toBe(length);
  });
});
