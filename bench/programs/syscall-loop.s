; syscall-loop: a ring-3 loop of int 0x80 whose handler returns at once, so
; each iteration is one user -> kernel -> user round trip (docs/isa.md §5).
.equ ROUNDS, 2000000
.equ IDT, 0x00200000
.equ KERNEL_STACK, 0x00300000
.equ USER_STACK, 0x00400000
.equ DEBUG_EXIT, 0x500

.text
.global _start
_start:
        ; Gates: 0x80 (null system call) and 0x81 (exit), both DPL 3.
        mov dword [IDT + 0x80 * 8], null_syscall
        mov dword [IDT + 0x80 * 8 + 4], 0xD     ; present, DPL 3
        mov dword [IDT + 0x81 * 8], exit_syscall
        mov dword [IDT + 0x81 * 8 + 4], 0xD
        lidt [idt_pointer]
        mov eax, KERNEL_STACK
        mov ksp, eax

        ; Drop to ring 3 by building an iret frame.
        push USER_STACK                 ; user esp
        push 0x2                        ; eflags
        push 0x1B                       ; user cs
        push user_main
        iret

null_syscall:
        iret

exit_syscall:
        mov eax, ebx
        mov edx, DEBUG_EXIT
        out dx, eax
        hlt

user_main:
        mov ecx, ROUNDS
.Lround:
        int 0x80
        dec ecx
        jnz .Lround
        xor ebx, ebx
        int 0x81

.rodata
idt_pointer:
        .word 0x82 * 8 - 1
        .long IDT
