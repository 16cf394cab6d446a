// The TypeScript face of the wasm core (build/core.wasm, from emu/core).
//
//   const core = await Core.create({ ramBytes, rom?, io: { portRead, portWrite, intAck } });
//   Core.createSync({ ..., module })      the same with a module from loadCoreModule()
//   core.run(target) -> StopReason        core.step() -> StopReason
//   core.getState() / setState(partial)   CpuState (emu/cpu-state.ts)
//   core.counters()                       CpuCounters
//   core.ram                              Uint8Array over guest RAM (after writing
//                                         to it, call invalidateCode for code)
//   core.loadRom(image)                   the 64 KiB boot ROM
//   core.setInterruptLine(high)  requestStop()  addIdleCycles(n)  invalidateCode(phys, len)
//   core.cycles()                         the cycle counter
//   core.traceMask                        bit 0 insn, 1 mode, 2 intr, 3 mmu, 4 call (CORE_TRACE_BITS)
//   core.drainEvents(callback)            the recorded events, as TraceEvents
//   core.saveState() / loadState(bytes)   CPU state + counters + TLB + RAM
//   core.reset()                          docs/isa.md §11; cycles, counters and TLB zeroed,
//                                         RAM and ROM kept
//   core.readPhysical8(addr)              a physical byte (RAM, ROM, or 0xFF)
//   core.translatePeek(linear)            linear -> physical, or null, by the page tables
//   core.peekLinear(addr, length)         bytes at a linear address; neither translates
//                                         with any side effect (debuggers, disassembly)
//
// Every offset comes from the module's exported layout globals (emu/core/layout.ts);
// none is written here. Memory views are re-created whenever memory.buffer changes.

import { readFile } from 'node:fs/promises';
import { type CpuCounters, type CpuState, StopReason } from './cpu-state.ts';
import type { TraceEvent } from './trace/events.ts';

export interface CoreIo {
  portRead(port: number, size: number): number;
  portWrite(port: number, size: number, value: number): void;
  /** Acknowledge the interrupt controller; returns the vector to deliver. */
  intAck(): number;
}

export interface CoreOptions {
  ramBytes: number;
  rom?: Uint8Array;
  io: CoreIo;
  /** The compiled core; default: build/core.wasm. */
  module?: WasmModule;
}

/** The events the core records. */
export type CoreEvent = Extract<TraceEvent, {
  kind: 'insn' | 'mode' | 'halt' | 'wake' | 'irq' | 'exception' | 'softint' | 'iret' | 'tlb-miss'
    | 'tlb-flush' | 'invlpg' | 'cr3' | 'call' | 'ret';
}>;

/** The core's TRACE_MASK bit for each trace category it records. */
export const CORE_TRACE_BITS = { insn: 1, mode: 2, intr: 4, mmu: 8, call: 16 } as const;
const ALL_CORE_TRACE_BITS = Object.values(CORE_TRACE_BITS).reduce((m, bit) => m | bit, 0);

// The few WebAssembly JS API types used here (the project's TypeScript lib has no DOM types).
export interface WasmModule { readonly __wasmModule?: never }
interface WasmMemory { readonly buffer: ArrayBuffer }
interface WasmGlobal { readonly value: number | bigint }
interface WasmApi {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  instantiate(module: WasmModule, imports: Record<string, Record<string, unknown>>): Promise<{ exports: Record<string, unknown> }>;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  Global: new (...args: never[]) => WasmGlobal;
}
const WASM = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

export const CORE_WASM_URL = new URL('../build/core.wasm', import.meta.url);

interface CoreExports {
  memory: WasmMemory;
  init(ramBytes: number): number;
  reset(): void;
  run(target: bigint): number;
  step(): number;
  getEflags(): number;
  setEflags(value: number): void;
  addIdleCycles(n: bigint): void;
  invalidateCode(phys: number, len: number): void;
  flushDecodeCache(): void;
  stateChanged(): void;
  setCpl(cpl: number): void;
  discardTransient(): void;
  forgetFetchPage(): void;
  syncCounters(): void;
}

