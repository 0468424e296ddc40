// The registry: adding a provider means one folder beside this file and one line here.
import { diga } from './diga/adapter.ts';
import { elevenlabs } from './elevenlabs/adapter.ts';
import { langdock } from './langdock/adapter.ts';
import { retell } from './retell/adapter.ts';
import { talkover } from './talkover/adapter.ts';
import type { ProviderAdapter } from './types.ts';

export const providers: readonly ProviderAdapter[] = [talkover, retell, diga, langdock, elevenlabs];
