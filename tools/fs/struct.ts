// Structure layouts as field tables: the machinery under tools/fs/format.ts.
//
//   const INODE = defineStruct('inode', 128, [
//     ['type', 'u16', 'what the inode is'],
//     ['direct', 'u32', 'direct block pointers', 12],
//     ['spare', 'bytes', 'reserved, zero', 32],
//   ]);
//   INODE.fields.direct   -> { name: 'direct', kind: 'u32', at: 4, size: 4, count: 12, ... }
//   readField(bytes, base, INODE.fields.direct, 3)   the fourth direct pointer
//
// Offsets are never written by hand: each field starts where the previous one
// ends, so one list of (name, kind, count) fixes every offset. defineStruct
// checks that each field is naturally aligned and that the fields fill the
// structure exactly. Every multi-byte value is little-endian; u64 fields are
// read and written as bigint, the others as number; a bytes field is a byte
// string of `count` bytes.

export type FieldKind = 'u8' | 'u16' | 'u32' | 'u64' | 'bytes';

/** One row of a structure's description: name, kind, meaning, and an array length (default 1). */
export type FieldSpec = readonly [name: string, kind: FieldKind, doc: string, count?: number];

export interface Field {
  readonly name: string;
  readonly kind: FieldKind;
  /** Byte offset in the structure. */
  readonly at: number;
  /** Bytes of one element (1 for bytes fields). */
  readonly size: number;
  /** Array length; for a bytes field, its length in bytes. */
  readonly count: number;
  readonly doc: string;
}

export interface Struct<Name extends string = string> {
  readonly name: string;
  readonly bytes: number;
  readonly fields: { readonly [N in Name]: Field };
  /** The fields in order. */
  readonly list: readonly Field[];
}

const ELEMENT_BYTES: Record<FieldKind, number> = { u8: 1, u16: 2, u32: 4, u64: 8, bytes: 1 };

export function defineStruct<const S extends readonly FieldSpec[]>(
  name: string, bytes: number, specs: S,
): Struct<S[number][0]> {
  const list: Field[] = [];
  let at = 0;
  for (const [fieldName, kind, doc, count = 1] of specs) {
    const size = ELEMENT_BYTES[kind];
    if (at % size !== 0) throw new Error(`${name}.${fieldName}: offset ${at} is not aligned to ${size}`);
    list.push({ name: fieldName, kind, at, size, count, doc });
    at += size * count;
  }
  if (at !== bytes) throw new Error(`${name}: fields take ${at} bytes, the structure is ${bytes}`);
  const fields = Object.fromEntries(list.map((f) => [f.name, f]));
  if (Object.keys(fields).length !== list.length) throw new Error(`${name}: duplicate field name`);
  return { name, bytes, fields: fields as Struct<S[number][0]>['fields'], list };
}

/** Offset of element `index` of a field, from the structure's start. */
export function fieldOffset(field: Field, index = 0): number {
  return field.at + index * field.size;
}

/** A u8/u16/u32 field (element `index`) of the structure at `base`. */
export function readField(bytes: Uint8Array, base: number, field: Field, index = 0): number {
  const at = base + fieldOffset(field, index);
  switch (field.kind) {
    case 'u8': return bytes[at];
    case 'u16': return bytes[at] | (bytes[at + 1] << 8);
    case 'u32': return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
    default: throw new Error(`readField: ${field.name} is a ${field.kind} field`);
  }
}

export function writeField(bytes: Uint8Array, base: number, field: Field, value: number, index = 0): void {
  const at = base + fieldOffset(field, index);
  switch (field.kind) {
    case 'u32':
      bytes[at + 3] = value >>> 24;
      bytes[at + 2] = value >>> 16;
    // falls through
    case 'u16':
      bytes[at + 1] = value >>> 8;
    // falls through
    case 'u8':
      bytes[at] = value;
      return;
    default: throw new Error(`writeField: ${field.name} is a ${field.kind} field`);
  }
}

export function readU64(bytes: Uint8Array, base: number, field: Field): bigint {
  if (field.kind !== 'u64') throw new Error(`readU64: ${field.name} is a ${field.kind} field`);
  const at = base + field.at;
  return new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(at, true);
}

export function writeU64(bytes: Uint8Array, base: number, field: Field, value: bigint): void {
  if (field.kind !== 'u64') throw new Error(`writeU64: ${field.name} is a ${field.kind} field`);
  new DataView(bytes.buffer, bytes.byteOffset).setBigUint64(base + field.at, BigInt.asUintN(64, value), true);
}

/** A view of a bytes field (not a copy). */
export function fieldBytes(bytes: Uint8Array, base: number, field: Field): Uint8Array {
  if (field.kind !== 'bytes') throw new Error(`fieldBytes: ${field.name} is a ${field.kind} field`);
  return bytes.subarray(base + field.at, base + field.at + field.count);
}
