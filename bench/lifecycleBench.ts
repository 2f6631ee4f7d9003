import { callsPerHour } from '../test/support/lifecycle';

/**
 * The credentials lifecycle (issue 15): STS calls per hour for the same chain (a role assumed from
 * another role, one hour each) kept in use with terminal traffic every 30 seconds, over six hours
 * of simulated time, in one window and in two windows of the same machine. The windows are real
 * engines and stores sharing one fake SecretStorage and globalState; time and STS are simulated
 * (an hour cannot be waited for), so the figures are counts, not timings. Goal: equal.
 */
export async function lifecycleBench(): Promise<Record<string, number>> {
  return {
    'lifecycle.callsPerHourOneWindow': round(await callsPerHour(1)),
    'lifecycle.callsPerHourTwoWindows': round(await callsPerHour(2)),
  };
}

const round = (n: number) => Math.round(n * 100) / 100;
