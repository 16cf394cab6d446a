// The trace router: one place where the run's trace events meet the sinks.
//
//   new TraceRouter(core, sinks, categories, clockMHz)
//   coreMask()            the core's TRACE_MASK bits for what the sinks need
//   wants(category)       whether any sink needs a category (devices skip work otherwise)
//   drainCore()           the core's event buffer -> sinks, in order
//   deviceEvent / guestEvent   host-side events -> sinks; a device
//                         or guest event raised during a port access first drains
//                         the core's buffer, so sinks see every event in cycle order
//   end(cycle)            closes every sink
//
// A sink receives the union of what the user selected and what the sink says it
// needs (a Perfetto timeline needs mode and interrupt events to draw spans).

import type { Core } from '../core-host.ts';
import { CORE_TRACE_BITS } from '../core-host.ts';
import type { TraceCategory, TraceEvent, TraceSink } from '../trace/events.ts';

export class TraceRouter {
  private readonly recorded: Set<TraceCategory>;

  constructor(private readonly core: Core, private readonly sinks: TraceSink[], selected: ReadonlySet<TraceCategory>, readonly clockMHz: number) {
    this.recorded = new Set(selected);
    for (const sink of sinks) for (const c of sink.needs) this.recorded.add(c);
    if (sinks.length === 0) this.recorded.clear();
  }

  wants(category: TraceCategory): boolean {
    return this.recorded.has(category);
  }

  coreMask(): number {
    let mask = 0;
    for (const [category, bit] of Object.entries(CORE_TRACE_BITS)) {
      if (this.recorded.has(category as TraceCategory)) mask |= bit;
    }
    return mask;
  }

  private send(event: TraceEvent): void {
    for (const sink of this.sinks) sink.event(event);
  }

  drainCore(): void {
    if (this.sinks.length) this.core.drainEvents((event) => this.send(event));
  }

  deviceEvent(cycle: bigint, what: string, detail: Record<string, unknown>): void {
    if (!this.recorded.has('dev')) return;
    this.drainCore();
    const [device, ...rest] = what.split('.');
    this.send({ kind: 'dev', cycle, device, what: rest.join('.') || what, detail });
  }

  guestEvent(event: TraceEvent): void {
    if (!this.recorded.has('mark')) return;
    this.drainCore();
    this.send(event);
  }

  end(cycle: bigint): void {
    for (const sink of this.sinks) sink.end(cycle);
  }
}
