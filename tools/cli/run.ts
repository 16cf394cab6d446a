// `switchless run PROGRAM.elf` and `switchless boot`: build a machine from the
// command line's options, run it, report.
//
//   run    host-loads an ELF onto the bare machine (ring 0, paging off) and starts it
//   boot   resets into the boot ROM, which loads the ELF on the boot disk (the
//          kernel by default); --exec "CMD" boots the kernel to run one command
//
// Shared options: --max-cycles --trace --trace-file --stats --stats-json --profile --annotate --mem
// --clock --input --disk --snapshot --net --pcap. The console is the terminal
// for `boot` (interactive, raw mode) and stdout for `run` (or for `boot --input`).
//
// The fixed disk, as QEMU's -hda and -snapshot:
//   boot                    the build's default image (build/disk.img), copy-on-write:
//                           the guest may write, the file never changes
//   --disk IMG              IMG read-write: the guest's writes reach the file
//   --disk IMG --snapshot   IMG copy-on-write: writes are kept in memory and dropped
//   boot --no-disk          no fixed disk (the kernel runs from its ramdisk)
// `run` attaches a fixed disk only when given --disk.
// The exit status is the guest's debug-exit status; a run that ends any other
// way prints one line naming the eip and exits with 124 (cycle limit),
// 125 (triple fault) or 126 (halted forever).

import { createWriteStream, existsSync, readFileSync, writeFileSync, type WriteStream } from 'node:fs';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { openDiskImage } from '../../emu/backends/file-disk.ts';
import { MemoryBlockBackend } from '../../emu/backends/memory-disk.ts';
import { LoopbackNet } from '../../emu/backends/loopback-net.ts';
import { NullNet } from '../../emu/backends/null-net.ts';
import { PcapWriter } from '../../emu/backends/pcap-writer.ts';
import { StdoutConsole } from '../../emu/backends/stdout-console.ts';
import { TerminalConsole } from '../../emu/backends/terminal-console.ts';
import type { BlockBackend } from '../../emu/devices/disk.ts';
import type { NetBackend } from '../../emu/devices/nic.ts';
import type { ConsoleBackend } from '../../emu/devices/uart.ts';
import { DEFAULT_CLOCK_MHZ, DEFAULT_RAM_MIB, Machine, MAX_RAM_MIB } from '../../emu/machine/machine.ts';
import { formatStatsTable } from '../../emu/stats/report.ts';
import { ChromeTraceSink } from '../../emu/trace/chrome-sink.ts';
import { parseCategories, type TraceSink } from '../../emu/trace/events.ts';
import { AddressSpaces } from '../../emu/trace/address-spaces.ts';
import { AnnotateSink, formatAnnotation } from '../../emu/trace/annotate-sink.ts';
import { formatProfile, ProfileSink } from '../../emu/trace/profile-sink.ts';
import { TextTraceSink } from '../../emu/trace/text-sink.ts';
import { UserError } from '../../emu/user-error.ts';
import { readElf } from '../elf/read.ts';
import { Symbolizer } from '../elf/symbolizer.ts';
import { BOOTROM_IMAGE, DEFAULT_BOOT_DISK, DEFAULT_DISK_IMAGE, KERNEL_ELF, USERLAND_BUILD_DIR } from '../build/artifacts.ts';
import { bootDiskImage } from '../build/bootdisk.ts';
import { withBootCommand, withExtraPrograms } from '../kernel/image.ts';
import { machineTraceContext } from './trace-context.ts';
import { parseNumberOption, readInputFile } from './input-files.ts';

interface MachineFlags {
  maxCycles?: string;
  trace?: string;
  traceFile?: string;
  stats?: boolean;
  statsJson?: string;
  profile?: boolean;
  annotate?: string;
  mem: string;
  clock: string;
  input?: string;
  /** An image path; false for --no-disk (boot only); undefined for the command's default. */
  disk?: string | false;
  snapshot?: boolean;
  pcap?: string;
  net: string;
}

