// The one interface every provider implements. The orchestration (src/main.ts) drives every
// provider through the same steps: plan (reads only) → apply (the one write) → verify (read back).
import type { HttpClient, HttpRequest } from '../http/client.ts';
import type { Logger } from '../log.ts';

export type Operation = 'publish' | 'unpublish';

/** How the provider names a version: the number people see and the id the API uses. */
export interface VersionRef {
  readonly number?: string;
  readonly id?: string;
}

/** One agent to publish or unpublish, validated for its provider. */
export interface AgentTarget {
  readonly agentId: string;
  readonly operation: Operation;
  /** The chosen version, normalized by the provider's rule; undefined lets the provider pick. */
  readonly version: string | undefined;
  /** Sent where the provider accepts a description; '' sends none. */
  readonly description: string;
  /** Values of the provider's own inputs (see ProviderAdapter.extraInputs), by input name. */
  readonly extras: Readonly<Record<string, string>>;
}

export interface AdapterContext {
  readonly target: AgentTarget;
  readonly http: HttpClient;
  readonly log: Logger;
}

/** The write the plan decided on; the same object is what a dry run prints. */
export type WriteRequest = HttpRequest & { readonly method: 'POST' | 'PATCH' };

export interface Plan {
  readonly agentName?: string;
  /** What is live before the step, where the provider tells. */
  readonly live?: VersionRef;
  /** What will be live after the write, where known in advance. */
  readonly next?: VersionRef;
  /** undefined: nothing to change; `reason` says why. */
  readonly write?: WriteRequest;
  /** One sentence for the log and summary: what the write does, or why there is none. */
  readonly reason: string;
}

export interface Applied {
  /** What is live after the write, where known. */
  readonly live?: VersionRef;
  /** The provider's (redacted) response body. */
  readonly response?: unknown;
  /** When the provider says the version was created or published (ISO 8601). */
  readonly publishedAt?: string;
  /** Set when the provider refused the write as a no-op: why nothing changed. */
  readonly unchangedReason?: string;
}

export interface Verified {
  readonly agentName?: string;
}

/** An input only some providers take; given for another provider, it is ignored with a warning. */
export interface ExtraInput {
  readonly name: string;
  /** What the value is, for error messages: "the phone number that receives calls". */
  readonly description: string;
  readonly rule: ValueRule;
  /** The operations it applies to; for the others it is ignored with a warning. */
  readonly operations: readonly Operation[];
}

export interface ValueRule {
  /** Returns the normalized value; throws a RangeError whose message says what is wrong. */
  readonly parse: (raw: string) => string;
  /** What a valid value looks like, for error messages. */
  readonly expected: string;
}

export interface ProviderAdapter {
  /** The `provider` input value. */
  readonly name: string;
  readonly displayName: string;
  readonly defaultBaseUrl: string;
  readonly apiKeyEnv: string;
  /** The headers that carry the key; undefined: `Authorization: Bearer <key>`. Names in lower case. */
  readonly authHeaders?: (apiKey: string) => Readonly<Record<string, string>>;
  /** Where to find or create the key, for error messages. */
  readonly keyHelp: string;
  /** How many agents of a manifest may be in progress on this provider at once, whatever `concurrency` says. */
  readonly maxConcurrency: number;
  readonly agentId: ValueRule;
  /** The `version` input; undefined where the provider has no versions to choose from. */
  readonly version?: ValueRule & { readonly whenEmpty: string };
  /** Where the description goes; undefined where the provider takes none. */
  readonly description?: { readonly maxLength: number };
  readonly operations: readonly Operation[];
  readonly extraInputs: readonly ExtraInput[];
  /** Next steps for failed statuses that replace the generic ones. */
  readonly hints: Readonly<Partial<Record<number, string>>>;
  /** Rewrites a base-url the user may copy from the provider's docs into the form the adapter joins paths to. */
  readonly normalizeBaseUrl?: (baseUrl: string) => string;
  /**
   * The agent's page in the provider's web app, linked from the GitHub deployment record. Set only where the
   * provider documents the address; a guessed link that 404s is worse than none.
   */
  readonly dashboardUrl?: (agentId: string) => string;

  plan(context: AdapterContext): Promise<Plan>;
  apply(context: AdapterContext, plan: Plan & { readonly write: WriteRequest }): Promise<Applied>;
  /** Reads back and throws a StateError unless the provider now serves what `applied` says. */
  verify(context: AdapterContext, plan: Plan, applied: Applied): Promise<Verified>;
}
