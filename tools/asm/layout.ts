// Layout: assigns every statement an address and its bytes, iterating to a
// fixed point so that branches and displacements can be short.
//
//   layoutProgram(statements, symbols, textBase, diagnostics) -> Layout
//     (undefined, with the problem reported, when the layout never settles)
//     sections  the four sections in link order, with base address and bytes
//     valueOf   a symbol's final value, by key
//     listing   address, bytes and source line of everything that takes space
//
// Each pass walks all statements in order. Sections are laid out as in
// docs/isa.md §12: the first non-empty one at textBase, each later one at the
// next page boundary, using the section sizes of the previous pass. A symbol
// defined earlier in the pass has its new value; one defined later (a forward
// reference) has its value from the previous pass, or none in the first pass.
//
// Every instruction takes the first encoding choice (shortest first, table
// order among equals) whose values fit and which is no shorter than the one it
// took in the previous pass. A value not yet known fits anything, so forward
// branches start short. Lengths only grow, so passes end: a pass that changes
// no symbol value and no section size means the layout has settled. A
// `.space` or `.align` whose size depends on a later address could keep
// moving; after MAX_PASSES that is reported.
//
// Those measuring passes only count bytes. One last emitting pass over the
// settled layout makes the bytes, and only its errors (a value out of range,
// an undefined symbol …) are reported.

import { OPCODES } from '../isa/opcodes.ts';
import { formatValue, SourceError, type Diagnostics, type SourceLocation } from './diagnostics.ts';
import { choiceFits, encodeInstruction, encodingChoices, type EncodingChoice } from './encoder.ts';
import { evaluate, symbolsIn, type EvaluationScope, type Expr } from './expression.ts';
import type { MemoryOperand, Operand } from './operands.ts';
import { SECTION_ORDER, type SectionName, type Statement } from './statements.ts';
import type { SymbolTable } from './symbols.ts';
import { fitsBytes, littleEndian } from './value-bytes.ts';

export const PAGE_BYTES = 4096;
const MAX_PASSES = 100;
const ADDRESS_LIMIT = 2 ** 32;
const NOP = OPCODES.find((op) => op.mnemonic === 'nop')!.opcode;

export interface SectionImage {
  name: SectionName;
  base: number;
  size: number;
  /** The contents; empty for .bss, which holds only zeros. */
  bytes: Uint8Array;
}

export interface ListingLine {
  section: SectionName;
  address: number;
  /** The bytes emitted; empty in .bss. */
  bytes: Uint8Array;
  size: number;
  file: string;
  line: number;
  text: string;
}

export interface Layout {
  sections: SectionImage[];
  valueOf(key: string): bigint | undefined;
  sectionOf(key: string): SectionName | undefined;
  /** Sizes given by .size, by key. */
  declaredSizes: Map<string, bigint>;
  listing: ListingLine[];
}

function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}

/** Section base addresses for the given sizes: the first non-empty one at textBase, then page-aligned. */
function sectionBases(sizes: Record<SectionName, number>, textBase: number): Record<SectionName, number> {
  const bases = {} as Record<SectionName, number>;
  let cursor = textBase;
  let placedAny = false;
  for (const name of SECTION_ORDER) {
    bases[name] = placedAny ? alignUp(cursor, PAGE_BYTES) : cursor;
    if (sizes[name] > 0) {
      cursor = bases[name] + sizes[name];
      placedAny = true;
    }
  }
  return bases;
}

interface PassError { message: string; location: SourceLocation; order: number }

/** The state and output of one pass over the program. */
class Pass {
  values = new Map<string, bigint>();
  labelSections = new Map<string, SectionName>();
  declaredSizes = new Map<string, bigint>();
  sizes: Record<SectionName, number> = { '.text': 0, '.rodata': 0, '.data': 0, '.bss': 0 };
  /** Filled only by the emitting pass. */
  contents: Record<SectionName, Uint8Array[]> = { '.text': [], '.rodata': [], '.data': [], '.bss': [] };
  listing: ListingLine[] = [];
  errors: PassError[] = [];
  lengthGrew = false;
}

