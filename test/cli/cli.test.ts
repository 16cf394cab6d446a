// The command line as a user meets it: exit statuses, console output, and one
// clear line (never a stack trace) for every kind of bad input.

import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPcap } from '../devices/pcap-reader.ts';
import { runCli, scratchDir, writeProgram } from './cli-harness.ts';

let dir: string;
beforeAll(() => { dir = scratchDir(); });

function expectOneLineError(stderr: string, pattern: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /); // no stack frames
}

describe('switchless asm / run / objdump', () => {
  it('assembles and runs hello.s, printing its greeting and exiting 0', () => {
    const elf = join(dir, 'hello.elf');
    expect(runCli(['asm', 'examples/hello.s', '-o', elf]).status).toBe(0);
    const run = runCli(['run', elf]);
    expect(run.stdout).toBe('Hello, world!\n');
    expect(run.status).toBe(0);
  });

  it('exits with the status the guest writes to the debug-exit port', () => {
    const elf = writeProgram(dir, 'status.elf', `
      _start: mov eax, 42
              mov edx, 0x500
              out dx, eax
              hlt`);
    expect(runCli(['run', elf]).status).toBe(42);
  });

  it('objdump shows symbols and disassembly', () => {
    const elf = join(dir, 'primes.elf');
    expect(runCli(['asm', 'examples/primes.s', '-o', elf]).status).toBe(0);
    const dump = runCli(['objdump', elf]);
    expect(dump.status).toBe(0);
    expect(dump.stdout).toMatch(/^00100000 <_start>:/m);
    expect(dump.stdout).toMatch(/call\s+0x[0-9a-f]+ <\w+>/);
  });
});

describe('bad input gets one clear line', () => {
  it('a missing file', () => {
    const r = runCli(['run', join(dir, 'nope.elf')]);
    expect(r.status).toBe(1);
    expectOneLineError(r.stderr, /^switchless: .*nope\.elf: no such file$/);
  });

  it('a truncated ELF', () => {
    const elf = readFileSync(join(dir, 'hello.elf'));
    const cut = join(dir, 'cut.elf');
    writeFileSync(cut, elf.subarray(0, 40));
    const r = runCli(['run', cut]);
    expect(r.status).toBe(1);
    expectOneLineError(r.stderr, /^switchless: .*cut\.elf: .*(truncated|too short|header)/);
  });

  it('a file that is not an ELF', () => {
    const r = runCli(['run', 'examples/hello.s']);
    expect(r.status).toBe(1);
    expectOneLineError(r.stderr, /^switchless: examples\/hello\.s: not an ELF file/);
  });

  it('assembler errors name file:line, and no output is written', () => {
    const source = join(dir, 'bad.s');
    writeFileSync(source, '_start:\n  mov eax, 1\n  movz eax, ebx\n');
    const out = join(dir, 'bad.elf');
    const r = runCli(['asm', source, '-o', out]);
    expect(r.status).toBe(1);
    expectOneLineError(r.stderr, new RegExp(`^switchless: ${source.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: .*movz`));
    expect(existsSync(out)).toBe(false);
  });

  it('an unknown flag and an unknown command', () => {
    const flag = runCli(['run', '--bogus', 'x.elf']);
    expect(flag.status).toBe(2);
    expectOneLineError(flag.stderr, /unknown option '--bogus'/);
    const command = runCli(['frobnicate']);
    expect(command.status).toBe(2);
    expectOneLineError(command.stderr, /unknown command 'frobnicate'/);
  });

  it('a bad option value', () => {
    const r = runCli(['run', join(dir, 'hello.elf'), '--mem', 'lots']);
    expect(r.status).toBe(1);
    expectOneLineError(r.stderr, /^switchless: --mem: expected a number/);
  });

  it('a reached cycle limit names the eip and its symbol', () => {
    const elf = writeProgram(dir, 'spin.elf', `
      _start: nop
      spin:   jmp spin`);
    const r = runCli(['run', elf, '--max-cycles', '1000']);
    expect(r.status).toBe(124);
    expectOneLineError(r.stderr, /^switchless: cycle limit of 1000 reached at eip 0x00100001 <spin>$/);
  });

  it('a triple fault names the eip', () => {
    // An IDT with no gates: #UD cannot be delivered (#GP), nor can #GP (#DF), nor #DF.
    const elf = writeProgram(dir, 'triple.elf', `
      _start: lidt [empty_idt]
      boom:   ud2
      .data
      empty_idt: .word 0
                 .long 0`);
    const r = runCli(['run', elf]);
    expect(r.status).toBe(125);
    expectOneLineError(r.stderr, /^switchless: triple fault at eip 0x[0-9a-f]{8} <boom>/);
  });
});