const LAYOUT_NAMES = [
  'RAM_BASE', 'ROM_BASE', 'ROM_SIZE', 'SAVED', 'SAVED_SIZE', 'EVENTS', 'EVENT_SIZE', 'EVENTS_CAPACITY',
  'STATE_REGS', 'STATE_EIP', 'STATE_CPL', 'STATE_CR0', 'STATE_CR2', 'STATE_CR3', 'STATE_KSP',
  'STATE_IDT_BASE', 'STATE_IDT_LIMIT', 'STATE_HALTED', 'STATE_CYCLES', 'STATE_INSTRUCTIONS',
  'STATE_CYCLE_MARK',
  'COUNTER_USER_CYCLES', 'COUNTER_KERNEL_CYCLES', 'COUNTER_IDLE_CYCLES', 'COUNTER_MODE_SYSCALL',
  'COUNTER_MODE_IRQ', 'COUNTER_MODE_EXCEPTION', 'COUNTER_RETURNS_TO_USER', 'COUNTER_PAGE_FAULTS',
  'COUNTER_TLB_HITS', 'COUNTER_TLB_MISSES', 'COUNTER_TLB_FLUSHES', 'COUNTER_TLB_INVLPG', 'COUNTER_CR3_LOADS',
  'COUNTER_INTERRUPTS', 'COUNTER_EXCEPTIONS', 'COUNTER_SOFT_INTS',
  'INTR_LINE', 'STOP_REQUEST', 'TRACE_MASK', 'EVENTS_COUNT', 'EVENTS_DROPPED', 'RAM_BYTES',
  'EV_CYCLE', 'EV_TYPE', 'EV_CPL', 'EV_AUX1', 'EV_AUX2', 'EV_EIP', 'EV_A', 'EV_B', 'EV_C',
  'EV_INSN', 'EV_MODE', 'EV_HALT', 'EV_WAKE', 'EV_IRQ', 'EV_EXC', 'EV_SOFTINT', 'EV_IRET', 'EV_TLB_MISS',
  'EV_FLUSH', 'EV_INVLPG', 'EV_CR3', 'EV_CALL', 'EV_RET',
] as const;

export type CoreLayout = Record<(typeof LAYOUT_NAMES)[number], number>;

const SNAPSHOT_MAGIC = 0x53434c53; // "SLCS"
const SNAPSHOT_VERSION = 1;
const SNAPSHOT_HEADER = 16;
const MODE_CAUSES = ['syscall', 'irq', 'exception', 'iret'] as const;

let defaultModule: Promise<WasmModule> | null = null;

/** Compiles build/core.wasm once per process. */
export function loadCoreModule(): Promise<WasmModule> {
  defaultModule ??= readFile(CORE_WASM_URL).then(
    (bytes) => WASM.compile(bytes),
    () => { throw new Error('build/core.wasm is missing: run `npm run build` (or npx tsx tools/build/core.ts)'); },
  );
  return defaultModule;
}

export class Core {
  readonly layout: CoreLayout;
  readonly ramBytes: number;
  private readonly x: CoreExports;
  private buffer: ArrayBuffer | null = null;
  private bytes!: Uint8Array;
  private view!: DataView;
  private ramView!: Uint8Array;

  static async create(options: CoreOptions): Promise<Core> {
    const module = options.module ?? await loadCoreModule();
    return Core.createSync({ ...options, module });
  }

  /** create() for callers that already hold the compiled module (loadCoreModule()). */
  static createSync(options: CoreOptions & { module: WasmModule }): Core {
    const io = options.io;
    const instance = new WASM.Instance(options.module, {
      io: {
        portRead: (port: number, size: number) => io.portRead(port, size) >>> 0,
        portWrite: (port: number, size: number, value: number) => io.portWrite(port, size, value >>> 0),
        intAck: () => io.intAck() >>> 0,
      },
    });
    const core = new Core(instance.exports as unknown as CoreExports & Record<string, unknown>, options.ramBytes);
    if (options.rom) core.loadRom(options.rom);
    return core;
  }

  private constructor(exports: CoreExports & Record<string, unknown>, ramBytes: number) {
    this.x = exports;
    const layout: Partial<CoreLayout> = {};
    for (const name of LAYOUT_NAMES) {
      const g = exports[name];
      if (!(g instanceof WASM.Global)) throw new Error(`core.wasm does not export layout global ${name}`);
      layout[name] = Number(g.value) >>> 0;
    }
    this.layout = layout as CoreLayout;
    const status = this.x.init(ramBytes);
    if (status !== 0) throw new Error(`core init(${ramBytes}) failed with status ${status}`);
    this.ramBytes = ramBytes;
  }

  private get dv(): DataView {
    if (this.buffer !== this.x.memory.buffer) this.refreshViews();
    return this.view;
  }

  private get u8(): Uint8Array {
    if (this.buffer !== this.x.memory.buffer) this.refreshViews();
    return this.bytes;
  }

