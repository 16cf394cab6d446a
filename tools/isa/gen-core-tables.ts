// Generates emu/core/generated/opcodes.ts, the decode tables of the wasm core,
// from the one opcode table (tools/isa/opcodes.ts).
//
//   generateCoreTables(): string    the file's text (tests compare it with the
//                                   committed file)
//   writeCoreTables(): Promise<string>  writes the file (if changed), returns its path
//   npx tsx tools/isa/gen-core-tables.ts   does the same from the command line
//
// The generated file holds, per first byte, one u32 of decode facts (see the
// INFO_* comment it carries) and a named constant per opcode, so that the
// core's executor reads `case OP_ADD_RM32_R32:`. Entries that cover several
// bytes (the +r forms, and the j/set/cmov condition families) are executed by
// one case: the info word names that case's opcode ("handler").

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONDITIONS, CONTROL_REGS, OPCODES, encodingOf, opcodeAt, type Encoding, type Opcode } from './opcodes.ts';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CORE_TABLES_PATH = join(REPO, 'emu', 'core', 'generated', 'opcodes.ts');

const SHAPES: Encoding['modrm'][] = ['none', 'reg+rm', 'reg+mem', 'rm', 'mem', 'cr'];
const RM_ACCESS = ['none', 'read', 'write', 'rmw'] as const;
const CONDITION_PREFIXES = ['j', 'set', 'cmov'];

function hex(n: number, digits = 2): string {
  return '0x' + n.toString(16).toUpperCase().padStart(digits, '0');
}

/** OP_<MNEMONIC>_<OPERANDS>, e.g. OP_ADD_RM32_R32, OP_REP_MOVSB, OP_MOV_CR_R32. */
export function opcodeConstantName(op: Opcode): string {
  const parts = [op.mnemonic.replace(/ /g, '_'), ...op.operands];
  return 'OP_' + parts.join('_').toUpperCase();
}

/** The condition-code family of a j/set/cmov entry, or null. */
function conditionFamily(op: Opcode): string | null {
  if (op.mnemonic === 'jmp') return null;
  for (const prefix of CONDITION_PREFIXES) {
    if (!op.mnemonic.startsWith(prefix)) continue;
    const cc = op.mnemonic.slice(prefix.length);
    if (CONDITIONS.some((c) => c.name === cc) && (op.opcode & 0x0f) === CONDITIONS.findIndex((c) => c.name === cc)) {
      return prefix;
    }
  }
  return null;
}

/** The opcode of the case that executes this entry: the family base for condition families. */
function handlerOf(op: Opcode): number {
  return conditionFamily(op) ? op.opcode & 0xf0 : op.opcode;
}

function infoWord(byte: number): number {
  const op = opcodeAt(byte);
  if (!op) return 0;
  const enc = encodingOf(op);
  const immCode = { 0: 0, 1: 1, 2: 2, 4: 3 }[enc.immBytes];
  let w = 1;
  w |= SHAPES.indexOf(enc.modrm) << 1;
  w |= immCode << 4;
  if (enc.immSigned) w |= 1 << 6;
  if (enc.relative) w |= 1 << 7;
  w |= RM_ACCESS.indexOf(op.rm) << 8;
  if (op.privileged) w |= 1 << 10;
  if (op.plusReg) w |= 1 << 11;
  if (conditionFamily(op)) w |= 1 << 12;
  if (op.cycles > 255) throw new Error(`opcode table: ${op.mnemonic} costs more than 255 cycles`);
  w |= op.cycles << 16;
  w |= handlerOf(op) << 24;
  return w >>> 0;
}