function concatenate(chunks: Uint8Array[]): Uint8Array {
  const result = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    result.set(chunk, offset);
    offset += chunk.length;
  }
  return result;
}

/**
 * One walk over the program: where it is, and what the statement being laid
 * out sees when it evaluates an expression (its address as '.', names in its
 * file's scope, values from this pass or else the previous one).
 */
class PassWalker implements EvaluationScope {
  readonly pass = new Pass();
  section: SectionName = '.text';
  statement!: Statement;
  address = 0;
  private bases: Record<SectionName, number>;

  constructor(private symbols: SymbolTable, private previous: Pass, readonly emitting: boolean, textBase: number) {
    this.bases = sectionBases(previous.sizes, textBase);
  }

  begin(statement: Statement): void {
    this.statement = statement;
    this.address = this.bases[this.section] + this.pass.sizes[this.section];
  }

  get here(): bigint {
    return BigInt(this.address);
  }

  keyOf(name: string): string {
    return this.symbols.keyOf(name, this.statement.location.scope);
  }

  valueOf(name: string): bigint | undefined {
    const key = this.keyOf(name);
    return this.pass.values.get(key) ?? this.previous.values.get(key);
  }

  /**
   * Gives the statement `size` bytes; when emitting, `produce` makes them. A
   * statement whose bytes cannot be made keeps its size (zeros), so that later
   * addresses are right and later errors are real ones.
   */
  place(size: number, produce: () => Uint8Array): void {
    const { pass, section, statement } = this;
    pass.sizes[section] += size;
    if (!this.emitting) return;
    let bytes: Uint8Array = new Uint8Array(size);
    let problem: unknown;
    try {
      bytes = produce();
    } catch (error) {
      problem = error;
    }
    if (!problem && section === '.bss' && bytes.some((b) => b !== 0)) problem = new SourceError('.bss holds only zeros');
    if (problem) bytes = new Uint8Array(size);
    if (section !== '.bss') pass.contents[section].push(bytes);
    pass.listing.push({
      section, address: this.address, bytes: section === '.bss' ? new Uint8Array() : bytes, size,
      file: statement.location.file, line: statement.location.line, text: statement.text,
    });
    if (problem) throw problem;
  }

  requireOutsideBss(what: string): void {
    if (this.section === '.bss') throw new SourceError(`${what} cannot go in .bss (only .space, .zero and .align)`);
  }
}

class Layouter {
  private choices = new Map<Statement, EncodingChoice[]>();
  private lengths = new Map<Statement, number>();
  private constantDefinitions = new Map<string, Statement & { kind: 'constant' }>();

  constructor(private statements: Statement[], private symbols: SymbolTable, private textBase: number) {
    for (const statement of statements) {
      if (statement.kind === 'constant') {
        this.constantDefinitions.set(symbols.keyOf(statement.name, statement.location.scope), statement);
      }
    }
  }

  /** Measuring passes until nothing moves, then one emitting pass that produces the bytes. */
  run(diagnostics: Diagnostics): Layout | undefined {
    let previous = new Pass();
    for (let count = 1; ; count++) {
      const pass = this.runPass(previous, false);
      if (count > 1 && this.settled(previous, pass)) break;
      if (count === MAX_PASSES) {
        diagnostics.report(`layout did not settle after ${MAX_PASSES} passes: a .space or .align depends on a later address`);
        return undefined;
      }
      previous = pass;
    }
    const final = this.runPass(previous, true);
    if (!this.settled(previous, final)) throw new Error('layout: the emitting pass moved a settled layout');
    for (const error of final.errors) diagnostics.report(error.message, error.location, error.order);

    const bases = sectionBases(final.sizes, this.textBase);
    const sections = SECTION_ORDER.map((name) => ({
      name, base: bases[name], size: final.sizes[name], bytes: concatenate(final.contents[name]),
    }));
    for (const section of sections) {
      if (section.size > 0 && section.base + section.size > ADDRESS_LIMIT) {
        diagnostics.report(`section ${section.name} ends beyond the 4 GiB address space`);
      }
    }
    return {
      sections,
      valueOf: (key) => final.values.get(key),
      sectionOf: (key) => final.labelSections.get(key),
      declaredSizes: final.declaredSizes,
      listing: final.listing,
    };
  }

