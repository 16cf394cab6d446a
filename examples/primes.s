; primes.s: print the prime numbers below 100, one per line, then stop.
;
;     switchless asm examples/primes.s -o primes.elf
;     switchless run primes.elf
;
; It shows a loop with conditional branches, functions that take their
; argument in a register and return their result in eax, unsigned division
; (`div`), and a buffer in .bss (memory that starts zeroed and takes no room
; in the ELF file). See hello.s for the console and exit ports.
;
; The method: n is prime when no d with 2 <= d and d*d <= n divides it.

.equ UART_DATA,   0x3F8         ; UART console: write a byte here to print it
.equ DEBUG_EXIT,  0x500         ; write the exit status here to stop the machine
.equ LIMIT,       100           ; print the primes below this
.equ DIGITS_SIZE, 10            ; a 32-bit number has at most 10 decimal digits

.text
.global _start
.type _start, @function
_start:
        mov ebx, 2              ; ebx = n, the number being tested
.Lnext_number:
        mov eax, ebx
        call is_prime           ; eax = 1 if n is prime, else 0
        cmp eax, 0
        je .Lnot_prime
        mov eax, ebx
        call print_number       ; print n in decimal...
        mov al, '\n'
        call print_char         ; ...and end the line
.Lnot_prime:
        inc ebx
        cmp ebx, LIMIT
        jb .Lnext_number        ; jb: jump if below (unsigned <)

        xor eax, eax            ; exit status 0
        mov edx, DEBUG_EXIT
        out dx, eax             ; the machine stops here
        cli
        hlt

; is_prime(eax = n, at least 2) -> eax = 1 if n is prime, 0 if not.
; Changes ecx and edx; keeps esi (saved on the stack).
.type is_prime, @function
is_prime:
        push esi
        mov esi, eax            ; esi = n
        mov ecx, 2              ; ecx = d, the trial divisor
.Ltry:
        mov eax, ecx
        mul ecx                 ; edx:eax = d * d
        cmp eax, esi
        ja .Lprime              ; d * d > n: no divisor was found
        mov eax, esi
        xor edx, edx            ; div divides edx:eax, so edx must be 0
        div ecx                 ; eax = n / d, edx = n % d
        cmp edx, 0
        je .Lcomposite          ; d divides n evenly
        inc ecx
        jmp .Ltry
.Lprime:
        mov eax, 1
        pop esi
        ret
.Lcomposite:
        xor eax, eax
        pop esi
        ret
.size is_prime, . - is_prime

; print_number(eax): print eax as an unsigned decimal number.
; Division by 10 yields the digits lowest first, so they are stored into
; `digits` from its end backwards, then printed from the first one stored
; last. Changes eax and edx; keeps ecx and esi.
.type print_number, @function
print_number:
        push esi
        push ecx
        mov esi, digits + DIGITS_SIZE   ; esi = just past the last digit slot
        mov ecx, 10
.Ldigit:
        xor edx, edx
        div ecx                 ; eax = eax / 10, edx = the lowest digit
        add edx, '0'            ; the digit's value -> its ASCII character
        dec esi
        mov byte [esi], dl      ; store it in front of the ones stored before
        cmp eax, 0
        jne .Ldigit             ; more digits to go
.Lprint:
        mov al, byte [esi]
        call print_char
        inc esi
        cmp esi, digits + DIGITS_SIZE
        jne .Lprint
        pop ecx
        pop esi
        ret
.size print_number, . - print_number

; print_char(al): write one character to the console. Changes edx.
.type print_char, @function
print_char:
        mov edx, UART_DATA
        out dx, al
        ret
.size print_char, . - print_char

.bss
digits:
        .space DIGITS_SIZE
