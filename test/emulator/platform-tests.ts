// The platforms' own agent tests, as the emulator plays them: each test has an outcome set by the test
// that uses it (pass, fail with a rationale, error) and may stay pending for a number of reads of its run.

export interface ScriptedTest {
  id: string;
  name: string;
  outcome: 'pass' | 'fail' | 'error';
  /** The judge's explanation, for a pass or a fail. */
  rationale?: string;
  /** How many reads of a run show this test still pending before its outcome; default 0. */
  pendingPolls?: number;
}

/** One started run: the tests it runs and how often it has been read. */
export interface ScriptedRun {
  id: string;
  testIds: string[];
  /** Reads of the run so far. */
  polls: number;
  createdAtSecs: number;
}

/** What one test of a run shows now: undefined while still pending. */
export function outcomeNow(
  test: ScriptedTest | undefined,
  run: ScriptedRun,
): ScriptedTest['outcome'] | 'pending' {
  if (test === undefined) return 'error';
  return run.polls <= (test.pendingPolls ?? 0) ? 'pending' : test.outcome;
}

export function scriptedTests(tests: readonly ScriptedTest[]): Map<string, ScriptedTest> {
  return new Map(tests.map((test) => [test.id, { ...test }]));
}
