;; A sign-extension instruction.
(module
  (memory (export "memory") 1 32)
  (func $init (export "init"))
  (func $to_i8 (param i32) (result i32)
    local.get 0
    i32.extend8_s))
