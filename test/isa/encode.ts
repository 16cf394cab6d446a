// A minimal tx86 encoder for tests, built on the opcode table (tools/isa/opcodes.ts).
// It is not the assembler (tools/asm): it knows no sections, symbols or
// expressions, only enough to write test programs readably.
//
//   encodeFields(op, fields)   bytes of one instruction from raw fields: the +r
//                              register, ModRM (mod/reg/rm), SIB, displacement and
//                              immediate; no checking (used for #UD shapes and by
//                              the random program generator)
//   assemble(lines)            bytes of a list of statements, one per line:
//       mnemonic operand, operand          Intel order, as in docs/isa.md §12
//       label:                             a branch target
//       db 0x0f, 0x12                      raw bytes
//     operands: eax..edi / ax..di / al..dil, cr0 cr2 cr3 ksp, numbers (0x.., -5),
//     memory [ebx + esi*4 - 8] with an optional byte/word/dword prefix (without
//     one, the size of the register operand, else dword). A branch operand is a label, or a number taken as the
//     displacement from the next instruction. `short` forces rel8.
//     `mnemonic{kinds}` forces the table form with those operand kinds,
//     e.g. `pop{rm32} ebx` or `add{rm32,imm32} eax, 1`.
//   The form is the shortest table entry whose operand kinds accept the
//   operands (ties: table order), so `add eax, 1` uses simm8 and `mov eax, 1` +r.

import {
  CONTROL_REGS, OPCODES, REG16, REG32, REG8, encodingOf, type Opcode, type OperandKind,
} from '../../tools/isa/opcodes.ts';

export interface MemoryOperand {
  base?: number;      // register number
  index?: number;     // register number (not esp)
  scale?: 1 | 2 | 4 | 8;
  displacement?: number;
}

export interface RawFields {
  register?: number;                                 // +r forms
  modrm?: { mod: number; reg: number; rm: number };
  sib?: { scale: number; index: number; base: number };
  displacement?: { bytes: 0 | 1 | 4; value: number };
  immediate?: number;
}

function littleEndian(value: number, bytes: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < bytes; i++) out.push(Math.floor((value >>> 0) / 2 ** (8 * i)) & 0xff);
  return out;
}

export function encodeFields(op: Opcode, fields: RawFields): number[] {
  const out = [op.opcode + (op.plusReg ? (fields.register ?? 0) : 0)];
  const { modrm, sib, displacement } = fields;
  if (modrm) out.push((modrm.mod << 6) | (modrm.reg << 3) | modrm.rm);
  if (sib) out.push((sib.scale << 6) | (sib.index << 3) | sib.base);
  if (displacement) out.push(...littleEndian(displacement.value, displacement.bytes));
  const immBytes = encodingOf(op).immBytes;
  if (immBytes) out.push(...littleEndian(fields.immediate ?? 0, immBytes));
  return out;
}

/** ModRM (with reg = `reg`), SIB and displacement of a memory operand (§2). */
export function memoryFields(reg: number, m: MemoryOperand): RawFields {
  const disp = (m.displacement ?? 0) | 0;
  const fitsByte = disp >= -128 && disp <= 127;
  if (m.index === 4) throw new Error('esp cannot be an index register');
  const scaleBits = { 1: 0, 2: 1, 4: 2, 8: 3 }[m.scale ?? 1];
  if (m.base === undefined && m.index === undefined) {
    return { modrm: { mod: 0, reg, rm: 5 }, displacement: { bytes: 4, value: disp } };
  }
  if (m.base === undefined) {
    return {
      modrm: { mod: 0, reg, rm: 4 }, sib: { scale: scaleBits, index: m.index!, base: 5 },
      displacement: { bytes: 4, value: disp },
    };
  }
  const mod = disp === 0 && m.base !== 5 ? 0 : fitsByte ? 1 : 2;
  const displacement = mod === 0 ? undefined : { bytes: (mod === 1 ? 1 : 4) as 1 | 4, value: disp };
  if (m.index === undefined && m.base !== 4) return { modrm: { mod, reg, rm: m.base }, displacement };
  return {
    modrm: { mod, reg, rm: 4 }, sib: { scale: scaleBits, index: m.index ?? 4, base: m.base }, displacement,
  };
}

type Parsed =
  | { type: 'reg'; size: 1 | 2 | 4; index: number }
  | { type: 'cr'; index: number }
  | { type: 'mem'; size: 0 | 1 | 2 | 4; mem: MemoryOperand } // 0: from the other operand
  | { type: 'imm'; value: number }
  | { type: 'label'; name: string; short: boolean };

function parseNumber(text: string): number | null {
  const t = text.trim();
  if (!/^-?(0x[0-9a-f]+|0b[01]+|\d+)$/i.test(t)) return null;
  const negative = t.startsWith('-');
  const magnitude = Number(negative ? t.slice(1) : t);
  return negative ? -magnitude : magnitude;
}

