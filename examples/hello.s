; hello.s: the smallest complete tx86 program.
;
; It prints "Hello, world!" on the console, then stops the machine with exit
; status 0.
;
;     switchless asm examples/hello.s -o hello.elf
;     switchless run hello.elf
;
; Things to notice:
;   - Execution starts at the symbol _start. `switchless run` starts a program
;     in ring 0 with a stack ready (esp = the top of RAM), so it may `call`
;     functions and talk to devices with `in`/`out` (docs/isa.md §11).
;   - The console is a UART. Writing a byte to its data port, 0x3F8, with
;     `out dx, al` prints that byte. The port number goes in dx: the
;     immediate form of `out` only reaches ports 0-255.
;   - Writing a value to the debug-exit port, 0x500, stops the machine and
;     makes that value the exit status.
;   - Labels starting with .L are local to this file and are left out of the
;     symbol table; `.type NAME, @function` marks a function for the tools
;     (disassembler, tracer, profiler).

.equ UART_DATA,  0x3F8          ; UART console: write a byte here to print it
.equ DEBUG_EXIT, 0x500          ; write the exit status here to stop the machine

.text
.global _start
.type _start, @function
_start:
        mov esi, message        ; esi = address of the first character
        call print_string
        xor eax, eax            ; eax = 0, the exit status
        mov edx, DEBUG_EXIT
        out dx, eax             ; the machine stops here
        cli                     ; (not reached: halting with interrupts off
        hlt                     ;  would stop the machine too)

; print_string: write the NUL-terminated string at esi to the console.
; Changes eax, edx and esi.
.type print_string, @function
print_string:
        mov edx, UART_DATA
.Lnext:
        mov al, byte [esi]      ; al = the next character
        cmp al, 0               ; a 0 byte ends the string
        je .Ldone
        out dx, al              ; print it
        inc esi                 ; move on to the next character
        jmp .Lnext
.Ldone:
        ret
.size print_string, . - print_string

; Read-only data goes in .rodata; .asciz adds the terminating 0 byte.
.rodata
message:
        .asciz "Hello, world!\n"
