; Stand-in for tools/cc/runtime/user.s, linked only while tools/cc has no user
; runtime (tools/kernel/compile.ts). The contract it implements, which the
; kernel relies on (docs/kernel.md §2, §13):
;
;   linear memory at 0 (--memory-base 0), so wasm addresses are user virtual
;   addresses; the stack is the region below KERNBASE, esp = KERNBASE at entry;
;   _start: __wasm_init, main(), exit(main's result & 255)
;   __wasm_console_byte   al -> write(2, &al, 1)     (trap and abort messages)
;   __wasm_exit           eax -> exit(eax)
;   __wasm_grow_hook      eax = old pages, edx = new pages -> sbrk((new - old) × 64 KiB);
;                         the break is always 64 KiB × pages (exec starts it there)

.equ STACK_LIMIT, 0xBFF10000       ; KERNBASE - USTACK_MAX + 64 KiB of margin for non-recursive calls

.text
.global _start
_start:
    mov dword [__wasm_stack_limit], STACK_LIMIT
    call __wasm_init
    call main
    and eax, 255
    jmp __wasm_exit

.global __wasm_console_byte
__wasm_console_byte:
    push ebx
    push ecx
    push edx
    push eax
    mov ebx, 2
    mov ecx, esp
    mov edx, 1
    mov eax, __wasm_sys_write
    int 0x80
    pop eax
    pop edx
    pop ecx
    pop ebx
    ret

.global __wasm_exit
__wasm_exit:
    mov ebx, eax
    mov eax, __wasm_sys_exit
    int 0x80
    ud2

.global __wasm_grow_hook
__wasm_grow_hook:
    push ebx
    mov ebx, edx
    sub ebx, eax
    shl ebx, 16
    mov eax, __wasm_sys_sbrk
    int 0x80
    test eax, eax
    mov eax, 0
    jns .Lgrown
    inc eax
.Lgrown:
    pop ebx
    ret
