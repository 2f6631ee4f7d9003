import assert from 'node:assert/strict';
import { test } from 'node:test';
import { conformanceDocs, docOf } from '../../../test/support/editorDocs';
import { analyze } from '../index';
import type { AwsDocument } from './awsDocument';
import { editorDiagnostics, type EditorDiagnostic } from './editorDiagnostics';
import { applyEdits, quickFixes, type QuickFix } from './quickFixes';

const encode = (s: string) => new TextEncoder().encode(s);
const CREDENTIALS = '[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secretEXAMPLE\n';

/** The files after a fix, and what the AWS CLI makes of them. */
function after(doc: AwsDocument, fix: QuickFix) {
  const texts = applyEdits(doc, fix.edits);
  return { texts, analysis: analyze(encode(texts.config), encode(texts.credentials)) };
}

function fixesFor(doc: AwsDocument, code: string): { d: EditorDiagnostic; fixes: QuickFix[] } {
  const d = editorDiagnostics(doc).find((x) => x.code === code);
  assert.ok(d, `a ${code} diagnostic`);
  return { d, fixes: quickFixes(doc, d) };
}

test('issue 22: [prod] in the config file becomes [profile prod], which the AWS CLI reads as the role it was meant to be', () => {
  const doc = docOf('config', '[prod]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = default\n', CREDENTIALS);
  const { fixes } = fixesFor(doc, 'section.not_a_profile');
  assert.deepEqual(fixes.map((f) => f.title), ['Write [profile prod]']);
  const { texts, analysis } = after(doc, fixes[0]);
  assert.equal(texts.config.split('\n')[0], '[profile prod]');
  assert.equal(analysis.plans.get('prod')!.result, 'ok');
  assert.deepEqual(analysis.plans.get('prod')!.chain.map((h) => h.kind), ['assume_role', 'static']);
});

test('issue 22: a missing source_profile offers the existing profiles, the nearest first; each choice resolves', () => {
  const config = '[default]\nregion = us-east-1\n\n[profile hub]\nrole_arn = arn:aws:iam::1:role/h\nsource_profile = default\n\n[profile broken]\nregion = x\n\n[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/Dev\nsource_profile = defualt\n';
  const doc = docOf('config', config, CREDENTIALS);
  const { fixes } = fixesFor(doc, 'profile.invalid_config');
  assert.deepEqual(fixes.map((f) => f.title), ['Change source_profile to default', 'Change source_profile to hub']);
  assert.equal(fixes[0].preferred, true);
  for (const fix of fixes) {
    const { analysis } = after(doc, fix);
    assert.equal(analysis.plans.get('dev')!.result, 'ok', fix.title);
  }
});

test('issue 22: the value or key meant: credential_source, a closed set, a typo, spaces, capitals, the case of a profile name', () => {
  const cases: Array<[string, string, string, (a: ReturnType<typeof analyze>) => void]> = [
    ['[profile e]\nrole_arn = arn:aws:iam::123456789012:role/A\ncredential_source = Ec2instancemetadata\n', 'profile.invalid_config', 'credential_source = Ec2InstanceMetadata', (a) => assert.equal(a.plans.get('e')!.result, 'ok')],
    ['[default]\noutput = jsn\n', 'value.not_allowed', 'output = json', () => undefined],
    ['[profile r]\nrole_arn = arn:aws:iam::123456789012:role/A\nsorce_profile = default\n', 'key.typo', 'source_profile = default', (a) => assert.equal(a.plans.get('r')!.result, 'ok')],
    ['[profile r]\nrole_arn = arn:aws:iam::123456789012:role/A\nsource profile = default\n', 'key.spelling', 'source_profile = default', (a) => assert.equal(a.plans.get('r')!.result, 'ok')],
    ['[default]\nREGION = eu-west-1\n', 'key.case', 'region = eu-west-1', () => undefined],
    ['[profile Dev]\nregion = x\n\n[profile r]\nrole_arn = arn:aws:iam::123456789012:role/A\nsource_profile = dev\n', 'value.source_case', 'source_profile = Dev', () => undefined],
  ];
  for (const [config, code, expected, check] of cases) {
    const doc = docOf('config', config, CREDENTIALS);
    const { fixes } = fixesFor(doc, code);
    assert.equal(fixes.length, 1, code);
    const { texts, analysis } = after(doc, fixes[0]);
    assert.ok(texts.config.includes(`${expected}\n`), `${code}: ${texts.config}`);
    assert.equal(analysis.cliRejects, null);
    assert.ok(!editorDiagnostics(docOf('config', texts.config, CREDENTIALS)).some((d) => d.code === code), `${code} is gone`);
    check(analysis);
  }
});

test('issue 22: a key twice in a section: remove either line, and the AWS CLI reads the file again', () => {
  const doc = docOf('config', '[default]\nregion = us-east-1\noutput = json\nregion = eu-west-1\n', null);
  const { fixes } = fixesFor(doc, 'rejected.duplicate_key');
  assert.deepEqual(fixes.map((f) => f.title), ['Remove line 2, keeping this region', "Remove this line, keeping line 2's region"]);
  const keepLater = after(doc, fixes[0]);
  assert.equal(keepLater.texts.config, '[default]\noutput = json\nregion = eu-west-1\n');
  assert.equal(keepLater.analysis.cliRejects, null);
  assert.equal(keepLater.analysis.model.profiles.get('default')!.values.region, 'eu-west-1');
  const keepEarlier = after(doc, fixes[1]);
  assert.equal(keepEarlier.texts.config, '[default]\nregion = us-east-1\noutput = json\n');
  assert.equal(keepEarlier.analysis.cliRejects, null);
});

