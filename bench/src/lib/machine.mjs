// Describes the machine a run happened on, so a results snapshot says what it was measured with.
import os from 'node:os';

export function describeMachine() {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    date: new Date().toISOString(),
    // The machine is shared: the 1-minute load average when the run started says how busy it was.
    loadAverage1m: Math.round(os.loadavg()[0] * 100) / 100,
  };
}
