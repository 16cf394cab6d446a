; The bare target's runtime: switchless run starts the program here, in ring 0
; with paging off (docs/abi.md §2-§3, docs/isa.md §11).
;
;   _start   esp = the top of RAM (read from the board), a 1 MiB stack below it,
;            linear memory may grow up to the stack; __wasm_init; main();
;            exit with main's result & 255 through the debug-exit port.

.equ BOARD_RAM_BYTES, 0x520
.equ UART_DATA, 0x3F8
.equ DEBUG_EXIT, 0x500
.equ STACK_BYTES, 0x100000
.equ STACK_MARGIN, 0x10000         ; room below the stack check for non-recursive calls

.rodata
.Lno_memory: .asciz "wasm: not enough memory for the initial pages\n"

.text
.global _start
_start:
    mov edx, BOARD_RAM_BYTES
    in eax, dx
    mov esp, eax
    sub eax, STACK_BYTES
    lea ecx, [eax+STACK_MARGIN]
    mov [__wasm_stack_limit], ecx
    sub eax, __wasm_memory
    jb .Lfail
    shr eax, 16                    ; pages that fit below the stack
    cmp eax, [__wasm_memory_max_pages]
    jae .Llimit_set
    mov [__wasm_memory_max_pages], eax
.Llimit_set:
    mov eax, [__wasm_memory_pages]
    cmp eax, [__wasm_memory_max_pages]
    ja .Lfail
    call __wasm_init
    call main
    jmp __wasm_exit
.Lfail:
    mov eax, .Lno_memory
    call __wasm_puts
    mov eax, 134
    jmp __wasm_exit

; al = byte: the UART transmits at once (docs/devices.md §uart).
.global __wasm_console_byte
__wasm_console_byte:
    push edx
    mov edx, UART_DATA
    out dx, al
    pop edx
    ret

; eax = status: power off through the debug-exit port.
.global __wasm_exit
__wasm_exit:
    mov edx, DEBUG_EXIT
    out dx, al
    cli
    hlt

.global __wasm_grow_hook
__wasm_grow_hook:
    xor eax, eax
    ret