test('issue 22: a config-file key the credentials file overrides: removing it changes nothing the AWS CLI reads', () => {
  const doc = docOf('config', '[profile both]\nregion = us-west-2\noutput = json', '[both]\nregion = eu-central-1\n');
  const before = doc.analysis.model.profiles.get('both')!.values;
  const { fixes } = fixesFor(doc, 'key.overridden');
  const { texts, analysis } = after(doc, fixes[0]);
  assert.equal(texts.config, '[profile both]\noutput = json');
  assert.deepEqual(analysis.model.profiles.get('both')!.values, before);
});

test('issue 22: keys in the config file move to the credentials file, into the profile\'s section or a new one; the chain stays', () => {
  const config = '[profile keys]\nregion = us-east-1\naws_secret_access_key = s3cr3t\naws_access_key_id = AKIAEXAMPLE\n\n[profile prod]\nrole_arn = arn:aws:iam::123456789012:role/A\nsource_profile = keys\n';
  for (const [credentials, expected] of [
    [CREDENTIALS, `${CREDENTIALS}\n[keys]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = s3cr3t\n`],
    ['[keys]\n# mfa\nmfa_serial = arn:aws:iam::1:mfa/a\n\n[other]\nx = 1\n', '[keys]\n# mfa\nmfa_serial = arn:aws:iam::1:mfa/a\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = s3cr3t\n\n[other]\nx = 1\n'],
    [null, '[keys]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = s3cr3t\n'],
  ] as const) {
    const doc = docOf('config', config, credentials);
    const { fixes } = fixesFor(doc, 'key.in_config');
    assert.deepEqual(fixes.map((f) => f.title), ['Move aws_access_key_id, aws_secret_access_key to [keys] in the credentials file']);
    const { texts, analysis } = after(doc, fixes[0]);
    assert.equal(texts.config, '[profile keys]\nregion = us-east-1\n\n[profile prod]\nrole_arn = arn:aws:iam::123456789012:role/A\nsource_profile = keys\n');
    assert.equal(texts.credentials, expected);
    assert.equal(analysis.cliRejects, null);
    const chain = analysis.plans.get('prod')!.chain;
    assert.deepEqual(chain.map((h) => [h.kind, h.profile, 'from' in h ? h.from : '']), [['assume_role', 'prod', ''], ['static', 'keys', 'credentials']]);
  }
  // With a credential_process, keys in the credentials file would win over it where keys in the config file do not: no fix.
  const process = docOf('config', '[profile p]\ncredential_process = /bin/creds\naws_access_key_id = A\naws_secret_access_key = B\n', null);
  assert.deepEqual(quickFixes(process, editorDiagnostics(process).find((d) => d.code === 'key.in_config')!), []);
});

test('issue 22: an indented line the value above swallows becomes a key of its own', () => {
  const doc = docOf('config', '[profile r]\nrole_arn = arn:aws:iam::123456789012:role/A\n  source_profile = default\n', CREDENTIALS);
  const { fixes } = fixesFor(doc, 'line.swallowed');
  const { analysis } = after(doc, fixes[0]);
  assert.equal(analysis.plans.get('r')!.result, 'ok');
});

test('issue 22: over the conformance cases, every quick fix leaves files the AWS CLI reads (or reads with fewer problems), with its problem gone and no profile broken', () => {
  let applied = 0;
  for (const { name, kind, doc } of conformanceDocs()) {
    const rejectionsBefore = doc.analysis.diagnostics.filter((d) => d.code.startsWith('rejected.')).length;
    for (const d of editorDiagnostics(doc)) {
      for (const fix of quickFixes(doc, d)) {
        applied++;
        const label = `${name} ${kind} line ${d.range.start.line + 1} ${d.code}: ${fix.title}`;
        const { texts, analysis } = after(doc, fix);
        const rejectionsAfter = analysis.diagnostics.filter((x) => x.code.startsWith('rejected.')).length;
        if (rejectionsBefore === 0) assert.equal(analysis.cliRejects, null, label);
        else assert.ok(rejectionsAfter < rejectionsBefore || d.code.startsWith('rejected.') === false, label);
        const fixed = docOf(kind, texts[kind], texts[kind === 'config' ? 'credentials' : 'config']);
        const same = editorDiagnostics(fixed).filter((x) => x.code === d.code && x.range.start.line === d.range.start.line && x.message === d.message);
        assert.deepEqual(same, [], `${label}: the problem is still there`);
        // A fixed header names its profile anew: that profile is checked under its new name.
        const renamed = d.range.start.line === doc.sectionAt(d.range.start.line)?.line ? doc.sectionAt(d.range.start.line)!.name : undefined;
        if (renamed !== undefined && renamed !== null) assert.ok(fixed.sectionAt(d.range.start.line)?.name !== null, `${label}: the fixed header makes a profile`);
        for (const [profile, plan] of doc.analysis.plans) {
          if (plan.result !== 'ok' || doc.analysis.cliRejects !== null || profile === renamed) continue;
          assert.equal(analysis.plans.get(profile)?.result, 'ok', `${label}: profile ${profile} no longer resolves`);
        }
      }
    }
  }
  assert.ok(applied > 30, `${applied} fixes tried`);
});
