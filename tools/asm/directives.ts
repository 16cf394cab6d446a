// Directives: the arguments of every `.name` statement of docs/isa.md §12.
//
//   parseDirective('.byte', tokens) -> { kind: 'data', unitBytes: 1, values: [...] }
//   parseDirective('.include', ['"lib.s"']) -> { kind: 'include', file: 'lib.s' }
//   checkSymbolName(name) throws unless name can name a symbol
//
// Directive names are case-insensitive. Only syntax is checked here; values
// are evaluated and range-checked during layout. An unknown directive, a
// missing or extra argument, or an unknown section throws SourceError.

import { SourceError } from './diagnostics.ts';
import type { Token } from './lexer.ts';
import { TokenCursor } from './lexer.ts';
import { isRegisterName, parseStandaloneExpression } from './operands.ts';
import { SECTION_ORDER, type SectionName, type StatementBody } from './statements.ts';

export type DirectiveResult = StatementBody | { kind: 'include'; file: string };

const DATA_UNITS: Record<string, 1 | 2 | 4 | 8> = { '.byte': 1, '.word': 2, '.long': 4, '.dword': 4, '.quad': 8 };

export function checkSymbolName(name: string): void {
  if (name === '.' || name.startsWith('@')) throw new SourceError(`'${name}' cannot name a symbol`);
  if (isRegisterName(name)) throw new SourceError(`'${name}' is a register name and cannot name a symbol`);
}

function symbolName(tokens: Token[], directive: string): string {
  if (tokens.length !== 1 || tokens[0].kind !== 'ident') {
    throw new SourceError(`${directive} expects a symbol name`);
  }
  checkSymbolName(tokens[0].text);
  return tokens[0].text;
}

function stringBytes(tokens: Token[], directive: string): Uint8Array {
  if (tokens.length !== 1 || tokens[0].kind !== 'string') throw new SourceError(`${directive} expects "quoted strings"`);
  return tokens[0].bytes;
}

function argumentCount(args: Token[][], directive: string, min: number, max: number): void {
  const count = args.length === 1 && args[0].length === 0 ? 0 : args.length;
  if (count < min || count > max) {
    const wanted = min === max ? `${min}` : `${min} to ${max}`;
    throw new SourceError(`${directive} takes ${wanted} argument${max === 1 ? '' : 's'}, not ${count}`);
  }
}

function sectionNamed(name: string): SectionName {
  const section = SECTION_ORDER.find((candidate) => candidate === name.toLowerCase());
  if (!section) throw new SourceError(`unknown section '${name}' (sections are ${SECTION_ORDER.join(', ')})`);
  return section;
}

export function parseDirective(name: string, tokens: Token[]): DirectiveResult {
  const directive = name.toLowerCase();
  const args = new TokenCursor(tokens).splitRemainingAtCommas();
  const expression = (i: number) => parseStandaloneExpression(args[i]);
  const optionalExpression = (i: number) => (args.length > i ? expression(i) : undefined);

  if (directive in DATA_UNITS) {
    if (tokens.length === 0) throw new SourceError(`${directive} expects at least one value`);
    return { kind: 'data', directive, unitBytes: DATA_UNITS[directive], values: args.map((_, i) => expression(i)) };
  }
  switch (directive) {
    case '.text': case '.rodata': case '.data': case '.bss':
      argumentCount(args, directive, 0, 0);
      return { kind: 'section', section: sectionNamed(directive) };
    case '.section':
      argumentCount(args, directive, 1, 1);
      if (args[0].length !== 1 || args[0][0].kind !== 'ident') throw new SourceError('.section expects a section name');
      return { kind: 'section', section: sectionNamed(args[0][0].text) };
    case '.ascii': case '.asciz': case '.string': {
      if (tokens.length === 0) throw new SourceError(`${directive} expects at least one string`);
      const terminator = directive === '.ascii' ? [] : [0];
      const bytes = args.flatMap((arg) => [...stringBytes(arg, directive), ...terminator]);
      return { kind: 'bytes', directive, bytes: Uint8Array.from(bytes) };
    }
    case '.space':
      argumentCount(args, directive, 1, 2);
      return { kind: 'space', directive, count: expression(0), fill: optionalExpression(1) };
    case '.zero':
      argumentCount(args, directive, 1, 1);
      return { kind: 'space', directive, count: expression(0) };
    case '.align': case '.balign':
      argumentCount(args, directive, 1, 2);
      return { kind: 'align', directive, boundary: expression(0), fill: optionalExpression(1) };
    case '.global': case '.globl': case '.local':
      if (tokens.length === 0) throw new SourceError(`${directive} expects symbol names`);
      return {
        kind: 'binding',
        binding: directive === '.local' ? 'local' : 'global',
        names: args.map((arg) => symbolName(arg, directive)),
      };
    case '.type': {
      argumentCount(args, directive, 2, 2);
      const type = args[1].length === 1 ? args[1][0].text.toLowerCase() : '';
      if (type !== '@function' && type !== '@object') throw new SourceError('.type expects @function or @object');
      return { kind: 'type', name: symbolName(args[0], directive), type: type === '@function' ? 'func' : 'object' };
    }
    case '.size':
      argumentCount(args, directive, 2, 2);
      return { kind: 'size', name: symbolName(args[0], directive), value: expression(1) };
    case '.equ':
      argumentCount(args, directive, 2, 2);
      return { kind: 'constant', name: symbolName(args[0], directive), value: expression(1) };
    case '.include':
      argumentCount(args, directive, 1, 1);
      if (args[0].length !== 1 || args[0][0].kind !== 'string') throw new SourceError('.include expects a "file name"');
      return { kind: 'include', file: new TextDecoder().decode(args[0][0].bytes) };
    default:
      throw new SourceError(`unknown directive '${name}'`);
  }
}
