// Compiled programs seen by function (docs/machine.md §4.1): the call trace,
// the flat profile and the timeline's function track name the program's own
// functions, with exact call counts, and tracing leaves every cycle as it was.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryConsole } from '../../emu/backends/memory-console.ts';
import { Machine } from '../../emu/machine/machine.ts';
import { ChromeTraceSink } from '../../emu/trace/chrome-sink.ts';
import type { TraceCategory, TraceSink } from '../../emu/trace/events.ts';
import { AnnotateSink, formatAnnotation } from '../../emu/trace/annotate-sink.ts';
import { formatProfile, ProfileSink } from '../../emu/trace/profile-sink.ts';
import { TextTraceSink } from '../../emu/trace/text-sink.ts';
import { compileFile } from '../../tools/cc/compile.ts';
import { machineTraceContext } from '../../tools/cli/trace-context.ts';
import { readElf } from '../../tools/elf/read.ts';
import { Symbolizer } from '../../tools/elf/symbolizer.ts';

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'switchless-profile-'));
afterAll(() => fs.rmSync(DIR, { recursive: true, force: true }));

const FIB = `@external("bare", "putc") declare function putc(c: u32): void;
function fib(n: i32): i32 { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
export function main(): i32 { const s = (fib(15) + fib(15)).toString(); for (let i = 0; i < s.length; i++) putc(s.charCodeAt(i)); return 0; }
`;

async function run(elf: Uint8Array, sinks: (context: ReturnType<typeof machineTraceContext>) => TraceSink[],
  categories: TraceCategory[] = []) {
  let machine: Machine | undefined;
  const context = machineTraceContext(() => machine!, new Symbolizer(readElf(elf, 'fib.elf').symbols), 700);
  const attached = sinks(context);
  const console = new MemoryConsole();
  machine = await Machine.create({ console, ramMiB: 16, trace: { categories: new Set(categories), sinks: attached } });
  machine.loadProgram(elf, 'fib.elf');
  const exit = await machine.run({ maxCycles: 100_000_000n });
  return { exit, output: console.text(), cycles: Number(machine.core.counters().cycles), sinks: attached };
}

