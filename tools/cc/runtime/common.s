; Runtime support shared by every target of switchless cc (docs/abi.md §7-§9).
;
; Entry points called by compiled code use the standard convention (arguments
; pushed first to last, callee pops, result in eax, ebx esi edi ebp kept):
;   __wasm_abort(message, file, line, column)    never returns
;   __wasm_trap_<kind>                           called at the trap site; never returns
; and, for the runtime's other files:
;   __wasm_trap_at        ebx = the kind's words, esi = a return address in the trapping function
;   __wasm_puts           eax = a NUL-terminated string to print
; Linear memory is in memory.s, 64-bit arithmetic in i64.s.
;
; The target file (bare.s, kernel.s, user.s) provides:
;   __wasm_console_byte   al = byte to print; keeps ebx esi edi ebp
;   __wasm_exit           eax = exit status; never returns
;   __wasm_grow_hook      eax = old pages, edx = new pages; eax = 0 if the memory is there
;
; The program provides __wasm_memory, __wasm_functions and __wasm_code_end.
; The trap words below are tools/cc/traps.ts's TRAP_KINDS, letter for letter.

.data
.align 4
.global __wasm_stack_limit
__wasm_stack_limit: .long 0
.global __wasm_tempret0
__wasm_tempret0: .long 0

.rodata
.global __wasm_kind_div0
__wasm_kind_div0: .asciz "integer divide by zero"
.global __wasm_kind_overflow
__wasm_kind_overflow: .asciz "integer overflow"
.Lkind_unreach:   .asciz "unreachable"
.Lkind_table:     .asciz "undefined table element"
.Lkind_signature: .asciz "indirect call signature mismatch"
.global __wasm_kind_bounds
__wasm_kind_bounds: .asciz "out of bounds memory access"
.Lkind_stack:     .asciz "call stack exhausted"
.Ltrap_prefix:    .asciz "trap: "
.Ltrap_in:        .asciz " in "
.Labort_prefix:   .asciz "abort: "
.Labort_at:       .asciz " at "
.Lnull:           .asciz "null"
.Lunknown:        .asciz "?"

.text

; ---- traps: [esp] is the return address of the call at the trap site ----

.global __wasm_trap_divide_by_zero
__wasm_trap_divide_by_zero:
    mov ebx, __wasm_kind_div0
    jmp .Ltrap_here
.global __wasm_trap_overflow
__wasm_trap_overflow:
    mov ebx, __wasm_kind_overflow
    jmp .Ltrap_here
.global __wasm_trap_unreachable
__wasm_trap_unreachable:
    mov ebx, .Lkind_unreach
    jmp .Ltrap_here
.global __wasm_trap_table
__wasm_trap_table:
    mov ebx, .Lkind_table
    jmp .Ltrap_here
.global __wasm_trap_signature
__wasm_trap_signature:
    mov ebx, .Lkind_signature
    jmp .Ltrap_here
.global __wasm_trap_stack
__wasm_trap_stack:
    mov ebx, .Lkind_stack
    jmp .Ltrap_here
.global __wasm_trap_bounds
__wasm_trap_bounds:
    mov ebx, __wasm_kind_bounds
    jmp .Ltrap_here
.Ltrap_here:
    mov esi, [esp]
    ; fall through

; ebx = the kind's words, esi = a return address in the trapping function.
.global __wasm_trap_at
__wasm_trap_at:
    dec esi                        ; inside the call, even when it ends the function
    mov eax, .Ltrap_prefix
    call __wasm_puts
    mov eax, ebx
    call __wasm_puts
    mov eax, .Ltrap_in
    call __wasm_puts
    mov eax, esi
    call __wasm_function_name
    call __wasm_puts
    mov eax, 10
    call __wasm_console_byte
    mov eax, 134
    jmp __wasm_exit

; eax = a code address -> eax = the wasm name of the function holding it, or "?".
__wasm_function_name:
    cmp eax, __wasm_code_end
    jae .Lname_unknown
    mov ecx, [__wasm_functions]
    mov edx, .Lunknown
.Lname_scan:
    test ecx, ecx
    jz .Lname_done
    cmp eax, [__wasm_functions-4+ecx*8]
    jae .Lname_found
    dec ecx
    jmp .Lname_scan
.Lname_found:
    mov edx, [__wasm_functions+ecx*8]
.Lname_done:
    mov eax, edx
    ret
.Lname_unknown:
    mov eax, .Lunknown
    ret

; ---- printing (register arguments; keep ebx esi edi ebp) ----

; eax = NUL-terminated string
.global __wasm_puts
__wasm_puts:
    push esi
    mov esi, eax
.Lputs_next:
    movzx eax, byte [esi]
    test eax, eax
    jz .Lputs_done
    inc esi
    call __wasm_console_byte
    jmp .Lputs_next
.Lputs_done:
    pop esi
    ret

; eax = unsigned number, printed in decimal
__wasm_put_decimal:
    push esi
    sub esp, 12
    lea esi, [esp+11]
    mov byte [esi], 0
    mov ecx, 10
.Ldecimal_next:
    xor edx, edx
    div ecx
    add edx, 48
    dec esi
    mov [esi], dl
    test eax, eax
    jnz .Ldecimal_next
    mov eax, esi
    call __wasm_puts
    add esp, 12
    pop esi
    ret

; eax = wasm address of an AssemblyScript string (UTF-16, byte length at -4), or 0.
; Each code unit is printed as UTF-8 (docs/abi.md §9).
__wasm_put_string:
    push esi
    push edi
    test eax, eax
    jz .Lstring_null
    lea esi, [eax+__wasm_memory]
    mov edi, [esi-4]
    shr edi, 1
.Lstring_next:
    test edi, edi
    jz .Lstring_done
    movzx eax, word [esi]
    add esi, 2
    dec edi
    cmp eax, 0x80
    jb .Lstring_one
    cmp eax, 0x800
    jb .Lstring_two
    push eax
    shr eax, 12
    or eax, 0xE0
    call __wasm_console_byte
    mov eax, [esp]
    shr eax, 6
    and eax, 63
    or eax, 0x80
    call __wasm_console_byte
    pop eax
    and eax, 63
    or eax, 0x80
    call __wasm_console_byte
    jmp .Lstring_next
.Lstring_two:
    push eax
    shr eax, 6
    or eax, 0xC0
    call __wasm_console_byte
    pop eax
    and eax, 63
    or eax, 0x80
.Lstring_one:
    call __wasm_console_byte
    jmp .Lstring_next
.Lstring_null:
    mov eax, .Lnull
    call __wasm_puts
.Lstring_done:
    pop edi
    pop esi
    ret

; ---- env.abort(message, file, line, column) ----

.global __wasm_abort
__wasm_abort:
    mov eax, .Labort_prefix
    call __wasm_puts
    mov eax, [esp+16]
    call __wasm_put_string
    mov eax, .Labort_at
    call __wasm_puts
    mov eax, [esp+12]
    call __wasm_put_string
    mov eax, 58
    call __wasm_console_byte
    mov eax, [esp+8]
    call __wasm_put_decimal
    mov eax, 58
    call __wasm_console_byte
    mov eax, [esp+4]
    call __wasm_put_decimal
    mov eax, 10
    call __wasm_console_byte
    mov eax, 134
    jmp __wasm_exit
