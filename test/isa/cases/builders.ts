// Shorthands for writing ISA cases compactly.
//
//   one(name, section, source, before, after, extra?)
//       a case that runs the instructions of `source` (one step each) from the
//       state `before` and expects the state fields of `after`; `extra` adds or
//       overrides any IsaCase field (memory, counters, steps ...)
//   faultCase(...)  the same, for an instruction that raises an exception with the
//       standard IDT loaded: expects eip = the vector's handler and the exception count

import { assemble } from '../encode.ts';
import type { CaseCounters, CaseState, IsaCase } from '../run-case.ts';
import { IDT_STATE, handlerOf, idt } from './layout.ts';

export type CaseExtras = Partial<Omit<IsaCase, 'expect'>> & { expect?: IsaCase['expect']; counters?: CaseCounters };

export function one(name: string, section: string, source: string | string[], before: CaseState, after: CaseState,
  extra: CaseExtras = {}): IsaCase {
  const code = assemble(source);
  const lines = (typeof source === 'string' ? source.split('\n') : source)
    .filter((l) => l.trim() && !l.trim().endsWith(':') && !l.trim().startsWith(';'));
  const { counters, expect, ...rest } = extra;
  return {
    name, section, code,
    steps: lines.length,
    ...rest,
    state: { ...before, ...rest.state },
    expect: { state: after, ...(counters ? { counters } : {}), ...expect },
  };
}

/** An instruction that raises `vector` at CPL 0 with the standard IDT loaded. */
export function faultCase(name: string, section: string, source: string | string[], before: CaseState, vector: number,
  extra: CaseExtras = {}): IsaCase {
  const base = one(name, section, source, { ...IDT_STATE, ...before }, { eip: handlerOf(vector), instructions: 0 }, extra);
  return {
    ...base,
    memory: [...idt(), ...(extra.memory ?? [])],
    expect: {
      ...base.expect,
      state: { eip: handlerOf(vector), instructions: 0, ...extra.expect?.state },
      counters: { exceptions: { [vector]: 1 }, ...extra.counters, ...extra.expect?.counters },
    },
  };
}
