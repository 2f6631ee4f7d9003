/** Escapes text for an XML element body or attribute. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) =>
    c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : c === '"' ? '&quot;' : '&apos;',
  );
}

/** A child element: a string is escaped text, an array is nested elements, undefined is left out. */
export type XmlValue = string | number | boolean | undefined | readonly XmlNode[];

/** One element of a response document. */
export type XmlNode = readonly [name: string, value: XmlValue];

/** Renders elements into XML text (no indentation: the SDK parsers do not need it). */
export function renderXml(nodes: readonly XmlNode[]): string {
  let out = '';
  for (const [name, value] of nodes) {
    if (value === undefined) continue;
    if (typeof value === 'object') out += `<${name}>${renderXml(value)}</${name}>`;
    else out += `<${name}>${escapeXml(String(value))}</${name}>`;
  }
  return out;
}

/** Renders a whole document whose root element carries a namespace. */
export function renderDocument(root: string, namespace: string, children: readonly XmlNode[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${namespace}">${renderXml(children)}</${root}>`;
}
