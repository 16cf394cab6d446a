// Measuring helpers shared by the benchmark suites: repeat a host-timed action
// and take the median, and describe the host the figures came from.
//
//   medianOf(runs, action) -> { median, all }     seconds
//   hostDescription()     -> "Intel(R) Xeon(R) ... (2 cores), Node v20.x, linux x64"

import { cpus, platform, arch } from 'node:os';
import { performance } from 'node:perf_hooks';

export async function medianOf(runs: number, action: () => Promise<void> | void): Promise<{ median: number; all: number[] }> {
  const all: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await action();
    all.push((performance.now() - started) / 1000);
  }
  const sorted = [...all].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], all };
}

export function hostDescription(): string {
  const list = cpus();
  return `${list[0]?.model.trim() ?? 'unknown CPU'} (${list.length} cores), Node ${process.version}, ${platform()} ${arch()}`;
}