describe('statistics and traces', () => {
  it('--stats-json has the documented keys and exact counts', () => {
    const json = join(dir, 'stats.json');
    const r = runCli(['run', join(dir, 'hello.elf'), '--stats-json', json]);
    expect(r.status).toBe(0);
    const stats = JSON.parse(readFileSync(json, 'utf8'));
    for (const key of ['cycles', 'instructions', 'hostSeconds', 'mips', 'userCycles', 'kernelCycles', 'idleCycles',
      'modeSwitches', 'interrupts', 'exceptions', 'tlb', 'cr3Loads', 'disk', 'net']) {
      expect(stats).toHaveProperty(key);
    }
    expect(stats.cycles).toBe(stats.userCycles + stats.kernelCycles + stats.idleCycles);
    expect(stats.userCycles).toBe(0);
    expect(stats.exit).toEqual({ reason: 'exit', status: 0, eip: expect.any(Number) });
  });

  it('two runs give identical stats (but host time) and identical traces', () => {
    const outputs = [1, 2].map((n) => {
      const stats = join(dir, `det${n}.json`);
      const trace = join(dir, `det${n}.txt`);
      const r = runCli(['run', join(dir, 'primes.elf'), '--stats-json', stats, '--trace', 'all', '--trace-file', trace]);
      expect(r.status).toBe(0);
      const { hostSeconds: _h, mips: _m, ...rest } = JSON.parse(readFileSync(stats, 'utf8'));
      return { stats: rest, trace: readFileSync(trace, 'utf8') };
    });
    expect(outputs[1].stats).toEqual(outputs[0].stats);
    expect(outputs[1].trace).toBe(outputs[0].trace);
    expect(outputs[0].trace).toMatch(/^\[\s+0\] k 0x00100000 <_start>/m);
  });

  it('tracing does not change timing', () => {
    const plain = join(dir, 'plain.json');
    const traced = join(dir, 'traced.json');
    runCli(['run', join(dir, 'primes.elf'), '--stats-json', plain]);
    runCli(['run', join(dir, 'primes.elf'), '--stats-json', traced, '--trace', 'all', '--trace-file', join(dir, 't.txt')]);
    const a = JSON.parse(readFileSync(plain, 'utf8'));
    const b = JSON.parse(readFileSync(traced, 'utf8'));
    expect([b.cycles, b.instructions]).toEqual([a.cycles, a.instructions]);
  });

  it('--profile prints cycles by function and puts them in --stats-json, every cycle once', () => {
    const stats = join(dir, 'profiled.json');
    const r = runCli(['run', join(dir, 'primes.elf'), '--profile', '--stats-json', stats]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^profile: cycles by function/m);
    const parsed = JSON.parse(readFileSync(stats, 'utf8'));
    const self = parsed.profile.reduce((n: number, row: { selfCycles: number }) => n + row.selfCycles, 0);
    expect(self).toBe(parsed.cycles);
  });

  it('a .json trace file is Chrome Trace Event JSON with a cpu track', () => {
    const trace = join(dir, 'primes.trace.json');
    expect(runCli(['run', join(dir, 'primes.elf'), '--trace-file', trace]).status).toBe(0);
    const parsed = JSON.parse(readFileSync(trace, 'utf8'));
    const spans = parsed.traceEvents.filter((e: { ph: string }) => e.ph === 'X');
    expect(spans.length).toBeGreaterThan(0);
    expect(spans.find((e: { tid: number }) => e.tid === 1)).toMatchObject({ name: 'kernel', ts: 0, pid: 1, tid: 1 });
    // 'all' includes calls: the program's functions have a track of their own
    expect(spans.some((e: { name: string; tid: number }) => e.tid >= 1000 && e.name === 'is_prime')).toBe(true);
  });
});

