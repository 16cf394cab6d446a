// `npm run bench`: measured figures, printed as a markdown table (for
// docs/perf.md) or, with --json, as JSON. Not a test: it asserts nothing but
// that the programs ran correctly, and it takes as long as it takes.
//
//   npm run bench                 all suites, 5 runs each (the median is reported)
//   npm run bench -- --json       the same figures as JSON
//   npm run bench -- --runs 3     fewer runs
//
// Progress goes to stderr, results to stdout.

import './v8-flags.ts';
import { hostDescription } from './measure.ts';
import { runKernelSuite, type BootFigures, type KernelRow } from './kernel-suite.ts';
import { runMachineSuite, type MachineRow } from './machine-suite.ts';

const args = process.argv.slice(2);
const json = args.includes('--json');
const runsIndex = args.indexOf('--runs');
const runs = runsIndex >= 0 ? Number(args[runsIndex + 1]) : 5;
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write('bench: --runs takes a whole number >= 1\n');
  process.exit(2);
}
const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);

const host = hostDescription();
const machine = await runMachineSuite(runs, progress);
const kernel = await runKernelSuite(progress);

if (json) {
  process.stdout.write(JSON.stringify({ host, runs, machine, kernel }, null, 2) + '\n');
} else {
  process.stdout.write(machineTable(machine, host, runs) + '\n' + kernelTable(kernel.rows, kernel.boot));
}

function kernelTable(rows: KernelRow[], boot: BootFigures): string {
  const fmt = (n: number, digits = 2) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return [
    '| kernel operation | cycles/op | switches/op | µs at 700 MHz | host Linux µs |',
    '|---|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.program} (${r.what}) | ${fmt(r.cyclesPerOp, 1)} | ${r.switchesPerOp} | ${fmt(r.emulatedMicros)} | ${r.hostLinuxMicros === null ? 'n/a' : fmt(r.hostLinuxMicros, 3)} |`),
    '',
    `Boot to a shell command (ROM, diskette load, kernel, init, sh): ${boot.cycles.toLocaleString('en-US')} cycles `
      + `(${(boot.cycles / 700e6).toFixed(2)} emulated s, ${boot.idleCycles.toLocaleString('en-US')} of them idle), `
      + `${boot.hostSeconds.toFixed(2)} host s.`,
  ].join('\n') + '\n';
}

function machineTable(rows: MachineRow[], hostText: string, runCount: number): string {
  const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const lines = [
    `Machine: ${hostText}; median of ${runCount} runs.`,
    '',
    '| program | instructions | cycles | TLB misses | host s | MIPS | native s | slowdown |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.program} | ${r.instructions.toLocaleString('en-US')} | ${r.cycles.toLocaleString('en-US')} | ${r.tlbMisses.toLocaleString('en-US')} | ${fmt(r.emulatedSeconds, 3)} | ${fmt(r.mips)} | ${fmt(r.nativeSeconds, 4)} | ${fmt(r.slowdown)}x |`),
  ];
  return lines.join('\n') + '\n';
}
