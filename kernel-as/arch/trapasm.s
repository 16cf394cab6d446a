; Kernel entry and exit (docs/kernel.md §4, §5).
;
;   alltraps       the vector stubs (build/kernel/vectors.s, from tools/kernel/vectors.ts)
;                  jump here with the vector and an error code pushed; it pushes
;                  the registers, clears DF and calls trap(frame) with the frame's
;                  wasm address, then falls into trapret
;   trapret        pops a trap frame and returns from the interrupt (the runtime's
;                  __cpu_trapframe_pop, shared with cpu.trapret)
;   forkret        where a new process's first swtch returns: esp is its trap frame
;   kthread_start  where a new kernel thread's first swtch returns: [esp] = its argument
;   __wasm_trap_hook  a wasm trap or abort in kernel code (docs/abi.md §8), after the
;                  runtime printed it: the kernel panics (report, power off)

.text
.global alltraps
alltraps:
    push edi
    push esi
    push ebp
    push ebx
    push edx
    push ecx
    push eax
    cld
    mov eax, esp
    sub eax, __wasm_memory         ; the kernel's linear memory base, KERNBASE
    push eax
    call trap
.global trapret
trapret:
    jmp __cpu_trapframe_pop        ; the runtime's pop of the frame, and iret (tools/cc/runtime/kernel.s)

.global forkret
forkret:
    jmp trapret

.global kthread_start
kthread_start:
    call kthread_main              ; kthread_main(arg) finds arg where a pushed argument would be
.Lkthread_stop:
    cli
    hlt
    jmp .Lkthread_stop

.global __wasm_trap_hook
__wasm_trap_hook:
    call wasm_trap_panic           ; never returns
    jmp .Lkthread_stop