  private refreshViews(): void {
    const buffer = this.x.memory.buffer;
    this.buffer = buffer;
    this.bytes = new Uint8Array(buffer);
    this.view = new DataView(buffer);
    this.ramView = new Uint8Array(buffer, this.layout.RAM_BASE, this.ramBytes);
  }

  /** Guest RAM. Host writes into code must be followed by invalidateCode(). */
  get ram(): Uint8Array {
    if (this.buffer !== this.x.memory.buffer) this.refreshViews();
    return this.ramView;
  }

  private u32(offset: number): number {
    return this.dv.getUint32(offset, true);
  }

  private setU32(offset: number, value: number): void {
    this.dv.setUint32(offset, value >>> 0, true);
  }

  private u64(offset: number): bigint {
    return this.dv.getBigUint64(offset, true);
  }

  cycles(): bigint {
    return this.u64(this.layout.STATE_CYCLES);
  }

  run(target: bigint): StopReason {
    return this.x.run(BigInt.asIntN(64, target)) as StopReason;
  }

  step(): StopReason {
    return this.x.step() as StopReason;
  }

  reset(): void {
    this.x.reset();
  }

  loadRom(image: Uint8Array): void {
    const { ROM_BASE, ROM_SIZE } = this.layout;
    if (image.length > ROM_SIZE) throw new Error(`ROM image of ${image.length} bytes exceeds ${ROM_SIZE}`);
    this.u8.fill(0xff, ROM_BASE, ROM_BASE + ROM_SIZE);
    this.u8.set(image, ROM_BASE);
    this.x.flushDecodeCache();
  }

  getState(): CpuState {
    const L = this.layout;
    const regs: number[] = [];
    for (let i = 0; i < 8; i++) regs.push(this.u32(L.STATE_REGS + 4 * i));
    return {
      regs,
      eip: this.u32(L.STATE_EIP),
      eflags: this.x.getEflags() >>> 0,
      cpl: this.u32(L.STATE_CPL) === 3 ? 3 : 0,
      cr0: this.u32(L.STATE_CR0),
      cr2: this.u32(L.STATE_CR2),
      cr3: this.u32(L.STATE_CR3),
      ksp: this.u32(L.STATE_KSP),
      idtBase: this.u32(L.STATE_IDT_BASE),
      idtLimit: this.u32(L.STATE_IDT_LIMIT),
      halted: this.u32(L.STATE_HALTED) !== 0,
      cycles: this.u64(L.STATE_CYCLES),
      instructions: this.u64(L.STATE_INSTRUCTIONS),
    };
  }

  /**
   * Writes the given fields, as a fresh start from that state: the TLB is emptied
   * (not counted as a flush), and the fetch page, an sti shadow and a triple-fault
   * stop are forgotten. Setting cycles keeps the user/kernel attribution exact.
   */
  setState(s: Partial<CpuState>): void {
    const L = this.layout;
    if (s.regs) s.regs.forEach((v, i) => { if (i < 8) this.setU32(L.STATE_REGS + 4 * i, v); });
    if (s.eip !== undefined) this.setU32(L.STATE_EIP, s.eip);
    if (s.eflags !== undefined) this.x.setEflags(s.eflags);
    if (s.cpl !== undefined) this.x.setCpl(s.cpl);
    if (s.cr0 !== undefined) this.setU32(L.STATE_CR0, s.cr0 & 0x80010000);
    if (s.cr2 !== undefined) this.setU32(L.STATE_CR2, s.cr2);
    if (s.cr3 !== undefined) this.setU32(L.STATE_CR3, s.cr3 & 0xfffff000);
    if (s.ksp !== undefined) this.setU32(L.STATE_KSP, s.ksp);
    if (s.idtBase !== undefined) this.setU32(L.STATE_IDT_BASE, s.idtBase);
    if (s.idtLimit !== undefined) this.setU32(L.STATE_IDT_LIMIT, s.idtLimit & 0xffff);
    if (s.halted !== undefined) this.setU32(L.STATE_HALTED, s.halted ? 1 : 0);
    if (s.instructions !== undefined) this.dv.setBigUint64(L.STATE_INSTRUCTIONS, s.instructions, true);
    if (s.cycles !== undefined) {
      this.x.syncCounters();
      this.dv.setBigUint64(L.STATE_CYCLES, s.cycles, true);
      this.dv.setBigUint64(L.STATE_CYCLE_MARK, s.cycles, true);
    }
    this.x.discardTransient();
    this.x.stateChanged();
  }

