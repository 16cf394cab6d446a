// Runs one ISA test case (cases.ts) on any CPU implementation and reports
// every difference from the expected outcome.
//
//   runCase(makeCpu, testCase) -> string[]     the differences ("eax: got 0x1, want 0x2"); [] = pass
//
// The CPU under test implements IsaTestCpu; makeCpu builds one with the RAM
// size of the case and the scripted bus the runner provides (ports answer from
// the case's table, interrupts are raised before the step the case names).
// A case runs like this:
//   1. makeCpu({ ramBytes, bus }); write each memory block, then the code at codeAt
//   2. setState(initial state) (defaults: registers 0, esp = STACK_TOP, eflags 0x2,
//      CPL 0, paging off, eip = codeAt, cycles and instructions 0)
//   3. step() `steps` times; before step i raise the IRQs whose beforeStep is i; after
//      a step returning Halted add idleCyclesWhenHalted idle cycles; stop early on
//      Dead or TripleFault
//   4. compare the listed state fields, counters, memory bytes, port writes and the
//      last step's result

import type { CpuCounters, CpuState } from '../../emu/cpu-state.ts';
import { StopReason } from '../../emu/cpu-state.ts';

export interface TestBus {
  portRead(port: number, size: 1 | 2 | 4): number;
  portWrite(port: number, size: 1 | 2 | 4, value: number): void;
  interruptPending(): boolean;
  acknowledgeInterrupt(): number;
}

export interface IsaTestCpu {
  writeMemory(physical: number, bytes: Uint8Array): void;
  readMemory(physical: number, length: number): Uint8Array;
  setState(state: Partial<CpuState>): void;
  getState(): CpuState;
  step(): StopReason | null;
  addIdleCycles(cycles: number): void;
  counters(): CpuCounters;
}

export type CpuFactory = (config: { ramBytes: number; bus: TestBus }) => IsaTestCpu;

export interface MemoryBlock {
  address: number;
  bytes: number[];
}

export const REGISTER_NAMES = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'] as const;
export type RegisterName = (typeof REGISTER_NAMES)[number];

/** Registers by name plus the other CpuState fields; counts as plain numbers. */
export type CaseState = Partial<Record<RegisterName, number>> & Partial<{
  eip: number; eflags: number; cpl: 0 | 3; cr0: number; cr2: number; cr3: number; ksp: number;
  idtBase: number; idtLimit: number; halted: boolean; cycles: number; instructions: number;
}>;

/** Counters by flat names; per-vector counts as { vector: count } (other vectors must be 0). */
export type CaseCounters = Partial<{
  cycles: number; instructions: number; userCycles: number; kernelCycles: number; idleCycles: number;
  syscallSwitches: number; irqSwitches: number; exceptionSwitches: number; returnsToUser: number;
  pageFaults: number; tlbHits: number; tlbMisses: number; tlbFlushes: number; invlpg: number; cr3Loads: number;
  interrupts: Record<number, number>; exceptions: Record<number, number>; softInts: Record<number, number>;
}>;

export interface IsaCase {
  name: string;
  /** The docs/isa.md section the case checks, e.g. '3.3'. */
  section: string;
  ramBytes?: number;
  memory?: MemoryBlock[];
  code: number[];
  codeAt?: number;
  state?: CaseState;
  ports?: Record<number, number>;
  irqs?: { vector: number; beforeStep: number }[];
  idleCyclesWhenHalted?: number;
  steps: number;
  expect: {
    state?: CaseState;
    counters?: CaseCounters;
    memory?: MemoryBlock[];
    /** The result of the last step taken (null: an ordinary instruction). */
    stop?: StopReason | null;
    portWrites?: { port: number; size: number; value: number }[];
  };
}

export const DEFAULT_RAM_BYTES = 0x2_0000;
export const DEFAULT_CODE_AT = 0x2000;
export const DEFAULT_STACK_TOP = 0x8000;

function scriptedBus(testCase: IsaCase, log: { port: number; size: number; value: number }[]) {
  const queued: number[] = [];
  const bus: TestBus = {
    portRead: (port, size) => {
      const value = testCase.ports?.[port];
      if (value === undefined) return size === 4 ? 0xffff_ffff : size === 2 ? 0xffff : 0xff;
      return value;
    },
    portWrite: (port, size, value) => { log.push({ port, size, value: value >>> 0 }); },
    interruptPending: () => queued.length > 0,
    acknowledgeInterrupt: () => {
      const vector = queued.shift();
      if (vector === undefined) throw new Error('acknowledgeInterrupt with nothing pending');
      return vector;
    },
  };
  return { bus, raise: (vector: number) => queued.push(vector) };
}

export function toCpuState(s: CaseState): Partial<CpuState> {
  const out: Partial<CpuState> = {};
  for (const key of Object.keys(s) as (keyof CaseState)[]) {
    const value = s[key];
    if (value === undefined) continue;
    if ((REGISTER_NAMES as readonly string[]).includes(key)) continue;
    if (key === 'cycles' || key === 'instructions') out[key] = BigInt(value as number);
    else (out as Record<string, unknown>)[key] = typeof value === 'number' ? value >>> 0 : value;
  }
  if (REGISTER_NAMES.some((r) => s[r] !== undefined)) {
    out.regs = REGISTER_NAMES.map((r) => (s[r] ?? 0) >>> 0);
  }
  return out;
}

