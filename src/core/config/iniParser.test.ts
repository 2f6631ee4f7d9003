import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseIni } from './iniParser';

const bytes = (s: string) => new TextEncoder().encode(s);
const values = (text: string): unknown =>
  JSON.parse(JSON.stringify(valuesRaw(text)));
const valuesRaw = (text: string) =>
  Object.fromEntries(parseIni(bytes(text)).sections.map((s) => [s.name, { ...s.values }]));
const rejection = (text: string | Uint8Array) => {
  const r = parseIni(typeof text === 'string' ? bytes(text) : text).rejection;
  return r && { reason: r.reason, line: r.line };
};

test('keys: lower-cased, split at the first = or :, values verbatim', () => {
  assert.deepEqual(values('[a]\nRegion: us-east-1\nx = a=b # not a comment\ny = "q" %s\nz =\n'), {
    a: { region: 'us-east-1', x: 'a=b # not a comment', y: '"q" %s', z: '' },
  });
  assert.deepEqual(values('[a]\nk:v=w\n'), { a: { k: 'v=w' } });
});

test('continuation lines, comments inside them, and blank lines', () => {
  assert.deepEqual(values('[a]\nk = v\n  more\n\n  # comment\n  last\n\nn = 1\n'), { a: { k: 'v\nmore\n\nlast', n: '1' } });
  // An indented key after a less-indented one is swallowed; an indented header too.
  assert.deepEqual(values('[a]\nk = v\n  j = w\n  [b]\n'), { a: { k: 'v\nj = w\n[b]' } });
});

test('nested blocks: a dict split on the first =, keys not lower-cased', () => {
  assert.deepEqual(values('[a]\ns3 =\n  Max = 20\n\n  style = path\nx = 1\n'), { a: { s3: { Max: '20', style: 'path' }, x: '1' } });
  assert.deepEqual(values('[a]\ns3 =\n\n'), { a: { s3: '' } });
  assert.equal(rejection('[a]\ns3 =\n  bad line\n')?.reason, 'invalid_nested_line');
});

test('[DEFAULT] is inherited by every section that lacks the key', () => {
  assert.deepEqual(values('[DEFAULT]\nregion = r\n[a]\n[b]\nregion = s\n'), { a: { region: 'r' }, b: { region: 's' } });
});

test('headers: greedy to the last ], not stripped, junk after ] ignored', () => {
  assert.deepEqual(Object.keys(valuesRaw('[ x ]\n[a]b]\n[p] # c\n[]]\n')), [' x ', 'a]b', 'p', ']']);
});

test('rejections with the line botocore reports', () => {
  assert.deepEqual(rejection('[a]\nk = 1\nK = 2\n'), { reason: 'duplicate_key', line: 3 });
  assert.deepEqual(rejection('[a]\n[b]\n[a]\n'), { reason: 'duplicate_section', line: 3 });
  assert.deepEqual(rejection('[a]\nfoo\n'), { reason: 'invalid_line', line: 2 });
  assert.deepEqual(rejection('[a]\n= v\n'), { reason: 'invalid_line', line: 2 });
  assert.deepEqual(rejection('k = v\n[a]\n'), { reason: 'no_section_header', line: 1 });
  assert.deepEqual(rejection('\ufeff[a]\n'), { reason: 'no_section_header', line: 1 });
  assert.deepEqual(rejection(new Uint8Array([0x5b, 0x61, 0x5d, 0x0a, 0x6b, 0x3d, 0xff])), { reason: 'invalid_utf8', line: null });
  // Invalid lines are raised at the end; a later duplicate is raised first.
  assert.deepEqual(rejection('[a]\nfoo\nk = 1\nk = 2\n'), { reason: 'duplicate_key', line: 4 });
  // A second empty key is a duplicate.
  assert.deepEqual(rejection('[a]\n= 1\n= 2\n'), { reason: 'duplicate_key', line: 3 });
  // Two [DEFAULT] sections are fine; the same key in both is not.
  assert.equal(rejection('[DEFAULT]\na = 1\n[DEFAULT]\nb = 2\n'), null);
  assert.deepEqual(rejection('[DEFAULT]\na = 1\n[DEFAULT]\na = 2\n'), { reason: 'duplicate_key', line: 4 });
});

