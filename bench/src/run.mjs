// `npm run bench [-- --quick] [-- --only name,name]`: runs every measurement, prints tables with ratios, and writes
// bench/results/latest.json and latest.md. Timings never fail the run; only broken bench code does.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleSize } from './bundle-size.mjs';
import { coldStart } from './cold-start.mjs';
import { eventStreams } from './event-streams.mjs';
import { describeMachine } from './lib/machine.mjs';
import { perRequest } from './per-request.mjs';
import { reportSections } from './report.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? new Set(args[onlyIndex + 1].split(',')) : undefined;

const measurements = { perRequest, coldStart, bundleSize, eventStreams };
const results = { machine: describeMachine(), quick };
for (const [name, run] of Object.entries(measurements)) {
  if (only && !only.has(name)) continue;
  const started = Date.now();
  process.stderr.write(`running ${name}${quick ? ' (quick)' : ''}…\n`);
  results[name] = await run({ quick });
  process.stderr.write(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

const sections = reportSections(results);
const m = results.machine;
const heading = `Measured ${m.date} on ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}${quick ? ' — QUICK run, not for quoting' : ''}.`;
console.log(`${heading}\n`);
for (const s of sections) console.log(`${s.title}\n${s.text}\n${s.notes ? `${s.notes}\n` : ''}`);

const outDir = fileURLToPath(new URL(quick ? '../results/tmp/' : '../results/', import.meta.url));
mkdirSync(outDir, { recursive: true });
writeFileSync(`${outDir}latest.json`, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(
  `${outDir}latest.md`,
  `# Benchmark results\n\n${heading}\n\n${sections.map((s) => `## ${s.title}\n\n${s.markdown}\n${s.notes ? `\n${s.notes}\n` : ''}`).join('\n')}`,
);
console.log(`wrote ${outDir}latest.json and latest.md`);