const EXIT_CODES = { 'cycle-limit': 124, 'triple-fault': 125, 'halted-forever': 126 } as const;

/** `defaultDisk`: the command attaches the build's disk image when not given --disk (boot). */
function addMachineOptions(command: Command, defaultDisk: boolean): Command {
  return command
    .option('--max-cycles <n>', 'stop after this many emulated cycles')
    .option('--trace <categories>', 'trace categories: insn,call,mode,intr,mmu,dev,mark or all')
    .option('--trace-file <file>', 'write the trace here (.json: Chrome/Perfetto format; else text); default stderr')
    .option('--stats', 'print statistics at exit')
    .option('--stats-json <file>', 'write statistics as JSON')
    .option('--profile', 'print cycles by function at exit (traces every call: slower on the host, same cycles)')
    .option('--annotate <function>', 'print that function\'s instructions with their counts and cycles at exit')
    .option('--mem <MiB>', 'RAM size in MiB', String(DEFAULT_RAM_MIB))
    .option('--clock <MHz>', 'clock rate for converting cycles to seconds', String(DEFAULT_CLOCK_MHZ))
    .option('--input <text>', 'scripted console input, one byte every 10,000 cycles (\\n for newline)')
    .option('--disk <image>', 'fixed disk image file, attached read-write'
      + (defaultDisk ? ` (default: ${DEFAULT_DISK_IMAGE}, copy-on-write)` : ''))
    .option('--snapshot', 'with --disk: keep the guest\'s writes in memory, leaving the image file as it was')
    .option('--net <backend>', 'network backend: null (frames vanish) or loopback (sent frames come back)', 'null')
    .option('--pcap <file>', 'write every network frame to a pcap file');
}

export function registerRun(program: Command): void {
  addMachineOptions(program.command('run'), false)
    .description('load an ELF program onto the bare machine (ring 0, paging off) and run it')
    .argument('<program>', 'ELF executable')
    .action(async (file: string, flags: MachineFlags) => {
      const elf = readInputFile(file);
      const symbols = new Symbolizer(readElf(elf, file).symbols);
      await runMachine(flags, {
        symbols,
        interactive: flags.input === undefined && process.stdin.isTTY === true,
        disk: fixedDisk(flags, false),
        prepare: (m) => m.loadProgram(elf, file),
      });
    });

  addMachineOptions(program.command('boot'), true)
    .description('boot the machine: the boot ROM loads the kernel (or any ELF) from the boot disk')
    .option('--boot-disk <image>', 'boot disk image (default: the build\'s, holding the kernel)')
    .option('--kernel <elf>', 'boot this ELF (written to a boot disk in memory)')
    .option('--exec <command>', 'run one shell command line in the guest, print its output, power off with its status')
    .option('--program <elf...>', 'add user programs (switchless cc --target user) to the kernel\'s ramdisk, named by file')
    .option('--no-disk', 'boot without a fixed disk (by default the build\'s disk image is attached copy-on-write)')
    .action(async (flags: MachineFlags & { bootDisk?: string; kernel?: string; exec?: string; program?: string[] }) => {
      let bootImage: Uint8Array;
      let symbols: Symbolizer | undefined;
      if (flags.kernel || flags.exec !== undefined || flags.program) {
        const path = flags.kernel ?? KERNEL_ELF;
        let elf = readInputFile(path);
        symbols = new Symbolizer(readElf(elf, path).symbols);
        if (flags.program) elf = withExtraPrograms(elf, userPrograms(flags.program));
        if (flags.exec !== undefined) elf = withBootCommand(elf, flags.exec);
        bootImage = bootDiskImage(elf);
      } else {
        bootImage = readInputFile(flags.bootDisk ?? DEFAULT_BOOT_DISK);
        symbols = kernelSymbolsFor(bootImage);
      }
      const rom = readInputFile(BOOTROM_IMAGE);
      const extra = flags.program ? userPrograms(flags.program) : {};
      await runMachine(flags, {
        symbols,
        userPrograms: (name) => extra[name] ?? builtUserProgram(name),
        rom,
        disk: fixedDisk(flags, true),
        bootDisk: new MemoryBlockBackend(bootImage, { label: 'boot disk' }),
        interactive: flags.input === undefined && flags.exec === undefined && process.stdin.isTTY === true,
        prepare: (m) => m.resetToRom(),
      });
    });
}

