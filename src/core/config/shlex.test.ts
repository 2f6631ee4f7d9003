import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShlexError, shlexSplit } from './shlex';

test('splits as Python shlex.split does (POSIX, no comments)', () => {
  const cases: Array<[string, string[]]> = [
    ['profile a', ['profile', 'a']],
    ['profile  two\tspaces', ['profile', 'two', 'spaces']],
    ['profile "my profile"', ['profile', 'my profile']],
    ["profile 'single'", ['profile', 'single']],
    ["profile it\\'s", ['profile', "it's"]],
    ['profile a#b', ['profile', 'a#b']],
    ["profile ''", ['profile', '']],
    ['profile "a\\"b\\\\c\\d"', ['profile', 'a"b\\c\\d']],
    ["a'b c'd", ['ab cd']],
    ['/opt/bin/creds --profile "my prof" --flag=\'a b\' $HOME ~/x', ['/opt/bin/creds', '--profile', 'my prof', '--flag=a b', '$HOME', '~/x']],
    ['', []],
    ['a\u00a0b', ['a\u00a0b']],
  ];
  for (const [input, words] of cases) assert.deepEqual(shlexSplit(input), words, input);
});

test('unbalanced quotes and a trailing backslash fail with Python\'s messages', () => {
  assert.throws(() => shlexSplit('profile "unterminated'), new ShlexError('No closing quotation'));
  assert.throws(() => shlexSplit("a 'b"), new ShlexError('No closing quotation'));
  assert.throws(() => shlexSplit('a\\'), new ShlexError('No escaped character'));
  assert.throws(() => shlexSplit('"a\\'), new ShlexError('No escaped character'));
});
