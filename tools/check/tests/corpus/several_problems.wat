;; Many problems at once: every one must be reported, not only the validator's first.
(module
  (import "env" "abort" (func $abort))
  (import "kexin_v1" "storage_write" (func $storage_write (param i32 i32)))
  (memory (export "memory") 1)
  (func $run (export "run") (param i32)
    local.get 0
    i32.extend8_s
    drop)
  (func $copy (param i32 i32 i32)
    local.get 0
    local.get 1
    local.get 2
    memory.copy)
  (func $half (param i32) (result i32)
    local.get 0
    f32.convert_i32_s
    f32.const 0.5
    f32.mul
    i32.trunc_f32_s)
  (func $fill (param i32 i32 i32)
    local.get 0
    local.get 1
    local.get 2
    memory.fill)
  (func $setup)
  (start $setup))
