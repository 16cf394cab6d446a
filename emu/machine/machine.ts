// The switchless machine: the wasm core, the devices on their bus, and the run
// loop of docs/machine.md §2.
//
//   const m = await Machine.create({ console, bootDisk, ... })
//   m.loadProgram(elf, name)   // `switchless run`: host loader, bare start state
//   m.resetToRom()             // `switchless boot`: start at the boot ROM
//   const exit = await m.run({ maxCycles })
//   m.stats(hostSeconds)       // docs/machine.md §3
//   m.save() / m.load(state)   // snapshot of CPU, RAM and every device
//
// The run loop asks the core to run until the earliest device deadline, fires
// the devices that are due, skips idle time while the CPU is halted, and stops
// on a debug-exit write, a triple fault, a cycle limit, or a CPU that can
// never wake. It never reads the host clock except to pace an interactive
// console and to report hostSeconds.

import { performance } from 'node:perf_hooks';
import { Core } from '../core-host.ts';
import { StopReason, type CpuState } from '../cpu-state.ts';
import { Board } from '../devices/board.ts';
import { DebugExit } from '../devices/debug-exit.ts';
import type { Device, DeviceContext } from '../devices/device.ts';
import { BOOT_DISK, Disk, FIXED_DISK, type BlockBackend, type DiskStats } from '../devices/disk.ts';
import { Nic, type FrameCapture, type NetBackend } from '../devices/nic.ts';
import { Pic } from '../devices/pic.ts';
import { Timer } from '../devices/timer.ts';
import { TraceControl, type GuestTraceEvent } from '../devices/trace-control.ts';
import { Uart, type ConsoleBackend } from '../devices/uart.ts';
import { NullNet } from '../backends/null-net.ts';
import { buildStats, type ExitInfo, type RunStats } from '../stats/report.ts';
import type { TraceCategory, TraceEvent, TraceSink } from '../trace/events.ts';
import { Bus } from './bus.ts';
import { loadProgramImage, writeBootInfo } from './program-loader.ts';
import { TraceRouter } from './trace-router.ts';

export const DEFAULT_RAM_MIB = 64;
export const MAX_RAM_MIB = 1024;
export const DEFAULT_CLOCK_MHZ = 700;
export const RESET_EIP = 0xffff0000;
/** The most cycles one core.run() covers, so host input and output keep flowing. */
const RUN_CHUNK = 20_000_000n;

export interface MachineOptions {
  ramMiB?: number;
  clockMHz?: number;
  /** The boot ROM image (64 KiB), needed by resetToRom(). */
  rom?: Uint8Array;
  console: ConsoleBackend;
  /** Scripted console input (`--input`): reproducible, cycle-stamped. */
  input?: string;
  bootDisk?: BlockBackend | null;
  disk?: BlockBackend | null;
  network?: NetBackend;
  capture?: FrameCapture;
  trace?: { categories: ReadonlySet<TraceCategory>; sinks: TraceSink[] };
}

export interface RunLimits {
  maxCycles?: bigint;
}

export class Machine {
  readonly ramBytes: number;
  readonly clockMHz: number;
  readonly pic: Pic;
  readonly timer: Timer;
  readonly uart: Uart;
  readonly bootDisk: Disk;
  readonly disk: Disk;
  readonly nic: Nic;
  readonly debugExit: DebugExit;
  readonly traceControl: TraceControl;
  readonly board: Board;
  readonly bus: Bus;
  private readonly devices: Device[];
  private readonly trace: TraceRouter;
  private exit: ExitInfo | null = null;
  /** Interactive pacing: the host time and cycle at which pacing began. */
  private pace: { wallMs: number; cycle: bigint } | undefined;

  private constructor(readonly core: Core, private readonly options: MachineOptions, ramBytes: number, clockMHz: number) {
    this.ramBytes = ramBytes;
    this.clockMHz = clockMHz;
    this.trace = new TraceRouter(core, options.trace?.sinks ?? [], options.trace?.categories ?? new Set(), clockMHz);
    const context: DeviceContext = {
      now: () => this.core.cycles(),
      ram: () => this.core.ram,
      ramWritten: (phys, len) => this.core.invalidateCode(phys, len),
      setIrq: (line, high) => this.pic.setLine(line, high),
      requestStop: () => this.core.requestStop(),
      event: (what, detail) => this.trace.deviceEvent(this.core.cycles(), what, detail),
    };
    this.pic = new Pic(context, { onOutput: (high) => this.core.setInterruptLine(high) });
    this.timer = new Timer(context);
    this.uart = new Uart(context, { backend: options.console, input: options.input });
    this.bootDisk = new Disk(context, { ...BOOT_DISK, backend: options.bootDisk ?? null });
    this.disk = new Disk(context, { ...FIXED_DISK, backend: options.disk ?? null });
    this.nic = new Nic(context, { backend: options.network ?? new NullNet(), capture: options.capture });
    this.debugExit = new DebugExit(context);
    this.traceControl = new TraceControl(context, { sink: (event) => this.guestEvent(event) });
    this.board = new Board({ ramBytes, clockKHz: Math.round(clockMHz * 1000) });
    // The order breaks ties between events due on the same cycle: part of determinism.
    this.devices = [this.pic, this.timer, this.uart, this.bootDisk, this.disk, this.nic,
      this.debugExit, this.traceControl, this.board];
    this.bus = new Bus(this.devices, {
      pic: this.pic,
      onAccess: this.trace.wants('dev')
        ? (access) => this.trace.deviceEvent(this.core.cycles(), 'port', access as unknown as Record<string, unknown>)
        : undefined,
    });
  }

