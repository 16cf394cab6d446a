// The reference tx86 interpreter: docs/isa.md followed section by section, for
// clarity rather than speed. It is the oracle the wasm core is compared with,
// register for register, flag for flag and cycle for cycle.
//
//   const cpu = new ReferenceCpu({ ramBytes, rom?, bus? });
//   cpu.reset()               §11 reset state (eip = 0xFFFF0000); zeroes counters and the TLB
//   cpu.step()                one instruction (a faulting instruction includes the delivery
//                             of its exception, int n includes its delivery), or one hardware
//                             interrupt delivery; returns null, or:
//                               Halted       the CPU is halted with IF = 1 (after hlt, or
//                                            still waiting: no cycles pass)
//                               Dead         halted with IF = 0 (hlt with interrupts off)
//                               TripleFault  a fault while delivering #DF; every later step
//                                            returns it again
//                               StopRequested  after in/out, when bus.stopRequested() said so
//   cpu.run(cycleTarget)      steps while cycles < cycleTarget; returns Budget or the stop
//   cpu.addIdleCycles(n)      the machine's run loop advances time while halted: the CPU
//                             never does (idle cycles, §8)
//   cpu.getState() / setState(partial)   CpuState (emu/cpu-state.ts). setState also
//                             discards the TLB and fetch page (uncounted), the sti shadow and
//                             a triple-fault stop; cycles/instructions set only the totals
//   cpu.counters()            a copy of CpuCounters
//   cpu.ram, readPhysical(a, n), writePhysical(a, bytes)   physical memory (§9)
//   cpu.tlbEntries(), cpu.interruptShadow   inspection for tests
//
// Files: registers (§1), physical-memory (§9), page-walk (§6), tlb + translation
// (§7), decode + operands (§2), arithmetic + execute-* (§3), delivery (§5),
// counters (§8).

import type { CpuCounters, CpuState } from '../cpu-state.ts';
import { StopReason } from '../cpu-state.ts';
import { NO_DEVICES, type ReferenceBus } from './bus.ts';
import { attributionOf, chargeCycles, copyCounters, createCounters } from './counters.ts';
import { decodeInstruction, type Instruction } from './decode.ts';
import { countDelivery, deliverEvent, type InterruptEvent } from './delivery.ts';
import { executeAlu, executeBits, executeFlags, executeMulDiv, executeShift } from './execute-arithmetic.ts';
import { executeBranch, executeMisc, executeString } from './execute-control.ts';
import { executeMove, executeStack } from './execute-data.ts';
import { executeInterrupts, executeIo, executeSystem } from './execute-system.ts';
import type { ExecutionContext, Executor } from './execution-context.ts';
import { GuestFault, generalProtection } from './faults.ts';
import { PhysicalMemory, ROM_BASE } from './physical-memory.ts';
import { CR0_DEFINED, CR3_DEFINED, FLAG, Registers, eflagsFromWord } from './registers.ts';
import type { TlbSlot } from './tlb.ts';
import { Translation } from './translation.ts';

export type { ReferenceBus } from './bus.ts';

export interface ReferenceCpuOptions {
  ramBytes: number;
  rom?: Uint8Array;
  bus?: ReferenceBus;
}

/** One executor per section of §3 (the table's `section` column). */
const EXECUTORS: Record<string, Executor> = {
  move: executeMove,
  stack: executeStack,
  alu: executeAlu,
  muldiv: executeMulDiv,
  shift: executeShift,
  bits: executeBits,
  flags: executeFlags,
  branch: executeBranch,
  string: executeString,
  misc: executeMisc,
  system: executeSystem,
  io: executeIo,
  interrupts: executeInterrupts,
};

/** §8: delivery costs. */
export const DELIVERY_CYCLES = 40;
export const DELIVERY_FROM_USER_CYCLES = 20;

