// Symbol table: names, scopes and attributes, gathered before layout.
//
//   const symbols = new SymbolTable(statements, diagnostics);
//   symbols.keyOf('loop', scope)   the key a name in a file's scope refers to
//   symbols.definition(key)        where and how it is defined (label/constant)
//   symbols.labels()               every label, in definition order
//   symbols.bindingOf(key), symbols.typeOf(key)
//
// Scopes (docs/isa.md §12): names starting with `.L`, and names a file
// declares `.local`, belong to that file (key "scope:name"); every other name
// is shared by all files linked together (key = the name). A name defined
// twice in one scope, `.global` on a file-local name, and .global/.local/
// .type/.size on names never defined are reported to diagnostics.

import type { Diagnostics, SourceLocation } from './diagnostics.ts';
import type { Statement } from './statements.ts';

export interface SymbolDefinition {
  key: string;
  name: string;
  kind: 'label' | 'constant';
  location: SourceLocation;
  order: number;
}

export class SymbolTable {
  private fileLocalNames = new Map<number, Set<string>>();
  private fileLocalKeys = new Map<number, Map<string, string>>();
  private definitions = new Map<string, SymbolDefinition>();
  private globals = new Set<string>();
  private declaredTypes = new Map<string, 'func' | 'object'>();

  constructor(statements: Statement[], diagnostics: Diagnostics) {
    for (const statement of statements) {
      if (statement.kind !== 'binding' || statement.binding !== 'local') continue;
      const names = this.fileLocalNames.get(statement.location.scope) ?? new Set<string>();
      statement.names.forEach((name) => names.add(name));
      this.fileLocalNames.set(statement.location.scope, names);
    }

    for (const statement of statements) {
      if (statement.kind !== 'label' && statement.kind !== 'constant') continue;
      const key = this.keyOf(statement.name, statement.location.scope);
      const earlier = this.definitions.get(key);
      if (earlier) {
        const where = `${earlier.location.file}:${earlier.location.line}`;
        diagnostics.report(`duplicate symbol '${statement.name}' (first defined at ${where})`, statement.location, statement.order);
        continue;
      }
      this.definitions.set(key, {
        key, name: statement.name, kind: statement.kind, location: statement.location, order: statement.order,
      });
    }

    for (const statement of statements) {
      if (statement.kind !== 'binding' && statement.kind !== 'type' && statement.kind !== 'size') continue;
      const report = (message: string) => diagnostics.report(message, statement.location, statement.order);
      const names = statement.kind === 'binding' ? statement.names : [statement.name];
      for (const name of names) {
        const key = this.keyOf(name, statement.location.scope);
        const definition = this.definitions.get(key);
        if (statement.kind === 'binding' && statement.binding === 'global') {
          if (key !== name) {
            report(`'${name}' is local to its file and cannot be .global`);
            continue;
          }
          this.globals.add(key);
        }
        if (!definition) report(`undefined symbol '${name}'`);
        else if (statement.kind === 'type') {
          if (definition.kind !== 'label') report(`.type applies to labels, and '${name}' is a constant`);
          else this.declaredTypes.set(key, statement.type);
        } else if (statement.kind === 'size' && definition.kind !== 'label') {
          report(`.size applies to labels, and '${name}' is a constant`);
        }
      }
    }
  }

  keyOf(name: string, scope: number): string {
    const fileLocal = name.startsWith('.L') || this.fileLocalNames.get(scope)?.has(name);
    if (!fileLocal) return name;
    // Keys are looked up on every use in every layout pass: make each one once.
    let keys = this.fileLocalKeys.get(scope);
    if (!keys) this.fileLocalKeys.set(scope, keys = new Map());
    let key = keys.get(name);
    if (key === undefined) keys.set(name, key = `${scope}:${name}`);
    return key;
  }

  definition(key: string): SymbolDefinition | undefined {
    return this.definitions.get(key);
  }

  labels(): SymbolDefinition[] {
    return [...this.definitions.values()].filter((definition) => definition.kind === 'label');
  }

  /** Symbols that go to .symtab: every label except the .L ones. */
  isWrittenToSymbolTable(definition: SymbolDefinition): boolean {
    return definition.kind === 'label' && !definition.name.startsWith('.L');
  }

  bindingOf(key: string): 'global' | 'local' {
    return this.globals.has(key) ? 'global' : 'local';
  }

  typeOf(key: string): 'func' | 'object' | undefined {
    return this.declaredTypes.get(key);
  }
}
