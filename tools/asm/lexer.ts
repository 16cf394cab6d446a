// Lexer: one source line -> tokens, and a cursor for parsers to walk them.
//
//   tokenizeLine('loop: mov al, [esi+1] ; next') ->
//     ident 'loop', punct ':', ident 'mov', ident 'al', punct ',', punct '[',
//     ident 'esi', punct '+', number 1n, punct ']'
//
// Token kinds:
//   ident   names, mnemonics, registers, directives ('.text'), '.', '@function'
//   number  decimal, 0x hex, 0b binary, or a 'c' character constant
//   string  "..." with its bytes decoded (UTF-8, escapes applied)
//   punct   , : [ ] ( ) + - * / % << >> & | ^ ~ =
// ';' and '#' start a comment outside quotes. Escapes: \n \t \r \0 \\ \' \"
// \xHH. Problems (an unterminated string, a stray character) throw SourceError.

import { SourceError } from './diagnostics.ts';

export type Token =
  | { kind: 'ident'; text: string }
  | { kind: 'number'; text: string; value: bigint }
  | { kind: 'string'; text: string; bytes: Uint8Array }
  | { kind: 'punct'; text: string };

const IDENT_START = /[A-Za-z_.$@]/;
const IDENT_PART = /[A-Za-z0-9_.$@]/;
const PUNCTUATION = ['<<', '>>', ',', ':', '[', ']', '(', ')', '+', '-', '*', '/', '%', '&', '|', '^', '~', '='];
const ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, '0': 0, '\\': 92, "'": 39, '"': 34 };

/** Reads a quoted run starting at line[start] (the quote); returns its bytes and the index past the closing quote. */
function readQuoted(line: string, start: number): { bytes: number[]; end: number } {
  const quote = line[start];
  const bytes: number[] = [];
  let i = start + 1;
  while (i < line.length && line[i] !== quote) {
    if (line[i] === '\\') {
      const escape = line[i + 1];
      if (escape === 'x' && /^[0-9a-fA-F]{2}$/.test(line.slice(i + 2, i + 4))) {
        bytes.push(parseInt(line.slice(i + 2, i + 4), 16));
        i += 4;
      } else if (escape !== undefined && ESCAPES[escape] !== undefined) {
        bytes.push(ESCAPES[escape]);
        i += 2;
      } else {
        throw new SourceError(`unknown escape '\\${escape ?? ''}'`);
      }
    } else {
      const codePoint = line.codePointAt(i)!;
      const character = String.fromCodePoint(codePoint);
      bytes.push(...new TextEncoder().encode(character));
      i += character.length;
    }
  }
  if (i >= line.length) {
    throw new SourceError(quote === '"' ? 'unterminated string' : 'unterminated character constant');
  }
  return { bytes, end: i + 1 };
}

function parseNumber(text: string): bigint {
  const valid = /^(0x[0-9a-f]+|0b[01]+|[0-9]+)$/i.test(text);
  if (!valid) throw new SourceError(`bad number '${text}'`);
  return BigInt(text.toLowerCase());
}

export function tokenizeLine(line: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === ';' || c === '#') break;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"') {
      const { bytes, end } = readQuoted(line, i);
      tokens.push({ kind: 'string', text: line.slice(i, end), bytes: Uint8Array.from(bytes) });
      i = end;
    } else if (c === "'") {
      const { bytes, end } = readQuoted(line, i);
      if (bytes.length !== 1) throw new SourceError('a character constant holds exactly one byte');
      tokens.push({ kind: 'number', text: line.slice(i, end), value: BigInt(bytes[0]) });
      i = end;
    } else if (/[0-9]/.test(c)) {
      let end = i;
      while (end < line.length && /[0-9A-Za-z_]/.test(line[end])) end++;
      const text = line.slice(i, end);
      tokens.push({ kind: 'number', text, value: parseNumber(text) });
      i = end;
    } else if (IDENT_START.test(c)) {
      let end = i + 1;
      while (end < line.length && IDENT_PART.test(line[end])) end++;
      tokens.push({ kind: 'ident', text: line.slice(i, end) });
      i = end;
    } else {
      const punct = PUNCTUATION.find((p) => line.startsWith(p, i));
      if (!punct) throw new SourceError(`unexpected character '${c}'`);
      tokens.push({ kind: 'punct', text: punct });
      i += punct.length;
    }
  }
  return tokens;
}

/** Sequential access to a line's tokens for the parsers. */
export class TokenCursor {
  private position = 0;
  constructor(private readonly tokens: Token[]) {}

  peek(ahead = 0): Token | undefined {
    return this.tokens[this.position + ahead];
  }

  next(): Token | undefined {
    return this.tokens[this.position++];
  }

  atEnd(): boolean {
    return this.position >= this.tokens.length;
  }

  /** True when the next token is the punctuation (or identifier) `text`. */
  isNext(text: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token !== undefined && (token.kind === 'punct' || token.kind === 'ident') && token.text === text;
  }

  /** Consumes the next token if it is `text`. */
  accept(text: string): boolean {
    if (!this.isNext(text)) return false;
    this.position++;
    return true;
  }

  expect(text: string): void {
    if (!this.accept(text)) throw new SourceError(`expected '${text}' ${this.describeNext()}`);
  }

  /** "but found 'x'" / "at the end of the line": for error messages. */
  describeNext(): string {
    const token = this.peek();
    return token ? `but found '${token.text}'` : 'at the end of the line';
  }

  /** Splits the remaining tokens at top-level commas (not inside brackets or parentheses). */
  splitRemainingAtCommas(): Token[][] {
    const parts: Token[][] = [[]];
    let depth = 0;
    while (!this.atEnd()) {
      const token = this.next()!;
      if (token.kind === 'punct' && (token.text === '[' || token.text === '(')) depth++;
      if (token.kind === 'punct' && (token.text === ']' || token.text === ')')) depth--;
      if (token.kind === 'punct' && token.text === ',' && depth === 0) parts.push([]);
      else parts[parts.length - 1].push(token);
    }
    return parts;
  }
}
