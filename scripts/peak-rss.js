// Preloaded (node -r) into a benchmarked process: writes its peak resident memory (bytes) to
// $PEAK_RSS_FILE when it exits, so the benchmark measures each side's own peak.
'use strict';
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  if (process.env.PEAK_RSS_FILE) writeFileSync(process.env.PEAK_RSS_FILE, String(process.resourceUsage().maxRSS * 1024));
});
