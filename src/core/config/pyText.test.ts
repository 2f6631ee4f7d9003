import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPySpace, PY_TEXT_CHUNK, pyInt, pyJsonString, pyRepr, pySplitlines, pyStrip, pyUtf8Failure } from './pyText';

test('whitespace is Python\'s: U+001C..U+001F and U+0085 are, U+FEFF and U+200B are not', () => {
  for (const c of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1f, 0x20, 0x85, 0xa0, 0x2000, 0x2028, 0x3000]) assert.ok(isPySpace(c), c.toString(16));
  for (const c of [0xfeff, 0x200b, 0x180e, 0x41, 0x00]) assert.ok(!isPySpace(c), c.toString(16));
  assert.equal(pyStrip('\u3000\x1c a b \x85'), 'a b');
  assert.equal(pyStrip('\ufeffx'), '\ufeffx');
});

test('splitlines splits on the characters Python splits on', () => {
  assert.deepEqual(pySplitlines('a\nb\r\nc\rd\x0be\x0cf\x1cg\x85h\u2028i'), ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']);
  assert.deepEqual(pySplitlines('a\n'), ['a']);
  assert.deepEqual(pySplitlines(''), []);
});

test('int() accepts what Python accepts and nothing else', () => {
  const cases: Array<[string, string | null]> = [
    ['3600', '3600'], [' 900 ', '900'], ['0900', '900'], ['+900', '900'], ['-5', '-5'], ['1_000', '1000'],
    ['\uff19\uff10\uff10', '900'], ['\u0669\u0660\u0660', '900'], ['-0', '0'], ['123456789012345678901234567890', '123456789012345678901234567890'],
    ['1h', null], ['3600.0', null], ['0x10', null], ['', null], ['_1', null], ['1_', null], ['1__0', null], ['+', null], ['1 0', null],
  ];
  for (const [input, expected] of cases) assert.equal(pyInt(input), expected, JSON.stringify(input));
});

test('json.dumps escapes as Python does with ensure_ascii', () => {
  assert.equal(pyJsonString('a"b\\c\n\u00e9\u007f\ud83d\ude00'), '"a\\"b\\\\c\\n\\u00e9\\u007f\\ud83d\\ude00"');
});

test('repr quotes as Python does', () => {
  assert.equal(pyRepr('a'), "'a'");
  assert.equal(pyRepr("it's"), '"it\'s"');
  assert.equal(pyRepr('a\nb'), "'a\\nb'");
});

/** `head`, then comment lines up to exactly `size` bytes (the last line ends at `size`), then `tail`. */
function sized(head: string, size: number, tail: number[], eol = '\n'): Uint8Array {
  const start = new TextEncoder().encode(head);
  const out = [...start];
  while (out.length < size) {
    const room = size - out.length - eol.length;
    const line = room > 60 ? 59 : room;
    out.push(...new TextEncoder().encode('#'.padEnd(Math.max(line, 0), 'x') + eol));
  }
  assert.equal(out.length, size, 'padding lands exactly');
  return new Uint8Array([...out, ...tail]);
}

test('issue 26: Python hands on the lines of each 8 KiB chunk it decodes before it fails on a later one', () => {
  assert.equal(PY_TEXT_CHUNK, 8192);
  assert.equal(pyUtf8Failure(new TextEncoder().encode('[a]\nk = \u00e9\u20ac\ud834\udd1e\n')), null);
  // A bad byte in the first chunk: no line is read.
  assert.deepEqual(pyUtf8Failure(new Uint8Array([0x5b, 0x61, 0x5d, 0x0a, 0xff, 0x0a])), { at: 4, line: 2, linesBefore: 0 });
  const lines = (size: number) => sized('[a]\n', size, []).filter((b) => b === 0x0a).length;
  // The first byte of the second chunk: every line of the first one is read.
  const second = pyUtf8Failure(sized('[a]\n', 8192, [0xff, 0x0a]))!;
  assert.deepEqual(second, { at: 8192, line: lines(8192) + 1, linesBefore: lines(8192) });
  // The last byte of the first chunk: none is.
  assert.equal(pyUtf8Failure(sized('[a]\n', 8191, [0xff, 0x0a]))!.linesBefore, 0);
  // Far down: the lines of every chunk before the one that fails.
  const far = sized('[a]\n', 20000, [0xc0]);
  assert.equal(pyUtf8Failure(far)!.linesBefore, far.subarray(0, 16384).filter((b) => b === 0x0a).length);
});

test('issue 26: a sequence cut by a chunk\'s end, a \\r there, a surrogate\'s start and the end of the file', () => {
  const lines = (bytes: Uint8Array, end: number) => bytes.subarray(0, end).filter((b) => b === 0x0a).length;
  // A valid character across the boundary is fine.
  assert.equal(pyUtf8Failure(sized('[a]\n', 8190, [0x23, 0xe2, 0x82, 0xac, 0x0a])), null);
  // E2 ends the first chunk, the second starts with "A": the second chunk fails, E2's line is not read.
  const cut = sized('[a]\n', 8190, [0x23, 0xe2, 0x41, 0x0a]);
  assert.deepEqual(pyUtf8Failure(cut), { at: 8191, line: lines(cut, 8190) + 1, linesBefore: lines(cut, 8190) });
  // E0 80 can never start a character: it fails in the first chunk, where it stands.
  assert.equal(pyUtf8Failure(sized('[a]\n', 8190, [0xe0, 0x80, 0x80, 0x0a]))!.linesBefore, 0);
  // ED A0 (a surrogate's start) as the chunk's last two bytes waits for the next chunk.
  const surrogate = sized('[a]\n', 8190, [0xed, 0xa0, 0x80, 0x0a]);
  assert.equal(pyUtf8Failure(surrogate)!.linesBefore, lines(surrogate, 8190));
  assert.equal(pyUtf8Failure(sized('[a]\n', 8189, [0xed, 0xa0, 0x80, 0x0a]))!.linesBefore, 0);
  // A \r ending the first chunk may be half of \r\n: its line waits too.
  const cr = sized('[a]\r', 8192, [0xff, 0x0d], '\r');
  assert.equal(pyUtf8Failure(cr)!.linesBefore, cr.subarray(0, 8191).filter((b) => b === 0x0d).length);
  // A sequence left incomplete at the end of the file fails after every line before it is read.
  const truncated = new TextEncoder().encode('[a]\nk = 1\nk = \u20ac');
  assert.deepEqual(pyUtf8Failure(truncated.subarray(0, truncated.length - 1)), { at: 14, line: 3, linesBefore: 2 });
});
