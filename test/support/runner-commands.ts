// Reads a step's stdout the way the GitHub runner does (actions/runner, ActionCommandManager and
// ActionCommand.TryParseV2 / TryParse): one line at a time, leading whitespace (Unicode too) trimmed,
// then `::name props::data`; else the legacy `##[name props]data` anywhere in the line. While
// commands are stopped (`::stop-commands::<token>`), only `::<token>::` is acted on.
// Written apart from src/action/untrusted-text.ts on purpose: a form the action forgets must show here.

export interface RunnerCommand {
  readonly name: string;
  readonly properties: string;
  readonly data: string;
  /** The 1-based line of stdout. */
  readonly line: number;
}

/** The commands the runner registers (its ActionCommandManager extensions). */
const REGISTERED = [
  'add-mask',
  'add-matcher',
  'remove-matcher',
  'add-path',
  'debug',
  'echo',
  'endgroup',
  'error',
  'group',
  'internal-set-repo-path',
  'notice',
  'save-state',
  'set-env',
  'set-output',
  'stop-commands',
  'warning',
];

/** .NET Char.IsWhiteSpace: what string.TrimStart() removes. */
const DOTNET_WHITESPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;

function parseV2(line: string, registered: ReadonlySet<string>): Omit<RunnerCommand, 'line'> | undefined {
  const message = line.replace(DOTNET_WHITESPACE, '');
  if (!message.startsWith('::')) return undefined;
  const end = message.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = message.slice(2, end);
  const space = info.indexOf(' ');
  const name = space < 0 ? info : info.slice(0, space);
  if (!registered.has(name.toLowerCase())) return undefined;
  return { name, properties: space < 0 ? '' : info.slice(space + 1), data: message.slice(end + 2) };
}

function parseLegacy(line: string, registered: ReadonlySet<string>): Omit<RunnerCommand, 'line'> | undefined {
  const prefix = line.indexOf('##[');
  if (prefix < 0) return undefined;
  const close = line.indexOf(']', prefix);
  if (close < 0) return undefined;
  const info = line.slice(prefix + 3, close);
  const space = info.indexOf(' ');
  const name = space < 0 ? info : info.slice(0, space);
  if (!registered.has(name.toLowerCase())) return undefined;
  return { name, properties: space < 0 ? '' : info.slice(space + 1), data: line.slice(close + 1) };
}

/** The commands the runner would act on, in order (stop and resume included). */
export function runnerCommands(stdout: string): RunnerCommand[] {
  const registered = new Set(REGISTERED);
  const commands: RunnerCommand[] = [];
  let stopToken: string | undefined;
  stdout.split(/\r\n|\r|\n/).forEach((text, index) => {
    const parsed = parseV2(text, registered) ?? parseLegacy(text, registered);
    if (parsed === undefined) return;
    const command = { ...parsed, line: index + 1 };
    if (stopToken !== undefined) {
      if (command.name.toLowerCase() !== stopToken.toLowerCase()) return;
      registered.delete(stopToken.toLowerCase());
      stopToken = undefined;
      commands.push(command);
      return;
    }
    if (command.name === 'stop-commands') {
      stopToken = command.data;
      registered.add(stopToken.toLowerCase());
    }
    commands.push(command);
  });
  return commands;
}

/** The commands the action writes itself: annotations, debug lines, masks, groups and fences. */
const ACTION_COMMANDS = new Set([
  'error',
  'warning',
  'notice',
  'debug',
  'group',
  'endgroup',
  'add-mask',
  'stop-commands',
]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The commands of a run the action did not mean to issue. The action writes its own at the very
 * start of a line, in the `::` form, without properties, and fences with a fresh UUID; provider text
 * carries `marker`, so a command whose data starts with it, or a mask or fence of it, came from there.
 */
export function unintendedCommands(stdout: string, marker: string): RunnerCommand[] {
  const lines = stdout.split(/\r\n|\r|\n/);
  return runnerCommands(stdout).filter((command) => {
    const line = lines[command.line - 1] ?? '';
    if (UUID.test(command.name)) return line !== `::${command.name}::`;
    if (!ACTION_COMMANDS.has(command.name) || command.properties !== '') return true;
    if (!line.startsWith(`::${command.name}::`)) return true;
    if (command.name === 'stop-commands') return !UUID.test(command.data);
    if (command.name === 'add-mask') return command.data.includes(marker);
    return command.data.trimStart().startsWith(marker);
  });
}