  static async create(options: MachineOptions): Promise<Machine> {
    const ramMiB = options.ramMiB ?? DEFAULT_RAM_MIB;
    const clockMHz = options.clockMHz ?? DEFAULT_CLOCK_MHZ;
    let machine: Machine | undefined;
    const core = await Core.create({
      ramBytes: ramMiB * 1024 * 1024,
      rom: options.rom,
      io: {
        portRead: (port, size) => machine!.bus.portRead(port, size as 1 | 2 | 4),
        portWrite: (port, size, value) => machine!.bus.portWrite(port, size as 1 | 2 | 4, value),
        intAck: () => machine!.bus.intAck(),
      },
    });
    machine = new Machine(core, options, ramMiB * 1024 * 1024, clockMHz);
    core.traceMask = machine.trace.coreMask();
    return machine;
  }

  /** `switchless run`: load an ELF with the host loader and set the bare start state (isa.md §11). */
  loadProgram(elf: Uint8Array, fileName: string): { entry: number } {
    const ram = this.core.ram;
    const { entry, imageEnd } = loadProgramImage(ram, elf, fileName);
    this.core.invalidateCode(0, ram.length);
    writeBootInfo(ram, this.bootInfo(imageEnd));
    const regs = [0, 0, 0, 0, this.ramBytes, 0, 0, 0];
    this.core.setState({ regs, eip: entry });
    return { entry };
  }

  /** `switchless boot`: the reset state, executing the boot ROM. */
  resetToRom(): void {
    if (!this.options.rom) throw new Error('resetToRom() needs a ROM image');
    this.core.reset();
    if (this.core.getState().eip !== RESET_EIP) throw new Error('core reset vector disagrees with isa.md §11');
  }

  private bootInfo(imageEnd: number) {
    return {
      ramBytes: this.ramBytes,
      bootDiskSectors: this.bootDisk.capacity(),
      diskSectors: this.disk.capacity(),
      clockKHz: Math.round(this.clockMHz * 1000),
      imageEnd,
    };
  }

  private guestEvent(event: GuestTraceEvent): void {
    if (event.kind === 'report') return; // kept by the device for the statistics
    const converted: TraceEvent = event.kind === 'thread'
      ? { kind: 'thread', cycle: event.cycle, id: event.thread, name: event.name }
      : event;
    this.trace.guestEvent(converted);
  }

  /**
   * Run until the guest powers off or a limit or failure stops it. A run
   * stopped by its cycle limit can be resumed by calling run() again: the
   * result is the same as one uninterrupted run (docs/machine.md §1.4).
   */
  async run(limits: RunLimits = {}): Promise<ExitInfo> {
    const console = this.options.console;
    const maxCycles = limits.maxCycles;
    if (this.exit?.reason === 'cycle-limit') this.exit = null; // a limit pauses; run() resumes
    while (this.exit === null) {
      const now = this.core.cycles();
      if (maxCycles !== undefined && now >= maxCycles) return this.stop('cycle-limit');
      let target = now + RUN_CHUNK;
      const deadline = this.bus.nextDeadline();
      if (deadline !== null && deadline < target) target = deadline > now ? deadline : now + 1n;
      if (maxCycles !== undefined && maxCycles < target) target = maxCycles;

      const reason = this.core.run(target);
      this.trace.drainCore();
      this.bus.fireDue(this.core.cycles());
      if (this.debugExit.exitStatus !== null) return this.stop('exit', this.debugExit.exitStatus);

      switch (reason) {
        case StopReason.TripleFault:
          return this.stop('triple-fault');
        case StopReason.Dead:
          return this.stop('halted-forever');
        case StopReason.Halted:
          if (this.pic.outputHigh()) break; // the core delivers it on the next run
          if (!(await this.idle(maxCycles))) return this.stop(maxCycles !== undefined && this.core.cycles() >= maxCycles ? 'cycle-limit' : 'halted-forever');
          break;
        default:
          break;
      }
      console.flush?.();
      if (console.interactive) await yieldToHost();
    }
    return this.exit;
  }