export function generateCoreTables(): string {
  const out: string[] = [];
  out.push('// generated from tools/isa/opcodes.ts by tools/isa/gen-core-tables.ts — do not edit');
  out.push('//');
  out.push('// Decode facts for the wasm core, one u32 per first byte (OPCODE_INFO), and a');
  out.push('// named constant per opcode-table entry. A +r entry is executed by the case of');
  out.push('// its base opcode; a j/set/cmov condition family by the case of its cc = 0 entry');
  out.push('// (OP_JCC_REL8 and friends); INFO_HANDLER gives that case opcode for each byte.');
  out.push('//');
  out.push('//  31      24 23      16 15  13 12  11  10  9   8  7   6   5  4  3     1  0');
  out.push('// +----------+----------+------+---+---+---+------+---+---+-----+-------+---+');
  out.push('// | handler  |  cycles  |  0   |cc |+r |prv|  rm  |rel|sgn| imm | shape |def|');
  out.push('// +----------+----------+------+---+---+---+------+---+---+-----+-------+---+');
  out.push('//  shape: 0 none, 1 reg+rm, 2 reg+mem, 3 rm, 4 mem, 5 cr (tools/isa/opcodes.ts Encoding)');
  out.push('//  imm:   0, 1, 2 or 4 bytes (codes 0-3)        rm: 0 none, 1 read, 2 write, 3 rmw');
  out.push('');
  out.push('export const INFO_DEFINED: u32 = 1;');
  out.push('export const INFO_SHAPE_SHIFT: u32 = 1;');
  out.push('export const INFO_SHAPE_MASK: u32 = 7;');
  out.push('export const INFO_IMM_SHIFT: u32 = 4;');
  out.push('export const INFO_IMM_MASK: u32 = 3;');
  out.push('export const INFO_IMM_SIGNED: u32 = 1 << 6;');
  out.push('export const INFO_RELATIVE: u32 = 1 << 7;');
  out.push('export const INFO_RM_SHIFT: u32 = 8;');
  out.push('export const INFO_RM_MASK: u32 = 3;');
  out.push('export const INFO_PRIVILEGED: u32 = 1 << 10;');
  out.push('export const INFO_PLUS_REG: u32 = 1 << 11;');
  out.push('export const INFO_CONDITION: u32 = 1 << 12;');
  out.push('export const INFO_CYCLES_SHIFT: u32 = 16;');
  out.push('export const INFO_HANDLER_SHIFT: u32 = 24;');
  out.push('');
  SHAPES.forEach((s, i) => out.push(`export const SHAPE_${s.replace('+', '_').toUpperCase()}: u32 = ${i};`));
  RM_ACCESS.forEach((s, i) => out.push(`export const RM_${s.toUpperCase()}: u32 = ${i};`));
  const crMask = CONTROL_REGS.reduce((m, name, i) => (name ? m | (1 << i) : m), 0);
  out.push(`/** Bit n set: control register n exists (others are #UD). */`);
  out.push(`export const CONTROL_REG_MASK: u32 = ${hex(crMask)};`);
  out.push('');

  const names = new Set<string>();
  for (const op of OPCODES) {
    const name = opcodeConstantName(op);
    if (names.has(name)) throw new Error(`opcode table: two entries are both named ${name}`);
    names.add(name);
    const span = op.plusReg ? ` (+r: ${hex(op.opcode)}-${hex(op.opcode + 7)})` : '';
    out.push(`export const ${name}: u32 = ${hex(op.opcode)}; // ${op.mnemonic} ${op.operands.join(', ')}${span}`.trimEnd());
  }
  out.push('');
  for (const op of OPCODES) {
    const fam = conditionFamily(op);
    if (!fam || (op.opcode & 0x0f) !== 0) continue;
    const name = `OP_${fam.toUpperCase()}CC_${op.operands.join('_').toUpperCase()}`;
    out.push(`export const ${name}: u32 = ${hex(op.opcode)}; // ${fam}cc family, cc in the low nibble`);
  }
  out.push('');
  out.push('export const OPCODE_INFO: StaticArray<u32> = [');
  for (let row = 0; row < 256; row += 4) {
    const cells = [];
    for (let b = row; b < row + 4; b++) cells.push(hex(infoWord(b), 8));
    out.push(`  ${cells.join(', ')}, // ${hex(row)}`);
  }
  out.push('];');
  out.push('');
  return out.join('\n');
}

/** Writes the file when its text changed (so an unchanged table leaves it untouched). */
export async function writeCoreTables(): Promise<string> {
  const text = generateCoreTables();
  const old = await readFile(CORE_TABLES_PATH, 'utf8').catch(() => null);
  if (old !== text) {
    await mkdir(dirname(CORE_TABLES_PATH), { recursive: true });
    await writeFile(CORE_TABLES_PATH, text);
  }
  return CORE_TABLES_PATH;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await writeCoreTables();
}
