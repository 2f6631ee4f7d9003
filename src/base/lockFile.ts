import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomicFile';

/**
 * A folder of lock files shared by the windows of one machine (the extension's globalStorage): a
 * file is created only if it does not exist, atomically, so that of two windows creating it at the
 * same moment exactly one succeeds. What a lock means (its owner, until when) is its holder's business.
 */
export interface LockFolder {
  /** Creates `name` holding `content`, unless it exists: false then. Readers never see it half written. */
  create(name: string, content: string): Promise<boolean>;
  /** What `name` holds, or undefined when it does not exist. */
  read(name: string): Promise<string | undefined>;
  /** Replaces what `name` holds, atomically (its holder extending it). */
  write(name: string, content: string): Promise<void>;
  /** Removes `name`; nothing when it is gone. */
  remove(name: string): Promise<void>;
}

/**
 * The lock files of a folder on disk (created 0700 on first use). A lock is written to a temporary
 * file and then hard-linked to its name, which fails when the name exists (`link` is atomic on
 * local file systems, as `O_EXCL` is, and the content is whole before the name exists). A file
 * system without hard links fails every `create`: its callers then do without.
 */
export function lockFolder(folder: string): LockFolder {
  let made: Promise<unknown> | undefined;
  const ready = () => (made ??= mkdir(folder, { recursive: true, mode: 0o700 }).catch((e: unknown) => {
    made = undefined;
    throw e;
  }));
  const path = (name: string) => join(folder, name);
  return {
    async create(name, content) {
      await ready();
      const temporary = path(`${name}.${randomBytes(6).toString('hex')}.tmp`);
      try {
        await writeFile(temporary, content, { mode: 0o600, flag: 'wx' });
        try {
          await link(temporary, path(name));
          return true;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
          throw e;
        }
      } finally {
        await unlink(temporary).catch(() => undefined);
      }
    },
    async read(name) {
      try {
        return await readFile(path(name), 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    },
    async write(name, content) {
      await ready();
      await writeFileAtomic(path(name), content, { mode: 0o600 });
    },
    async remove(name) {
      await unlink(path(name)).catch((e: unknown) => {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      });
    },
  };
}
