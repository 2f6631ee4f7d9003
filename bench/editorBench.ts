import { generateConfig } from './profilesBench';
import { round, timeStages } from './stageRunner';
import { mean } from './stats';

const STAGES = ['analyze', 'diagnostics', 'completion'] as const;

/**
 * The editor on the 5,002-profile config file of the profiles section (issue 22): a keystroke's
 * problems (`diagnosticsMs`: the unsaved buffer read as botocore reads it, with the credentials file,
 * and its problems at their columns), against the engine's full analyze of the same file
 * (`diagnosticsRatio`, goal ≤ 1.2), and a completion of `source_profile = ` in the middle of the
 * file (`completionMs`: the buffer read, every profile offered). As in the profiles section: the code
 * bundled and minified as it ships, each stage in a process of its own (CPU time of every thread,
 * after a warm-up), the stages taking turns round after round; each figure is the mean of its runs.
 */
export async function editorBench(dir: string, rounds = 3, runsPerRound = 15): Promise<Record<string, number>> {
  const files = generateConfig();
  const { times } = timeStages('bench/editorStageWorker.ts', dir, files, STAGES, rounds, runsPerRound);
  const m = (stage: (typeof STAGES)[number]) => mean(times[stage]);
  return {
    'editor.configBytes': Buffer.byteLength(files.config),
    'editor.analyzeMs': round(m('analyze')),
    'editor.diagnosticsMs': round(m('diagnostics')),
    'editor.diagnosticsRatio': round(m('diagnostics') / m('analyze'), 3),
    'editor.completionMs': round(m('completion')),
  };
}
