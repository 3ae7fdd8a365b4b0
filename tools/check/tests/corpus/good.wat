;; The smallest module the kexin profile accepts: a bounded memory, `init`, one more entry
;; point, a host import with its exact signature, and the ABI custom section.
(module
  (import "kexin_v1" "storage_write" (func $storage_write (param i32 i32 i32 i32)))
  (memory (export "memory") 1 32)
  (table 1 1 funcref)
  (global $__stack_pointer (mut i32) (i32.const 65536))
  (export "__heap_base" (global $__stack_pointer))
  (func $init (export "init")
    i32.const 0 i32.const 1 i32.const 1 i32.const 1
    call $storage_write)
  (func $ping (export "ping"))
  (data (i32.const 0) "k")
  (@custom "kexin_abi" "{\"name\":\"good\"}"))