describe('switchless boot', () => {
  it('the boot ROM loads a bare program from the boot disk; it echoes scripted input and powers off', () => {
    const elf = join(dir, 'echo.elf');
    expect(runCli(['asm', 'examples/echo.s', '-o', elf]).status).toBe(0);
    const r = runCli(['boot', '--kernel', elf, '--input', 'hi\\r\\x04']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('switchless boot ROM\nboot: starting kernel\n'
      + 'switchless: echo demo. Type something; Ctrl-D powers off.\nhi\n\npower off\n');
  });

  it('boot --exec runs one command line in the kernel and exits with its status', () => {
    const ok = runCli(['boot', '--exec', 'echo hello | cat']);
    expect(ok.stdout).toBe('switchless boot ROM\nboot: starting kernel\nhello\n');
    expect(ok.status).toBe(0);
    expect(runCli(['boot', '--exec', 'true && false']).status).toBe(1);
    expect(runCli(['boot', '--exec', 'no-such-program']).status).toBe(127);
  });

  it('--stats-json of a kernel run has the kernel section, agreeing with the CPU counters', () => {
    const stats = join(dir, 'kernel.json');
    expect(runCli(['boot', '--exec', 'lat_ctx 20', '--stats-json', stats]).status).toBe(0);
    const s = JSON.parse(readFileSync(stats, 'utf8'));
    expect(s.kernel.contextSwitches.involuntary).toBe(0);
    expect(s.kernel.contextSwitches.voluntary).toBeGreaterThanOrEqual(40);
    expect(s.kernel.entries.syscall).toBe(s.modeSwitches.syscall);
    expect(s.kernel.processes.map((p: { name: string }) => p.name)).toContain('lat_ctx');
  });

  it('boot --profile names kernel functions and each user program\'s own, every cycle once', () => {
    const stats = join(dir, 'kernel-profile.json');
    const plain = join(dir, 'kernel-plain.json');
    expect(runCli(['boot', '--exec', 'ls /www', '--profile', '--stats-json', stats]).status).toBe(0);
    expect(runCli(['boot', '--exec', 'ls /www', '--stats-json', plain]).status).toBe(0);
    const s = JSON.parse(readFileSync(stats, 'utf8'));
    const rows = new Map<string, { calls: number; selfCycles: number }>(
      s.profile.map((r: { function: string; calls: number; selfCycles: number }) => [r.function, r]));
    expect(rows.get('ls: ls.main')?.calls).toBe(1);
    expect(rows.get('sh: main')?.calls).toBe(1); // sh exports main: its label
    expect(rows.get('kmain')?.calls).toBe(1);
    expect(rows.get('(idle)')!.selfCycles).toBe(s.idleCycles); // from each hlt's retirement to the wake-up
    expect(s.profile.reduce((n: number, r: { selfCycles: number }) => n + r.selfCycles, 0)).toBe(s.cycles);
    expect(s.cycles).toBe(JSON.parse(readFileSync(plain, 'utf8')).cycles);
  });

  it('a boot trace with calls has a function track per process, named by its program', () => {
    const trace = join(dir, 'boot-calls.json');
    expect(runCli(['boot', '--exec', 'ls /www', '--trace', 'call', '--trace-file', trace]).status).toBe(0);
    const events = JSON.parse(readFileSync(trace, 'utf8')).traceEvents as { ph: string; tid: number; name: string; args?: { name: string } }[];
    const track = events.filter((e) => e.ph === 'M' && /^functions \(ring 3, cr3 0x[0-9a-f]+: ls\)$/.test(e.args?.name ?? '')).pop();
    expect(track).toBeDefined();
    expect(events.some((e) => e.ph === 'X' && e.tid === track!.tid && e.name === 'ls: ls.main')).toBe(true);
  });

  it('a boot disk without an ELF is refused by the firmware with status 0xFE', () => {
    const disk = join(dir, 'blank.img');
    writeFileSync(disk, new Uint8Array(512 * 16));
    const r = runCli(['boot', '--boot-disk', disk]);
    expect(r.status).toBe(0xfe);
    expect(r.stdout).toContain('boot: boot disk holds no valid ELF32 executable');
  });
});

describe('the network adapter from guest code', () => {
  it('a guest driver wraps the transmit ring, gets its frames back by loopback, and --pcap records both directions', () => {
    const elf = join(dir, 'nic.elf');
    expect(runCli(['asm', 'examples/nic-loopback.s', '-o', elf]).status).toBe(0);
    const pcap = join(dir, 'frames.pcap');
    const stats = join(dir, 'nic.json');
    const r = runCli(['run', elf, '--net', 'loopback', '--pcap', pcap, '--stats-json', stats]);
    expect(r.status).toBe(6);
    const capture = readPcap(new Uint8Array(readFileSync(pcap)));
    expect(capture.linkType).toBe(1);
    expect(capture.records).toHaveLength(12);
    // Each frame appears twice (sent, then received back), numbered by its first payload byte.
    expect(capture.records.map((rec) => rec.data[14]).sort()).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    const times = capture.records.map((rec) => rec.seconds * 1e6 + rec.fraction);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(JSON.parse(readFileSync(stats, 'utf8')).net).toEqual({ txFrames: 6, txBytes: 360, rxFrames: 6, rxBytes: 360, rxDropped: 0 });
  });

  it('with the null backend frames vanish and nothing comes back', () => {
    const r = runCli(['run', join(dir, 'nic.elf'), '--net', 'null', '--max-cycles', '2000000']);
    expect(r.status).toBe(124);
  });
});

describe('a user program of your own under the kernel', () => {
  it('cc --target user, then boot --program ... --exec runs it and passes its exit status', () => {
    const source = join(process.cwd(), `cli-test-prog-${process.pid}.ts`);
    writeFileSync(source, `import { args, print } from "./userland/lib/libc";
export function main(): i32 {
  print("hello, " + (args().length > 1 ? args()[1] : "world") + "\\n");
  return 3;
}
`);
    try {
      const elf = join(dir, 'myprog.elf');
      const cc = runCli(['cc', source, '--target', 'user', '-o', elf, '--emit-asm']);
      expect(cc.stderr).toBe('');
      expect(cc.status).toBe(0);
      // the listing names the program's functions with their wasm offsets and the system-call stubs
      const listing = readFileSync(join(dir, 'myprog.asm'), 'utf8');
      expect(listing).toMatch(/; ==== \S*main \(wasm function \d+, code offset 0x[0-9a-f]+\) ====/);
      expect(listing).toContain('int 0x80');
      const r = runCli(['boot', '--program', elf, '--exec', 'myprog guest']);
      expect(r.stdout).toBe('switchless boot ROM\nboot: starting kernel\nhello, guest\n');
      expect(r.status).toBe(3);
    } finally {
      rmSync(source);
    }
  });

  it('a program that is not a tx86 ELF is refused in one line', () => {
    const r = runCli(['boot', '--program', 'examples/hello.s', '--exec', 'true']);
    expect(r.status).toBe(1);
    expectOneLineError(r.stderr, /^switchless: hello\.s: not an ELF file/);
  });
});