describe('functions of a compiled program', () => {
  it('the profile counts every call, charges every cycle once, and changes no cycle', async () => {
    const file = path.join(DIR, 'fib.ts');
    fs.writeFileSync(file, FIB);
    const { elf } = await compileFile(file);
    const plain = await run(elf, () => []);
    const profiled = await run(elf, (context) => [new ProfileSink(context)]);
    expect(profiled.output).toBe('1220'); // 2 * fib(15)
    expect(profiled.cycles).toBe(plain.cycles);

    const rows = (profiled.sinks[0] as ProfileSink).rows();
    const byName = new Map(rows.map((r) => [r.function, r]));
    const fibCalls = 2 * (2 * 987 - 1); // fib(n) makes 2 fib(n+1) - 1 calls; fib(16) = 987
    expect(byName.get('fib.fib')?.calls).toBe(fibCalls);
    expect(byName.get('fib.main')?.calls).toBe(1);
    expect(rows.reduce((n, r) => n + r.selfCycles, 0)).toBe(plain.cycles);
    // main's total holds its own cycles and those of what it calls; fib's, counted
    // once per outermost call however deep it recurses, is all its own
    const main = byName.get('fib.main')!, fib = byName.get('fib.fib')!, itoa = byName.get('lib.util.number.itoa32')!;
    expect(main.totalCycles).toBe(main.selfCycles + fib.totalCycles + itoa.totalCycles);
    expect(fib.totalCycles).toBe(fib.selfCycles);
    expect(formatProfile(rows)).toMatch(/^ +[\d,]+ +[\d.]+ +3,946 +[\d,]+  fib\.fib$/m);
  }, 60_000);

  it('--annotate counts each instruction of a function and its cycles, which add up to its self cycles', async () => {
    const file = path.join(DIR, 'fib3.ts');
    fs.writeFileSync(file, FIB);
    const { elf } = await compileFile(file);
    const plain = await run(elf, () => []);
    const traced = await run(elf, (context) => [new ProfileSink(context), new AnnotateSink(context, 'fib3.fib')]);
    expect(traced.cycles).toBe(plain.cycles);
    const [profile, annotate] = traced.sinks as [ProfileSink, AnnotateSink];
    const fib = profile.rows().find((r) => r.function === 'fib3.fib')!;
    const lines = [...annotate.lines.values()];
    expect(lines.reduce((n, l) => n + l.cycles, 0)).toBe(fib.selfCycles);
    expect(annotate.lines.get(Math.min(...annotate.lines.keys()))!.count).toBe(fib.calls); // the entry runs once a call
    const listing = formatAnnotation(annotate);
    expect(listing).toMatch(/^annotate: fib3\.fib: [\d,]+ cycles in its own instructions$/m);
    expect(listing).toMatch(/^ +3,946 +[\d,]+ +[\d.]+  [0-9a-f]{8}  ret 0x4$/m);
    expect(formatAnnotation(new AnnotateSink(annotate.context, 'nowhere'))).toMatch(/^annotate: nowhere never ran/);
  }, 60_000);

  it('the text trace of calls is a function graph: each ret under its call, with the cycles between', async () => {
    const file = path.join(DIR, 'fib4.ts');
    fs.writeFileSync(file, FIB);
    const { elf } = await compileFile(file);
    let text = '';
    await run(elf, (context) => [new TextTraceSink((line) => { text += line; }, context, new Set(['call']))], ['call']);
    const lines = text.trimEnd().split('\n');
    const calls = lines.filter((l) => /<fib4\.fib> from/.test(l));
    const rets = lines.filter((l) => /\} fib4\.fib: \d+ cycles$/.test(l));
    expect(calls).toHaveLength(3946);
    expect(rets).toHaveLength(3946);
    // fib(1) or fib(0): a call and its ret on consecutive lines, at the same depth, the ret naming the cycles between
    const at = lines.findIndex((l, i) => /<fib4\.fib> from/.test(l) && /^\[\s*\d+\] ret/.test(lines[i + 1] ?? ''));
    const [call, ret] = [lines[at], lines[at + 1]];
    const cycle = (l: string) => BigInt(/^\[\s*(\d+)\]/.exec(l)![1]);
    const indent = (l: string) => /^\[\s*\d+\] \w+ +/.exec(l)![0].length;
    expect(indent(ret)).toBe(indent(call));
    expect(ret).toMatch(new RegExp(`\\} fib4\\.fib: ${cycle(ret) - cycle(call)} cycles$`));
  }, 60_000);

  it('the Perfetto timeline has a function track with one nested span per call', async () => {
    const file = path.join(DIR, 'fib2.ts');
    fs.writeFileSync(file, FIB);
    const { elf } = await compileFile(file);
    let json = '';
    const traced = await run(elf, (context) => [new ChromeTraceSink((chunk) => { json += chunk; }, context)], ['call']);
    expect(traced.exit.reason).toBe('exit');
    const events = JSON.parse(json).traceEvents as { name: string; ph: string; tid: number; ts: number; dur: number; args?: { name: string } }[];
    const track = events.find((e) => e.ph === 'M' && e.args?.name === 'functions (ring 0)');
    expect(track).toBeDefined();
    const spans = events.filter((e) => e.ph === 'X' && e.tid === track!.tid);
    const fibs = spans.filter((s) => s.name === 'fib2.fib');
    expect(fibs).toHaveLength(3946);
    const main = spans.find((s) => s.name === 'fib2.main')!;
    for (const f of fibs) {
      expect(f.ts).toBeGreaterThanOrEqual(main.ts);
      expect(f.ts + f.dur).toBeLessThanOrEqual(main.ts + main.dur + 1e-9);
    }
  }, 60_000);
});
