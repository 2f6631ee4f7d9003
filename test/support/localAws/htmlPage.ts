import { type AwsError } from './AwsError';
import { escapeXml as html } from './xml';

/** What a page answers: HTML with a status, or a redirect. */
export type PageAnswer = { readonly status: number; readonly html: string } | { readonly status: 302; readonly location: string };

/** A whole HTML document, titled "TITLE – PRODUCT (localAws)" so that a screenshot says which fake served it. */
export function htmlPage(product: string, title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${html(title)} – ${html(product)} (localAws)</title></head>
<body>
${body}
</body>
</html>
`;
}

/** The page of an error: its sentence (`#error`) with its status. */
export function errorPage(product: string, error: AwsError): PageAnswer {
  return { status: error.status, html: htmlPage(product, 'Error', `<h1 id="title">Something went wrong</h1>\n<p id="error">${html(error.message)}</p>`) };
}
