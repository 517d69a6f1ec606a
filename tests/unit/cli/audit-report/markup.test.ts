import { describe, expect, it } from 'vitest';
import { escapeHtml, markup, rawHtml } from '../../../../src/cli/audit-report/markup';

describe('escapeHtml', () => {
  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['</textarea>', '&lt;/textarea&gt;'],
    ['say "hi" & \'bye\'', 'say &quot;hi&quot; &amp; &#39;bye&#39;'],
    ['&lt; already escaped', '&amp;lt; already escaped'],
    ['Ça coûte — 😀', 'Ça coûte — 😀'],
    ['', ''],
  ])('%j is %j', (text, escaped) => {
    expect(escapeHtml(text)).toBe(escaped);
  });
});

describe('markup', () => {
  it('escapes every interpolated string, in text and in attributes', () => {
    const hostile = '"><script>x</script>';
    expect(markup`<p title="${hostile}">${hostile}</p>`.value).toBe(
      '<p title="&quot;&gt;&lt;script&gt;x&lt;/script&gt;">&quot;&gt;&lt;script&gt;x&lt;/script&gt;</p>',
    );
  });

  it('keeps markup it built, joins arrays and drops null, undefined and false', () => {
    const items = ['a<b', 'c'].map((t) => markup`<li>${t}</li>`);
    expect(markup`<ul>${items}${null}${undefined}${false}${0}</ul>`.value).toBe(
      '<ul><li>a&lt;b</li><li>c</li>0</ul>',
    );
  });

  it('trusts rawHtml only, never a string that looks like markup', () => {
    expect(markup`${rawHtml('<b>x</b>')}${'<b>x</b>'}`.value).toBe('<b>x</b>&lt;b&gt;x&lt;/b&gt;');
  });
});
