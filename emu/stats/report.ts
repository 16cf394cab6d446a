// The run's statistics: the JSON of docs/machine.md §3 and the human table.
//
//   buildStats(inputs) -> RunStats       plain JSON-able numbers
//   formatStatsTable(stats) -> string    what --stats prints at exit
//
// Everything but hostSeconds and mips is a function of the run's inputs, so two
// runs of the same inputs give identical stats (tests compare them whole, less
// those two fields).

import type { CpuCounters } from '../cpu-state.ts';
import { guestWithoutKernel, kernelSection, type KernelStats } from './kernel-section.ts';

export interface DiskStats { reads: number; writes: number; bytesRead: number; bytesWritten: number }
export interface NetStats { txFrames: number; txBytes: number; rxFrames: number; rxBytes: number; rxDropped: number }
export interface ExitInfo { reason: 'exit' | 'cycle-limit' | 'triple-fault' | 'halted-forever'; status: number; eip: number }

export interface StatsInputs {
  counters: CpuCounters;
  clockMHz: number;
  hostSeconds: number;
  disk: DiskStats;
  bootDisk: DiskStats;
  net: NetStats;
  guest: Record<string, number>;
  exit: ExitInfo;
}

export interface VectorCounts { total: number; byVector: Record<string, number> }

export interface RunStats {
  cycles: number;
  instructions: number;
  hostSeconds: number;
  mips: number;
  clockMHz: number;
  emulatedSeconds: number;
  userCycles: number;
  kernelCycles: number;
  idleCycles: number;
  modeSwitches: { total: number; syscall: number; irq: number; exception: number; returnsToUser: number };
  interrupts: VectorCounts;
  exceptions: VectorCounts & { pageFaults: number };
  softInts: VectorCounts;
  tlb: { hits: number; misses: number; flushes: number; invlpg: number };
  cr3Loads: number;
  disk: DiskStats;
  bootDisk: DiskStats;
  net: NetStats;
  guest: Record<string, number>;
  /** The kernel's own counters, from its power-off report (docs/kernel.md), when it made one. */
  kernel?: KernelStats;
  exit: ExitInfo;
}

function vectorCounts(perVector: bigint[]): VectorCounts {
  const byVector: Record<string, number> = {};
  let total = 0;
  perVector.forEach((count, vector) => {
    if (count > 0n) {
      byVector[String(vector)] = Number(count);
      total += Number(count);
    }
  });
  return { total, byVector };
}

export function buildStats(inputs: StatsInputs): RunStats {
  const c = inputs.counters;
  const instructions = Number(c.instructions);
  const switches = c.modeSwitches;
  return {
    cycles: Number(c.cycles),
    instructions,
    hostSeconds: inputs.hostSeconds,
    mips: inputs.hostSeconds > 0 ? instructions / inputs.hostSeconds / 1e6 : 0,
    clockMHz: inputs.clockMHz,
    emulatedSeconds: Number(c.cycles) / (inputs.clockMHz * 1e6),
    userCycles: Number(c.userCycles),
    kernelCycles: Number(c.kernelCycles),
    idleCycles: Number(c.idleCycles),
    modeSwitches: {
      total: Number(switches.syscall + switches.irq + switches.exception),
      syscall: Number(switches.syscall),
      irq: Number(switches.irq),
      exception: Number(switches.exception),
      returnsToUser: Number(c.returnsToUser),
    },
    interrupts: vectorCounts(c.interrupts),
    exceptions: { ...vectorCounts(c.exceptions), pageFaults: Number(c.pageFaults) },
    softInts: vectorCounts(c.softInts),
    tlb: {
      hits: Number(c.tlb.hits), misses: Number(c.tlb.misses),
      flushes: Number(c.tlb.flushes), invlpg: Number(c.tlb.invlpg),
    },
    cr3Loads: Number(c.cr3Loads),
    disk: inputs.disk,
    bootDisk: inputs.bootDisk,
    net: inputs.net,
    guest: guestWithoutKernel(inputs.guest),
    ...kernelField(inputs.guest),
    exit: inputs.exit,
  };
}

function kernelField(guest: Record<string, number>): { kernel?: KernelStats } {
  const kernel = kernelSection(guest);
  return kernel ? { kernel } : {};
}

const group = (n: number) => n.toLocaleString('en-US');
const percent = (part: number, whole: number) => (whole ? ((100 * part) / whole).toFixed(1) + '%' : '-');

/** The --stats table, in the spirit of System/161's shutdown line, one fact per row. */
export function formatStatsTable(s: RunStats): string {
  const rows: [string, string][] = [
    ['cycles', `${group(s.cycles)} (${(s.emulatedSeconds * 1e3).toFixed(3)} ms at ${s.clockMHz} MHz)`],
    ['  user', `${group(s.userCycles)} (${percent(s.userCycles, s.cycles)})`],
    ['  kernel', `${group(s.kernelCycles)} (${percent(s.kernelCycles, s.cycles)})`],
    ['  idle', `${group(s.idleCycles)} (${percent(s.idleCycles, s.cycles)})`],
    ['instructions', group(s.instructions)],
    ['mode switches', `${group(s.modeSwitches.total)} (syscall ${group(s.modeSwitches.syscall)}, irq ${group(s.modeSwitches.irq)}, exception ${group(s.modeSwitches.exception)})`],
    ['interrupts', `${group(s.interrupts.total)}${vectorList(s.interrupts)}`],
    ['exceptions', `${group(s.exceptions.total)}${vectorList(s.exceptions)}, page faults ${group(s.exceptions.pageFaults)}`],
    ['int n', `${group(s.softInts.total)}${vectorList(s.softInts)}`],
    ['tlb', `${group(s.tlb.hits)} hits, ${group(s.tlb.misses)} misses, ${group(s.tlb.flushes)} flushes, ${group(s.tlb.invlpg)} invlpg`],
    ['cr3 loads', group(s.cr3Loads)],
    ['disk', diskLine(s.disk)],
    ['boot disk', diskLine(s.bootDisk)],
    ['net', `tx ${group(s.net.txFrames)} frames ${group(s.net.txBytes)} B, rx ${group(s.net.rxFrames)} frames ${group(s.net.rxBytes)} B, dropped ${group(s.net.rxDropped)}`],
    ...(s.kernel ? kernelRows(s.kernel) : []),
    ...Object.entries(s.guest).map(([k, v]) => [`guest ${k}`, group(v)] as [string, string]),
    ['host', `${s.hostSeconds.toFixed(3)} s, ${s.mips.toFixed(1)} MIPS`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n';
}

function vectorList(v: VectorCounts): string {
  const entries = Object.entries(v.byVector);
  return entries.length ? ' [' + entries.map(([vec, n]) => `${vec}: ${group(n)}`).join(', ') + ']' : '';
}

function diskLine(d: DiskStats): string {
  return `${group(d.reads)} reads ${group(d.bytesRead)} B, ${group(d.writes)} writes ${group(d.bytesWritten)} B`;
}

function kernelRows(k: KernelStats): [string, string][] {
  return [
    ['kernel switches', `${group(k.contextSwitches.voluntary)} voluntary, ${group(k.contextSwitches.involuntary)} involuntary`],
    ['kernel entries', `syscall ${group(k.entries.syscall)}, irq ${group(k.entries.irq)}, exception ${group(k.entries.exception)}`],
    ['kernel', `${group(k.syscalls)} syscalls, ${group(k.forks)} forks, ${group(k.pageFaults)} page faults, ${group(k.ticks)} ticks`],
  ];
}
