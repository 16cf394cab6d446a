// Values as fixed-width little-endian fields: the one rule for immediates,
// displacements and data directives.
//
//   fitsBytes(value, n)      true when value is an n-byte field read either way:
//                            -2^(8n-1) .. 2^(8n)-1 (so .byte takes -128 .. 255)
//   littleEndian(value, n)   the n bytes of value, two's complement, low first
//
//   fitsBytes(-1n, 1) && fitsBytes(255n, 1) && !fitsBytes(256n, 1)
//   littleEndian(-2n, 2) -> [0xfe, 0xff]

export function fitsBytes(value: bigint, bytes: number): boolean {
  const bits = BigInt(8 * bytes);
  return value >= -(1n << (bits - 1n)) && value < 1n << bits;
}

export function littleEndian(value: bigint, bytes: number): number[] {
  const unsigned = BigInt.asUintN(bytes * 8, value);
  return Array.from({ length: bytes }, (_, i) => Number((unsigned >> BigInt(8 * i)) & 0xffn));
}