/** §8: the memory surcharge of the table's `rm` column, when the r/m operand is memory. */
function memorySurcharge(insn: Instruction): number {
  if (!insn.modrm || insn.modrm.mod === 3) return 0;
  switch (insn.op.rm) {
    case 'read': return 1;
    case 'write': return 1;
    case 'rmw': return 2;
    default: return 0;
  }
}

export class ReferenceCpu {
  readonly memory: PhysicalMemory;
  readonly ram: Uint8Array;
  private readonly regs = new Registers();
  private readonly stats: CpuCounters = createCounters();
  private readonly mmu: Translation;
  private readonly bus: ReferenceBus;
  private stiShadow = false;
  private tripleFaulted = false;

  constructor(options: ReferenceCpuOptions) {
    this.memory = new PhysicalMemory(options.ramBytes, options.rom);
    this.ram = this.memory.ram;
    this.bus = options.bus ?? NO_DEVICES;
    this.mmu = new Translation(this.memory, this.regs, this.stats);
    this.reset();
  }

  reset(): void {
    this.regs.clear();
    this.regs.eip = ROM_BASE;
    Object.assign(this.stats, createCounters());
    this.mmu.reset();
    this.stiShadow = false;
    this.tripleFaulted = false;
  }

  /** True between an sti that set IF and the instruction after it (§3.11). */
  get interruptShadow(): boolean {
    return this.stiShadow;
  }

  step(): StopReason | null {
    if (this.tripleFaulted) return StopReason.TripleFault;
    const regs = this.regs;
    if (regs.halted) {
      if (!regs.flag(FLAG.IF)) return StopReason.Dead;
      if (!this.bus.interruptPending()) return StopReason.Halted;
      return this.deliverHardwareInterrupt();
    }
    // §5.3: recognised between instructions, IF = 1, no sti shadow, a line pending.
    if (regs.flag(FLAG.IF) && !this.stiShadow && this.bus.interruptPending()) {
      return this.deliverHardwareInterrupt();
    }
    this.stiShadow = false;
    return this.executeInstruction();
  }

  run(cycleTarget: bigint): StopReason {
    while (this.stats.cycles < cycleTarget) {
      const stop = this.step();
      if (stop !== null) return stop;
    }
    return StopReason.Budget;
  }

  addIdleCycles(cycles: number | bigint): void {
    chargeCycles(this.stats, cycles, 'idle');
  }

  private executeInstruction(): StopReason | null {
    const regs = this.regs;
    const start = regs.eip;
    const startCpl = regs.cpl;
    const attribution = attributionOf(startCpl);
    this.mmu.takeWalkCycles();
    let ctx: ExecutionContext | null = null;
    try {
      // §5.1 order: fetch and decode (#PF with I, #UD), privilege (#GP), then the executor.
      const insn = decodeInstruction(start, (linear) => this.mmu.fetchByte(linear, startCpl === 3));
      if (insn.op.privileged && startCpl === 3) throw generalProtection(0);
      ctx = {
        regs, mmu: this.mmu, counters: this.stats, bus: this.bus, insn,
        cyclesAtStart: this.stats.cycles,
        nextEip: insn.next, extraCycles: 0, softwareInterrupt: null,
        startsStiShadow: false, accessedPort: false, resolvedRm: null,
      };
      EXECUTORS[insn.op.section](ctx);
    } catch (failure) {
      if (!(failure instanceof GuestFault)) throw failure;
      // §8: a faulting instruction is charged its page walks (and completed rep elements).
      chargeCycles(this.stats, this.mmu.takeWalkCycles() + (ctx?.extraCycles ?? 0), attribution);
      return this.deliver({
        vector: failure.vector, errorCode: failure.errorCode, kind: 'exception', returnEip: start, restartEip: start,
      });
    }

    const insn = ctx.insn;
    const cost = insn.op.cycles + memorySurcharge(insn) + this.mmu.takeWalkCycles() + ctx.extraCycles;
    chargeCycles(this.stats, cost, attribution);
    if (ctx.softwareInterrupt !== null) {
      // int n is a trap: it pushes the next instruction, and retires when delivered.
      return this.deliver({
        vector: ctx.softwareInterrupt, errorCode: null, kind: 'software', returnEip: insn.next, restartEip: start,
      });
    }
    regs.eip = ctx.nextEip >>> 0;
    this.stats.instructions++;
    if (ctx.startsStiShadow) this.stiShadow = true;
    if (regs.halted) return regs.flag(FLAG.IF) ? StopReason.Halted : StopReason.Dead;
    if (ctx.accessedPort && this.bus.stopRequested?.()) return StopReason.StopRequested;
    return null;
  }

