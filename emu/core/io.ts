// The core's imports (docs/machine.md §1.3), module "io".
//
//   portRead(port, size): u32          in
//   portWrite(port, size, value)       out
//   intAck(): u32                      acknowledge the interrupt controller; its vector
//
// Before any of them is called the state in linear memory is complete, and the
// cycle counter holds the cycle at which the in/out instruction (or the
// delivery) began.

@external("io", "portRead")
export declare function portRead(port: u32, size: u32): u32;

@external("io", "portWrite")
export declare function portWrite(port: u32, size: u32, value: u32): void;

@external("io", "intAck")
export declare function intAck(): u32;
