// Operands: parsing one instruction operand (docs/isa.md §12).
//
//   parseOperand(tokens) -> Operand
//     'eax'                  register (any of §1's 32/16/8-bit names)
//     'cr3'                  control register
//     'dword [eax+ecx*4-12]' memory: size (byte/word/dword, optional 'ptr'),
//                            base, index, scale and displacement in any order
//     'short loop'           immediate expression, with a jump size hint
//   parseStandaloneExpression(tokens) -> Expr   a directive argument: no registers
//   registerNamed(name), controlRegisterNamed(name)   (case-insensitive)
//   describeOperand(op)    the kind an error message names: r32 r16 r8 cr m32 m16 m8 m imm
//
// Register/index rules checked here: only 32-bit registers address memory, at
// most one base and one index, the scale is 1, 2, 4 or 8, esp is never an
// index (`[eax+esp]` is taken as `[esp+eax]`), and a register appears in no
// expression other than a memory operand's sum.

import { CONTROL_REGS, REG16, REG32, REG8 } from '../isa/opcodes.ts';
import { SourceError } from './diagnostics.ts';
import { parseExpression, symbolsIn, type Expr } from './expression.ts';
import { TokenCursor, type Token } from './lexer.ts';

export interface Register { name: string; number: number; size: 8 | 16 | 32 }

export type OperandSize = 8 | 16 | 32;

export interface MemoryOperand {
  kind: 'memory';
  size?: OperandSize;
  base?: number;
  index?: number;
  scale: 1 | 2 | 4 | 8;
  displacement?: Expr;
}

export type Operand =
  | { kind: 'register'; register: Register }
  | { kind: 'control'; name: string; number: number }
  | MemoryOperand
  | { kind: 'immediate'; value: Expr; jump?: 'short' | 'near' };

const REGISTERS = new Map<string, Register>();
for (const [names, size] of [[REG32, 32], [REG16, 16], [REG8, 8]] as const) {
  names.forEach((name, number) => REGISTERS.set(name, { name, number, size }));
}
const ESP = REG32.indexOf('esp');

export function registerNamed(name: string): Register | undefined {
  return REGISTERS.get(name.toLowerCase());
}

export function controlRegisterNamed(name: string): { name: string; number: number } | undefined {
  const lower = name.toLowerCase();
  const number = (CONTROL_REGS as readonly (string | null)[]).indexOf(lower);
  return number >= 0 ? { name: lower, number } : undefined;
}

/** True for names that can only mean a register. */
export function isRegisterName(name: string): boolean {
  return registerNamed(name) !== undefined || controlRegisterNamed(name) !== undefined;
}

const SIZE_KEYWORDS: Record<string, OperandSize> = { byte: 8, word: 16, dword: 32 };

export function describeOperand(operand: Operand): string {
  switch (operand.kind) {
    case 'register': return `r${operand.register.size}`;
    case 'control': return 'cr';
    case 'memory': return operand.size ? `m${operand.size}` : 'm';
    case 'immediate': return 'imm';
  }
}

export function parseOperand(tokens: Token[]): Operand {
  if (tokens.length === 0) throw new SourceError('missing operand');
  const cursor = new TokenCursor(tokens);
  const first = tokens[0];
  const keyword = first.kind === 'ident' ? first.text.toLowerCase() : '';

  let operand: Operand;
  if ((keyword in SIZE_KEYWORDS && tokens.length > 1) || (first.kind === 'punct' && first.text === '[')) {
    operand = parseMemory(cursor);
  } else if ((keyword === 'short' || keyword === 'near') && tokens.length > 1) {
    cursor.next();
    operand = { kind: 'immediate', value: parseExpressionWithoutRegisters(cursor), jump: keyword };
  } else if (tokens.length === 1 && first.kind === 'ident' && registerNamed(first.text)) {
    cursor.next();
    operand = { kind: 'register', register: registerNamed(first.text)! };
  } else if (tokens.length === 1 && first.kind === 'ident' && controlRegisterNamed(first.text)) {
    cursor.next();
    operand = { kind: 'control', ...controlRegisterNamed(first.text)! };
  } else {
    operand = { kind: 'immediate', value: parseExpressionWithoutRegisters(cursor) };
  }
  if (!cursor.atEnd()) throw new SourceError(`unexpected '${cursor.peek()!.text}' after operand`);
  return operand;
}

/** A whole token list as one expression in which no register appears (a directive's argument). */
export function parseStandaloneExpression(tokens: Token[]): Expr {
  if (tokens.length === 0) throw new SourceError('missing expression');
  const cursor = new TokenCursor(tokens);
  const value = parseExpressionWithoutRegisters(cursor);
  if (!cursor.atEnd()) throw new SourceError(`unexpected '${cursor.peek()!.text}' after expression`);
  return value;
}