test('line endings: CRLF, lone CR and LF all end a line', () => {
  assert.deepEqual(values('[a]\r\nk = 1\rj = 2\n'), { a: { k: '1', j: '2' } });
});

test('a rejected file is still read leniently, every problem listed', () => {
  const file = parseIni(bytes('[a]\nk = 1\nk = 2\nfoo\n[b]\nj = 3\n'));
  assert.equal(file.rejection?.reason, 'duplicate_key');
  assert.deepEqual(file.problems.map((p) => p.line), [3, 4]);
  assert.deepEqual(file.sections.map((s) => s.name), ['a', 'b']);
});

test('a missing file is empty, not an error', () => {
  assert.deepEqual(parseIni(null), { sections: [], defaultLine: null, rejection: null, problems: [], lineCount: 0, casedKeyLines: [] });
});

test('lines: each line classified as configparser reads it, continuations with the key they extend', () => {
  const file = parseIni(bytes('# top\n[DEFAULT]\nregion = x\n[a]\n  k = 1\n    more\n\n   ; note\n  j =\n    n = 2\nno equals\n'), { lines: true });
  const kinds = file.lines!.slice(1).map(({ kind, section, key }) => ({ kind, ...(section !== undefined && { section }), ...(key !== undefined && { key }) }));
  assert.deepEqual(kinds, [
    { kind: 'comment' },
    { kind: 'header', section: 'DEFAULT' },
    { kind: 'key', section: 'DEFAULT', key: 'region' },
    { kind: 'header', section: 'a' },
    { kind: 'key', section: 'a', key: 'k' },
    { kind: 'continuation', section: 'a', key: 'k' },
    { kind: 'blank' },
    { kind: 'comment' },
    { kind: 'key', section: 'a', key: 'j' },
    { kind: 'continuation', section: 'a', key: 'j' },
    { kind: 'invalid' },
  ]);
  assert.equal(parseIni(bytes('[a]\n')).lines, undefined, 'only when asked');
});

/** `head` then comment lines, so that the file is exactly `size` bytes, then `tail`. */
function large(head: string, size: number, tail: string | number[]): Uint8Array {
  const out = [...bytes(head)];
  while (out.length < size) out.push(...bytes('#'.padEnd(Math.min(59, size - out.length - 1), 'x') + '\n'));
  assert.equal(out.length, size);
  return new Uint8Array([...out, ...(typeof tail === 'string' ? bytes(tail) : tail)]);
}

test('issue 26: in a large file, a duplicate before the 8 KiB chunk holding invalid UTF-8 is what botocore reports', () => {
  // Python decodes 8192 bytes at a time and parses their lines before it decodes the next chunk.
  assert.deepEqual(rejection(large('[a]\nk = 1\nk = 2\n', 8192, [0xff, 0x0a])), { reason: 'duplicate_key', line: 3 });
  assert.deepEqual(rejection(large('[a]\n[a]\n', 8192, [0xff, 0x0a])), { reason: 'duplicate_section', line: 2 });
  assert.deepEqual(rejection(large('k = v\n', 9000, [0xc0])), { reason: 'no_section_header', line: 1 });
  assert.deepEqual(rejection(large('\ufeff[a]\n', 8192, [0xff])), { reason: 'no_section_header', line: 1 });
  // In the same chunk (any small file), or after it, the UTF-8 error comes first.
  assert.deepEqual(rejection(large('[a]\nk = 1\nk = 2\n', 8191, [0xff, 0x0a])), { reason: 'invalid_utf8', line: null });
  assert.deepEqual(rejection(large('\ufeff[a]\n', 100, [0xff])), { reason: 'invalid_utf8', line: null });
  assert.deepEqual(rejection(large('[a]\n', 8192, '[a]\n\xff'.split('').map((c) => c.charCodeAt(0)))), { reason: 'invalid_utf8', line: null });
  // Errors configparser collects until the end of the file (a line with no "=") or botocore finds
  // afterwards (a bad line in a nested block) never get there.
  assert.deepEqual(rejection(large('[a]\nno delimiter\n', 8192, [0xff])), { reason: 'invalid_utf8', line: null });
  assert.deepEqual(rejection(large('[a]\ns3 =\n  bad\n', 8192, [0xff])), { reason: 'invalid_utf8', line: null });
});

