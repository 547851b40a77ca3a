import { escapeHtml, html } from './html';

describe('html', () => {
  it('escapes every character that could open a tag, an entity or end an attribute', () => {
    expect(escapeHtml(`<script>alert("x") & 'y'</script>`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;',
    );
  });

  it('escapes interpolated text, in lists too, and keeps fragments it built itself', () => {
    const name = '<img src=x onerror=alert(1)>';
    const items = [name, html`<b>${name}</b>`];
    expect(html`<p title="${name}">${items}</p>`.markup).toBe(
      '<p title="&lt;img src=x onerror=alert(1)&gt;">' +
        '&lt;img src=x onerror=alert(1)&gt;<b>&lt;img src=x onerror=alert(1)&gt;</b></p>',
    );
  });

  it('renders nothing for false, null and undefined, and numbers as text', () => {
    expect(html`${false}${null}${undefined}${0}${3}`.markup).toBe('03');
  });
});