function parseExpressionWithoutRegisters(cursor: TokenCursor): Expr {
  const value = parseExpression(cursor);
  const register = symbolsIn(value).find(isRegisterName);
  if (register) throw new SourceError(`register '${register}' cannot be used in an expression`);
  return value;
}

function parseMemory(cursor: TokenCursor): MemoryOperand {
  let size: OperandSize | undefined;
  const keyword = cursor.peek()!;
  if (keyword.kind === 'ident') {
    size = SIZE_KEYWORDS[keyword.text.toLowerCase()];
    cursor.next();
    if (cursor.peek()?.kind === 'ident' && cursor.peek()!.text.toLowerCase() === 'ptr') cursor.next();
    if (!cursor.isNext('[')) throw new SourceError(`expected '[' after '${keyword.text}' ${cursor.describeNext()}`);
  }
  cursor.expect('[');
  const address = parseExpression(cursor);
  cursor.expect(']');
  return { kind: 'memory', size, ...splitAddress(address) };
}

interface Term { negative: boolean; expr: Expr }

/** Flattens a sum into its signed terms: a - (b + c) -> +a, -b, -c. */
function termsOf(expr: Expr, negative: boolean, into: Term[]): Term[] {
  if (expr.kind === 'binary' && (expr.operator === '+' || expr.operator === '-')) {
    termsOf(expr.left, negative, into);
    termsOf(expr.right, expr.operator === '-' ? !negative : negative, into);
  } else if (expr.kind === 'unary' && expr.operator === '-') {
    termsOf(expr.operand, !negative, into);
  } else {
    into.push({ negative, expr });
  }
  return into;
}

/** The register a term names, or undefined. Throws for registers that cannot address memory. */
function addressRegister(expr: Expr): number | undefined {
  if (expr.kind !== 'symbol' || !isRegisterName(expr.name)) return undefined;
  const register = registerNamed(expr.name);
  if (!register || register.size !== 32) {
    throw new SourceError(`'${expr.name}' cannot address memory (only 32-bit registers can)`);
  }
  return register.number;
}

function constantScale(expr: Expr): bigint | undefined {
  if (expr.kind === 'number') return expr.value;
  if (expr.kind === 'unary' && expr.operator === '+') return constantScale(expr.operand);
  return undefined;
}

type AddressParts = Pick<MemoryOperand, 'base' | 'index' | 'scale' | 'displacement'>;

function splitAddress(address: Expr): AddressParts {
  const registers: { number: number; scale: bigint }[] = [];
  const displacement: Term[] = [];
  for (const term of termsOf(address, false, [])) {
    let register = addressRegister(term.expr);
    let scale: bigint | undefined = 1n;
    if (register === undefined && term.expr.kind === 'binary' && term.expr.operator === '*') {
      const { left, right } = term.expr;
      register = addressRegister(left) ?? addressRegister(right);
      if (register !== undefined) scale = constantScale(addressRegister(left) !== undefined ? right : left);
    }
    if (register === undefined) {
      const stray = symbolsIn(term.expr).find(isRegisterName);
      if (stray) throw new SourceError(`register '${stray}' can only be added to an address, or scaled by 1, 2, 4 or 8`);
      displacement.push(term);
      continue;
    }
    if (term.negative) throw new SourceError('a register cannot be subtracted in an address');
    if (scale === undefined) throw new SourceError('the scale of an index register must be a number');
    if (![1n, 2n, 4n, 8n].includes(scale)) throw new SourceError(`invalid scale ${scale} (must be 1, 2, 4 or 8)`);
    registers.push({ number: register, scale });
  }

  if (registers.length > 2) throw new SourceError('too many registers in an address (at most a base and an index)');
  let base: number | undefined;
  let index: number | undefined;
  let scale: bigint = 1n;
  const scaled = registers.filter((r) => r.scale !== 1n);
  if (scaled.length > 1) throw new SourceError('only one register of an address can be scaled');
  if (scaled.length === 1) {
    index = scaled[0].number;
    scale = scaled[0].scale;
    base = registers.find((r) => r !== scaled[0])?.number;
  } else if (registers.length === 2) {
    [base, index] = registers[1].number === ESP ? [ESP, registers[0].number] : [registers[0].number, registers[1].number];
  } else if (registers.length === 1) {
    base = registers[0].number;
  }
  if (index === ESP) throw new SourceError('esp cannot be an index register');

  let sum: Expr | undefined;
  for (const term of displacement) {
    if (!sum) sum = term.negative ? { kind: 'unary', operator: '-', operand: term.expr } : term.expr;
    else sum = { kind: 'binary', operator: term.negative ? '-' : '+', left: sum, right: term.expr };
  }
  return { base, index, scale: Number(scale) as 1 | 2 | 4 | 8, displacement: sum };
}
