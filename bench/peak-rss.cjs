// Preloaded (`node -r`) into the bench's memory runs: writes the process's peak RSS in KB to
// BENCH_PEAK_RSS_FILE when it exits. A script, not a module, so that it loads no more than `node -e 0`.
/* global process */
const { writeFileSync } = process.getBuiltinModule('node:fs');

process.on('exit', () => {
  writeFileSync(process.env.BENCH_PEAK_RSS_FILE, String(process.resourceUsage().maxRSS));
});
