; The user target's runtime (docs/abi.md §2, §3, §10.3): a process started by
; the kernel's exec, in ring 3. Linear memory starts at virtual address 0 (so
; a wasm pointer is a user pointer) and is the process's break: _start asks
; for the initial pages with sbrk, memory.grow for more.
;
; The program's assembly defines __wasm_sys_write, __wasm_sys_exit and
; __wasm_sys_sbrk (numbers from the compiler's syscalls table).

.equ STACK_BYTES, 0x100000
.equ STACK_MARGIN, 0x10000
.equ STDERR, 2

.rodata
.Lno_memory: .asciz "wasm: not enough memory for the initial pages\n"

.text
.global _start
_start:
    lea ecx, [esp-STACK_BYTES+STACK_MARGIN]
    mov [__wasm_stack_limit], ecx
    xor eax, eax
    mov edx, [__wasm_memory_pages]
    call __wasm_grow_hook
    test eax, eax
    jnz .Lfail
    call __wasm_init
    call main
    jmp __wasm_exit
.Lfail:
    mov eax, .Lno_memory
    call __wasm_puts
    mov eax, 134
    jmp __wasm_exit

; al = byte: write(2, &byte, 1)
.global __wasm_console_byte
__wasm_console_byte:
    push ebx
    push eax
    mov ebx, STDERR
    mov ecx, esp
    mov edx, 1
    mov eax, __wasm_sys_write
    int 0x80
    pop eax
    pop ebx
    ret

; eax = status: exit(status)
.global __wasm_exit
__wasm_exit:
    mov ebx, eax
    mov eax, __wasm_sys_exit
    int 0x80
    jmp __wasm_exit

; eax = old pages, edx = new pages: sbrk((new - old) * 64 KiB); eax = 0 on success.
.global __wasm_grow_hook
__wasm_grow_hook:
    push ebx
    mov ebx, edx
    sub ebx, eax
    shl ebx, 16
    mov eax, __wasm_sys_sbrk
    int 0x80
    pop ebx
    test eax, eax
    js .Lgrow_failed
    xor eax, eax
    ret
.Lgrow_failed:
    mov eax, -1
    ret
