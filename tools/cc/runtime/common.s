; Runtime support shared by every target of switchless cc (docs/abi.md §7-§9).
;
; Entry points called by compiled code use the standard convention (arguments
; pushed first to last, callee pops, result in eax, ebx esi edi ebp kept):
;   __wasm_memory_grow(delta) -> old pages or -1
;   __wasm_memory_copy(dest, src, n)    __wasm_memory_fill(dest, value, n)
;   __wasm_memory_init(segment, dest, src, n)    __wasm_data_drop(segment)
;   __wasm_i64_mul/sdiv/udiv/srem/urem(a_lo, a_hi, b_lo, b_hi) -> lo, high in __wasm_i64_high
;   __wasm_abort(message, file, line, column)    never returns
;   __wasm_trap_<kind>                           called at the trap site; never returns
;
; The target file (bare.s, kernel.s, user.s) provides:
;   __wasm_console_byte   al = byte to print; keeps ebx esi edi ebp
;   __wasm_exit           eax = exit status; never returns
;   __wasm_grow_hook      eax = old pages, edx = new pages; eax = 0 if the memory is there
;
; The program provides __wasm_memory, __wasm_memory_pages, __wasm_memory_max_pages,
; __wasm_functions, __wasm_code_end, __wasm_segments and __wasm_i64_high.
; The trap words below are tools/cc/traps.ts's TRAP_KINDS, letter for letter.

.data
.align 4
.global __wasm_stack_limit
__wasm_stack_limit: .long 0
.global __wasm_tempret0
__wasm_tempret0: .long 0

.rodata
.Lkind_div0:      .asciz "integer divide by zero"
.Lkind_overflow:  .asciz "integer overflow"
.Lkind_unreach:   .asciz "unreachable"
.Lkind_table:     .asciz "undefined table element"
.Lkind_signature: .asciz "indirect call signature mismatch"
.Lkind_bounds:    .asciz "out of bounds memory access"
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
    mov ebx, .Lkind_div0
    jmp .Ltrap_here
.global __wasm_trap_overflow
__wasm_trap_overflow:
    mov ebx, .Lkind_overflow
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

; ---- memory ----

; __wasm_memory_grow(delta) -> old size in pages, or -1
.global __wasm_memory_grow
__wasm_memory_grow:
    push edi
    mov eax, [__wasm_memory_pages]
    mov edx, eax
    add edx, [esp+8]
    jc .Lgrow_fail
    cmp edx, [__wasm_memory_max_pages]
    ja .Lgrow_fail
    push eax
    push edx
    call __wasm_grow_hook
    pop edx
    test eax, eax
    pop eax
    jnz .Lgrow_fail
    ; zero the new pages: [memory + old*64K, memory + new*64K)
    mov [__wasm_memory_pages], edx
    mov edi, eax
    shl edi, 16
    add edi, __wasm_memory
    mov ecx, edx
    sub ecx, eax
    shl ecx, 14
    push eax
    xor eax, eax
    rep stosd
    pop eax
    pop edi
    ret 4
.Lgrow_fail:
    mov eax, -1
    pop edi
    ret 4

; Checks [eax, eax + ecx) against the memory size; traps at the caller
; (return address in edx) if it is out of bounds. Keeps eax, ecx.
.Lcheck_bounds:
    push eax
    add eax, ecx
    jc .Lout_of_bounds
    push ecx
    mov ecx, [__wasm_memory_pages]
    shl ecx, 16
    cmp eax, ecx
    pop ecx
    ja .Lout_of_bounds
    pop eax
    ret
.Lout_of_bounds:
    mov esi, edx
    mov ebx, .Lkind_bounds
    jmp __wasm_trap_at

; __wasm_memory_copy(dest, src, n): memmove within linear memory
.global __wasm_memory_copy
__wasm_memory_copy:
    push esi
    push edi
    mov ecx, [esp+12]
    mov edx, [esp+8]
    mov eax, [esp+16]
    call .Lcheck_bounds
    mov esi, eax
    mov eax, [esp+20]
    call .Lcheck_bounds
    mov edi, eax
    add esi, __wasm_memory
    add edi, __wasm_memory
    cmp edi, esi
    jbe .Lcopy_forward
    lea eax, [esi+ecx]
    cmp edi, eax
    jae .Lcopy_forward
    ; dest overlaps the end of src: copy backward
    lea esi, [esi+ecx-1]
    lea edi, [edi+ecx-1]
    std
    rep movsb
    cld
    jmp .Lcopy_done
.Lcopy_forward:
    mov eax, ecx
    shr ecx, 2
    rep movsd
    mov ecx, eax
    and ecx, 3
    rep movsb
.Lcopy_done:
    pop edi
    pop esi
    ret 12

