// The registry: adding a provider means one file beside this one and one line here.
import { diga } from './diga/adapter.ts';
import { elevenlabs } from './elevenlabs/adapter.ts';
import { langdock } from './langdock.ts';
import { retell } from './retell/adapter.ts';
import { talkover } from './talkover.ts';
import type { ProviderAdapter } from './types.ts';

export const providers: readonly ProviderAdapter[] = [talkover, retell, diga, langdock, elevenlabs];
