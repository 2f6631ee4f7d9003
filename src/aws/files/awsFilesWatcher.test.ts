import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { AwsFilesWatcher } from './awsFilesWatcher';

/** How long a test waits for an event that should come at once (inotify answers in microseconds). */
const EVENT_TIMEOUT_MS = 10_000;

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

/** A HOME of its own (with ~/.aws unless `aws` is false) and a watcher that keeps the paths of its events. */
function setUp(aws = true) {
  const home = mkdtempSync(join(tmpdir(), 'aws-watch-'));
  if (aws) mkdirSync(join(home, '.aws'));
  const files = [join(home, '.aws', 'config'), join(home, '.aws', 'credentials')];
  const seen: (string | undefined)[] = [];
  let wake: (() => void) | undefined;
  const problems: string[] = [];
  const watcher = new AwsFilesWatcher(
    (path) => {
      seen.push(path);
      wake?.();
    },
    (p) => problems.push(p),
  );
  cleanup.push(() => {
    watcher.dispose();
    rmSync(home, { recursive: true, force: true });
  });
  /**
   * Resolves once an event named `path` came (each test changes such a path once, after the
   * watch); fails after EVENT_TIMEOUT_MS saying `what` was never seen.
   */
  const eventFor = (path: string, what: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no event within ${EVENT_TIMEOUT_MS} ms for ${what} (events: ${JSON.stringify(seen)})`)), EVENT_TIMEOUT_MS);
      const check = () => {
        if (!seen.includes(path)) return;
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
      wake = check;
      check();
    });
  return { home, files, config: files[0], credentials: files[1], watcher, eventFor, problems };
}

test('issue 26: an edit made right after the files were read is seen: the watch is up before the read', async () => {
  const { config, files, watcher, eventFor, problems } = setUp();
  writeFileSync(config, '[default]\nregion = us-east-1\n');
  const read = await watcher.read(files, async () => {
    const bytes = readFileSync(config, 'utf8');
    // What an editor or `aws configure` writes a moment after the extension's first read.
    appendFileSync(config, '\n[profile later]\nregion = eu-west-1\n');
    return bytes;
  });
  assert.equal(read, '[default]\nregion = us-east-1\n');
  await eventFor(config, 'the edit right after the read');
  assert.deepEqual(problems, []);
});

test('issue 26: ~/.aws made right after a read that found nothing is seen, and so is a file written in it right after the next read', async () => {
  const { home, config, credentials, files, watcher, eventFor } = setUp(false);
  let reads = 0;
  const found = await watcher.read(files, async () => {
    reads++;
    const there = existsSync(config);
    // `aws configure set` makes the folder and the file just after the first read.
    if (reads === 1) {
      mkdirSync(join(home, '.aws'));
      writeFileSync(config, '[default]\nregion = us-east-1\n');
    }
    return there;
  });
  await eventFor(join(home, '.aws'), '~/.aws made right after a read');
  assert.equal(reads, 2, 'the folder appeared during the read: the files are read again once the watch fits them');
  assert.equal(found, true, 'what is returned was read under the new watch');

  // The read the event leads to; the credentials file written a moment after it.
  await watcher.read(files, async () => {
    const text = readFileSync(config, 'utf8');
    writeFileSync(credentials, '[default]\naws_access_key_id = AKIAEXAMPLE\n');
    return text;
  });
  await eventFor(credentials, 'the credentials file written right after the read that followed the folder');
});

test('issue 26: after a setting names another file, an edit of it right after the read is seen', async () => {
  const { home, files, watcher, eventFor } = setUp();
  const other = join(home, 'team', 'aws-config');
  mkdirSync(join(home, 'team'));
  writeFileSync(other, '[profile team]\n');
  await watcher.read(files, async () => undefined);
  // The setting now names team/aws-config.
  await watcher.read([other, files[1]], async () => {
    const text = readFileSync(other, 'utf8');
    appendFileSync(other, 'region = us-east-1\n');
    return text;
  });
  await eventFor(other, 'the edit of the file the setting names');
});

test('issue 26: ~/.aws deleted and made again is watched anew, so a file written in it right after the next read is seen', async () => {
  const { home, config, credentials, files, watcher, eventFor } = setUp();
  writeFileSync(config, '[default]\n');
  await watcher.read(files, async () => undefined);
  rmSync(join(home, '.aws'), { recursive: true });
  mkdirSync(join(home, '.aws'));
  await eventFor(join(home, '.aws'), '~/.aws deleted and made again');
  // The same path, another folder: the watch of the old one never speaks again.
  await watcher.read(files, async () => {
    writeFileSync(credentials, '[default]\naws_access_key_id = AKIAEXAMPLE\n');
    return undefined;
  });
  await eventFor(credentials, 'the credentials file written in the new ~/.aws');
});
