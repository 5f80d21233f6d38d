// Declarations for `require('@skyport/particle')`: the class itself, as particle-api-js declares it.
import { writeFileSync } from 'node:fs';

writeFileSync(
  new URL('../dist/index.d.cts', import.meta.url),
  "import { Particle } from './index.js';\nexport = Particle;\n",
);