  /**
   * The CPU is halted with nothing to deliver: skip the clock to the next
   * device deadline (idle cycles), or wait for host input. False when nothing
   * can ever wake the CPU, or the cycle limit comes first.
   */
  private async idle(maxCycles: bigint | undefined): Promise<boolean> {
    const now = this.core.cycles();
    const deadline = this.bus.nextDeadline();
    const console = this.options.console;
    if (deadline !== null && (maxCycles === undefined || deadline <= maxCycles)) {
      if (console.interactive && deadline > now && (await this.paceInteractive(deadline))) {
        return true; // host input arrived first: deliver it now rather than at the deadline
      }
      if (deadline > now) this.core.addIdleCycles(deadline - now);
      this.bus.fireDue(this.core.cycles());
      return true;
    }
    if (deadline !== null && maxCycles !== undefined) {
      this.core.addIdleCycles(maxCycles - now); // the limit comes before the next event
      return false;
    }
    if (console.interactive && console.waitForInput) {
      console.flush?.();
      await console.waitForInput();
      return console.interactive || this.pic.outputHigh();
    }
    return false;
  }

  /**
   * With a person at the console, emulated time may not run ahead of the
   * host's: an idle guest whose timer ticks would otherwise spin the host.
   * Sleeps until the host catches up with `deadline`, or until input comes;
   * in that case advances the clock to the host's time and returns true.
   */
  private async paceInteractive(deadline: bigint): Promise<boolean> {
    const cyclesPerMs = this.clockMHz * 1000;
    this.pace ??= { wallMs: performance.now(), cycle: this.core.cycles() };
    const dueMs = this.pace.wallMs + Number(deadline - this.pace.cycle) / cyclesPerMs;
    const aheadMs = dueMs - performance.now();
    if (aheadMs < 1) return false;
    const console = this.options.console;
    let inputFirst = false;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => { timer = setTimeout(resolve, aheadMs); }),
      console.waitForInput!().then(() => { inputFirst = true; }),
    ]);
    clearTimeout(timer);
    if (!inputFirst) return false;
    const hostCycle = this.pace.cycle + BigInt(Math.floor((performance.now() - this.pace.wallMs) * cyclesPerMs));
    const now = this.core.cycles();
    const until = hostCycle < deadline ? hostCycle : deadline;
    if (until > now) this.core.addIdleCycles(until - now);
    return true;
  }

  private stop(reason: ExitInfo['reason'], status = 0): ExitInfo {
    this.exit = { reason, status, eip: this.core.getState().eip };
    this.trace.end(this.core.cycles());
    this.options.console.flush?.();
    return this.exit;
  }

  state(): CpuState {
    return this.core.getState();
  }

  stats(hostSeconds: number): RunStats {
    return buildStats({
      counters: this.core.counters(),
      clockMHz: this.clockMHz,
      hostSeconds,
      disk: diskStats(this.disk.stats()),
      bootDisk: diskStats(this.bootDisk.stats()),
      net: (({ txFrames, txBytes, rxFrames, rxBytes, rxDropped }) => ({ txFrames, txBytes, rxFrames, rxBytes, rxDropped }))(this.nic.stats()),
      guest: this.traceControl.guest(),
      exit: this.exit ?? { reason: 'cycle-limit', status: 0, eip: this.core.getState().eip },
    });
  }

  /** A snapshot of the whole machine: CPU, RAM, TLB and every device (not disk contents). */
  save(): MachineSnapshot {
    return {
      ramBytes: this.ramBytes,
      core: this.core.saveState(),
      devices: Object.fromEntries(this.devices.map((d) => [d.name, d.save()])),
    };
  }

  load(snapshot: MachineSnapshot): void {
    if (snapshot.ramBytes !== this.ramBytes) throw new Error('snapshot RAM size differs from this machine');
    this.core.loadState(snapshot.core);
    // The PIC first: other devices re-drive their lines into it.
    this.pic.load(snapshot.devices[this.pic.name]);
    for (const device of this.devices) if (device !== this.pic) device.load(snapshot.devices[device.name]);
    this.exit = null;
  }
}

export interface MachineSnapshot {
  ramBytes: number;
  core: Uint8Array;
  devices: Record<string, unknown>;
}

function diskStats(s: DiskStats) {
  return { reads: s.reads, writes: s.writes, bytesRead: s.bytesRead, bytesWritten: s.bytesWritten };
}

function yieldToHost(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
