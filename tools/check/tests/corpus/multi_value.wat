;; A function with two results.
(module
  (memory (export "memory") 1 32)
  (func $init (export "init"))
  (func $pair (result i32 i32)
    i32.const 1
    i32.const 2))
