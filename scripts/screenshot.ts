// `npm run screenshot`: docs/job-summary.png, the picture of the job summary in the README. Runs the
// committed dist/index.js against the emulator (the manifest below: a new version on each provider, a
// canary on Retell and ElevenLabs, and an agent already live), renders the whole summary it wrote the way
// GitHub roughly does, and photographs it in headless Chromium. Every section the summary has is in the
// picture, so after a change to the summary: `npm run build && npm run screenshot`, and commit both.
// `npm run screenshot -- --review`: docs/review-summary.png, a Retell dry run with its configuration diff.
// Not part of `npm test`: it needs Debian's chromium (or CHROMIUM_PATH).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { marked } from 'marked';
import { stringify } from 'yaml';
import { chromium } from 'playwright-core';
import { startEmulator } from '../test/emulator/server.ts';
import {
  KEYS,
  PROVIDERS,
  PUBLISHABLE,
  RETELL,
  RETELL_PHONES,
  type ProviderName,
} from '../test/emulator/seed.ts';
import { ROOT, runAction } from '../test/support/run-action.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const REVIEW = process.argv.includes('--review');
const OUTPUT = path.join(ROOT, 'docs', REVIEW ? 'review-summary.png' : 'job-summary.png');

/** GitHub's job summary look: its font, table borders, code and quote styles, on a white page. */
const STYLE = `
  body { margin: 0; background: #fff; }
  main { width: 880px; padding: 16px 24px; color: #1f2328; line-height: 1.5;
    font: 14px -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
  h2 { font-size: 1.5em; font-weight: 600; padding-bottom: .3em; border-bottom: 1px solid #d1d9e0; margin: 0 0 16px; }
  table { border-collapse: collapse; margin: 0 0 16px; }
  th, td { border: 1px solid #d1d9e0; padding: 6px 13px; text-align: left; vertical-align: top; }
  th { font-weight: 600; } tr:nth-child(2n) td { background: #f6f8fa; }
  /* Long ids (40-character ElevenLabs versions) wrap inside their cell instead of widening the table. */
  td { overflow-wrap: anywhere; } td:first-child, td:nth-child(4) { white-space: nowrap; }
  code { font: 85% ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #818b981f;
    padding: .2em .4em; border-radius: 6px; overflow-wrap: anywhere; }
  a { color: #0969da; text-decoration: none; } p { margin: 0 0 16px; }
  pre { font: 85% ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f6f8fa; padding: 12px;
    border-radius: 6px; margin: 0 0 16px; white-space: pre-wrap; } pre code { background: none; padding: 0; white-space: pre-wrap; }
  td { overflow-wrap: anywhere; } details { margin: 0 0 16px; } summary { cursor: pointer; margin: 0 0 8px; }
  blockquote { margin: 0 0 16px; padding: 0 1em; color: #59636e; border-left: .25em solid #d1d9e0; }`;

/** What the pictured run releases: one new version per provider, two of them as a 10 % canary, one agent unchanged. */
const ENTRIES: readonly (Record<string, string> & { provider: ProviderName })[] = [
  ...PROVIDERS.map((provider) => ({ provider, 'agent-id': PUBLISHABLE[provider] })).map((entry) =>
    entry.provider === 'retell'
      ? { ...entry, 'phone-numbers': RETELL_PHONES.pinned, 'traffic-percent': '10' }
      : entry.provider === 'elevenlabs'
        ? { ...entry, branch: 'experiment', 'traffic-percent': '10' }
        : entry,
  ),
  { provider: 'retell', 'agent-id': RETELL.allPublished },
];

/** A reviewer's view: the plan of a Retell release, nothing written. */
async function reviewSummary(): Promise<string> {
  const emulator = await startEmulator();
  try {
    const inputs = { provider: 'retell', 'agent-id': RETELL.withDraft, 'base-url': emulator.baseUrls.retell };
    const run = await runAction({ ...inputs, 'api-key': KEYS.retell, 'dry-run': 'true' });
    if (run.exitCode !== 0) throw new Error(`The action failed:\n${run.stdout}`);
    // The picture shows the prompt's line diff unfolded, as a reviewer who clicked it sees it.
    return run.summary.replace('<details>', '<details open>');
  } finally {
    await emulator.close();
  }
}

async function jobSummary(): Promise<string> {
  const emulator = await startEmulator();
  try {
    const manifest = stringify(
      ENTRIES.map((entry) => ({ ...entry, 'base-url': emulator.baseUrls[entry.provider] })),
    );
    const keys = Object.fromEntries(
      PROVIDERS.map((provider) => [`${provider.toUpperCase()}_API_KEY`, KEYS[provider]]),
    );
    const run = await runAction({ manifest }, keys);
    if (run.exitCode !== 0) throw new Error(`The action failed:\n${run.stdout}`);
    return run.summary;
  } finally {
    await emulator.close();
  }
}

if (!existsSync(CHROMIUM)) {
  console.error(
    `No Chromium at ${CHROMIUM}: apt-get install chromium fonts-noto-color-emoji, or set CHROMIUM_PATH.`,
  );
  process.exit(2);
}
const markdown = REVIEW ? await reviewSummary() : await jobSummary();
const html = `<!doctype html><meta charset="utf-8"><style>${STYLE}</style><main>${await marked.parse(markdown, { gfm: true })}</main>`;
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
try {
  const page = await browser.newPage({ viewport: { width: 928, height: 400 }, deviceScaleFactor: 2 });
  await page.setContent(html);
  await page.locator('main').screenshot({ path: OUTPUT });
  console.log(`Wrote ${path.relative(ROOT, OUTPUT)}`);
} finally {
  await browser.close();
}
