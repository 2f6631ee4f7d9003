// Issue 25: what the user reads is localisable, as VS Code's convention has it: the manifest's texts
// in package.nls.json, the runtime's sentences through vscode.l10n.t (or @vscode/l10n's l10n.t where
// 'vscode' cannot be imported), all of them in l10n/bundle.l10n.json as @vscode/l10n-dev exports them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { sourceFiles } from './layers';
import { userStrings } from './support/userStrings';

const root = join(__dirname, '..');
const src = join(root, 'src');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;

test('issue 25: no sentence in the sources is a string literal outside l10n.t (logs, and lines marked l10n-ignore with a reason, aside)', () => {
  const found: string[] = [];
  for (const file of sourceFiles(src).filter((f) => !f.endsWith('.test.ts'))) {
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    for (const s of userStrings(sf)) found.push(`src/${relative(src, file)}:${s.line}: ${s.text.slice(0, 80)}`);
  }
  assert.deepEqual(found, []);
});

test('issue 25: the check finds a sentence written as a literal, in a message, an error or a template, and not in a log', () => {
  const scan = (code: string) => userStrings(ts.createSourceFile('x.ts', code, ts.ScriptTarget.Latest, true)).map((s) => s.text);
  assert.deepEqual(scan("vscode.window.showInformationMessage('Signed in to the portal.');"), ['Signed in to the portal.']);
  assert.deepEqual(scan('throw new UserError(`Profile "${p}" has no keys.`, "x");'), ['Profile "${}" has no keys.']);
  assert.deepEqual(scan("vscode.l10n.t('Signed in to the portal.'); log.info('Read the file again.'); const id = 'us-east-1';"), []);
  assert.deepEqual(scan("// l10n-ignore: the file's own text\nconst header = '# A read-only copy';"), []);
});

test('issue 25: every text of the manifest is in package.nls.json, and every key there is used', () => {
  const used = new Set<string>();
  const literal: string[] = [];
  const walk = (value: unknown, path: string): void => {
    if (typeof value === 'string') {
      const key = /^%(.+)%$/.exec(value)?.[1];
      if (key !== undefined) {
        assert.ok(key in nls, `${path}: %${key}% is not in package.nls.json`);
        used.add(key);
      } else if (/(title|category|name|contextualTitle|contents|description|Description|displayName)(\.\d+)?$/.test(path) && /[A-Za-z]{2,}\s+[A-Za-z]{2,}/.test(value)) {
        literal.push(`${path}: ${value.slice(0, 60)}`);
      }
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}.${i}`));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
  };
  walk({ displayName: pkg.displayName, description: pkg.description, capabilities: pkg.capabilities, contributes: pkg.contributes }, '');
  assert.deepEqual(literal, [], 'texts written in package.json itself');
  assert.deepEqual(Object.keys(nls).filter((k) => !used.has(k)), [], 'keys of package.nls.json that nothing uses');
  assert.equal(pkg.l10n, './l10n', 'package.json names the runtime bundle');
});

test('issue 25: l10n/bundle.l10n.json holds exactly what @vscode/l10n-dev exports from the sources (npx @vscode/l10n-dev export --outDir ./l10n ./src)', () => {
  const out = mkdtempSync(join(tmpdir(), 'awsp-l10n-'));
  try {
    const cli = join(root, 'node_modules', '@vscode', 'l10n-dev', 'dist', 'cli.js');
    const r = spawnSync(process.execPath, [cli, 'export', '--outDir', out, join(root, 'src')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const fresh = JSON.parse(readFileSync(join(out, 'bundle.l10n.json'), 'utf8'));
    const committed = JSON.parse(readFileSync(join(root, 'l10n', 'bundle.l10n.json'), 'utf8'));
    assert.deepEqual(committed, fresh, 'run `npm run l10n` and commit l10n/bundle.l10n.json');
    assert.ok(Object.keys(fresh).length > 300, `${Object.keys(fresh).length} sentences`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
