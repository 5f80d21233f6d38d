// CommonJS entry: `require('@skyport/particle')` returns the class itself (like particle-api-js), with the
// named exports attached to it.
const api = require('./index.js') as typeof import('./index.js');

const Particle = api.Particle as typeof api.Particle & Record<string, unknown>;
for (const [k, v] of Object.entries(api)) if (k !== 'default') Particle[k] = v;
Particle.default = Particle;
module.exports = Particle;
