import { describe, expect, it } from 'vitest';
import { fenceCommands, looksLikeCommand } from '../../src/action/untrusted-text.ts';

describe('fenceCommands', () => {
  it('leaves a message without a line starting with :: as it is', () => {
    expect(fenceCommands('plan: publish version 3\nlive now: 2', 'tok')).toBe(
      'plan: publish version 3\nlive now: 2',
    );
  });

  it('wraps a message with a command-like line between stop-commands markers', () => {
    expect(looksLikeCommand('state:\n::add-mask::x')).toBe(true);
    expect(fenceCommands('state:\n::add-mask::x', 'tok')).toBe(
      '::stop-commands::tok\nstate:\n::add-mask::x\n::tok::',
    );
  });
});
