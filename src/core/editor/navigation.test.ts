import assert from 'node:assert/strict';
import { test } from 'node:test';
import { at, conformanceTexts, docOf } from '../../../test/support/editorDocs';
import { analyze } from '../index';
import type { Range } from './awsDocument';
import { applyEdits } from './quickFixes';
import { definitions, documentSymbols, maskRanges, nameAt, profileHeaders, references, RenameRefused, renameEdits } from './navigation';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const CREDENTIALS = `[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = ${SECRET}\n\n[prod]\nmfa_serial = arn:aws:iam::1:mfa/a\n`;
const CONFIG = '[default]\nregion = us-east-1\n\n[profile prod]\nrole_arn = arn:aws:iam::1:role/P\nsource_profile = default\n\n[profile audit]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = prod\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n\n[profile "sso user"]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n';
const encode = (s: string) => new TextEncoder().encode(s);
const where = (r: Range) => `${r.start.line + 1}:${r.start.character}-${r.end.character}`;

test('issue 22: the outline: profiles, sessions and their keys, a secret shown as dots', () => {
  const symbols = documentSymbols(docOf('config', CONFIG, CREDENTIALS));
  assert.deepEqual(symbols.map((s) => [s.name, s.kind, s.range.start.line + 1, s.range.end.line + 1]), [
    ['default', 'profile', 1, 2],
    ['prod', 'profile', 4, 6],
    ['audit', 'profile', 8, 10],
    ['corp', 'sso-session', 12, 14],
    ['sso user', 'profile', 16, 19],
  ]);
  assert.deepEqual(symbols[1].children!.map((c) => [c.name, c.detail]), [['role_arn', 'arn:aws:iam::1:role/P'], ['source_profile', 'default']]);
  const credentials = documentSymbols(docOf('credentials', CREDENTIALS, CONFIG));
  assert.deepEqual(credentials[0].children!.map((c) => [c.name, c.detail]), [['aws_access_key_id', 'AKIAEXAMPLE'], ['aws_secret_access_key', '••••••••']]);
  assert.ok(!JSON.stringify(credentials).includes(SECRET));
});

test('issue 22: go to definition and find references across both files', () => {
  const { text, position } = at(CONFIG.replace('source_profile = prod', 'source_profile = pr|od'));
  const doc = docOf('config', text, CREDENTIALS);
  const name = nameAt(doc, position)!;
  assert.deepEqual([name.kind, name.name, where(name.range)], ['profile', 'prod', '10:17-21']);
  assert.deepEqual(definitions(doc, 'profile', 'prod').map((l) => `${l.file} ${where(l.range)}`), ['config 4:9-13', 'credentials 5:1-5']);
  assert.deepEqual(references(doc, 'profile', 'default', true).map((l) => `${l.file} ${where(l.range)}`), ['config 1:1-8', 'credentials 1:1-8', 'config 6:17-24']);
  assert.deepEqual(references(doc, 'sso-session', 'corp', false).map((l) => `${l.file} ${where(l.range)}`), ['config 17:14-18']);
  assert.deepEqual(nameAt(doc, { line: 15, character: 12 }), { kind: 'profile', name: 'sso user', range: { start: { line: 15, character: 10 }, end: { line: 15, character: 18 } } });
  assert.equal(nameAt(doc, { line: 4, character: 12 }), undefined, 'role_arn names nothing');
});

