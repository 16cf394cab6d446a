// The kernel's power-off report, shaped for --stats-json (docs/kernel.md §11).
// The kernel REPORTs flat keys through the trace-control port; they arrive in
// the run's `guest` map. kernelSection() turns the `kernel.*` keys into the
// `kernel` section, and guestWithoutKernel() leaves the rest in `guest`.
//
//   kernelSection({ 'kernel.contextSwitches.voluntary': 8, 'kernel.proc.7.sh.syscalls': 3, ... })
//     -> { contextSwitches: { voluntary: 8, involuntary: 0 }, syscalls, entries: {...},
//          processes: [{ pid: 7, name: 'sh', voluntary: 0, involuntary: 0, syscalls: 3 }], ... }
//   (null when the guest reported no kernel figures)

export interface KernelProcessStats {
  pid: number;
  name: string;
  voluntary: number;
  involuntary: number;
  syscalls: number;
}

export interface KernelStats {
  ticks: number;
  syscalls: number;
  pageFaults: number;
  forks: number;
  freePages: number;
  contextSwitches: { voluntary: number; involuntary: number };
  entries: { syscall: number; irq: number; exception: number };
  processes: KernelProcessStats[];
}

const PREFIX = 'kernel.';
const PROC = /^kernel\.proc\.(\d+)\.(.+)\.(voluntary|involuntary|syscalls)$/;

export function kernelSection(guest: Record<string, number>): KernelStats | null {
  const keys = Object.keys(guest).filter((k) => k.startsWith(PREFIX));
  if (keys.length === 0) return null;
  const get = (key: string): number => guest[PREFIX + key] ?? 0;
  const processes = new Map<string, KernelProcessStats>();
  for (const key of keys) {
    const m = PROC.exec(key);
    if (!m) continue;
    const id = `${m[1]}.${m[2]}`;
    const p = processes.get(id) ?? { pid: Number(m[1]), name: m[2], voluntary: 0, involuntary: 0, syscalls: 0 };
    p[m[3] as 'voluntary' | 'involuntary' | 'syscalls'] = guest[key];
    processes.set(id, p);
  }
  return {
    ticks: get('ticks'),
    syscalls: get('syscalls'),
    pageFaults: get('pageFaults'),
    forks: get('forks'),
    freePages: get('freePages'),
    contextSwitches: { voluntary: get('contextSwitches.voluntary'), involuntary: get('contextSwitches.involuntary') },
    entries: { syscall: get('entries.syscall'), irq: get('entries.irq'), exception: get('entries.exception') },
    processes: [...processes.values()].sort((a, b) => a.pid - b.pid || a.name.localeCompare(b.name)),
  };
}

export function guestWithoutKernel(guest: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(guest).filter(([k]) => !k.startsWith(PREFIX)));
}