/** The build's ELF of a userland program (build/kernel/user/NAME.elf), if there is one. */
function builtUserProgram(name: string): Uint8Array | undefined {
  const file = join(USERLAND_BUILD_DIR, `${basename(name)}.elf`);
  return existsSync(file) ? readFileSync(file) : undefined;
}

/** Symbols of each program, read once; undefined for a program without an ELF or with a bad one. */
function userSymbolsLoader(elfOf: (name: string) => Uint8Array | undefined): (name: string) => Symbolizer | undefined {
  const cache = new Map<string, Symbolizer | undefined>();
  return (name) => {
    if (!cache.has(name)) {
      const elf = elfOf(name);
      let symbols: Symbolizer | undefined;
      try { symbols = elf ? new Symbolizer(readElf(elf, name).symbols) : undefined; } catch { symbols = undefined; }
      cache.set(name, symbols);
    }
    return cache.get(name);
  };
}

/** `--program dir/hello.elf` -> { hello: bytes }: the ramdisk name is the file name less .elf. */
function userPrograms(files: string[]): Record<string, Uint8Array> {
  return Object.fromEntries(files.map((file) => [basename(file).replace(/\.elf$/, ''), readInputFile(file)]));
}

/** Symbols for a trace of a boot disk that holds an ELF at sector 0 (as ours do), if it does. */
function kernelSymbolsFor(bootImage: Uint8Array): Symbolizer | undefined {
  try {
    return new Symbolizer(readElf(bootImage, 'boot disk').symbols);
  } catch {
    return undefined; // not an ELF: the firmware will say so
  }
}

/**
 * The fixed disk the flags ask for: --disk IMG read-write (copy-on-write with
 * --snapshot); otherwise, for `boot`, the build's default image copy-on-write
 * unless --no-disk (so --snapshot alone changes nothing); for `run`, none.
 */
function fixedDisk(flags: MachineFlags, bootDefault: boolean): BlockBackend | null {
  if (flags.disk === false) return null;
  if (flags.disk !== undefined) return openDiskImage(flags.disk, { snapshot: flags.snapshot === true });
  if (!bootDefault) return null;
  if (!existsSync(DEFAULT_DISK_IMAGE)) {
    throw new UserError(`the default disk image ${DEFAULT_DISK_IMAGE} is missing: build it with 'npm run build', or boot with --no-disk`);
  }
  return openDiskImage(DEFAULT_DISK_IMAGE, { snapshot: true });
}

interface RunPlan {
  symbols?: Symbolizer;
  /** User programs' ELFs by name (boot): their symbols name user code in traces and profiles. */
  userPrograms?: (name: string) => Uint8Array | undefined;
  rom?: Uint8Array;
  bootDisk?: MemoryBlockBackend;
  disk: BlockBackend | null;
  interactive: boolean;
  prepare(machine: Machine): void;
}