  private settled(previous: Pass, current: Pass): boolean {
    if (current.lengthGrew) return false;
    if (SECTION_ORDER.some((name) => previous.sizes[name] !== current.sizes[name])) return false;
    if (previous.values.size !== current.values.size) return false;
    for (const [key, value] of current.values) if (previous.values.get(key) !== value) return false;
    return true;
  }

  /**
   * One walk over the program. Sizes and symbol values are computed in every
   * pass; bytes (and the errors found making them) only when `emitting`.
   */
  private runPass(previous: Pass, emitting: boolean): Pass {
    const walker = new PassWalker(this.symbols, previous, emitting, this.textBase);
    for (const statement of this.statements) {
      walker.begin(statement);
      try {
        this.layOut(statement, walker);
      } catch (error) {
        if (!(error instanceof SourceError)) throw error;
        walker.pass.errors.push({ message: error.message, location: statement.location, order: statement.order });
      }
    }
    return walker.pass;
  }

  private layOut(statement: Statement, walker: PassWalker): void {
    const { pass } = walker;
    switch (statement.kind) {
      case 'section':
        walker.section = statement.section;
        break;
      case 'label':
        pass.values.set(walker.keyOf(statement.name), walker.here);
        pass.labelSections.set(walker.keyOf(statement.name), walker.section);
        break;
      case 'constant': {
        const value = this.requireKnown(statement.value, walker, walker.keyOf(statement.name));
        if (value !== undefined) pass.values.set(walker.keyOf(statement.name), value);
        break;
      }
      case 'instruction':
        walker.requireOutsideBss('an instruction');
        this.placeInstruction(statement, walker);
        break;
      case 'data':
        walker.requireOutsideBss(statement.directive);
        walker.place(statement.values.length * statement.unitBytes, () => Uint8Array.from(statement.values.flatMap((expr) => {
          const value = this.requireKnown(expr, walker) ?? 0n;
          if (!fitsBytes(value, statement.unitBytes)) {
            throw new SourceError(`value ${formatValue(value)} is out of range for ${statement.directive}`);
          }
          return littleEndian(value, statement.unitBytes);
        })));
        break;
      case 'bytes':
        walker.requireOutsideBss(statement.directive);
        walker.place(statement.bytes.length, () => statement.bytes);
        break;
      case 'space': {
        const count = this.requireKnown(statement.count, walker) ?? 0n;
        if (count < 0n) throw new SourceError(`${statement.directive} count ${count} is negative`);
        if (count >= BigInt(ADDRESS_LIMIT)) throw new SourceError(`${statement.directive} count ${formatValue(count)} is too large`);
        walker.place(Number(count), () => new Uint8Array(Number(count)).fill(this.fillByte(statement.fill, walker, 0)));
        break;
      }
      case 'align': {
        const boundary = this.requireKnown(statement.boundary, walker) ?? 1n;
        if (boundary < 1n || (boundary & (boundary - 1n)) !== 0n) {
          throw new SourceError(`${statement.directive} ${boundary}: the alignment must be a power of two`);
        }
        if (boundary > BigInt(PAGE_BYTES)) {
          throw new SourceError(`${statement.directive} ${boundary}: the alignment cannot exceed a page (${PAGE_BYTES})`);
        }
        const padding = alignUp(walker.address, Number(boundary)) - walker.address;
        const otherwise = walker.section === '.text' ? NOP : 0;
        if (padding > 0) walker.place(padding, () => new Uint8Array(padding).fill(this.fillByte(statement.fill, walker, otherwise)));
        break;
      }
      case 'size': {
        const value = this.requireKnown(statement.value, walker);
        if (value !== undefined && (value < 0n || value >= BigInt(ADDRESS_LIMIT))) {
          throw new SourceError(`.size ${formatValue(value)} is out of range`);
        }
        if (value !== undefined) pass.declaredSizes.set(walker.keyOf(statement.name), value);
        break;
      }
      case 'binding':
      case 'type':
        break;
    }
  }