; __wasm_memory_fill(dest, value, n)
.global __wasm_memory_fill
__wasm_memory_fill:
    push esi
    push edi
    mov ecx, [esp+12]
    mov edx, [esp+8]
    mov eax, [esp+20]
    call .Lcheck_bounds
    lea edi, [eax+__wasm_memory]
    movzx eax, byte [esp+16]
    imul eax, eax, 0x01010101
    mov edx, ecx
    shr ecx, 2
    rep stosd
    mov ecx, edx
    and ecx, 3
    rep stosb
    pop edi
    pop esi
    ret 12

; __wasm_memory_init(segment, dest, src, n): copy from a passive data segment
.global __wasm_memory_init
__wasm_memory_init:
    push esi
    push edi
    mov ecx, [esp+12]
    mov edx, [esp+8]
    mov esi, [esp+24]
    mov eax, [esp+16]
    add eax, ecx
    jc .Linit_bounds
    cmp eax, [__wasm_segments+8+esi*8]
    ja .Linit_bounds
    mov esi, [__wasm_segments+4+esi*8]
    add esi, [esp+16]
    mov eax, [esp+20]
    call .Lcheck_bounds
    lea edi, [eax+__wasm_memory]
    rep movsb
    pop edi
    pop esi
    ret 16
.Linit_bounds:
    mov esi, edx
    mov ebx, .Lkind_bounds
    jmp __wasm_trap_at

; __wasm_data_drop(segment)
.global __wasm_data_drop
__wasm_data_drop:
    mov eax, [esp+4]
    mov dword [__wasm_segments+8+eax*8], 0
    ret 4

; ---- 64-bit arithmetic: (a_lo, a_hi, b_lo, b_hi), high half of the result in __wasm_i64_high ----

.global __wasm_i64_mul
__wasm_i64_mul:
    mov eax, [esp+16]
    mul dword [esp+8]              ; edx:eax = a_lo * b_lo
    mov ecx, eax
    mov eax, [esp+16]
    imul eax, [esp+4]              ; a_lo * b_hi
    add edx, eax
    mov eax, [esp+12]
    imul eax, [esp+8]              ; a_hi * b_lo
    add edx, eax
    mov [__wasm_i64_high], edx
    mov eax, ecx
    ret 16

; binaryen's i64 intrinsics (value lo, hi[, count lo, hi]), on both halves at once.
.global __wasm_ctz_i64
__wasm_ctz_i64:
    mov dword [__wasm_i64_high], 0
    bsf eax, [esp+8]
    jnz .Lctz_done
    mov eax, 32
    bsf eax, [esp+4]
    add eax, 32
.Lctz_done:
    ret 8

.global __wasm_popcnt_i64
__wasm_popcnt_i64:
    popcnt eax, [esp+8]
    popcnt ecx, [esp+4]
    add eax, ecx
    mov dword [__wasm_i64_high], 0
    ret 8

.global __wasm_rotr_i64
__wasm_rotr_i64:
    push ebx
    mov ecx, [esp+12]
    neg ecx                        ; rotate right by n = left by 64 - n
    jmp .Lrotate
.global __wasm_rotl_i64
__wasm_rotl_i64:
    push ebx
    mov ecx, [esp+12]
.Lrotate:
    mov eax, [esp+20]
    mov edx, [esp+16]
    test ecx, 32
    jz .Lrotate_half
    xchg eax, edx
.Lrotate_half:
    and ecx, 31
    jz .Lrotate_done
    mov ebx, edx
    shl edx, cl                    ; hi << n
    push eax
    shl eax, cl                    ; lo << n
    neg ecx
    shr ebx, cl                    ; hi >> (32 - n)
    or eax, ebx
    pop ebx
    shr ebx, cl                    ; lo >> (32 - n)
    or edx, ebx
.Lrotate_done:
    mov [__wasm_i64_high], edx
    pop ebx
    ret 16

; Unsigned 64-bit division: edx:eax / ebx:ecx -> quotient edx:eax, remainder ebx:ecx.
; The divisor is not zero. Clobbers esi, edi, ebp.
__wasm_udivmod64:
    test ebx, ebx
    jnz .Ludiv_wide
    mov esi, eax                   ; divisor < 2^32: two 64/32 divisions
    mov eax, edx
    xor edx, edx
    div ecx
    mov edi, eax
    mov eax, esi
    div ecx
    mov ecx, edx
    xor ebx, ebx
    mov edx, edi
    ret
.Ludiv_wide:
    ; divisor >= 2^32, so the quotient fits in 32 bits. Hacker's Delight's
    ; divdu: divide by the divisor's top 32 bits, normalised, to get q0 or q0 + 1.
    mov esi, eax                   ; N_lo
    mov edi, edx                   ; N_hi
    bsr ebp, ebx
    xor ebp, 31                    ; n = leading zeros of the divisor's high word
    push ecx                       ; [esp] = D_lo
    mov eax, ebx
    mov edx, ecx
    mov ecx, ebp
    shl eax, cl                    ; D_hi << n
    neg ecx
    shr edx, cl                    ; D_lo >> (32 - n)
    test ebp, ebp
    jz .Ludiv_normalised
    or eax, edx
