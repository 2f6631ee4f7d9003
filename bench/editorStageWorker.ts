import { readFileSync } from 'node:fs';
import { AwsDocument } from '../src/core/editor/awsDocument';
import { completionsAt } from '../src/core/editor/completion';
import { editorDiagnostics } from '../src/core/editor/editorDiagnostics';
import { analyze } from '../src/core/index';
import { printStageTimes, WARM_UP } from './stageTiming';

/**
 * One stage of the editor's work on a large config file, timed in a process of its own (see
 * editorBench): `node worker STAGE CONFIG CREDENTIALS RUNS` prints the CPU times of RUNS runs in a
 * row after a warm-up (bench/stageTiming.ts).
 *   analyze      the engine's full analyze of both files as the extension runs it on every change of them (read, then analyze)
 *   diagnostics  a keystroke: the buffer's text with one character typed into a value (a new place
 *                each run), read as botocore reads it (AwsDocument) and its problems computed
 *   completion   the buffer with `source_profile = ` typed on a new line in the middle of the file:
 *                read, and the completions there (every profile of the file)
 * What a run works on (the edited text) is made before its timer starts.
 */

const [stage, configPath, credentialsPath, runsArg] = process.argv.slice(2);
const runs = Number(runsArg);
const config = readFileSync(configPath, 'utf8');
const credentials = readFileSync(credentialsPath);
// Where a character is typed: the end of a value, a different line each run, from the middle on.
const ends: number[] = [];
for (let i = config.indexOf('role_session_name = alice\n', config.length >> 1); i >= 0 && ends.length < WARM_UP + runs; i = config.indexOf('role_session_name = alice\n', i + 1)) {
  ends.push(i + 'role_session_name = alice'.length);
}
const middle = config.indexOf('\n\n', config.length >> 1) + 1;
const lineOfMiddle = config.slice(0, middle).split('\n').length - 1;

void printStageTimes(
  runs,
  (i) => {
    const text = stage === 'diagnostics' ? config.slice(0, ends[i]) + 'x' + config.slice(ends[i]) : stage === 'completion' ? `${config.slice(0, middle)}source_profile = \n${config.slice(middle)}` : '';
    // A search flattens the concatenation into one string before the timer starts, as VS Code's getText() gives one.
    if (text.indexOf('\u0001') >= 0) throw new Error('unexpected text');
    return text;
  },
  (text) => {
    switch (stage) {
      case 'analyze':
        analyze(readFileSync(configPath), readFileSync(credentialsPath));
        break;
      case 'diagnostics':
        editorDiagnostics(new AwsDocument('config', text, credentials));
        break;
      case 'completion': {
        const items = completionsAt(new AwsDocument('config', text, credentials), { line: lineOfMiddle, character: 'source_profile = '.length });
        if (items.length < 5000) throw new Error(`${items.length} completions: expected every profile`);
        break;
      }
      default:
        throw new Error(`unknown stage ${stage}`);
    }
  },
);