  private deliverHardwareInterrupt(): StopReason | null {
    const vector = this.bus.acknowledgeInterrupt() & 0xff;
    const eip = this.regs.eip;
    return this.deliver({ vector, errorCode: null, kind: 'hardware', returnEip: eip, restartEip: eip });
  }

  private deliver(event: InterruptEvent): StopReason | null {
    this.mmu.takeWalkCycles();
    const outcome = deliverEvent({ regs: this.regs, mmu: this.mmu }, event);
    chargeCycles(this.stats, this.mmu.takeWalkCycles(), 'kernel');
    this.stiShadow = false;
    if ('tripleFault' in outcome) {
      this.tripleFaulted = true;
      return StopReason.TripleFault;
    }
    const cost = DELIVERY_CYCLES + (outcome.fromUser ? DELIVERY_FROM_USER_CYCLES : 0);
    chargeCycles(this.stats, cost, 'kernel');
    countDelivery(this.stats, outcome.delivered, outcome.fromUser);
    return null;
  }

  getState(): CpuState {
    const r = this.regs;
    return {
      regs: Array.from(r.gpr),
      eip: r.eip >>> 0,
      eflags: r.eflags,
      cpl: r.cpl,
      cr0: r.cr0 >>> 0,
      cr2: r.cr2 >>> 0,
      cr3: r.cr3 >>> 0,
      ksp: r.ksp >>> 0,
      idtBase: r.idtBase >>> 0,
      idtLimit: r.idtLimit,
      halted: r.halted,
      cycles: this.stats.cycles,
      instructions: this.stats.instructions,
    };
  }

  setState(state: Partial<CpuState>): void {
    const r = this.regs;
    if (state.regs) state.regs.forEach((value, i) => { r.gpr[i] = value >>> 0; });
    if (state.eip !== undefined) r.eip = state.eip >>> 0;
    if (state.eflags !== undefined) r.eflags = eflagsFromWord(state.eflags);
    if (state.cpl !== undefined) r.cpl = state.cpl;
    if (state.cr0 !== undefined) r.cr0 = (state.cr0 & CR0_DEFINED) >>> 0;
    if (state.cr2 !== undefined) r.cr2 = state.cr2 >>> 0;
    if (state.cr3 !== undefined) r.cr3 = (state.cr3 & CR3_DEFINED) >>> 0;
    if (state.ksp !== undefined) r.ksp = state.ksp >>> 0;
    if (state.idtBase !== undefined) r.idtBase = state.idtBase >>> 0;
    if (state.idtLimit !== undefined) r.idtLimit = state.idtLimit & 0xffff;
    if (state.halted !== undefined) r.halted = state.halted;
    if (state.cycles !== undefined) this.stats.cycles = state.cycles;
    if (state.instructions !== undefined) this.stats.instructions = state.instructions;
    this.mmu.discardCachedTranslations();
    this.stiShadow = false;
    this.tripleFaulted = false;
  }

  counters(): CpuCounters {
    return copyCounters(this.stats);
  }

  readPhysical(address: number, length: number): Uint8Array {
    return this.memory.readBytes(address, length);
  }

  writePhysical(address: number, bytes: ArrayLike<number>): void {
    this.memory.writeBytes(address, bytes);
  }

  tlbEntries(): TlbSlot[] {
    return this.mmu.tlb.entries();
  }
}
