// The one interface every provider implements. One agent's publish (src/publish/agent.ts) drives every
// provider through the same steps: plan (reads only) → apply (the one write) → verify (read back).
import type { HttpClient, WriteRequest } from '../http/client.ts';
import type { Logger } from '../log.ts';
import type {
  PlannedRoute,
  RollbackChoice,
  RouteAsk,
  RouteChange,
  RouteKey,
  Share,
  VersionRef,
} from '../routing/types.ts';
import type { RouteReading } from '../routing/where.ts';
import type { TestCapability, TestGateRequest } from './test-capability.ts';

export type {
  PlannedRoute,
  RollbackChoice,
  RouteAsk,
  RouteChange,
  RouteKey,
  Share,
  VersionRef,
  WriteRequest,
};

/** rollback: put an earlier version back live (Diga: publish it; with routing: move all traffic to it). */
export type Operation = 'publish' | 'unpublish' | 'rollback';

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
  /** Where calls go after the step; undefined: the step routes no traffic (see RoutingCapability). */
  readonly traffic?: TrafficRequest;
  /** The platform's tests to pass before any write; undefined: no gate (see TestCapability). */
  readonly tests?: TestGateRequest;
}

/** The traffic a step asks for, from the `phone-numbers` and `traffic-percent` inputs. */
export interface TrafficRequest {
  /** The routes named by the user: E.164 phone numbers; empty where the agent has one route of its own. */
  readonly targets: readonly string[];
  /** The share of each route for the version this step releases, in basis points: 1 % = 100, all = 10000. */
  readonly basisPoints: number;
}

export interface AdapterContext {
  readonly target: AgentTarget;
  readonly http: HttpClient;
  readonly log: Logger;
}

/**
 * What the plan decided. `S` is the adapter's own state, read in plan and handed back to its reread,
 * apply and verify (e.g. what a write must be checked against); nothing outside the adapter reads it.
 */
export interface Plan<S = unknown> {
  readonly agentName?: string;
  /**
   * The version this step releases, whether the write publishes it or it is live already: the version
   * traffic is routed to. Rollback: the version it puts back.
   */
  readonly release?: VersionRef;
  /**
   * What names this release in the release history, where its version cannot: a canary and its
   * promotion must name one release (ElevenLabs: the branch, as a canary's version exists only once
   * committed, while its promotion deploys that version). undefined: the release's version.
   */
  readonly releaseKey?: string;
  /** What is live before the step, where the provider tells. */
  readonly live?: VersionRef;
  /** What will be live after the write, where known in advance. */
  readonly next?: VersionRef;
  /** undefined: nothing to change; `reason` says why. The same object is what a dry run prints. */
  readonly write?: WriteRequest;
  /** One sentence for the log and summary: what the write does, or why there is none. */
  readonly reason: string;
  /**
   * The sentence instead of `reason` when the routes are planned and none needs a write, nor does the
   * plan (a rollback found in place: "already routes to version 1", not "route back to version 1").
   */
  readonly reasonWhenRouted?: string;
  /** What the step should know before the write (shown in the log, the summary and a dry run). */
  readonly warnings?: readonly string[];
  /** The adapter's own state, for its reread, apply and verify. */
  readonly state?: S;
}

/** A plan with its write: what reread and apply are given. */
export type PlanWithWrite<S = unknown> = Plan<S> & { readonly write: WriteRequest };

export interface Applied {
  /** What is live after the write, where known. */
  readonly live?: VersionRef;
  /** The provider's (redacted) response body. */
  readonly response?: unknown;
  /** When the provider says the version was created or published (ISO 8601). */
  readonly publishedAt?: string;
  /** Set when the provider refused the write as a no-op: why nothing changed. */
  readonly unchangedReason?: string;
  /** Values of the adapter's own outputs (see ProviderAdapter.extraOutputs), by output name. */
  readonly outputs?: Readonly<Record<string, string>>;
  /** What the step should know although the write succeeded (shown in the log and the summary). */
  readonly warnings?: readonly string[];
}

export interface Verified<S = unknown> {
  readonly agentName?: string;
  /**
   * The adapter's state as verify leaves it, for the read of where calls go right after (WhereCapability
   * with afterVerify): e.g. what verify read after the last write, so that it is not read twice.
   */
  readonly state?: S;
}

/** An output only some providers set: the step sets it to '' for the others. */
export interface ExtraOutput {
  readonly name: string;
  /** What the value is: "the number bound for inbound calls after the step". */
  readonly description: string;
  /**
   * The job summary line it is shown on, with the adapter's other outputs of the same line: "Bindings".
   * undefined: outputs only.
   */
  readonly summaryLine?: string;
}

/** An input only some providers take; given for another provider, it is ignored with a warning. */
export interface ExtraInput {
  readonly name: string;
  /** What the value is, for error messages: "the phone number that receives calls". */
  readonly description: string;
  readonly rule: ValueRule;
  /** The operations it applies to; for the others it is ignored with a warning. */
  readonly operations: readonly Operation[];
  /** false for a name the adapter looks up and never puts in a URL path: spaces and "/" are allowed then. */
  readonly inPath?: boolean;
  /**
   * true where the value names something that carries calls (a phone) and that a write changes: two
   * manifest entries naming the same one are refused, as for phone-numbers.
   */
  readonly route?: boolean;
}

export interface ValueRule {
  /** Returns the normalized value; throws a RangeError whose message says what is wrong. */
  readonly parse: (raw: string) => string;
  /** What a valid value looks like, for error messages. */
  readonly expected: string;
}

// ---- Traffic routing (optional capability): routes, shares and planned routes are in src/routing/ ----

