// The plan-only output: every agent as one job of a GitHub Actions matrix (`strategy.matrix`),
// keyed by the action's own input names so that each job passes them on as they are. No key goes
// in: a job reads its key from the variable or secret that `api-key-env` names.
import type { PublishRequest } from '../inputs/index.ts';

export interface Matrix {
  readonly include: readonly Readonly<Record<string, string>>[];
}

export function matrixOf(requests: readonly PublishRequest[]): Matrix {
  return {
    include: requests.map((request) => ({
      ...(request.name === undefined ? {} : { name: request.name }),
      ...request.inputs,
      'api-key-env': request.apiKeyEnv,
    })),
  };
}
