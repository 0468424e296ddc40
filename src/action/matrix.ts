// The plan-only output: every agent with something to do as one job of a GitHub Actions matrix
// (`strategy.matrix`), keyed by the action's own input names so that each job passes them on as they
// are. An agent already as asked gets no job: a re-run of a release that went through starts none.
// No key goes in: a job reads its key from the variable or secret that `api-key-env` names.
import type { PublishRequest } from '../inputs/index.ts';
import type { AgentReport } from '../publish/report.ts';

export interface Matrix {
  readonly include: readonly Readonly<Record<string, string>>[];
}

/** A planned agent with nothing to send, and nothing wrong: its job would do nothing. */
function nothingToDo(report: AgentReport | undefined): boolean {
  return report?.status === 'dry-run' && report.request === undefined && report.error === undefined;
}

/** `reports` are the plan's, in the order of `requests`. */
export function matrixOf(requests: readonly PublishRequest[], reports: readonly AgentReport[]): Matrix {
  return {
    include: requests
      .filter((_, index) => !nothingToDo(reports[index]))
      .map((request) => ({
        ...(request.name === undefined ? {} : { name: request.name }),
        ...request.inputs,
        'api-key-env': request.apiKeyEnv,
      })),
  };
}

/** The log line of a plan-only step: how many jobs, and how many agents were left out. */
export function planOnlyLine(reports: readonly AgentReport[], matrix: string): string {
  const idle = reports.filter(nothingToDo).length;
  const jobs = reports.length - idle;
  const left = idle === 0 ? '' : `; ${idle} already as asked, left out`;
  return `Plan only: nothing was written. Matrix of ${jobs} ${jobs === 1 ? 'agent' : 'agents'}${left}: ${matrix}`;
}
