;; `storage_write` with two parameters instead of four.
(module
  (import "kexin_v1" "storage_write" (func $storage_write (param i32 i32)))
  (memory (export "memory") 1 32)
  (func $init (export "init")))