async function runMachine(flags: MachineFlags, plan: RunPlan): Promise<void> {
  const ramMiB = parseNumberOption('--mem', flags.mem, 1);
  if (ramMiB > MAX_RAM_MIB) throw new UserError(`--mem: at most ${MAX_RAM_MIB} MiB`);
  const clockMHz = parseNumberOption('--clock', flags.clock, 1);
  const maxCycles = flags.maxCycles === undefined ? undefined : BigInt(parseNumberOption('--max-cycles', flags.maxCycles, 1));
  const categories = parseCategories(flags.trace ?? (flags.traceFile ? 'all' : ''));

  let machine: Machine | undefined;
  const consoleBackend: ConsoleBackend = plan.interactive
    ? new TerminalConsole({ onQuit: () => { machine?.debugExit.write(0, 4, 0); } })
    : new StdoutConsole(process.stdout);
  const disk = plan.disk;
  const network = networkBackend(flags.net);
  const capture = flags.pcap ? PcapWriter.toFile(flags.pcap, { clockHz: clockMHz * 1e6 }) : undefined;

  let traceStream: WriteStream | undefined;
  const sinks: TraceSink[] = [];
  const spaces = plan.userPrograms ? new AddressSpaces() : undefined;
  const context = machineTraceContext(() => machine!, plan.symbols, clockMHz,
    spaces && plan.userPrograms ? { spaces, symbolsOf: userSymbolsLoader(plan.userPrograms) } : undefined);
  if (categories.size > 0 || flags.traceFile) {
    const write = flags.traceFile
      ? ((traceStream = createWriteStream(flags.traceFile)), (chunk: string) => { traceStream!.write(chunk); })
      : (chunk: string) => { process.stderr.write(chunk); };
    sinks.push(flags.traceFile?.endsWith('.json')
      ? new ChromeTraceSink(write, context)
      : new TextTraceSink(write, context, categories));
  }
  const profile = flags.profile ? new ProfileSink(context) : undefined;
  if (profile) sinks.push(profile);
  const annotate = flags.annotate !== undefined ? new AnnotateSink(context, flags.annotate) : undefined;
  if (annotate) sinks.push(annotate);
  // first, so that it has learned a process's address space before the others name its code
  if (spaces && sinks.length > 0) sinks.unshift(spaces);

  machine = await Machine.create({
    ramMiB, clockMHz, rom: plan.rom, console: consoleBackend, input: unescapeInput(flags.input),
    bootDisk: plan.bootDisk, disk, network, capture, trace: { categories, sinks },
  });
  plan.prepare(machine);

  const started = performance.now();
  let exit;
  try {
    exit = await machine.run({ maxCycles });
  } finally {
    consoleBackend.close?.();
    capture?.close();
    disk?.close();
  }
  const hostSeconds = (performance.now() - started) / 1000;
  if (traceStream) await new Promise<void>((resolve) => traceStream!.end(resolve));

  const stats = machine.stats(hostSeconds);
  if (flags.stats) process.stderr.write(formatStatsTable(stats));
  if (profile) process.stderr.write(formatProfile(profile.rows()));
  if (annotate) process.stderr.write(formatAnnotation(annotate));
  if (flags.statsJson) {
    const json = profile ? { ...stats, profile: profile.rows() } : stats;
    writeFileSync(flags.statsJson, JSON.stringify(json, null, 2) + '\n');
  }

  if (exit.reason === 'exit') {
    process.exitCode = exit.status;
    return;
  }
  const where = context.symbolize(exit.eip);
  const at = `eip 0x${(exit.eip >>> 0).toString(16).padStart(8, '0')}${where ? ` <${where}>` : ''}`;
  const message = {
    'cycle-limit': `cycle limit of ${maxCycles} reached at ${at}`,
    'triple-fault': `triple fault at ${at}: the machine has stopped`,
    'halted-forever': `the CPU halted with interrupts off (or nothing left to wake it) at ${at}`,
  }[exit.reason];
  process.stderr.write(`switchless: ${message}\n`);
  process.exitCode = EXIT_CODES[exit.reason];
}

function networkBackend(name: string): NetBackend {
  if (name === 'null') return new NullNet();
  if (name === 'loopback') return new LoopbackNet();
  throw new UserError(`--net: unknown backend '${name}' (choose null or loopback)`);
}

/** `--input 'ls\n'`: the common escapes, so scripts can type Enter and Ctrl-D. */
function unescapeInput(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  return text.replace(/\\(n|r|t|x[0-9a-fA-F]{2}|\\)/g, (_, e: string) =>
    e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === '\\' ? '\\' : String.fromCharCode(parseInt(e.slice(1), 16)));
}

