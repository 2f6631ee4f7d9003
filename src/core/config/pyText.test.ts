import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPySpace, pyInt, pyJsonString, pyRepr, pySplitlines, pyStrip } from './pyText';

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
