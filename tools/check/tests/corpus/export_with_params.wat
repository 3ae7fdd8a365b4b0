;; An exported function that takes its input as parameters.
(module
  (memory (export "memory") 1 32)
  (func $init (export "init"))
  (func $transfer (export "transfer") (param i32 i64)))
