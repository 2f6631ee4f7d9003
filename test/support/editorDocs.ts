import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FileKind } from '../../src/core/config/types';
import { AwsDocument, type Position } from '../../src/core/editor/awsDocument';

/** A document for tests: `text` is the file of kind `kind`, `other` the other file (null: missing). */
export function docOf(kind: FileKind, text: string, other: string | null = null): AwsDocument {
  return new AwsDocument(kind, text, other === null ? null : new TextEncoder().encode(other));
}

/** The position of the `|` marker in a text, and the text without it. */
export function at(marked: string): { text: string; position: Position } {
  const i = marked.indexOf('|');
  if (i < 0) throw new Error('no | marker');
  const before = marked.slice(0, i);
  const lines = before.split('\n');
  return { text: before + marked.slice(i + 1), position: { line: lines.length - 1, character: lines[lines.length - 1].length } };
}

/** Every conformance case (a pair of files with botocore's reading of them) that an editor holds as text: ASCII, no BOM. */
export function conformanceTexts(): { name: string; files: Record<FileKind, string | null> }[] {
  const out: { name: string; files: Record<FileKind, string | null> }[] = [];
  for (const dir of ['conformance', 'conformance-extra']) {
    const root = join(__dirname, '..', 'fixtures', dir);
    for (const name of readdirSync(root)) {
      const read = (f: string) => (existsSync(join(root, name, f)) ? readFileSync(join(root, name, f), 'latin1') : null);
      const files = { config: read('config'), credentials: read('credentials') };
      if (files.config === null || Object.values(files).some((t) => t !== null && /[^\p{ASCII}]/u.test(t))) continue;
      out.push({ name: `${dir}/${name}`, files });
    }
  }
  return out;
}

/** Each file of every conformance case an editor holds as text, as a document read with the other file of its case. */
export function conformanceDocs(): { name: string; kind: FileKind; doc: AwsDocument }[] {
  const out: { name: string; kind: FileKind; doc: AwsDocument }[] = [];
  for (const { name, files } of conformanceTexts()) {
    for (const kind of ['config', 'credentials'] as const) {
      const text = files[kind];
      if (text !== null) out.push({ name, kind, doc: docOf(kind, text, files[kind === 'config' ? 'credentials' : 'config']) });
    }
  }
  return out;
}
