// Preloaded (node -r) into a benchmarked process: writes its peak resident memory (bytes) to
// $PEAK_RSS_FILE when it exits, so the benchmark measures each side's own peak. VmHWM, not
// getrusage's maxrss: on Linux maxrss survives fork+exec, so a child would report its parent's peak.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
process.on('exit', () => {
  if (!process.env.PEAK_RSS_FILE) return;
  const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
  writeFileSync(process.env.PEAK_RSS_FILE, String((m ? Number(m[1]) : process.resourceUsage().maxRSS) * 1024));
});
