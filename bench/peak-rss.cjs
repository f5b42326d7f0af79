// Loaded with --require into the benchmark's collect process. When it exits, writes to
// $PEAK_RSS_FILE, as JSON: the process's peak resident set size (KiB, from the kernel), V8's heap
// limit, and, from samples every 100 ms, the largest V8 heap in use and what the memory was made
// of at the sampled peak of RSS (heap against the rest: code, buffers, WebAssembly memory).
/* global setInterval */
'use strict';
const fs = require('node:fs');
const v8 = require('node:v8');

const target = process.env.PEAK_RSS_FILE;
if (target && !process.env.PEAK_RSS_WRITTEN) {
  // Child processes inherit the environment; only the first process reports.
  process.env.PEAK_RSS_WRITTEN = '1';
  let peakHeapUsed = 0;
  let atPeakRss = process.memoryUsage();
  const sample = () => {
    const usage = process.memoryUsage();
    peakHeapUsed = Math.max(peakHeapUsed, usage.heapUsed);
    if (usage.rss > atPeakRss.rss) {
      atPeakRss = usage;
    }
  };
  setInterval(sample, 100).unref();
  process.on('exit', () => {
    sample();
    fs.writeFileSync(
      target,
      JSON.stringify({
        maxRssKiB: process.resourceUsage().maxRSS,
        heapSizeLimit: v8.getHeapStatistics().heap_size_limit,
        peakHeapUsed,
        atPeakRss,
      }),
    );
  });
}
