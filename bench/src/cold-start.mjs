// 2. Cold start: wall time and peak RSS of a fresh `node` that imports a package and creates a client; and, since
// packages may defer loading (e.g. undici on the first request), the same up to the first answered request.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startServerProcess } from './lib/child.mjs';
import { median } from './lib/stats.mjs';

// Each snippet prints the peak RSS of its own process on exit; the parent measures wall time around the spawn.
const report = 'process.on("exit",()=>process.stdout.write(String(process.resourceUsage().maxRSS)));';
// Second baseline: a `node -e` that loads one empty file through import(), i.e. bare node plus the start-up of
// Node's ESM loader, which any package loaded with import() pays. Subjects in `esmSubjects` are also compared with it.
const emptyModule = pathToFileURL(fileURLToPath(new URL('./lib/empty.mjs', import.meta.url))).href;
const ESM_BASELINE = 'bare node (ESM import of an empty module)';
const esmSubjects = new Set(['@skyport/genesys-cloud (modern, ESM import)']);
const subjects = {
  'bare node': '',
  [ESM_BASELINE]: `import(${JSON.stringify(emptyModule)});`,
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

// The same, plus one GET of the floor server's users/me document (URL in BENCH_URL); the process exits on the answer.
const done = '.then(()=>process.exit(0),(e)=>{console.error(e);process.exit(1)})';
const firstRequestSubjects = {
  'bare node (node:http)':
    'new Promise((ok,ko)=>require("node:http").get(process.env.BENCH_URL+"/api/v2/users/me",(r)=>{r.resume();r.on("end",ok)}).on("error",ko))' +
    done,
  'purecloud-platform-client-v2':
    'const p=require("purecloud-platform-client-v2");const u=new URL(process.env.BENCH_URL);p.ApiClient.instance.setGateway({host:u.hostname,protocol:"http",port:Number(u.port),path_params_login:"login",path_params_api:""});p.ApiClient.instance.setAccessToken("t");new p.UsersApi().getUsersMe()' +
    done,
  'particle-api-js':
    'const P=require("particle-api-js");new P({baseUrl:process.env.BENCH_URL}).getDevice({deviceId:"d",auth:"t"})' +
    done,
  '@skyport/core':
    'const{HttpClient}=require("@skyport/core");new HttpClient({baseUrl:process.env.BENCH_URL}).request({method:"GET",path:"/api/v2/users/me",auth:"t"})' +
    done,
  '@skyport/genesys-cloud (modern)':
    'const g=require("@skyport/genesys-cloud");const{getUsersMe}=require("@skyport/genesys-cloud/users");getUsersMe(g.createClient({apiUrl:process.env.BENCH_URL,auth:"t"}))' +
    done,
  '@skyport/genesys-cloud/compat':
    'const p=require("@skyport/genesys-cloud/compat");const u=new URL(process.env.BENCH_URL);p.ApiClient.instance.setGateway({host:u.hostname,protocol:"http",port:Number(u.port),path_params_login:"login",path_params_api:""});p.ApiClient.instance.setAccessToken("t");new p.UsersApi().getUsersMe()' +
    done,
  '@skyport/particle':
    'const{Particle}=require("@skyport/particle");new Particle({baseUrl:process.env.BENCH_URL}).getDevice({deviceId:"d",auth:"t"})' +
    done,
};

async function once_(code, env = {}) {
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, ['-e', report + code], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
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

/** `runs` fresh processes per subject, round-robin (every subject once per round), so a change in the shared
 * machine's load hits all subjects alike. The first subject is the baseline the others are compared with: by the
 * difference of medians and of fastest runs, and paired: per round, the subject's wall time minus the baseline's in
 * the same round, then the median of those differences (a busy spell that slows one round cancels out). */
async function measureSubjects(subjects, runs, env) {
  const names = Object.keys(subjects);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  const errors = {};
  for (let round = 0; round < runs; round++) {
    for (const name of names) {
      if (errors[name]) continue;
      const r = await once_(subjects[name], env);
      if (r.error) errors[name] = r.error;
      else samples[name].push({ ...r, round });
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
  const esmBare = results.find((r) => r.subject === ESM_BASELINE);
  for (const r of results) {
    if (r.available && bare.available) {
      r.addedMs = r.wallMs - bare.wallMs;
      r.addedMinMs = r.minWallMs - bare.minWallMs;
      r.addedMiB = r.peakRssMiB - bare.peakRssMiB;
      r.addedPairedMs = pairedMedian(samples[r.subject], samples[bare.subject]);
    }
    if (esmSubjects.has(r.subject) && r.available && esmBare?.available) {
      r.addedVsEsmMs = r.wallMs - esmBare.wallMs;
      r.addedVsEsmMinMs = r.minWallMs - esmBare.minWallMs;
      r.addedVsEsmPairedMs = pairedMedian(samples[r.subject], samples[esmBare.subject]);
    }
  }
  return results;
}

/** Median over the rounds both ran in of (subject's wall time − baseline's wall time in that round). */
export function pairedMedian(subject, baseline) {
  const byRound = new Map(baseline.map((s) => [s.round, s.wallMs]));
  const diffs = subject.filter((s) => byRound.has(s.round)).map((s) => s.wallMs - byRound.get(s.round));
  return diffs.length > 0 ? median(diffs) : undefined;
}

export async function coldStart({ quick }) {
  // 25 rounds: the paired median needs more than the 15 of earlier runs to settle on this shared, busy machine.
  const runs = quick ? 2 : 25;
  const results = await measureSubjects(subjects, runs, {});
  const server = await startServerProcess(fileURLToPath(new URL('./servers/floor.mjs', import.meta.url)));
  let firstRequest;
  try {
    firstRequest = await measureSubjects(firstRequestSubjects, runs, {
      BENCH_URL: `http://127.0.0.1:${server.port}`,
    });
  } finally {
    await server.stop();
  }
  return { runs, results, firstRequest };
}
