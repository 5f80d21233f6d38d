// `npm run bench [-- --quick] [-- --only name,name] [-- --out dir]`: runs every measurement, prints tables with ratios, and writes
// bench/results/latest.json and latest.md. Timings never fail the run; only broken bench code does.
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleSize } from './bundle-size.mjs';
import { coldStart } from './cold-start.mjs';
import { eventStreams } from './event-streams.mjs';
import { waitForBuilds } from './lib/builds.mjs';
import { describeMachine } from './lib/machine.mjs';
import { perRequest } from './per-request.mjs';
import { rateLimit } from './rate-limit.mjs';
import { reportSections } from './report.mjs';
import { sandboxThroughput } from './sandbox-throughput.mjs';
import { typecheck } from './typecheck.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? new Set(args[onlyIndex + 1].split(',')) : undefined;
const outIndex = args.indexOf('--out');

const measurements = {
  perRequest,
  coldStart,
  bundleSize,
  eventStreams,
  rateLimit,
  sandboxThroughput,
  typecheck,
};
const unknown = only ? [...only].filter((name) => !(name in measurements)) : [];
if (unknown.length > 0) {
  process.stderr.write(
    `unknown measurement ${unknown.join(', ')}; known: ${Object.keys(measurements).join(', ')}\n`,
  );
  process.exit(2);
}
const results = { machine: describeMachine(), quick };
results.builds = await waitForBuilds({
  maxWaitMs: quick ? 30_000 : 180_000,
  log: (line) => process.stderr.write(`${line}\n`),
});
// Every row a measurement produced (some have a second table, e.g. cold start to the first answer).
const rowsOf = (result) => [
  ...(Array.isArray(result.results) ? result.results : [result]),
  ...(Array.isArray(result.firstRequest) ? result.firstRequest : []),
];
const someUnavailable = (result) => rowsOf(result).some((r) => r.available === false);
for (const [name, run] of Object.entries(measurements)) {
  if (only && !only.has(name)) continue;
  const started = Date.now();
  process.stderr.write(`running ${name}${quick ? ' (quick)' : ''}…\n`);
  results[name] = await run({ quick });
  // A package rebuilt by someone else during the measurement looks missing: once its build is back, measure again.
  if (someUnavailable(results[name])) {
    const before = JSON.stringify(results.builds);
    results.builds = await waitForBuilds({ maxWaitMs: quick ? 30_000 : 180_000 });
    if (Object.values(results.builds).some(Boolean)) {
      const reasons = rowsOf(results[name])
        .filter((r) => !r.available)
        .map((r) => `${r.client ?? r.subject ?? name}: ${r.reason}`);
      process.stderr.write(`  not available (builds before: ${before}): ${reasons.join('; ')}\n`);
      process.stderr.write(`  measuring ${name} again…\n`);
      results[name] = await run({ quick });
    }
  }
  process.stderr.write(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

const sections = reportSections(results);
const m = results.machine;
const heading = `Measured ${m.date} on ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}, load average ${m.loadAverage1m} at start${quick ? ' — QUICK run, not for quoting' : ''}.`;
console.log(`${heading}\n`);
for (const s of sections) console.log(`${s.title}\n${s.text}\n${s.notes ? `${s.notes}\n` : ''}`);

// Only a full run of everything replaces the committed snapshot; quick and partial runs go to results/tmp/.
const outDir =
  outIndex >= 0
    ? `${resolve(args[outIndex + 1])}/`
    : fileURLToPath(new URL(quick || only ? '../results/tmp/' : '../results/', import.meta.url));
mkdirSync(outDir, { recursive: true });
writeFileSync(`${outDir}latest.json`, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(
  `${outDir}latest.md`,
  `# Benchmark results\n\n${heading}\n\n${sections.map((s) => `## ${s.title}\n\n${s.markdown}\n${s.notes ? `\n${s.notes}\n` : ''}`).join('\n')}`,
);
console.log(`wrote ${outDir}latest.json and latest.md`);
