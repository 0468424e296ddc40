// The registry: adding a provider means one file beside this one and one line here.
import { diga } from './diga.ts';
import { elevenlabs } from './elevenlabs.ts';
import { langdock } from './langdock.ts';
import { retell } from './retell.ts';
import { talkover } from './talkover.ts';
import type { ProviderAdapter } from './types.ts';

export const providers: readonly ProviderAdapter[] = [talkover, retell, diga, langdock, elevenlabs];
