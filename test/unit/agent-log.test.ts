import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src/log.ts';
import { heldLog } from '../../src/publish/agent-log.ts';

function target(withGroups: boolean): Logger & { lines: string[] } {
  const lines: string[] = [];
  const add = (level: string) => (message: string) => {
    lines.push(`${level}: ${message}`);
  };
  const log: Logger & { lines: string[] } = {
    lines,
    info: add('info'),
    notice: add('notice'),
    warning: add('warning'),
    debug: add('debug'),
  };
  if (withGroups)
    log.group = (title, write) => {
      lines.push(`group: ${title}`);
      write();
      lines.push('endgroup');
    };
  return log;
}

describe('heldLog', () => {
  it('holds every line until flushed, then prints them in order as one group', () => {
    const out = target(true);
    const held = heldLog('support');
    held.log.info('plan: publish');
    held.log.warning('slow answer');
    held.log.notice('nothing to do');
    expect(out.lines).toEqual([]);
    held.flush(out);
    expect(out.lines).toEqual([
      'group: support',
      'info: [support] plan: publish',
      'warning: [support] slow answer',
      'notice: [support] nothing to do',
      'endgroup',
    ]);
  });

  it('prints the lines as they are where the target has no groups, and only once', () => {
    const out = target(false);
    const held = heldLog('entry 2');
    held.log.debug('timing: plan 3 ms');
    held.flush(out);
    held.flush(out);
    expect(out.lines).toEqual(['debug: [entry 2] timing: plan 3 ms']);
  });
});
