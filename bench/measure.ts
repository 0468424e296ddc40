// Runs one process and measures it: wall time from spawn to exit, or its peak resident memory.
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A Node process to start: arguments after `node`, its whole environment, its working directory. */
export interface Launch {
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd?: string;
}

export interface Run {
  readonly wallMs: number;
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const PEAK_RSS_PRELOAD = fileURLToPath(new URL('peak-rss.cjs', import.meta.url));

function start(args: readonly string[], launch: Launch): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let wallMs = 0;
    const child = spawn(process.execPath, args, {
      env: launch.env,
      cwd: launch.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.once('error', reject);
    // 'exit' is when the process ended; 'close' comes later, once its output is drained.
    child.once('exit', () => {
      wallMs = performance.now() - started;
    });
    child.once('close', (exitCode) => {
      resolve({
        wallMs,
        exitCode,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
  });
}

/** Wall time: the process exactly as given, nothing added. */
export function timed(launch: Launch): Promise<Run> {
  return start(launch.args, launch);
}

/**
 * Peak RSS in bytes, from a separate run with a preload that reports `maxRSS` at exit: the timed runs
 * stay free of it, and floor and action carry the same preload.
 */
export async function peakRss(launch: Launch): Promise<{ run: Run; bytes: number }> {
  const file = path.join(tmpdir(), `publish-agent-bench-rss-${process.pid}`);
  try {
    const run = await start(['-r', PEAK_RSS_PRELOAD, ...launch.args], {
      ...launch,
      env: { ...launch.env, BENCH_PEAK_RSS_FILE: file },
    });
    const kilobytes = run.exitCode === 0 ? Number(await readFile(file, 'utf8')) : NaN;
    return { run, bytes: kilobytes * 1024 };
  } finally {
    await rm(file, { force: true });
  }
}

export interface Stats {
  readonly median: number;
  readonly p90: number;
}

/** Nearest-rank percentile. */
function percentile(sorted: readonly number[], p: number): number {
  const value = sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
  if (value === undefined) throw new Error('no samples');
  return value;
}

export function stats(values: readonly number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: percentile(sorted, 50), p90: percentile(sorted, 90) };
}
