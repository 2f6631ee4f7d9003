import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { commandLine, unquotedWindowsPath } from '../core/terminal/helperProtocol';
import { installHelper } from './terminalFiles';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

test('issue 26 M5: the helper\'s path on Windows is one a credential_process names without quotes, or none', () => {
  const insiders = 'C:\\Users\\Ana Lopez\\AppData\\Roaming\\Code - Insiders\\User\\globalStorage\\aws-profiles.aws-profiles\\bin\\credential-helper.cmd';
  assert.equal(commandLine([insiders, 'active', 'prod'], 'win32').startsWith('"'), true, 'quoted as it stands: what Go SDK v2 cannot run');
  assert.equal(unquotedWindowsPath('C:\\Users\\ana\\AppData\\Roaming\\Code\\bin\\h.cmd', undefined), 'C:\\Users\\ana\\AppData\\Roaming\\Code\\bin\\h.cmd');
  const short = 'C:\\Users\\ANALOP~1\\AppData\\Roaming\\CODE-I~1\\User\\GLOBAL~1\\AWS-PR~1.AWS\\bin\\CREDEN~1.CMD';
  assert.equal(unquotedWindowsPath(insiders, short), short);
  assert.equal(commandLine([short, 'active', 'prod'], 'win32'), `${short} active prod`);
  assert.equal(unquotedWindowsPath(insiders, undefined), undefined, 'no short names on the drive');
  assert.equal(unquotedWindowsPath(insiders, insiders), undefined);
});

test('issue 26 M5: installing on Windows returns the short name of the .cmd, or says why terminals cannot use it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'awsp-helper-'));
  dirs.push(dir);
  const bundle = join(dir, 'credentialHelper.js');
  writeFileSync(bundle, '// helper');
  const folder = join(dir, 'Code - Insiders', 'bin');
  const runtime = { execPath: 'C:\\Program Files\\VS Code\\Code.exe', electron: true, platform: 'win32' };
  const got = await installHelper(folder, bundle, { ...runtime, shortName: async () => 'C:\\CODE-I~1\\bin\\CREDEN~1.CMD' });
  assert.deepEqual(got, ['C:\\CODE-I~1\\bin\\CREDEN~1.CMD']);
  assert.match(readFileSync(join(folder, 'credential-helper.cmd'), 'utf8'), /^@echo off\r\nset NODE_OPTIONS=\r\nset ELECTRON_RUN_AS_NODE=1\r\n"C:\\Program Files\\VS Code\\Code\.exe" ".*credential-helper\.js" %\*\r\n$/);
  await assert.rejects(installHelper(folder, bundle, { ...runtime, shortName: async () => undefined }), /would need quotes in a credential_process, which Terraform/);
});
