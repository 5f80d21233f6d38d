// `node src/update-readme.mjs`: after a full run, puts the targets table of results/latest.md (with the machine
// and the run's date) into the "Current results" section of bench/README.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const file = (p) => fileURLToPath(new URL(`../${p}`, import.meta.url));
const results = JSON.parse(readFileSync(file('results/latest.json'), 'utf8'));
if (results.quick) throw new Error('results/latest.json is a quick run; run `npm run bench` first');
const md = readFileSync(file('results/latest.md'), 'utf8');
const start = md.indexOf('## Targets');
const end = md.indexOf('\n## ', start + 1);
if (start < 0) throw new Error('results/latest.md has no targets section');
const targets = md
  .slice(start, end < 0 ? undefined : end)
  .split('\n')
  .slice(2)
  .join('\n')
  .trim();
const m = results.machine;
const summary = `See [results/latest.md](results/latest.md) for every table of the committed full run; a summary follows.

Full run of ${m.date.slice(0, 16).replace('T', ' ')} UTC on ${m.cores} cores (${m.cpuModel}), Node ${m.node}, with the
machine shared by other work (load average ${m.loadAverage1m} at the start), so absolute figures are slow and noisy;
the ratios are what to quote, always from one run:

${targets}
`;
const readme = readFileSync(file('README.md'), 'utf8');
const a = readme.indexOf('## Current results');
const b = readme.indexOf('## Layout');
if (a < 0 || b < 0) throw new Error('README.md needs the sections "Current results" and "Layout"');
writeFileSync(file('README.md'), `${readme.slice(0, a)}## Current results\n\n${summary}\n${readme.slice(b)}`);
console.log('README.md: current results updated');
