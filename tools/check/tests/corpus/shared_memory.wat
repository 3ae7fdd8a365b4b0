;; A shared memory (the threads proposal).
(module
  (memory (export "memory") 1 2 shared)
  (func $init (export "init")))
