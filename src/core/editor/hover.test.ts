import assert from 'node:assert/strict';
import { test } from 'node:test';
import { at, conformanceDocs, docOf } from '../../../test/support/editorDocs';
import { completionsAt } from './completion';
import { editorDiagnostics } from './editorDiagnostics';
import { hoverAt } from './hover';
import { documentSymbols } from './navigation';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLETOKEN';
const CREDENTIALS = `[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = ${SECRET}\naws_session_token = ${TOKEN}\n`;
const CONFIG = '[default]\nregion = us-east-1\n\n[profile hub]\nrole_arn = arn:aws:iam::100000000000:role/Hub\nsource_profile = default\nmfa_serial = arn:aws:iam::100000000000:mfa/alice\n\n[profile prod]\nrole_arn = arn:aws:iam::222222222222:role/ProdAdmin\nsource_profile = hub\nregion = eu-west-1\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start#/\nsso_region = us-east-1\n\n[profile sso]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n';

function hover(marked: string, kind: 'config' | 'credentials' = 'config', other: string | null = CREDENTIALS) {
  const { text, position } = at(marked);
  return hoverAt(docOf(kind, text, other), position);
}

test('issue 22: on a key: what it does, who reads it, its documentation', () => {
  const h = hover(`${CONFIG}[profile x]\ncredential_so|urce = Environment\n`)!;
  assert.match(h.markdown, /^\*\*credential\\_source\*\*/);
  assert.match(h.markdown, /Values: `Environment`, `EcsContainer`, `Ec2InstanceMetadata`/);
  assert.match(h.markdown, /Read by: AWS CLI v1, AWS CLI v2, botocore \(boto3\), AWS SDK for JavaScript v3/);
  assert.match(h.markdown, /\[Documentation\]\(https:\/\/docs\.aws\.amazon\.com\/cli\/latest\/userguide\/cli-configure-files\.html#cli-config-credential_source\)/);
  assert.match(hover(`${CONFIG}[profile x]\ncli_auto_|prompt = on\n`)!.markdown, /Read by: AWS CLI v2\n/);
  assert.match(hover(`${CONFIG}[profile x]\naws_credential_|scope = x\n`)!.markdown, /Read by the AWS SDKs only/);
  assert.match(hover(`${CONFIG}[profile x]\nregoi|n = x\n`)!.markdown, /no AWS CLI or SDK setting has this name/);
  assert.match(hover('[default]\ns3 =\n  addressing_st|yle = path\n')!.markdown, /Virtual-hosted or path-style/);
});

test('issue 22: on a source_profile value: that profile\'s chain as the Profiles view shows it', () => {
  const h = hover(`${CONFIG}\n[profile top]\nrole_arn = arn:aws:iam::333333333333:role/Top\nsource_profile = pr|od\n`)!;
  assert.equal(
    h.markdown,
    [
      '**prod** (config file line 9)',
      '',
      'prod → hub → default (session keys)',
      '',
      '- prod → hub: role ProdAdmin · 222222222222',
      '- hub → default: role Hub · 100000000000 · needs MFA',
      '- default: session keys · from the credentials file',
    ].join('\n'),
  );
  assert.match(hover(`${CONFIG}\n[profile top]\nrole_arn = arn:aws:iam::333333333333:role/Top\nsource_profile = no|ne\n`)!.markdown, /No profile is named "none"/);
  assert.match(hover(`${CONFIG}\n[profile s2]\nsso_session = co|rp\n`)!.markdown, /sso\\_start\\_url: `https:\/\/corp\.awsapps\.com\/start#\/`/);
  assert.match(hover(`${CONFIG}\n[profile r]\nregion = eu-we|st-1\n`)!.markdown, /Europe \(Ireland\)/);
  assert.match(hover(`${CONFIG.replace('[profile prod]', '[profile pr|od]')}`)!.markdown, /prod → hub → default/);
});

test('issue 22: a secret\'s value is in no hover, wherever the cursor is', () => {
  const text = `${CREDENTIALS}\n[other]\naws_secret_access_key = ${SECRET}\n`;
  const lines = text.split('\n');
  for (const file of ['credentials', 'config'] as const) {
    for (let line = 0; line < lines.length; line++) {
      for (let character = 0; character <= lines[line].length; character++) {
        const doc = docOf(file, text, file === 'config' ? CREDENTIALS : CONFIG);
        const h = hoverAt(doc, { line, character });
        if (h) assert.ok(!h.markdown.includes(SECRET) && !h.markdown.includes(TOKEN), `${file} ${line}:${character}: ${h.markdown}`);
      }
    }
  }
  // The profile whose keys they are, hovered where it is named: its chain, not its keys.
  const h = hover(`${CONFIG}\n[profile t]\nrole_arn = arn:aws:iam::1:role/T\nsource_profile = defa|ult\n`)!;
  assert.match(h.markdown, /default \(session keys\)/);
  assert.ok(!h.markdown.includes(SECRET));
});

test('issue 22: over the conformance cases, no hover, outline entry, problem or completion holds a secret\'s value', () => {
  let checked = 0;
  for (const { name, kind, doc } of conformanceDocs()) {
    const secrets = [...doc.analysis.model.profiles.values()]
      .flatMap((p) => [p.values.aws_secret_access_key, p.values.aws_session_token, p.values.aws_security_token])
      .filter((v): v is string => typeof v === 'string' && v.length >= 4);
    if (secrets.length === 0) continue;
    const shown: string[] = [...editorDiagnostics(doc).map((d) => d.message), JSON.stringify(documentSymbols(doc))];
    const lines = doc.text.split(/\r\n|\r|\n/);
    for (let line = 0; line < lines.length; line++) {
      for (let character = 0; character <= lines[line].length; character++) {
        const h = hoverAt(doc, { line, character });
        if (h) shown.push(h.markdown);
      }
      shown.push(...completionsAt(doc, { line, character: lines[line].length }).map((c) => `${c.label} ${c.detail ?? ''} ${c.documentation ?? ''}`));
    }
    for (const s of secrets) for (const t of shown) assert.ok(!t.includes(s), `${name} ${kind}: "${s}" shown in ${t.slice(0, 200)}`);
    checked++;
  }
  assert.ok(checked > 20, `${checked} files with secrets checked`);
});
