;; A float parameter and result; the body itself has no float instruction.
(module
  (memory (export "memory") 1 32)
  (func $init (export "init"))
  (func $average (param f64) (result f64)
    local.get 0))
