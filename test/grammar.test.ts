import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { INITIAL, parseRawGrammar, Registry, type IGrammar } from 'vscode-textmate';
import { createOnigScanner, createOnigString, loadWASM } from 'vscode-oniguruma';

// Issue 22: the AWS files' grammar (syntaxes/), run by the TextMate engine VS Code itself uses.

const root = join(__dirname, '..');

async function grammar(scope: string): Promise<IGrammar> {
  const wasm = readFileSync(join(root, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
  await loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const files: Record<string, string> = { 'source.aws-config': 'aws-config.tmLanguage.json', 'source.aws-credentials': 'aws-credentials.tmLanguage.json' };
  const registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner, createOnigString }),
    loadGrammar: async (name) => (files[name] ? parseRawGrammar(readFileSync(join(root, 'syntaxes', files[name]), 'utf8'), files[name]) : null),
  });
  return (await registry.loadGrammar(scope))!;
}

/** Each line's tokens as `text=scope` (the innermost scope, the file's own left out), blanks skipped. */
async function tokens(text: string, scope = 'source.aws-config'): Promise<string[][]> {
  const g = await grammar(scope);
  let state = INITIAL;
  return text.split('\n').map((line) => {
    const r = g.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens.filter((t) => line.slice(t.startIndex, t.endIndex).trim() !== '').map((t) => `${line.slice(t.startIndex, t.endIndex)}=${t.scopes.at(-1)}`);
  });
}

test('issue 22: headers and their kinds, keys, values, full-line comments only', async () => {
  const lines = await tokens(
    [
      '# a comment',
      '[profile prod] # ignored',
      'region = us-east-1 # part of the value',
      '[sso-session corp]',
      'sso_start_url = https://corp.awsapps.com/start#/',
      '  ; an indented comment',
      '[default]',
      '[profiles x]',
      '[DEFAULT]',
      '[plugins]',
      'aws_secret_access_key: abc',
      'source profile = default',
      'no delimiter here',
    ].join('\n'),
  );
  assert.deepEqual(lines, [
    ['#=punctuation.definition.comment.aws', ' a comment=comment.line.aws'],
    ['[=punctuation.definition.section.begin.aws', 'profile=keyword.other.section-kind.aws', 'prod=entity.name.section.aws', ']=punctuation.definition.section.end.aws', ' # ignored=comment.line.ignored.aws'],
    ['region=variable.other.key.aws', '==punctuation.separator.key-value.aws', 'us-east-1 # part of the value=string.unquoted.value.aws'],
    ['[=punctuation.definition.section.begin.aws', 'sso-session=keyword.other.section-kind.aws', 'corp=entity.name.section.aws', ']=punctuation.definition.section.end.aws'],
    ['sso_start_url=variable.other.key.aws', '==punctuation.separator.key-value.aws', 'https://corp.awsapps.com/start#/=string.unquoted.value.aws'],
    [';=punctuation.definition.comment.aws', ' an indented comment=comment.line.aws'],
    ['[=punctuation.definition.section.begin.aws', 'default=entity.name.section.profile.default.aws', ']=punctuation.definition.section.end.aws'],
    ['[=punctuation.definition.section.begin.aws', 'profile=keyword.other.section-kind.aws', 's=invalid.illegal.section-kind.aws', 'x=entity.name.section.aws', ']=punctuation.definition.section.end.aws'],
    ['[=punctuation.definition.section.begin.aws', 'DEFAULT=support.constant.section.defaults.aws', ']=punctuation.definition.section.end.aws'],
    ['[=punctuation.definition.section.begin.aws', 'plugins=entity.name.section.other.aws', ']=punctuation.definition.section.end.aws'],
    ['aws_secret_access_key=variable.other.key.credentials.aws', ':=punctuation.separator.key-value.aws', 'abc=string.unquoted.value.aws'],
    ['source profile=invalid.illegal.key-with-space.aws', '==punctuation.separator.key-value.aws', 'default=string.unquoted.value.aws'],
    // A line with no delimiter is left plain: the problems say what is wrong, not red paint on every key as it is typed.
    ['no delimiter here=source.aws-config'],
  ]);
});

test('issue 22: a nested block and a value going on over indented lines, as configparser reads them', async () => {
  const lines = await tokens(['s3 =', '  max_concurrent_requests = 20', '', '  # note', '  addressing_style = path', 'role_arn = arn:aws:iam::1:role/a', '  source_profile = swallowed', 'output = json'].join('\n'));
  assert.deepEqual(lines, [
    ['s3=variable.other.key.aws', '==punctuation.separator.key-value.aws'],
    ['max_concurrent_requests=variable.other.key.nested.aws', '==punctuation.separator.key-value.aws', '20=constant.numeric.aws'],
    [],
    ['#=punctuation.definition.comment.aws', ' note=comment.line.aws'],
    ['addressing_style=variable.other.key.nested.aws', '==punctuation.separator.key-value.aws', 'path=string.unquoted.value.aws'],
    ['role_arn=variable.other.key.aws', '==punctuation.separator.key-value.aws', 'arn:aws:iam::1:role/a=string.unquoted.value.aws'],
    ['  source_profile = swallowed=string.unquoted.value.continuation.aws'],
    ['output=variable.other.key.aws', '==punctuation.separator.key-value.aws', 'json=string.unquoted.value.aws'],
  ]);
});

test('issue 22: the credentials file has the same grammar', async () => {
  assert.deepEqual(await tokens('[default]\naws_session_token = x', 'source.aws-credentials'), [
    ['[=punctuation.definition.section.begin.aws', 'default=entity.name.section.profile.default.aws', ']=punctuation.definition.section.end.aws'],
    ['aws_session_token=variable.other.key.credentials.aws', '==punctuation.separator.key-value.aws', 'x=string.unquoted.value.aws'],
  ]);
});
