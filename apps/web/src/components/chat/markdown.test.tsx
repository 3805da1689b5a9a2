import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown, renderMentions } from './markdown';

describe('Markdown safety', () => {
  it('renders a <script> payload as inert text', () => {
    const html = renderToStaticMarkup(
      <Markdown body={'hello <script>alert(1)</script> <img src=x onerror=alert(1)>'} />,
    );
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/onerror=/i);
  });

  it('drops javascript: and data: links but keeps https links, opened safely', () => {
    const html = renderToStaticMarkup(
      <Markdown
        body={'[bad](javascript:alert(1)) [worse](data:text/html,x) [good](https://example.com)'}
      />,
    );
    expect(html).not.toMatch(/javascript:/i);
    expect(html).not.toMatch(/data:text/i);
    expect(html).toContain('href="https://example.com"');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
  });

  it('renders code blocks, lists and mentions', () => {
    const id = '0190a0b2-1c2d-7e3f-8a9b-0c1d2e3f4a5b';
    const html = renderToStaticMarkup(
      <Markdown
        body={'- one\n- two\n\n```\nconst x = 1;\n```\n\nhi <@' + id + '>'}
        names={{ [id]: 'Ada' }}
      />,
    );
    expect(html).toContain('<li>one</li>');
    expect(html).toContain('<code>const x = 1;\n</code>');
    expect(html).toContain('<strong>@Ada</strong>');
    expect(renderMentions(`<@${id}>`, {})).toBe('**@someone**');
  });
});
