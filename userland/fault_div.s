; fault_div: divides by zero in ring 3. The kernel must kill it ("divide
; error") and go on (docs/kernel.md §12). AssemblyScript code cannot do this:
; the compiler tests the divisor first.
.text
.global _start
_start:
    mov eax, 7
    xor edx, edx
    xor ecx, ecx
    div ecx
    mov eax, 1
    xor ebx, ebx
    int 0x80
