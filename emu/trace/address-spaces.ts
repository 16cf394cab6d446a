// Which program runs in which address space, learned from the trace: the
// kernel names the thread it switches to (trace-control THREAD, renamed at
// exec), and the next call or ret in user mode carries that process's cr3.
//
//   const spaces = new AddressSpaces();   // a TraceSink; register it before the sinks that ask
//   spaces.programOf(cr3)                  'ls', or null while not known
//
// A process that makes no call before the next switch is simply not learned.

import type { TraceCategory, TraceEvent, TraceSink } from './events.ts';

export class AddressSpaces implements TraceSink {
  readonly needs: ReadonlySet<TraceCategory> = new Set<TraceCategory>(['mark', 'call']);
  private readonly programs = new Map<number, string>();
  private switchedTo: string | null = null;

  event(e: TraceEvent): void {
    if (e.kind === 'thread') this.switchedTo = e.name;
    else if ((e.kind === 'call' || e.kind === 'ret') && e.cpl === 3 && this.switchedTo !== null) {
      this.programs.set(e.cr3 >>> 0, this.switchedTo);
      this.switchedTo = null;
    }
  }

  programOf(cr3: number): string | null {
    return this.programs.get(cr3 >>> 0) ?? null;
  }

  end(): void {}
}