test('issue 26: the invalid UTF-8 is still shown at its line, and the file read leniently', () => {
  const file = parseIni(large('[a]\nk = 1\nk = 2\n', 8192, '[b]\nv = \u00e9'.split('').map((c) => c.charCodeAt(0))));
  const utf8 = file.problems.find((p) => p.reason === 'invalid_utf8')!;
  assert.equal(utf8.at, file.lineCount);
  assert.deepEqual(file.sections.map((s) => s.name), ['a', 'b']);
});

test('issue 22: every line classified with its columns, as an editor counts them (a BOM not counted)', () => {
  const ini = parseIni(bytes('\uFEFF[profile a] # c\n  Region : us-east-1 \n\t# note\n    more\nk=\n\n'), { lines: true });
  const lines = ini.lines!;
  assert.deepEqual(lines[1], { kind: 'header', section: 'profile a', start: 0, end: 15, close: 10 });
  assert.deepEqual(lines[2], { kind: 'key', section: 'profile a', key: 'region', start: 2, end: 20, keyEnd: 8, delim: 9, value: 11 });
  assert.deepEqual(lines[3], { kind: 'comment', start: 1, end: 7 });
  assert.deepEqual(lines[4], { kind: 'continuation', section: 'profile a', key: 'region', start: 4, end: 8 });
  assert.deepEqual(lines[5], { kind: 'key', section: 'profile a', key: 'k', start: 0, end: 2, keyEnd: 1, delim: 1, value: 2 });
  assert.deepEqual(lines[6], { kind: 'blank' });
});

test('issue 22: an editor\'s text reads as its bytes do, and the lines of keys not written in lower case are kept', () => {
  const text = '[Profile A]\nRegion = x\nregion_two = y\nSSO_Start_URL: z\n';
  const fromText = parseIni(text);
  assert.deepEqual(fromText, parseIni(bytes(text)));
  assert.deepEqual(fromText.casedKeyLines, [2, 4]);
});

test('issue 28: a line repeated word for word reads as the first did: same key and value, its own line and offsets; keys written with capitals are reported every time', () => {
  const text = '[a]\nregion = us-east-1\nRegion2 = x\n[b]\n  region = us-east-1\nRegion2 = x\n[c]\nregion = us-east-1 \noutput:json\n[d]\noutput:json\n';
  const ini = parseIni(bytes(text), { lines: true });
  assert.deepEqual(
    ini.sections.map((s) => [s.name, { ...s.values }]),
    [
      ['a', { region: 'us-east-1', region2: 'x' }],
      ['b', { region: 'us-east-1', region2: 'x' }],
      ['c', { region: 'us-east-1', output: 'json' }],
      ['d', { output: 'json' }],
    ],
  );
  assert.deepEqual(ini.casedKeyLines, [3, 6]);
  assert.deepEqual(ini.sections.map((s) => s.keyLines), [['region', 2, 'region2', 3], ['region', 5, 'region2', 6], ['region', 8, 'output', 9], ['output', 11]]);
  // The second `region = us-east-1` is indented: its offsets are its own.
  assert.deepEqual(ini.lines![5], { kind: 'key', section: 'b', key: 'region', start: 2, end: 20, keyEnd: 8, delim: 9, value: 11 });
  assert.deepEqual(ini.lines![11], { kind: 'key', section: 'd', key: 'output', start: 0, end: 11, keyEnd: 6, delim: 6, value: 7 });
});