function hex(v: number | bigint | boolean): string {
  return typeof v === 'number' ? `0x${(v >>> 0).toString(16)}` : String(v);
}

function compareState(got: CpuState, want: CaseState, out: string[]): void {
  for (const key of Object.keys(want) as (keyof CaseState)[]) {
    const expected = want[key];
    if (expected === undefined) continue;
    const index = (REGISTER_NAMES as readonly string[]).indexOf(key);
    let actual: number | bigint | boolean;
    if (index >= 0) actual = got.regs[index] >>> 0;
    else actual = got[key as keyof CpuState] as number | bigint | boolean;
    const normalisedExpected = typeof actual === 'bigint' ? BigInt(expected as number)
      : typeof expected === 'number' ? expected >>> 0 : expected;
    if (actual !== normalisedExpected) out.push(`${key}: got ${hex(actual)}, want ${hex(normalisedExpected as number)}`);
  }
}

function compareCounters(got: CpuCounters, want: CaseCounters, out: string[]): void {
  const flat: Record<string, bigint> = {
    cycles: got.cycles, instructions: got.instructions, userCycles: got.userCycles,
    kernelCycles: got.kernelCycles, idleCycles: got.idleCycles,
    syscallSwitches: got.modeSwitches.syscall, irqSwitches: got.modeSwitches.irq,
    exceptionSwitches: got.modeSwitches.exception, returnsToUser: got.returnsToUser,
    pageFaults: got.pageFaults, tlbHits: got.tlb.hits, tlbMisses: got.tlb.misses,
    tlbFlushes: got.tlb.flushes, invlpg: got.tlb.invlpg, cr3Loads: got.cr3Loads,
  };
  for (const [key, expected] of Object.entries(want)) {
    if (key === 'interrupts' || key === 'exceptions' || key === 'softInts') {
      const perVector = got[key];
      const wanted = expected as Record<number, number>;
      for (let v = 0; v < perVector.length; v++) {
        const w = BigInt(wanted[v] ?? 0);
        if (perVector[v] !== w) out.push(`${key}[${v}]: got ${perVector[v]}, want ${w}`);
      }
      continue;
    }
    const actual = flat[key];
    if (actual !== BigInt(expected as number)) out.push(`counters.${key}: got ${actual}, want ${expected}`);
  }
}

export function runCase(makeCpu: CpuFactory, testCase: IsaCase): string[] {
  const portWrites: { port: number; size: number; value: number }[] = [];
  const { bus, raise } = scriptedBus(testCase, portWrites);
  const cpu = makeCpu({ ramBytes: testCase.ramBytes ?? DEFAULT_RAM_BYTES, bus });
  for (const block of testCase.memory ?? []) cpu.writeMemory(block.address, Uint8Array.from(block.bytes));
  const codeAt = testCase.codeAt ?? DEFAULT_CODE_AT;
  cpu.writeMemory(codeAt, Uint8Array.from(testCase.code));
  cpu.setState(toCpuState({
    eax: 0, ecx: 0, edx: 0, ebx: 0, esp: DEFAULT_STACK_TOP, ebp: 0, esi: 0, edi: 0,
    eip: codeAt, eflags: 0x2, cpl: 0, cr0: 0, cr2: 0, cr3: 0, ksp: 0, idtBase: 0, idtLimit: 0,
    halted: false, cycles: 0, instructions: 0,
    ...testCase.state,
  }));

  let last: StopReason | null = null;
  for (let i = 0; i < testCase.steps; i++) {
    for (const irq of testCase.irqs ?? []) if (irq.beforeStep === i) raise(irq.vector);
    last = cpu.step();
    if (last === StopReason.Halted && testCase.idleCyclesWhenHalted) cpu.addIdleCycles(testCase.idleCyclesWhenHalted);
    if (last === StopReason.Dead || last === StopReason.TripleFault) break;
  }

  const differences: string[] = [];
  const want = testCase.expect;
  if (want.state) compareState(cpu.getState(), want.state, differences);
  if (want.counters) compareCounters(cpu.counters(), want.counters, differences);
  for (const block of want.memory ?? []) {
    const got = Array.from(cpu.readMemory(block.address, block.bytes.length));
    if (got.some((b, i) => b !== block.bytes[i])) {
      differences.push(`memory at ${hex(block.address)}: got [${got.map(hex)}], want [${block.bytes.map(hex)}]`);
    }
  }
  if (want.stop !== undefined && last !== want.stop) differences.push(`stop: got ${last}, want ${want.stop}`);
  if (want.portWrites) {
    const got = JSON.stringify(portWrites);
    if (got !== JSON.stringify(want.portWrites)) differences.push(`port writes: got ${got}, want ${JSON.stringify(want.portWrites)}`);
  }
  return differences;
}