test('issue 22: rename a profile: its headers in both files and every source_profile, in one change', () => {
  const doc = docOf('config', CONFIG, CREDENTIALS);
  const edits = renameEdits(doc, { line: 3, character: 10 }, 'production');
  assert.deepEqual(edits.map((e) => `${e.file} ${where(e.range)} ${e.newText}`), ['config 4:9-13 production', 'credentials 5:1-5 production', 'config 10:17-21 production']);
  const texts = applyEdits(doc, edits);
  const a = analyze(encode(texts.config), encode(texts.credentials));
  assert.deepEqual([...a.model.profiles.keys()].sort(), ['audit', 'default', 'production', 'sso user']);
  assert.deepEqual(a.plans.get('audit')!.chain.map((h) => h.profile), ['audit', 'production', 'default']);
  assert.equal(a.model.profiles.get('production')!.values.mfa_serial, 'arn:aws:iam::1:mfa/a', 'the credentials file\'s section follows');
  // default: [default] becomes [profile NAME] in the config file, and back.
  const renamedDefault = applyEdits(doc, renameEdits(doc, { line: 5, character: 19 }, 'base'));
  assert.match(renamedDefault.config, /^\[profile base\]\n/);
  assert.match(renamedDefault.credentials, /^\[base\]\n/);
  assert.match(renamedDefault.config, /source_profile = base\n/);
  const back = docOf('config', renamedDefault.config, renamedDefault.credentials);
  assert.match(applyEdits(back, renameEdits(back, { line: 0, character: 10 }, 'default')).config, /^\[default\]\n/);
  // Sessions too.
  assert.deepEqual(renameEdits(doc, { line: 11, character: 14 }, 'main').map((e) => `${e.file} ${where(e.range)} ${e.newText}`), ['config 12:13-17 main', 'config 17:14-18 main']);
});

test('issue 22: a rename that would break the files is refused with the reason', () => {
  const doc = docOf('config', CONFIG, CREDENTIALS);
  assert.throws(() => renameEdits(doc, { line: 3, character: 10 }, 'audit'), (e) => e instanceof RenameRefused && /named "audit" exists already/.test(e.message));
  assert.throws(() => renameEdits(doc, { line: 3, character: 10 }, 'two words'), /letters, digits/);
  assert.throws(() => renameEdits(doc, { line: 4, character: 3 }, 'x'), /Put the cursor on a profile/);
});

test('issue 22: lenses above each header that makes a profile; the ranges of secret values to mask', () => {
  const doc = docOf('credentials', `${CREDENTIALS}[other]\naws_session_token = tok\n  en\n`, CONFIG);
  assert.deepEqual(profileHeaders(doc), [{ profile: 'default', line: 0 }, { profile: 'prod', line: 4 }, { profile: 'other', line: 6 }]);
  const lines = doc.text.split('\n');
  assert.deepEqual(maskRanges(doc.text).map((r) => lines[r.start.line].slice(r.start.character, r.end.character)), [SECRET, 'tok', 'en']);
  assert.deepEqual(maskRanges(`aws_secret_access_key = ${SECRET}\n[default]\n`).map(where), ['1:24-64'], 'a key line before any header is masked too');
  assert.deepEqual(maskRanges(`[x]\r\n  AWS_Session_Token:${SECRET} \r\n# c\r\naws_access_key_id = A\r\n`).map(where), ['2:20-60'], 'any case, a colon, CRLF');
  assert.deepEqual(maskRanges('[x]\nregion = us-east-1\n'), []);
});

test('issue 22: over the conformance cases, renaming any profile leaves every profile resolving as before, under the new name', () => {
  let renamed = 0;
  for (const { name, files } of conformanceTexts()) {
    const doc = docOf('config', files.config!, files.credentials);
    if (doc.analysis.cliRejects !== null) continue;
    for (const section of doc.sections) {
      if (section.kind !== 'profile' || !section.nameRange || !/^[\w@+.%:/-]+$/.test(section.name!)) continue;
      const old = section.name!;
      const next = `${old}-renamed`;
      let edits;
      try {
        edits = renameEdits(doc, section.nameRange.start, next);
      } catch (e) {
        if (e instanceof RenameRefused) continue;
        throw e;
      }
      renamed++;
      const texts = applyEdits(doc, edits);
      const a = analyze(encode(texts.config), encode(texts.credentials));
      const label = `${name}: ${old} → ${next}`;
      assert.equal(a.cliRejects, null, label);
      const map = (p: string) => (p === old ? next : p);
      assert.deepEqual([...a.plans.keys()].sort(), [...doc.analysis.plans.keys()].map(map).sort(), label);
      for (const [profile, plan] of doc.analysis.plans) {
        // botocore resolves a profile named '' as `profile or 'default'`: as default, whatever default is called.
        if (profile === '' && old === 'default') continue;
        const now = a.plans.get(map(profile))!;
        assert.deepEqual([now.result, now.chain.map((h) => [h.kind, h.profile])], [plan.result, plan.chain.map((h) => [h.kind, map(h.profile)])], `${label}: ${profile}`);
      }
    }
  }
  assert.ok(renamed > 100, `${renamed} renames`);
});
