// Text the action did not write (provider answers, manifest names, descriptions) on its way to the
// log. The runner runs a line that starts with `::` as a workflow command; such a message is wrapped
// in stop-commands markers with a random token, between which the runner runs no command. Pure: the
// token comes from the caller.

/** True when a line of the message would be read as a workflow command. */
export function looksLikeCommand(message: string): boolean {
  return /^::/m.test(message);
}

/** The message as it may be printed: unchanged, or fenced between stop-commands markers. */
export function fenceCommands(message: string, token: string): string {
  if (!looksLikeCommand(message)) return message;
  return `::stop-commands::${token}\n${message}\n::${token}::`;
}
