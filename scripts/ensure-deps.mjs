// Installs the npm dependencies when they are missing or older than package-lock.json, so that
// `npm test` and `npm run demo` work on a fresh clone. Quick when nothing changed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const lock = readFileSync(`${root}package-lock.json`);
const digest = createHash('sha256').update(lock).digest('hex');
const stamp = `${root}node_modules/.aws-profiles-deps`;
if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) process.exit(0);

console.log('Installing dependencies (npm ci)…');
const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
writeFileSync(stamp, digest);
