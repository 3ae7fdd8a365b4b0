;; The memory is imported instead of defined.
(module
  (import "env" "memory" (memory 1 32))
  (export "memory" (memory 0))
  (func $init (export "init")))
