// Loaded with --require into the benchmark's collect process: writes the process's peak resident
// set size (KiB) to $PEAK_RSS_FILE when it exits.
'use strict';
const fs = require('node:fs');

const target = process.env.PEAK_RSS_FILE;
if (target && !process.env.PEAK_RSS_WRITTEN) {
  // Child processes inherit NODE_OPTIONS; only the first process reports.
  process.env.PEAK_RSS_WRITTEN = '1';
  process.on('exit', () => {
    fs.writeFileSync(target, String(process.resourceUsage().maxRSS));
  });
}
