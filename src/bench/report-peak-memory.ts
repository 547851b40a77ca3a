/**
 * Preloaded into a CLI run by the benchmarks (`node -r`): prints the
 * process's peak memory and CPU time as it exits.
 */
process.on('exit', () => {
  const usage = process.resourceUsage();
  process.stderr.write(`peak-rss-kib ${usage.maxRSS} cpu-us ${usage.userCPUTime + usage.systemCPUTime}\n`);
});
