import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { InstanceItemKind } from '../ec2/instanceList';
import { COMMANDS, LANGUAGES, PROFILES_VIEW_ID, SETTINGS, VIEW_CONTAINER_ID } from './contributions';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
/** The manifest's English texts (package.json names them `%key%`). */
const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
const text = (value: string) => (/^%.+%$/.test(value) ? nls[value.slice(1, -1)] : value);

test('package.json declares exactly the commands of COMMANDS, with their titles and the category', () => {
  const declared = new Map<string, { title: string; category: string }>(pkg.contributes.commands.map((c: { command: string }) => [c.command, c]));
  assert.deepEqual([...declared.keys()].sort(), Object.values(COMMANDS).map((c) => c.id).sort());
  for (const c of Object.values(COMMANDS)) {
    assert.equal(text(declared.get(c.id)!.title), c.title, c.id);
    assert.equal(text(declared.get(c.id)!.category), 'AWS Profiles', c.id);
  }
});

test('commands hidden from the palette are exactly the non-palette ones', () => {
  const hidden = pkg.contributes.menus.commandPalette.filter((m: { when: string }) => m.when === 'false').map((m: { command: string }) => m.command);
  assert.deepEqual(hidden.sort(), Object.values(COMMANDS).filter((c) => !c.palette).map((c) => c.id).sort());
});

test('every menu entry names a declared command', () => {
  const ids = new Set<string>(Object.values(COMMANDS).map((c) => c.id));
  for (const [menu, entries] of Object.entries(pkg.contributes.menus as Record<string, { command: string }[]>)) {
    for (const e of entries) assert.ok(ids.has(e.command), `${menu}: ${e.command}`);
  }
});

test('package.json declares exactly the settings of SETTINGS, each with default, markdownDescription and scope', () => {
  const props = pkg.contributes.configuration.properties as Record<string, { default: unknown; markdownDescription?: string; scope?: string }>;
  assert.deepEqual(Object.keys(props).sort(), Object.values(SETTINGS).map((s) => s.key).sort());
  for (const s of Object.values(SETTINGS)) {
    assert.deepEqual(props[s.key].default, s.default, s.key);
    assert.ok(text(props[s.key].markdownDescription ?? ''), `${s.key} has a markdownDescription`);
    assert.ok(props[s.key].scope, `${s.key} has a scope`);
  }
});

test('the view container, the view and its icon exist', () => {
  const container = pkg.contributes.viewsContainers.activitybar.find((c: { id: string }) => c.id === VIEW_CONTAINER_ID);
  assert.ok(container);
  assert.ok(pkg.contributes.views[VIEW_CONTAINER_ID].some((v: { id: string }) => v.id === PROFILES_VIEW_ID));
  const icon = readFileSync(join(root, container.icon), 'utf8');
  assert.match(icon, /currentColor/, 'the icon follows the theme colour');
  assert.ok(existsSync(join(root, container.icon)));
});

test('issue 7: menus keyed on `viewItem ==` name item kinds the EC2 part produces', () => {
  const kinds = new Set<string>(['ec2Instances', 'ec2Instance', 'ec2Loading', 'ec2LoadMore', 'ec2Empty', 'ec2Error'] satisfies InstanceItemKind[]);
  const entries = (pkg.contributes.menus['view/item/context'] as { when: string }[]).flatMap((e) => [...e.when.matchAll(/viewItem == (\w+)/g)].map((m) => m[1]));
  assert.ok(entries.length > 0);
  for (const kind of entries) assert.ok(kinds.has(kind), kind);
});

test('issue 12: launch.json knows "awsProfile" alike in the schema for every debugger and in the Node debuggers\' attributes; activation on debug', () => {
  const [validation] = pkg.contributes.jsonValidation as { fileMatch: string; url: string }[];
  assert.equal(validation.fileMatch, '/.vscode/launch.json');
  const schema = JSON.parse(readFileSync(join(root, validation.url), 'utf8'));
  const property = schema.properties.configurations.items.properties.awsProfile;
  assert.deepEqual(property.anyOf, [{ type: 'string', minLength: 1 }, { type: 'boolean', enum: [false] }]);
  const debuggers = pkg.contributes.debuggers as { type: string; configurationAttributes: { launch: { properties: { awsProfile: { anyOf: unknown } } } } }[];
  assert.deepEqual(debuggers.map((d) => d.type), ['node', 'pwa-node', 'node-terminal']);
  for (const d of debuggers) {
    assert.deepEqual(Object.keys(d), ['type', 'configurationAttributes'], 'attributes only: no debugger of our own');
    assert.deepEqual(d.configurationAttributes.launch.properties.awsProfile.anyOf, property.anyOf, d.type);
  }
  assert.ok((pkg.activationEvents as string[]).includes('onDebug'));
});

test('issue 22: the AWS files are two languages with a grammar each, matched by path, activating the extension when opened', () => {
  const languages = pkg.contributes.languages as { id: string; filenamePatterns: string[]; configuration: string }[];
  assert.deepEqual(languages.map((l) => l.id), [LANGUAGES.config, LANGUAGES.credentials]);
  assert.deepEqual(languages.map((l) => l.filenamePatterns), [['**/.aws/config'], ['**/.aws/credentials']], 'by the folder .aws, not by a file name other INI files share');
  for (const l of languages) assert.ok(existsSync(join(root, l.configuration)), l.configuration);
  const grammars = pkg.contributes.grammars as { language: string; scopeName: string; path: string }[];
  assert.deepEqual(grammars.map((g) => g.language), [LANGUAGES.config, LANGUAGES.credentials]);
  for (const g of grammars) assert.equal(JSON.parse(readFileSync(join(root, g.path), 'utf8')).scopeName, g.scopeName);
  for (const id of Object.values(LANGUAGES)) {
    assert.ok((pkg.activationEvents as string[]).includes(`onLanguage:${id}`), id);
    assert.ok(pkg.contributes.configurationDefaults[`[${id}]`], `defaults for ${id}`);
  }
  assert.ok((pkg.categories as string[]).includes('Programming Languages'));
});
