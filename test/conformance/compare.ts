import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { resolveAll } from '../../src/core';

/** One case folder: the two files as bytes and what the AWS CLI makes of them. */
export interface ConformanceCase {
  name: string;
  config: Uint8Array;
  credentials: Uint8Array | null;
  expected: Record<string, unknown>;
}

/** Reads every case folder (config, credentials if present, expected.json) under `dir`, sorted. */
export function loadCases(dir: string): ConformanceCase[] {
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory() && existsSync(join(dir, name, 'expected.json')))
    .sort()
    .map((name) => {
      const folder = join(dir, name);
      const credentialsPath = join(folder, 'credentials');
      const configPath = join(folder, 'config');
      return {
        name,
        config: existsSync(configPath) ? readFileSync(configPath) : new Uint8Array(),
        credentials: existsSync(credentialsPath) ? readFileSync(credentialsPath) : null,
        expected: JSON.parse(readFileSync(join(folder, 'expected.json'), 'utf8')),
      };
    });
}

/** Fields that are for humans and not compared. */
const NOT_COMPARED = new Set(['error_message']);

/** The first path at which `actual` differs from `expected`, or null. Extra top-level keys are allowed. */
export function firstDifference(expected: unknown, actual: unknown, path = '', top = true): string | null {
  if (expected === null || typeof expected !== 'object') {
    return Object.is(expected, actual) ? null : `${path || '/'}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(expected) !== Array.isArray(actual)) {
    return `${path || '/'}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
  }
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  const keys = new Set([...Object.keys(e), ...(top ? [] : Object.keys(a))]);
  for (const key of [...keys].sort()) {
    if (NOT_COMPARED.has(key)) continue;
    const sub = `${path}/${key}`;
    if (!Object.prototype.hasOwnProperty.call(a, key)) return `${sub}: missing (expected ${JSON.stringify(e[key])})`;
    if (!Object.prototype.hasOwnProperty.call(e, key)) return `${sub}: unexpected ${JSON.stringify(a[key])}`;
    const d = firstDifference(e[key], a[key], sub, false);
    if (d) return d;
  }
  return null;
}

/** Runs one case: null when the project's answer matches the CLI's, else the first difference. */
export function checkCase(c: ConformanceCase): string | null {
  const actual = JSON.parse(JSON.stringify(resolveAll(c.config, c.credentials)));
  return firstDifference(c.expected, actual);
}