/**
 * Where calls go. Plan reads the routes (never taking one from another agent: that is a StateError before any
 * write), apply sends each planned write, verify reads back. A lost answer to a write is settled by
 * `read`: after as planned → done; before as planned → sent again; anything else → a loud failure.
 */
export interface RoutingCapability<S = unknown> {
  /** phone-numbers: each route is a number the user lists (required); agent: the agent's own split (refused). */
  readonly targets: 'phone-numbers' | 'agent';
  /**
   * Reads the routes and plans each one's change. `plan`: the adapter's plan just made, whose state may
   * hold what it read already (read once per plan).
   */
  plan(context: AdapterContext, ask: RouteAsk, plan: Plan<S>): Promise<readonly PlannedRoute[]>;
  /** The route's shares now (verify, and the re-read after a lost answer). */
  read(context: AdapterContext, route: RouteChange): Promise<readonly Share[]>;
  /**
   * Rollback without a version: what the provider's own inputs name (a branch), tried before the release
   * history. undefined: they name nothing.
   */
  rollbackInput?(context: AdapterContext): Promise<RollbackChoice | undefined>;
  /**
   * Rollback without a version nor a release history: what the routes show (the other version of a canary
   * in progress). Never the provider's own history: that holds the rollbacks too, and a rollback run
   * again would undo itself. undefined: it has none.
   */
  rollbackChoice?(context: AdapterContext): Promise<RollbackChoice | undefined>;
}

export type { TestCapability, TestGateRequest };

// ---- Where calls go (optional capability): every route that serves the agent, read after the step ----

/**
 * Reads every route that serves the agent after a publish, route change or rollback: also the ones the
 * step did not name (other numbers, numbers pinned to a branch). `plan` says what the step released. A
 * route that cannot be read is returned with `unreadable`, never left out; src/routing/where.ts judges.
 */
export interface WhereCapability<S = unknown> {
  /**
   * true where the adapter's verify may itself write (it moves what lags behind the publish): the routes
   * are then read once verify has finished, never alongside it.
   */
  readonly afterVerify?: boolean;
  /**
   * `named`: the routes the step changes; each is returned even where it now carries nothing of the agent.
   * With afterVerify, `plan` carries the state verify left (Verified.state), where it left one.
   */
  read(context: AdapterContext, plan: Plan<S>, named: readonly RouteKey[]): Promise<readonly RouteReading[]>;
}

export type { RouteReading };

// ---- Configuration reads (optional capability): the release diff a reviewer reads ----------------

/** One side of the diff: a configuration as plain JSON, or why it could not be read. */
export type ConfigSide =
  | { readonly label: string; readonly config: unknown }
  | { readonly label: string; readonly unreadable: string };

/**
 * Reads what the release changes. both: the live and the candidate configuration, compared field by field
 * (src/diff/). current: the provider shows one configuration only; `limitation` says what cannot be
 * compared, and its fingerprint is compared with the one the last GitHub deployment record kept.
 */
export type ConfigCapability<S = unknown> =
  | {
      readonly sides: 'both';
      read(context: AdapterContext, plan: Plan<S>): Promise<{ live: ConfigSide; candidate: ConfigSide }>;
    }
  | {
      readonly sides: 'current';
      readonly limitation: string;
      read(context: AdapterContext, plan: Plan<S>): Promise<ConfigSide>;
    };

export interface ProviderAdapter<S = unknown> {
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
  /** Outputs only this provider sets; their values come in Applied.outputs. */
  readonly extraOutputs?: readonly ExtraOutput[];
  /** Next steps for failed statuses that replace the generic ones. */
  readonly hints: Readonly<Partial<Record<number, string>>>;
  /**
   * Statuses that, from this provider, mean the request was not applied and may be sent again (a
   * write too), with the usual backoff: e.g. a lock timeout answered as 409.
   */
  readonly retryStatuses?: readonly number[];
  /** Rewrites a base-url the user may copy from the provider's docs into the form the adapter joins paths to. */
  readonly normalizeBaseUrl?: (baseUrl: string) => string;
  /**
   * The agent's page in the provider's web app, linked from the GitHub deployment record. Set only where the
   * provider documents the address; a guessed link that 404s is worse than none.
   */
  readonly dashboardUrl?: (agentId: string) => string;
  /** Routes calls between versions; undefined where the provider cannot (phone-numbers and traffic-percent are refused). */
  readonly routing?: RoutingCapability<S>;
  /** Runs the platform's own tests on the candidate; undefined where it has none (tests is refused). */
  readonly tests?: TestCapability;
  /** Why `operation: rollback` is refused, where it is not in `operations`: "Talkover keeps no versions to go back to". */
  readonly noRollback?: string;
  /** Reads configurations for the release diff; undefined where the provider shows none. */
  readonly configs?: ConfigCapability<S>;
  /** Reads where calls go after the step; undefined where the provider has no routes to read. */
  readonly where?: WhereCapability<S>;

  plan(context: AdapterContext): Promise<Plan<S>>;
  /**
   * After a write whose answer was lost: reads whether that very write took effect. Returns a plan
   * without a write when it did, else one with the write to send again. Without it, plan() is read
   * again, which asks "what would I write now?" rather than "did my write land?".
   */
  reread?(context: AdapterContext, plan: PlanWithWrite<S>): Promise<Plan<S>>;
  apply(context: AdapterContext, plan: PlanWithWrite<S>): Promise<Applied>;
  /** Reads back and throws a StateError unless the provider now serves what `applied` says. */
  verify(context: AdapterContext, plan: Plan<S>, applied: Applied): Promise<Verified<S>>;
}