.Ludiv_normalised:
    push eax                       ; [esp] = v1, the top word of D << n; [esp+4] = D_lo
    mov eax, esi                   ; edx:eax = N >> 1 (so the quotient fits)
    shr eax, 1
    mov ecx, edi
    shl ecx, 31
    or eax, ecx
    mov edx, edi
    shr edx, 1
    div dword [esp]                ; q1
    mov ecx, 31
    sub ecx, ebp
    shr eax, cl                    ; q0 = q1 >> (31 - n), the quotient or one more
    test eax, eax
    jz .Ludiv_estimate
    dec eax                        ; now the quotient or one less
.Ludiv_estimate:
    mov ebp, eax
    mul dword [esp+4]              ; edx:eax = q0 * D_lo
    mov ecx, ebp
    imul ecx, ebx
    add edx, ecx                   ; + (q0 * D_hi) << 32
    mov ecx, esi
    sub ecx, eax
    mov eax, edi
    sbb eax, edx                   ; eax:ecx = N - q0 * D
    mov edx, [esp+4]
    add esp, 8
    cmp eax, ebx                   ; remainder >= D: one more
    jb .Ludiv_done
    ja .Ludiv_fix
    cmp ecx, edx
    jb .Ludiv_done
.Ludiv_fix:
    sub ecx, edx
    sbb eax, ebx
    inc ebp
.Ludiv_done:
    mov ebx, eax
    mov eax, ebp
    xor edx, edx
    ret

; Loads the arguments for a division after 4 pushes: edx:eax = a, ebx:ecx = b.
; Traps at the caller when b = 0. [esp] on entry is this helper's return address.
.Ldivision_arguments:
    mov eax, [esp+36]
    mov edx, [esp+32]
    mov ecx, [esp+28]
    mov ebx, [esp+24]
    test ecx, ecx
    jnz .Ldivision_ok
    test ebx, ebx
    jnz .Ldivision_ok
    mov esi, [esp+20]
    mov ebx, .Lkind_div0
    jmp __wasm_trap_at
.Ldivision_ok:
    ret

.global __wasm_i64_udiv
__wasm_i64_udiv:
    push ebx
    push esi
    push edi
    push ebp
    call .Ldivision_arguments
    call __wasm_udivmod64
    jmp .Ldivision_return

.global __wasm_i64_urem
__wasm_i64_urem:
    push ebx
    push esi
    push edi
    push ebp
    call .Ldivision_arguments
    call __wasm_udivmod64
    mov eax, ecx
    mov edx, ebx
    jmp .Ldivision_return

.global __wasm_i64_sdiv
__wasm_i64_sdiv:
    push ebx
    push esi
    push edi
    push ebp
    call .Ldivision_arguments
    ; INT64_MIN / -1 does not fit
    cmp edx, 0x80000000
    jne .Lsdiv_ok
    test eax, eax
    jne .Lsdiv_ok
    cmp ebx, -1
    jne .Lsdiv_ok
    cmp ecx, -1
    jne .Lsdiv_ok
    mov esi, [esp+16]
    mov ebx, .Lkind_overflow
    jmp __wasm_trap_at
.Lsdiv_ok:
    mov ebp, edx
    xor ebp, ebx                   ; sign of the quotient
    push ebp
    call .Lmagnitudes
    call __wasm_udivmod64
    pop ebp
    test ebp, ebp
    jns .Ldivision_return
    neg eax
    adc edx, 0
    neg edx
    jmp .Ldivision_return

.global __wasm_i64_srem
__wasm_i64_srem:
    push ebx
    push esi
    push edi
    push ebp
    call .Ldivision_arguments
    push edx                       ; the remainder takes the dividend's sign
    call .Lmagnitudes
    call __wasm_udivmod64
    mov eax, ecx
    mov edx, ebx
    pop ebp
    test ebp, ebp
    jns .Ldivision_return
    neg eax
    adc edx, 0
    neg edx
    jmp .Ldivision_return

; edx:eax = |edx:eax|, ebx:ecx = |ebx:ecx|
.Lmagnitudes:
    test edx, edx
    jns .Lmagnitude_b
    neg eax
    adc edx, 0
    neg edx
.Lmagnitude_b:
    test ebx, ebx
    jns .Lmagnitude_done
    neg ecx
    adc ebx, 0
    neg ebx
.Lmagnitude_done:
    ret

.Ldivision_return:
    mov [__wasm_i64_high], edx
    pop ebp
    pop edi
    pop esi
    pop ebx
    ret 16
