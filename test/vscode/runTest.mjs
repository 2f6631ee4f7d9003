// `npm run test:vscode`: runs test/vscode/suite in VS Code desktop through @vscode/test-electron,
// for machines that can download VS Code (this project's CI machines cannot: there the end-to-end
// suite in test/e2e, on code-server, is what proves the extension). Builds first.
import { runTests } from '@vscode/test-electron';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const build = spawnSync(process.execPath, ['scripts/build.mjs', '--dev'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const home = mkdtempSync(join(tmpdir(), 'aws-profiles-vscode-'));
try {
  await runTests({
    version: process.env.VSCODE_VERSION ?? '1.101.0',
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'test', 'vscode', 'suite', 'index.cjs'),
    launchArgs: ['--disable-extensions', '--disable-workspace-trust', home],
    extensionTestsEnv: { HOME: home, AWS_CONFIG_FILE: join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials') },
  });
} catch (e) {
  console.error(`test:vscode failed: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}
