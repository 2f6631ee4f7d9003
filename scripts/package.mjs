// Writes the extension's .vsix with vsce from what scripts/build.mjs left in dist/:
//   node scripts/package.mjs                 # aws-profiles-<version>.vsix at the repository root
//   node scripts/package.mjs --out FILE      # (any other vsce package option is passed on)
// `npm run package` builds first; the e2e harness and the bench call it too, so vsce's flags are here
// only. .vscodeignore decides what goes in; test/package.test.ts checks the list.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const flags = [
  // Everything that runs is bundled into dist/; node_modules is not shipped.
  '--no-dependencies',
  // The project has no public repository yet (docs/development.md, "Publishing").
  '--allow-missing-repository',
  // Without a repository vsce cannot make the README's relative links absolute and refuses them;
  // left relative, the icon at its top shows in VS Code's extension page (media/icon.png is packaged).
  '--no-rewrite-relative-links',
];

const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const r = spawnSync(process.execPath, [vsce, 'package', ...flags, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
