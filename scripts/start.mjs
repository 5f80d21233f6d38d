// `npm start`: runs the Quick start tour (examples/tour) after scripts/build.mjs has built the packages.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const tour = fileURLToPath(new URL('../examples/tour/src/tour.mjs', import.meta.url));
const result = spawnSync(process.execPath, [tour, ...process.argv.slice(2)], { stdio: 'inherit' });
if (result.error) {
  console.error(`could not run the tour: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
