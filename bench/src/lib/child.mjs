// Helpers to run pieces of a benchmark in their own Node processes, so servers and clients never share a CPU
// budget, an event loop or a heap.
import { spawn } from 'node:child_process';
import { once } from 'node:events';

/** Starts a server script that prints one JSON line `{ "port": n }` when it listens; returns its port and a stop(). */
export async function startServerProcess(script, args = [], env = {}) {
  const child = spawn(process.execPath, [script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  let buffered = '';
  const info = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before listening`)));
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      const newline = buffered.indexOf('\n');
      if (newline >= 0) resolve(JSON.parse(buffered.slice(0, newline)));
    });
  });
  child.removeAllListeners('exit');
  return {
    ...info,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** Runs a worker script to completion and parses the last JSON line it printed. */
export async function runWorker(script, args = [], { env = {}, timeoutMs = 300_000 } = {}) {
  const child = spawn(process.execPath, ['--expose-gc', script, ...args], {
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
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code] = await once(child, 'exit');
  clearTimeout(timer);
  const last = out.trim().split('\n').pop() ?? '';
  if (code !== 0)
    throw new Error(
      `${script} ${args.join(' ')} failed (${code}): ${err.trim().split('\n').slice(-5).join(' | ')}`,
    );
  return JSON.parse(last);
}
