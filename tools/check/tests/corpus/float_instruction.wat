;; A float instruction in a function body.
(module
  (memory (export "memory") 1 32)
  (func $init (export "init"))
  (func $token::transfer (export "transfer")
    i32.const 0
    drop
    f64.const 1
    f64.const 2
    f64.add
    drop))