  counters(): CpuCounters {
    this.x.syncCounters();
    const L = this.layout;
    const array = (base: number) => Array.from({ length: 256 }, (_, v) => this.u64(base + 8 * v));
    return {
      cycles: this.u64(L.STATE_CYCLES),
      instructions: this.u64(L.STATE_INSTRUCTIONS),
      userCycles: this.u64(L.COUNTER_USER_CYCLES),
      kernelCycles: this.u64(L.COUNTER_KERNEL_CYCLES),
      idleCycles: this.u64(L.COUNTER_IDLE_CYCLES),
      modeSwitches: {
        syscall: this.u64(L.COUNTER_MODE_SYSCALL),
        irq: this.u64(L.COUNTER_MODE_IRQ),
        exception: this.u64(L.COUNTER_MODE_EXCEPTION),
      },
      returnsToUser: this.u64(L.COUNTER_RETURNS_TO_USER),
      interrupts: array(L.COUNTER_INTERRUPTS),
      exceptions: array(L.COUNTER_EXCEPTIONS),
      softInts: array(L.COUNTER_SOFT_INTS),
      pageFaults: this.u64(L.COUNTER_PAGE_FAULTS),
      tlb: {
        hits: this.u64(L.COUNTER_TLB_HITS),
        misses: this.u64(L.COUNTER_TLB_MISSES),
        flushes: this.u64(L.COUNTER_TLB_FLUSHES),
        invlpg: this.u64(L.COUNTER_TLB_INVLPG),
      },
      cr3Loads: this.u64(L.COUNTER_CR3_LOADS),
    };
  }

  /** Drives the interrupt controller's output (docs/machine.md §1.3). */
  setInterruptLine(high: boolean): void {
    this.setU32(this.layout.INTR_LINE, high ? 1 : 0);
  }

  /** Asks run() to return StopRequested at the next boundary it checks (after a port access). */
  requestStop(): void {
    this.setU32(this.layout.STOP_REQUEST, 1);
  }

  addIdleCycles(n: bigint | number): void {
    this.x.addIdleCycles(BigInt(n));
  }

  invalidateCode(phys: number, len: number): void {
    this.x.invalidateCode(phys >>> 0, len >>> 0);
  }

  get traceMask(): number {
    return this.u32(this.layout.TRACE_MASK);
  }

  set traceMask(mask: number) {
    this.setU32(this.layout.TRACE_MASK, mask & ALL_CORE_TRACE_BITS);
  }

  /** Records lost because one instruction overflowed the buffer (since the last drain). */
  get eventsDropped(): number {
    return this.u32(this.layout.EVENTS_DROPPED);
  }

  /** Passes every recorded event, oldest first, to callback, and empties the buffer. */
  drainEvents(callback: (event: CoreEvent) => void): number {
    const L = this.layout;
    const count = this.u32(L.EVENTS_COUNT);
    const events: CoreEvent[] = [];
    for (let i = 0; i < count; i++) events.push(this.decodeEvent(L.EVENTS + i * L.EVENT_SIZE));
    this.setU32(L.EVENTS_COUNT, 0);
    this.setU32(L.EVENTS_DROPPED, 0);
    for (const event of events) callback(event);
    return count;
  }

  private decodeEvent(r: number): CoreEvent {
    const L = this.layout;
    const dv = this.dv;
    const cycle = dv.getBigUint64(r + L.EV_CYCLE, true);
    const type = dv.getUint8(r + L.EV_TYPE);
    const cpl = dv.getUint8(r + L.EV_CPL);
    const aux1 = dv.getUint8(r + L.EV_AUX1);
    const aux2 = dv.getUint8(r + L.EV_AUX2);
    const eip = dv.getUint32(r + L.EV_EIP, true);
    const a = dv.getUint32(r + L.EV_A, true);
    const b = dv.getUint32(r + L.EV_B, true);
    switch (type) {
      case L.EV_INSN: return { kind: 'insn', cycle, cpl, eip };
      case L.EV_MODE: return { kind: 'mode', cycle, from: aux1, to: aux2, cause: MODE_CAUSES[a] };
      case L.EV_HALT: return { kind: 'halt', cycle, eip, cost: a };
      case L.EV_WAKE: return { kind: 'wake', cycle };
      case L.EV_IRQ: return { kind: 'irq', cycle, vector: aux1, eip };
      case L.EV_EXC: return { kind: 'exception', cycle, vector: aux1, error: a, eip, cr2: b };
      case L.EV_SOFTINT: return { kind: 'softint', cycle, vector: aux1, eip };
      case L.EV_IRET: return { kind: 'iret', cycle, eip: a, cpl: aux2 };
      case L.EV_TLB_MISS: return { kind: 'tlb-miss', cycle, vaddr: a };
      case L.EV_FLUSH: return { kind: 'tlb-flush', cycle, reason: aux1 ? 'cr0' : 'cr3' };
      case L.EV_INVLPG: return { kind: 'invlpg', cycle, vaddr: a };
      case L.EV_CR3: return { kind: 'cr3', cycle, value: a };
      case L.EV_CALL: case L.EV_RET: {
        const kind = type === L.EV_CALL ? 'call' : 'ret';
        return { kind, cycle, cpl, eip, target: a, esp: b, cr3: dv.getUint32(r + L.EV_C, true) };
      }
      default: throw new Error(`core event record of unknown type ${type}`);
    }
  }