function registerIndex(name: string): { size: 1 | 2 | 4; index: number } | null {
  const n = name.trim().toLowerCase();
  for (const [names, size] of [[REG32, 4], [REG16, 2], [REG8, 1]] as const) {
    const i = (names as readonly string[]).indexOf(n);
    if (i >= 0) return { size, index: i };
  }
  return null;
}

function parseMemory(body: string): MemoryOperand {
  const m: MemoryOperand = {};
  let disp = 0;
  for (const term of body.replace(/\s+/g, '').replace(/-/g, '+-').split('+').filter(Boolean)) {
    const [left, right] = term.split('*');
    const reg = registerIndex(left);
    if (reg && right) {
      m.index = reg.index;
      m.scale = Number(right) as 1 | 2 | 4 | 8;
    } else if (reg) {
      if (m.base === undefined) m.base = reg.index;
      else m.index = reg.index;
    } else {
      const value = parseNumber(term);
      if (value === null) throw new Error(`bad memory term '${term}'`);
      disp += value;
    }
  }
  if (disp !== 0 || (m.base === undefined && m.index === undefined)) m.displacement = disp | 0;
  return m;
}

function parseOperand(text: string, branch: boolean): Parsed {
  let t = text.trim().toLowerCase();
  const sizeMatch = /^(byte|word|dword)\s*(ptr\s*)?/.exec(t);
  let size: 0 | 1 | 2 | 4 = 0;
  if (sizeMatch && t.includes('[')) {
    size = sizeMatch[1] === 'byte' ? 1 : sizeMatch[1] === 'word' ? 2 : 4;
    t = t.slice(sizeMatch[0].length);
  }
  if (t.startsWith('[')) return { type: 'mem', size, mem: parseMemory(t.slice(1, t.lastIndexOf(']'))) };
  const reg = registerIndex(t);
  if (reg) return { type: 'reg', ...reg };
  const cr = (CONTROL_REGS as readonly (string | null)[]).indexOf(t);
  if (cr >= 0) return { type: 'cr', index: cr };
  const isShort = t.startsWith('short ');
  const bare = isShort ? t.slice(6).trim() : t;
  const value = parseNumber(bare);
  if (value !== null) return { type: 'imm', value };
  if (branch && /^[a-z_.][\w.]*$/.test(bare)) return { type: 'label', name: bare, short: isShort };
  throw new Error(`bad operand '${text}'`);
}

function fits(kind: OperandKind, p: Parsed): boolean {
  const FIXED: Partial<Record<OperandKind, [number, number]>> = {
    al: [1, 0], ax: [2, 0], eax: [4, 0], cl: [1, 1], dx: [2, 2],
  };
  const fixed = FIXED[kind];
  if (fixed) return p.type === 'reg' && p.size === fixed[0] && p.index === fixed[1];
  switch (kind) {
    case 'r32': case 'r16': case 'r8':
      return p.type === 'reg' && p.size === { r32: 4, r16: 2, r8: 1 }[kind];
    case 'rm32': case 'rm16': case 'rm8': {
      const size = { rm32: 4, rm16: 2, rm8: 1 }[kind];
      return (p.type === 'reg' || p.type === 'mem') && (p.size === size || (p.type === 'mem' && p.size === 0));
    }
    case 'm': return p.type === 'mem';
    case 'cr': return p.type === 'cr';
    case 'imm32': return p.type === 'imm' && p.value >= -(2 ** 31) && p.value < 2 ** 32;
    case 'imm16': return p.type === 'imm' && p.value >= 0 && p.value <= 0xffff;
    case 'imm8': return p.type === 'imm' && p.value >= -128 && p.value <= 0xff;
    case 'simm8': {
      if (p.type !== 'imm') return false;
      const v = p.value >>> 0;
      return v <= 0x7f || v >= 0xffff_ff80;
    }
    case 'rel8': return (p.type === 'imm' && p.value >= -128 && p.value <= 127) || (p.type === 'label' && p.short);
    case 'rel32': return p.type === 'imm' || (p.type === 'label' && !p.short);
    default: return false;
  }
}

function encodedLength(op: Opcode, operands: Parsed[]): number {
  return encodeWith(op, operands, () => 0).length;
}

