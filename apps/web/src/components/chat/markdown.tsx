import ReactMarkdown, { defaultUrlTransform } from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';

const SAFE_URL = /^(https?:|mailto:)/i;

/** Only http(s) and mailto links survive; anything else (javascript:, data:, vbscript:) is dropped. */
export function safeUrl(url: string): string {
  const cleaned = defaultUrlTransform(url);
  return SAFE_URL.test(cleaned) ? cleaned : '';
}

/** Replaces `<@userId>` with the member's name in bold, so mentions read as @Name. */
export function renderMentions(body: string, names: Record<string, string>): string {
  return body.replace(
    /<@([0-9a-f-]{36})>/gi,
    (_m, id: string) => `**@${(names[id.toLowerCase()] ?? 'someone').replace(/[*_`[\]]/g, '')}**`,
  );
}

/**
 * Message markdown: GitHub-flavoured (code blocks, lists, links), never raw HTML (react-markdown
 * does not render it, and rehype-sanitize strips anything unsafe that slips through).
 */
export function Markdown({ body, names = {} }: { body: string; names?: Record<string, string> }) {
  return (
    <div className="markdown break-words text-[15px] leading-relaxed [&_p]:my-0.5">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        rehypePlugins={[rehypeSanitize]}
        urlTransform={safeUrl}
        components={{
          a: ({ href, children }) =>
            href ? (
              <a href={href} target="_blank" rel="noopener noreferrer nofollow">
                {children}
              </a>
            ) : (
              <span>{children}</span>
            ),
          img: ({ alt }) => <span>[image: {alt}]</span>,
        }}
      >
        {renderMentions(body, names)}
      </ReactMarkdown>
    </div>
  );
}
