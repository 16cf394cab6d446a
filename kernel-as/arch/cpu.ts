// The cpu.* intrinsics of the kernel target (docs/abi.md §10.2), declared once.
// A wasm address is a kernel linear-memory address (= physical, docs/kernel.md
// §2); a virtual address is raw.
//
//   outb(0x3F8, 65)          write_cr3(pgdir)        swtch(saveAt, nextEsp)
//   copyin(dst, userSrc, n) -> 0 or -1 (fault)       fault_fixup(eip) -> resume eip or 0

@external("cpu", "inb") export declare function inb(port: u32): u32;
@external("cpu", "inl") export declare function inl(port: u32): u32;
@external("cpu", "outb") export declare function outb(port: u32, v: u32): void;
@external("cpu", "outl") export declare function outl(port: u32, v: u32): void;
@external("cpu", "cli") export declare function cli(): void;
@external("cpu", "sti") export declare function sti(): void;
@external("cpu", "hlt") export declare function hlt(): void;
@external("cpu", "idle") export declare function idle(): void;
@external("cpu", "read_cr0") export declare function read_cr0(): u32;
@external("cpu", "read_cr2") export declare function read_cr2(): u32;
@external("cpu", "read_cr3") export declare function read_cr3(): u32;
@external("cpu", "write_cr0") export declare function write_cr0(v: u32): void;
@external("cpu", "write_cr3") export declare function write_cr3(v: u32): void;
@external("cpu", "write_ksp") export declare function write_ksp(v: u32): void;
@external("cpu", "invlpg") export declare function invlpg(va: u32): void;
@external("cpu", "lidt") export declare function lidt(desc: u32): void;
@external("cpu", "rdtsc") export declare function rdtsc(): u64;
@external("cpu", "esp") export declare function esp(): u32;
/** Saves the callee-saved registers on this stack, stores esp at wasm address `save`, continues on `next`. */
@external("cpu", "swtch") export declare function swtch(save: u32, next: u32): void;
/** esp = frame (virtual), pop the trap frame (docs/abi.md §10.2.1), iret. */
@external("cpu", "trapret") export declare function trapret(frame: u32): void;
@external("cpu", "copyin") export declare function copyin(dst: u32, src: u32, n: u32): i32;
@external("cpu", "copyout") export declare function copyout(dst: u32, src: u32, n: u32): i32;
@external("cpu", "fault_fixup") export declare function fault_fixup(eip: u32): u32;