  /** CPU state, counters, TLB and RAM (not the decoded blocks, the ROM or the event buffer). */
  saveState(): Uint8Array {
    const { SAVED, SAVED_SIZE } = this.layout;
    const out = new Uint8Array(SNAPSHOT_HEADER + SAVED_SIZE + this.ramBytes);
    const header = new DataView(out.buffer);
    header.setUint32(0, SNAPSHOT_MAGIC, true);
    header.setUint32(4, SNAPSHOT_VERSION, true);
    header.setUint32(8, SAVED_SIZE, true);
    header.setUint32(12, this.ramBytes, true);
    out.set(this.u8.subarray(SAVED, SAVED + SAVED_SIZE), SNAPSHOT_HEADER);
    out.set(this.ram, SNAPSHOT_HEADER + SAVED_SIZE);
    return out;
  }

  loadState(snapshot: Uint8Array): void {
    const { SAVED, SAVED_SIZE } = this.layout;
    const header = new DataView(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength);
    if (snapshot.length < SNAPSHOT_HEADER || header.getUint32(0, true) !== SNAPSHOT_MAGIC) {
      throw new Error('not a core snapshot');
    }
    if (header.getUint32(4, true) !== SNAPSHOT_VERSION || header.getUint32(8, true) !== SAVED_SIZE) {
      throw new Error('core snapshot from an incompatible core version');
    }
    if (header.getUint32(12, true) !== this.ramBytes) {
      throw new Error(`core snapshot has ${header.getUint32(12, true)} bytes of RAM, this core ${this.ramBytes}`);
    }
    if (snapshot.length !== SNAPSHOT_HEADER + SAVED_SIZE + this.ramBytes) throw new Error('core snapshot truncated');
    this.u8.set(snapshot.subarray(SNAPSHOT_HEADER, SNAPSHOT_HEADER + SAVED_SIZE), SAVED);
    this.ram.set(snapshot.subarray(SNAPSHOT_HEADER + SAVED_SIZE));
    this.x.flushDecodeCache();
    this.x.stateChanged();
  }

  /** A physical byte as the CPU reads it (RAM, ROM, or 0xFF when unmapped). */
  readPhysical8(address: number): number {
    const a = address >>> 0;
    if (a < this.ramBytes) return this.ram[a];
    if (a >= 0xffff0000) return this.u8[this.layout.ROM_BASE + (a - 0xffff0000)];
    return 0xff;
  }

  /**
   * The physical address of a linear one as the current cr0/cr3 map it, or null
   * when not present. Reads the page tables only: no TLB, no A/D bits, no counts.
   */
  translatePeek(linear: number): number | null {
    const lin = linear >>> 0;
    if ((this.u32(this.layout.STATE_CR0) & 0x80000000) === 0) return lin;
    const read32 = (p: number) => (this.readPhysical8(p) | (this.readPhysical8(p + 1) << 8)
      | (this.readPhysical8(p + 2) << 16) | (this.readPhysical8(p + 3) << 24)) >>> 0;
    const pde = read32(((this.u32(this.layout.STATE_CR3) & 0xfffff000) + (lin >>> 22) * 4) >>> 0);
    if (!(pde & 1) || (pde & 0x80)) return null;
    const pte = read32(((pde & 0xfffff000) + ((lin >>> 12) & 0x3ff) * 4) >>> 0);
    if (!(pte & 1)) return null;
    return ((pte & 0xfffff000) | (lin & 0xfff)) >>> 0;
  }

  /** Bytes at a linear address, translated without side effects; null where a page is not present. */
  peekLinear(linear: number, length: number): Uint8Array | null {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      const phys = this.translatePeek((linear + i) >>> 0);
      if (phys === null) return null;
      out[i] = this.readPhysical8(phys);
    }
    return out;
  }
}
