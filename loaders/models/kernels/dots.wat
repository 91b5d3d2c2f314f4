;; dots: the blocked dot-product kernel of rowDots (loaders/models/dots.ts), A·Bᵀ rows against
;; rows, with 128-bit SIMD: two float64 multiply-adds per instruction, where V8's JIT compiles the
;; JavaScript loop to scalar code. Assembled by tools/assemble-kernels.ts into dots.wasm, which
;; simd-dots.ts loads.
;;
;; It covers the 4×2 blocks that fit: rows u < m4 (a multiple of 4) of A against rows v < q2 (a
;; multiple of 2) of B. Each of a block's eight entries is a vector of two partial sums (the even
;; and the odd positions along the row), added together at the end, plus the last position when the
;; length is odd. rowDots computes the edges in JavaScript.
;;
;; Instructions whose result is always the same, such as `rowBytes · 0`, are what the
;; kernel was first written as; they stay so that the assembled bytes are those the kernel's
;; results were tested with (test/unit/kernels.test.ts checks the bytes' hash).
(module
  (import "env" "memory" (memory 1))

  (func (export "dots")
    ;; Byte addresses in memory of A's and B's first rows and of the output.
    (param $a i32) (param $b i32) (param $out i32)
    ;; The blocks' extent: rows of A (a multiple of 4), rows of B (a multiple of 2).
    (param $m4 i32) (param $q2 i32)
    ;; Values per row; bytes per output row; 1 for only the blocks with v ≥ u (B is A), else 0.
    (param $len i32) (param $outStride i32) (param $upper i32)
    ;; Loop counters: u (rows of A), v (rows of B), i (bytes along a row).
    (local $u i32) (local $v i32) (local $i i32)
    ;; The block's first rows, &A[u] and &B[v]; bytes per row; the even part of len.
    (local $pa i32) (local $pb i32) (local $rowBytes i32) (local $len2 i32)
    ;; The accumulators: $accKL sums row u + k of A against row v + l of B.
    (local $acc00 v128) (local $acc01 v128) (local $acc10 v128) (local $acc11 v128)
    (local $acc20 v128) (local $acc21 v128) (local $acc30 v128) (local $acc31 v128)
    ;; Two positions of B[v] and of B[v + 1], and of the current row of A.
    (local $y0 v128) (local $y1 v128) (local $x v128)

    (local.set $rowBytes (i32.shl (local.get $len) (i32.const 3)))
    (local.set $len2 (i32.and (local.get $len) (i32.const -2)))
    (local.set $u (i32.const 0))
    (block $rows_done
      (loop $rows ;; u = 0, 4, … < m4
        (br_if $rows_done (i32.ge_s (local.get $u) (local.get $m4)))
        ;; v = upper ? u : 0
        (local.set $v (i32.mul (local.get $upper) (local.get $u)))
        (block $columns_done
          (loop $columns ;; v = …, +2, … < q2
            (br_if $columns_done (i32.ge_s (local.get $v) (local.get $q2)))
            (local.set $acc00 (v128.const i64x2 0 0))
            (local.set $acc01 (v128.const i64x2 0 0))
            (local.set $acc10 (v128.const i64x2 0 0))
            (local.set $acc11 (v128.const i64x2 0 0))
            (local.set $acc20 (v128.const i64x2 0 0))
            (local.set $acc21 (v128.const i64x2 0 0))
            (local.set $acc30 (v128.const i64x2 0 0))
            (local.set $acc31 (v128.const i64x2 0 0))
            (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $u) (local.get $rowBytes))))
            (local.set $pb (i32.add (local.get $b) (i32.mul (local.get $v) (local.get $rowBytes))))
            (local.set $i (i32.const 0))
            (block $pairs_done
              (loop $pairs ;; two positions at a time while both are in the row: i < len2·8
                (br_if $pairs_done (i32.ge_s (local.get $i) (i32.shl (local.get $len2) (i32.const 3))))
                ;; y0 = B[v][i, i + 1], y1 = B[v + 1][i, i + 1]
                (local.set $y0 (v128.load align=8 (i32.add (local.get $pb) (local.get $i))))
                (local.set $y1 (v128.load align=8 (i32.add (i32.add (local.get $pb) (local.get $rowBytes)) (local.get $i))))
                ;; For k = 0 … 3: x = A[u + k][i, i + 1], then acc_k0 += x·y0 and acc_k1 += x·y1.
                (local.set $x (v128.load align=8 (i32.add (i32.add (local.get $pa) (i32.mul (local.get $rowBytes) (i32.const 0))) (local.get $i))))
                (local.set $acc00 (f64x2.add (local.get $acc00) (f64x2.mul (local.get $x) (local.get $y0))))
                (local.set $acc01 (f64x2.add (local.get $acc01) (f64x2.mul (local.get $x) (local.get $y1))))
                (local.set $x (v128.load align=8 (i32.add (i32.add (local.get $pa) (i32.mul (local.get $rowBytes) (i32.const 1))) (local.get $i))))
                (local.set $acc10 (f64x2.add (local.get $acc10) (f64x2.mul (local.get $x) (local.get $y0))))
                (local.set $acc11 (f64x2.add (local.get $acc11) (f64x2.mul (local.get $x) (local.get $y1))))
                (local.set $x (v128.load align=8 (i32.add (i32.add (local.get $pa) (i32.mul (local.get $rowBytes) (i32.const 2))) (local.get $i))))
                (local.set $acc20 (f64x2.add (local.get $acc20) (f64x2.mul (local.get $x) (local.get $y0))))
                (local.set $acc21 (f64x2.add (local.get $acc21) (f64x2.mul (local.get $x) (local.get $y1))))
                (local.set $x (v128.load align=8 (i32.add (i32.add (local.get $pa) (i32.mul (local.get $rowBytes) (i32.const 3))) (local.get $i))))
                (local.set $acc30 (f64x2.add (local.get $acc30) (f64x2.mul (local.get $x) (local.get $y0))))
                (local.set $acc31 (f64x2.add (local.get $acc31) (f64x2.mul (local.get $x) (local.get $y1))))
                (local.set $i (i32.add (local.get $i) (i32.const 16)))
                (br $pairs)))
            ;; For each entry (k, l) of the block:
            ;;   out[u + k][v + l] (at out + (u + k)·outStride + (v + l)·8)
            ;;     = acc_kl's lane 0 + its lane 1
            ;;     + (len odd ? A[u + k][len − 1]·B[v + l][len − 1] : 0), the odd position being at byte len2·8.
            (f64.store
              (i32.add (i32.add (local.get $out) (i32.mul (i32.add (local.get $u) (i32.const 0)) (local.get $outStride)))
                (i32.shl (i32.add (local.get $v) (i32.const 0)) (i32.const 3)))
              (f64.add
                (f64.add (f64x2.extract_lane 0 (local.get $acc00)) (f64x2.extract_lane 1 (local.get $acc00)))
                (if (result f64) (i32.eqz (i32.sub (local.get $len) (local.get $len2)))
                  (then (f64.const 0))
                  (else
                    (f64.mul
                      (f64.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $rowBytes) (i32.const 0))) (i32.shl (local.get $len2) (i32.const 3))))
                      (f64.load (i32.add (i32.add (local.get $pb) (i32.mul (local.get $rowBytes) (i32.const 0))) (i32.shl (local.get $len2) (i32.const 3)))))))))
            (f64.store
              (i32.add (i32.add (local.get $out) (i32.mul (i32.add (local.get $u) (i32.const 0)) (local.get $outStride)))
                (i32.shl (i32.add (local.get $v) (i32.const 1)) (i32.const 3)))
              (f64.add
                (f64.add (f64x2.extract_lane 0 (local.get $acc01)) (f64x2.extract_lane 1 (local.get $acc01)))
                (if (result f64) (i32.eqz (i32.sub (local.get $len) (local.get $len2)))
                  (then (f64.const 0))
                  (else
                    (f64.mul
                      (f64.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $rowBytes) (i32.const 0))) (i32.shl (local.get $len2) (i32.const 3))))
                      (f64.load (i32.add (i32.add (local.get $pb) (i32.mul (local.get $rowBytes) (i32.const 1))) (i32.shl (local.get $len2) (i32.const 3)))))))))
            (f64.store
              (i32.add (i32.add (local.get $out) (i32.mul (i32.add (local.get $u) (i32.const 1)) (local.get $outStride)))
                (i32.shl (i32.add (local.get $v) (i32.const 0)) (i32.const 3)))
              (f64.add
                (f64.add (f64x2.extract_lane 0 (local.get $acc10)) (f64x2.extract_lane 1 (local.get $acc10)))
                (if (result f64) (i32.eqz (i32.sub (local.get $len) (local.get $len2)))
                  (then (f64.const 0))
                  (else
                    (f64.mul
                      (f64.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $rowBytes) (i32.const 1))) (i32.shl (local.get $len2) (i32.const 3))))
                      (f64.load (i32.add (i32.add (local.get $pb) (i32.mul (local.get $rowBytes) (i32.const 0))) (i32.shl (local.get $len2) (i32.const 3)))))))))
            (f64.store
              (i32.add (i32.add (local.get $out) (i32.mul (i32.add (local.get $u) (i32.const 1)) (local.get $outStride)))
                (i32.shl (i32.add (local.get $v) (i32.const 1)) (i32.const 3)))
              (f64.add
                (f64.add (f64x2.extract_lane 0 (local.get $acc11)) (f64x2.extract_lane 1 (local.get $acc11)))
                (if (result f64) (i32.eqz (i32.sub (local.get $len) (local.get $len2)))
                  (then (f64.const 0))
                  (else
                    (f64.mul
                      (f64.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $rowBytes) (i32.const 1))) (i32.shl (local.get $len2) (i32.const 3))))
                      (f64.load (i32.add (i32.add (local.get $pb) (i32.mul (local.get $rowBytes) (i32.const 1))) (i32.shl (local.get $len2) (i32.const 3)))))))))
            (f64.store
              (i32.add (i32.add (local.get $out) (i32.mul (i32.add (local.get $u) (i32.const 2)) (local.get $outStride)))
                (i32.shl (i32.add (local.get $v) (i32.const 0)) (i32.const 3)))
              (f64.add
                (f64.add (f64x2.extract_lane 0 (local.get $acc20)) (f64x2.extract_lane 1 (local.get $acc20)))
                (if (result f64) (i32.eqz (i32.sub (local.get $len) (local.get $len2)))
                  (then (f64.const 0))
                  (else
                    (f64.mul
                      (f64.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $rowBytes) (i32.const 2))) (i32.shl (local.get $len2) (i32.const 3))))
                      (f64.load (i32.add (i32.add (local.get $pb) (i32.mul (local.get $rowBytes) (i32.const 0))) (i32.shl (local.get $len2) (i32.const 3)))))))))
            (f64.store
              (i32.add (i32.add (local.get $out) (i32.mul (i32.add (local.get $u) (i32.const 2)) (local.get $outStride)))
                (i32.shl (i32.add (local.get $v) (i32.const 1)) (i32.const 3)))
              (f64.add
                (f64.add (f64x2.extract_lane 0 (local.get $acc21)) (f64x2.extract_lane 1 (local.get $acc21)))
                (if (result f64) (i32.eqz (i32.sub (local.get $len) (local.get $len2)))
                  (then (f64.const 0))
                  (else
                    (f64.mul
                      (f64.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $rowBytes) (i32.const 2))) (i32.shl (local.get $len2) (i32.const 3))))
                      (f64.load (i32.add (i32.add (local.get $pb) (i32.mul (local.get $rowBytes) (i32.const 1))) (i32.shl (local.get $len2) (i32.const 3)))))))))
            (f64.store
              (i32.add (i32.add (local.get $out) (i32.mul (i32.add (local.get $u) (i32.const 3)) (local.get $outStride)))
                (i32.shl (i32.add (local.get $v) (i32.const 0)) (i32.const 3)))
              (f64.add
                (f64.add (f64x2.extract_lane 0 (local.get $acc30)) (f64x2.extract_lane 1 (local.get $acc30)))
                (if (result f64) (i32.eqz (i32.sub (local.get $len) (local.get $len2)))
                  (then (f64.const 0))
                  (else
                    (f64.mul
                      (f64.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $rowBytes) (i32.const 3))) (i32.shl (local.get $len2) (i32.const 3))))
                      (f64.load (i32.add (i32.add (local.get $pb) (i32.mul (local.get $rowBytes) (i32.const 0))) (i32.shl (local.get $len2) (i32.const 3)))))))))
            (f64.store
              (i32.add (i32.add (local.get $out) (i32.mul (i32.add (local.get $u) (i32.const 3)) (local.get $outStride)))
                (i32.shl (i32.add (local.get $v) (i32.const 1)) (i32.const 3)))
              (f64.add
                (f64.add (f64x2.extract_lane 0 (local.get $acc31)) (f64x2.extract_lane 1 (local.get $acc31)))
                (if (result f64) (i32.eqz (i32.sub (local.get $len) (local.get $len2)))
                  (then (f64.const 0))
                  (else
                    (f64.mul
                      (f64.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $rowBytes) (i32.const 3))) (i32.shl (local.get $len2) (i32.const 3))))
                      (f64.load (i32.add (i32.add (local.get $pb) (i32.mul (local.get $rowBytes) (i32.const 1))) (i32.shl (local.get $len2) (i32.const 3)))))))))
            (local.set $v (i32.add (local.get $v) (i32.const 2)))
            (br $columns)))
        (local.set $u (i32.add (local.get $u) (i32.const 4)))
        (br $rows)))))