function encodeWith(op: Opcode, operands: Parsed[], labelDisplacement: (name: string, length: number) => number): number[] {
  const enc = encodingOf(op);
  let register: number | undefined;
  let regField = 0;
  let rmOperand: Parsed | undefined;
  let immediate: Parsed | undefined;
  op.operands.forEach((kind, i) => {
    const p = operands[i];
    if (kind === 'r32' || kind === 'r16' || kind === 'r8') {
      if (op.plusReg) register = (p as { index: number }).index;
      else if (enc.modrm === 'cr') rmOperand = p;
      else regField = (p as { index: number }).index;
    } else if (kind === 'cr') regField = (p as { index: number }).index;
    else if (kind === 'rm32' || kind === 'rm16' || kind === 'rm8' || kind === 'm') rmOperand = p;
    else if (['imm32', 'imm16', 'imm8', 'simm8', 'rel8', 'rel32'].includes(kind)) immediate = p;
  });
  let fields: RawFields = { register };
  if (rmOperand?.type === 'mem') fields = { ...fields, ...memoryFields(regField, rmOperand.mem) };
  else if (rmOperand?.type === 'reg') fields.modrm = { mod: 3, reg: regField, rm: rmOperand.index };
  const bytesWithoutImmediate = encodeFields(op, { ...fields, immediate: 0 });
  if (immediate?.type === 'imm') fields.immediate = immediate.value;
  if (immediate?.type === 'label') fields.immediate = labelDisplacement(immediate.name, bytesWithoutImmediate.length);
  return encodeFields(op, fields);
}

function splitOperands(text: string): string[] {
  return text.trim() === '' ? [] : text.split(',').map((s) => s.trim());
}

interface Statement {
  bytes?: number[];
  label?: string;
  op?: Opcode;
  operands?: Parsed[];
  length: number;
}

function parseStatement(line: string): Statement | null {
  const text = line.replace(/[;#].*$/, '').trim();
  if (!text) return null;
  if (text.endsWith(':')) return { label: text.slice(0, -1).trim().toLowerCase(), length: 0 };
  const lower = text.toLowerCase();
  const repMatch = /^rep\s+(\w+)(.*)$/.exec(lower);
  const formMatch = /^(\w+)\{([\w,\s]*)\}(.*)$/.exec(lower);
  const mnemonic = repMatch ? `rep ${repMatch[1]}` : formMatch ? formMatch[1] : lower.split(/\s+/)[0];
  const rest = repMatch ? repMatch[2] : formMatch ? formMatch[3] : text.slice(mnemonic.length);
  const forcedKinds = formMatch ? formMatch[2].split(',').map((k) => k.trim()).filter(Boolean).join(',') : null;
  if (mnemonic === 'db') {
    const bytes = splitOperands(rest).map((b) => parseNumber(b)! & 0xff);
    return { bytes, length: bytes.length };
  }
  const candidates = OPCODES.filter((o) => o.mnemonic === mnemonic
    && (forcedKinds === null || o.operands.join(',') === forcedKinds));
  if (candidates.length === 0) throw new Error(`unknown mnemonic '${mnemonic}' in '${line}'`);
  const isBranch = candidates.some((o) => o.operands.some((k) => k === 'rel8' || k === 'rel32'));
  const operands = splitOperands(rest).map((t) => parseOperand(t, isBranch));
  // Memory without a size prefix takes its size from a register operand, else is a dword.
  if (!operands.some((p) => p.type === 'reg')) {
    for (const p of operands) if (p.type === 'mem' && p.size === 0) p.size = 4;
  }
  const matching = candidates.filter((o) => o.operands.length === operands.length
    && o.operands.every((kind, i) => fits(kind, operands[i])));
  if (matching.length === 0) throw new Error(`no form of '${mnemonic}' takes the operands of '${line}'`);
  let best = matching[0];
  for (const o of matching) if (encodedLength(o, operands) < encodedLength(best, operands)) best = o;
  return { op: best, operands, length: encodedLength(best, operands) };
}

export function assemble(lines: string | string[]): number[] {
  const source = typeof lines === 'string' ? lines.split('\n') : lines.flatMap((l) => l.split('\n'));
  const statements = source.map(parseStatement).filter((s): s is Statement => s !== null);
  const labels = new Map<string, number>();
  let offset = 0;
  for (const s of statements) {
    if (s.label) {
      if (labels.has(s.label)) throw new Error(`label '${s.label}' defined twice`);
      labels.set(s.label, offset);
    }
    offset += s.length;
  }
  const out: number[] = [];
  for (const s of statements) {
    if (s.bytes) out.push(...s.bytes);
    else if (s.op) {
      const here = out.length;
      out.push(...encodeWith(s.op, s.operands!, (name) => {
        const target = labels.get(name);
        if (target === undefined) throw new Error(`undefined label '${name}'`);
        return target - (here + s.length);
      }));
    }
  }
  return out;
}

/** The table entry used for a statement (tests that need an entry's base cycles). */
export function formOf(line: string): Opcode {
  const s = parseStatement(line);
  if (!s?.op) throw new Error(`'${line}' is not an instruction`);
  return s.op;
}