  private fillByte(fill: Expr | undefined, walker: PassWalker, otherwise: number): number {
    if (!fill) return otherwise;
    const value = this.requireKnown(fill, walker) ?? 0n;
    if (value < -128n || value > 255n) throw new SourceError(`fill value ${formatValue(value)} does not fit in a byte`);
    return Number(BigInt.asUintN(8, value));
  }

  /**
   * Evaluates expr. When it has no value, throws SourceError naming the cause
   * (this pass's error, reported only if the pass is the last), unless the
   * cause is reported where it lies: at a constant's definition.
   */
  private requireKnown(expr: Expr, walker: PassWalker, definingKey?: string): bigint | undefined {
    const value = evaluate(expr, walker);
    if (value !== undefined) return value;
    const unknown = symbolsIn(expr).find((name) => walker.valueOf(name) === undefined)!;
    const key = walker.keyOf(unknown);
    if (!this.symbols.definition(key)) throw new SourceError(`undefined symbol '${unknown}'`);
    if (definingKey !== undefined && this.dependsOn(key, definingKey, new Set())) {
      throw new SourceError(`the value of '${this.symbols.definition(definingKey)!.name}' depends on itself`);
    }
    return undefined;
  }

  /** True when constant `key` (transitively) refers to `target`. */
  private dependsOn(key: string, target: string, seen: Set<string>): boolean {
    if (key === target) return true;
    if (seen.has(key)) return false;
    seen.add(key);
    const definition = this.constantDefinitions.get(key);
    if (!definition) return false;
    return symbolsIn(definition.value).some((name) =>
      this.dependsOn(this.symbols.keyOf(name, definition.location.scope), target, seen));
  }

  /** Picks the instruction's encoding (see the file comment) and places it. */
  private placeInstruction(statement: Statement & { kind: 'instruction' }, walker: PassWalker): void {
    const { operands } = statement;
    const memory = operands.find((operand): operand is MemoryOperand => operand.kind === 'memory');
    const immediate = operands.find((operand): operand is Operand & { kind: 'immediate' } => operand.kind === 'immediate');
    const values = {
      immediate: immediate ? evaluate(immediate.value, walker) : 0n,
      displacement: memory?.displacement ? evaluate(memory.displacement, walker) : 0n,
    };

    let choices = this.choices.get(statement);
    if (!choices) {
      choices = encodingChoices(statement.forms, operands);
      this.choices.set(statement, choices);
    }
    const { address } = walker;
    const shortest = this.lengths.get(statement) ?? 0;
    const choice = choices.find((candidate) => candidate.length >= shortest && choiceFits(candidate, operands, values, address))
      ?? choices[choices.length - 1];
    if (choice.length > shortest && this.lengths.has(statement)) walker.pass.lengthGrew = true;
    this.lengths.set(statement, choice.length);

    walker.place(choice.length, () => {
      const immediateValue = values.immediate ?? this.requireKnown(immediate!.value, walker);
      const displacementValue = values.displacement ?? this.requireKnown(memory!.displacement!, walker);
      // Unknown without an error here: the cause is reported at a constant's definition.
      if (immediateValue === undefined || displacementValue === undefined) return new Uint8Array(choice.length);
      return Uint8Array.from(encodeInstruction(choice, operands, { immediate: immediateValue, displacement: displacementValue }, address));
    });
  }
}

export function layoutProgram(statements: Statement[], symbols: SymbolTable, textBase: number,
  diagnostics: Diagnostics): Layout | undefined {
  return new Layouter(statements, symbols, textBase).run(diagnostics);
}
