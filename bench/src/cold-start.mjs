// 2. Cold start: wall time and peak RSS of a fresh `node` that imports a package and creates a client.
import { spawn } from 'node:child_process';
import { once } from 'node:events';

// Each snippet prints the peak RSS of its own process on exit; the parent measures wall time around the spawn.
const report = 'process.on("exit",()=>process.stdout.write(String(process.resourceUsage().maxRSS)));';
const subjects = {
  'bare node': '',
  'purecloud-platform-client-v2':
    'const p=require("purecloud-platform-client-v2");p.ApiClient.instance.setEnvironment("mypurecloud.ie");new p.UsersApi();',
  'particle-api-js': 'const P=require("particle-api-js");new P();',
  '@skyport/core':
    'const{HttpClient}=require("@skyport/core");new HttpClient({baseUrl:"https://api.mypurecloud.ie"});',
  '@skyport/genesys-cloud (modern)':
    'const g=require("@skyport/genesys-cloud");g.createClient({environment:"mypurecloud.ie",auth:"token"});',
  '@skyport/genesys-cloud (modern, ESM import)':
    'import("@skyport/genesys-cloud").then(g=>g.createClient({environment:"mypurecloud.ie",auth:"token"}));',
  '@skyport/genesys-cloud/compat':
    'const p=require("@skyport/genesys-cloud/compat");p.ApiClient.instance.setEnvironment("mypurecloud.ie");new p.UsersApi();',
  '@skyport/particle': 'const{Particle}=require("@skyport/particle");new Particle();',
};

async function once_(code) {
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, ['-e', report + code], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => {
    out += c;
  });
  child.stderr.on('data', (c) => {
    err += c;
  });
  const [exitCode] = await once(child, 'exit');
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (exitCode !== 0) {
    const lines = err.trim().split('\n');
    return { error: lines.find((l) => /^\w*Error\b/.test(l)) ?? lines[0] };
  }
  return { wallMs, rssKiB: Number(out.trim()) };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

export async function coldStart({ quick }) {
  const runs = quick ? 2 : 15;
  const names = Object.keys(subjects);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  const errors = {};
  // Round-robin (every subject once per round) so a change in the shared machine's load hits all subjects alike.
  for (let round = 0; round < runs; round++) {
    for (const name of names) {
      if (errors[name]) continue;
      const r = await once_(subjects[name]);
      if (r.error) errors[name] = r.error;
      else samples[name].push(r);
    }
  }
  const results = names.map((name) =>
    errors[name]
      ? { subject: name, available: false, reason: errors[name] }
      : {
          subject: name,
          available: true,
          wallMs: median(samples[name].map((s) => s.wallMs)),
          minWallMs: Math.min(...samples[name].map((s) => s.wallMs)),
          peakRssMiB: median(samples[name].map((s) => s.rssKiB)) / 1024,
        },
  );
  const bare = results[0];
  for (const r of results) {
    if (r.available && bare.available) {
      r.addedMs = r.wallMs - bare.wallMs;
      r.addedMinMs = r.minWallMs - bare.minWallMs;
      r.addedMiB = r.peakRssMiB - bare.peakRssMiB;
    }
  }
  return { runs, results };
}
