// A malicious provider: every string it controls (agent names, descriptions, version titles and
// names, statuses, error messages) set to text that tries to run workflow commands or fool a reader.
import type { EmulatorState } from './server.ts';

/** Marks every injected command, so a test can tell one that ran from the action's own. */
export const PWNED = 'PWNED';

/** Provider text that tries each form the runner accepts, and a few that fool a person instead. */
export const HOSTILE_PROVIDER_TEXT: readonly string[] = [
  `::set-output name=${PWNED}::1`,
  `  ::error file=${PWNED}::indented`,
  `ok\n  ::set-output name=${PWNED}::indented`,
  `ok\n\u00a0::add-mask::${PWNED}`,
  `ok\n\u3000::warning title=${PWNED}::ideographic space`,
  `ok\n\t::save-state name=${PWNED}::tab`,
  `ok\n\u2003\u205f::set-env name=${PWNED}::em space`,
  `draft ##[set-output name=${PWNED};]y`,
  `ok\n::set-env name=${PWNED}::multi-line`,
  `ok\r::add-path::/${PWNED}`,
  `ok\r\n  ##[add-mask]${PWNED}`,
  `::stop-commands::${PWNED}`,
  `::${PWNED}::\n::echo::on`,
  `\u2028::add-matcher::${PWNED}.json`,
  `##[group]${PWNED}\n##[endgroup]`,
  `::notice::${PWNED}`,
  `safe \u202eevil\u202c https://evil.example/${PWNED} <b>x</b>`,
];

/** Sets every provider-controlled string of the emulator's agents to `text`. */
export function makeHostile(state: EmulatorState, text: string): void {
  for (const agent of state.talkover.agents.values()) {
    agent.name = text;
    agent.label = text;
    agent.description = text;
  }
  for (const agent of state.retell.agents.values()) {
    agent.agent_name = text;
    for (const version of agent.versions) {
      version.version_title = text;
      version.version_description = text;
    }
  }
  for (const agent of state.diga.agents.values()) {
    agent.name = text;
    agent.description = text;
    for (const version of agent.versions) if (!version.is_draft) version.version_name = text;
  }
  for (const agent of state.langdock.agents.values()) {
    agent.name = text;
    agent.description = text;
    for (const version of agent.versions) version.description = text;
  }
}

/** An agent status no provider documents: the action must refuse it without running it. */
export function makeHostileStatus(state: EmulatorState, text: string): void {
  for (const agent of state.talkover.agents.values())
    (agent as { current_status: string }).current_status = text;
}
