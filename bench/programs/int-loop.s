; int-loop: register-only integer work, the emulator's best case.
; Eight instructions per iteration, ITERATIONS iterations; exits with the
; checksum's low byte so the work cannot be skipped.
.equ ITERATIONS, 25000000
.equ DEBUG_EXIT, 0x500

.text
.global _start
_start:
        mov ecx, ITERATIONS
        mov eax, 0x12345678
        mov ebx, 0x9E3779B9
.Lloop:
        add eax, ebx
        xor ebx, eax
        rol ebx, 7
        sub eax, ecx
        lea edx, [eax + ebx*2]
        and edx, 0xFFFF
        dec ecx
        jnz .Lloop
        add eax, edx
        mov edx, DEBUG_EXIT
        out dx, eax
        hlt
