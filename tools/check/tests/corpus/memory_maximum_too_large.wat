;; The memory's maximum is 4 MiB, twice the profile's.
(module
  (memory (export "memory") 1 64)
  (func $init (export "init")))
