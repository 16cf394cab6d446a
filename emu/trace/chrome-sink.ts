// Chrome Trace Event JSON, which Perfetto (ui.perfetto.dev) and chrome://tracing
// open (docs/machine.md §4). Written as a stream: nothing is kept but open spans.
//
//   new ChromeTraceSink(write, context)
//
// Tracks (one process, "switchless"):
//   tid 1 "cpu"          user / kernel / idle spans, from mode, halt and wake events
//   tid 2 "interrupts"   irq / exception / int n spans, from delivery to iret
//   tid 3 "guest marks"  guest regions (BEGIN/END) and instant marks
//   tid 100+id           one per guest thread: when it ran (trace-control THREAD);
//                        renamed when the thread's name changes (exec)
//   tid 1000+n           with the `call` category: one per call stack (call-stacks.ts:
//                        an address space and privilege level; under boot, named by
//                        the program running there), a span per call, nested
//   counter tracks       trace-control COUNTER
// Timestamps are emulated microseconds: cycles / clock MHz.

import { CallStacks, type Frame } from './call-stacks.ts';
import type { TraceCategory, TraceContext, TraceEvent, TraceSink } from './events.ts';

const PID = 1;
const TID_CPU = 1;
const TID_INTERRUPTS = 2;
const TID_MARKS = 3;
const TID_THREAD_BASE = 100;
const TID_FUNCTIONS_BASE = 1000;
const MAX_OPEN_INTERRUPTS = 64;

interface OpenSpan { name: string; start: bigint; args?: Record<string, unknown> }

export class ChromeTraceSink implements TraceSink {
  /** The cpu and interrupts tracks need these whatever the user selected. */
  readonly needs: ReadonlySet<TraceCategory> = new Set<TraceCategory>(['mode', 'intr', 'mark']);
  private first = true;
  private mode: OpenSpan = { name: 'kernel', start: 0n };
  private modeBeforeHalt = 'kernel';
  private interrupts: OpenSpan[] = [];
  private thread: (OpenSpan & { tid: number }) | null = null;
  /** The name each guest-thread track was last given (a process that execs is renamed). */
  private threadNames = new Map<number, string>();
  private readonly stacks: CallStacks;
  /** The function track of each call stack, by its key. */
  private readonly functionTracks = new Map<string, { tid: number; name: string }>();

  constructor(private readonly write: (chunk: string) => void, private readonly context: TraceContext) {
    this.write('{"displayTimeUnit":"ns","traceEvents":[\n');
    this.emit({ name: 'process_name', ph: 'M', pid: PID, tid: 0, args: { name: 'switchless' } });
    this.nameThread(TID_CPU, 'cpu');
    this.nameThread(TID_INTERRUPTS, 'interrupts');
    this.nameThread(TID_MARKS, 'guest marks');
    this.stacks = new CallStacks(context);
  }

  /** The track of a call stack; named by the program running there too, when known (renamed at exec). */
  private functionTrack(key: string, cr3?: number): number {
    let track = this.functionTracks.get(key);
    if (!track) this.functionTracks.set(key, (track = { tid: TID_FUNCTIONS_BASE + this.functionTracks.size, name: '' }));
    const program = cr3 ? this.context.programIn?.(cr3) : null;
    const name = `functions (${key}${program ? `: ${program}` : ''})`;
    if (name !== track.name && (program || !track.name)) {
      track.name = name;
      this.nameThread(track.tid, name);
    }
    return track.tid;
  }

  private frameSpan(frame: Frame, end: bigint): void {
    this.span(this.functionTrack(frame.key), frame, end);
  }

  private micros(cycle: bigint): number {
    return Number(cycle) / this.context.clockMHz;
  }

  private emit(record: Record<string, unknown>): void {
    this.write((this.first ? '' : ',\n') + JSON.stringify(record));
    this.first = false;
  }

  private nameThread(tid: number, name: string): void {
    this.emit({ name: 'thread_name', ph: 'M', pid: PID, tid, args: { name } });
  }

  private span(tid: number, open: OpenSpan, end: bigint): void {
    if (end < open.start) return;
    this.emit({
      name: open.name, ph: 'X', pid: PID, tid,
      ts: this.micros(open.start), dur: this.micros(end) - this.micros(open.start),
      ...(open.args ? { args: open.args } : {}),
    });
  }

  private switchMode(name: string, cycle: bigint): void {
    if (this.mode.name === name) return;
    this.span(TID_CPU, this.mode, cycle);
    this.mode = { name, start: cycle };
  }

  private where(addr: number): string {
    return this.context.symbolize(addr) ?? '0x' + (addr >>> 0).toString(16);
  }

  event(e: TraceEvent): void {
    switch (e.kind) {
      case 'mode':
        this.switchMode(e.to === 3 ? 'user' : 'kernel', e.cycle);
        break;
      case 'halt':
        this.modeBeforeHalt = this.mode.name;
        this.switchMode('idle', e.cycle);
        break;
      case 'wake':
        this.switchMode(this.modeBeforeHalt, e.cycle);
        break;
      case 'irq':
      case 'exception':
      case 'softint': {
        const name = e.kind === 'irq' ? `irq ${e.vector}`
          : e.kind === 'exception' ? `exception ${e.vector}` : `int 0x${e.vector.toString(16)}`;
        if (this.interrupts.length < MAX_OPEN_INTERRUPTS) {
          this.interrupts.push({ name, start: e.cycle, args: { at: this.where(e.eip) } });
        }
        break;
      }
      case 'iret': {
        const open = this.interrupts.pop();
        if (open) this.span(TID_INTERRUPTS, open, e.cycle);
        break;
      }
      case 'call':
        this.functionTrack(this.stacks.call(e).key, e.cr3);
        break;
      case 'ret':
        for (const frame of this.stacks.ret(e)) this.frameSpan(frame, e.cycle);
        break;
      case 'mark':
        this.emit({ name: e.name, ph: 'i', s: 't', pid: PID, tid: TID_MARKS, ts: this.micros(e.cycle), args: { value: e.value } });
        break;
      case 'begin':
        this.emit({ name: e.name, ph: 'B', pid: PID, tid: TID_MARKS, ts: this.micros(e.cycle) });
        break;
      case 'end':
        this.emit({ ph: 'E', pid: PID, tid: TID_MARKS, ts: this.micros(e.cycle) });
        break;
      case 'counter':
        this.emit({ name: e.name, ph: 'C', pid: PID, ts: this.micros(e.cycle), args: { value: e.value } });
        break;
      case 'thread': {
        const tid = TID_THREAD_BASE + e.id;
        if (this.thread) this.span(this.thread.tid, this.thread, e.cycle);
        const trackName = `${e.name} (${e.id})`;
        if (this.threadNames.get(tid) !== trackName) {
          this.threadNames.set(tid, trackName);
          this.nameThread(tid, trackName);
        }
        this.thread = { tid, name: e.name || `thread ${e.id}`, start: e.cycle };
        break;
      }
      default:
        break; // insn, mmu and dev events have no place on the timeline
    }
  }

  end(cycle: bigint): void {
    this.span(TID_CPU, this.mode, cycle);
    while (this.interrupts.length) this.span(TID_INTERRUPTS, this.interrupts.pop()!, cycle);
    if (this.thread) this.span(this.thread.tid, this.thread, cycle);
    for (const frame of this.stacks.open()) this.frameSpan(frame, cycle);
    this.write('\n]}\n');
  }
}
