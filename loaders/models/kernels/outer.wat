;; outer: the other product of a linear model's gradient, G += Rᵀ·X over a block of rows
;; (loaders/models/multinomial-loss.ts): each row of X scaled by that row's residual for each class
;; and added into the class's gradient row. It reads X's rows where they are, while the block is
;; still in cache from the logits, rather than a transposed copy. Assembled by
;; tools/assemble-kernels.ts into outer.wasm, which simd-outer.ts loads; it shares the dots
;; kernel's memory.
;;
;; Shapes the caller pads: classes a multiple of 4 (R is m × k4, row-major), columns a multiple of
;; 4 (X's rows and G's rows have p4 values). Each 4 classes × 4 columns of G are eight v128
;; accumulators kept in registers down the block's rows, so every row adds into G in row order: the
;; sum over rows is the plain sequential one.
;;
;; `rowBytes · 0` and the like are what the kernel was first written as; they stay so that the
;; assembled bytes are those its results were tested with (test/unit/kernels.test.ts).
(module
  (import "env" "memory" (memory 1))

  (func (export "outer")
    ;; Byte addresses of the block's first row of X, of its residuals R and of the gradient G.
    (param $x i32) (param $r i32) (param $g i32)
    ;; Rows of the block, classes (a multiple of 4), columns (a multiple of 4).
    (param $m i32) (param $k4 i32) (param $p4 i32)
    ;; Loop counters: c (classes), j (columns), i (rows).
    (local $c i32) (local $j i32) (local $i i32)
    ;; &X[i][j], &R[i][c], &G[c][j]; bytes per row of X and of G; bytes per row of R.
    (local $px i32) (local $pr i32) (local $pg i32) (local $rowBytes i32) (local $residualBytes i32)
    ;; The accumulators: $accKH is G[c + k][j + 2h, j + 2h + 1].
    (local $acc00 v128) (local $acc01 v128) (local $acc10 v128) (local $acc11 v128)
    (local $acc20 v128) (local $acc21 v128) (local $acc30 v128) (local $acc31 v128)
    ;; X[i][j, j + 1] and X[i][j + 2, j + 3]; a residual R[i][c + k] in both lanes.
    (local $x0 v128) (local $x1 v128) (local $s v128)

    (local.set $rowBytes (i32.shl (local.get $p4) (i32.const 3)))
    (local.set $residualBytes (i32.shl (local.get $k4) (i32.const 3)))
    (local.set $c (i32.const 0))
    (block $classes_done
      (loop $classes ;; c = 0, 4, … < k4
        (br_if $classes_done (i32.ge_s (local.get $c) (local.get $k4)))
        (local.set $j (i32.const 0))
        (block $columns_done
          (loop $columns ;; j = 0, 4, … < p4
            (br_if $columns_done (i32.ge_s (local.get $j) (local.get $p4)))
            ;; pg = &G[c][j]; the accumulators start from G's values: acc_kh = G[c + k][j + 2h, j + 2h + 1]
            (local.set $pg (i32.add (i32.add (local.get $g) (i32.mul (local.get $c) (local.get $rowBytes))) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $acc00 (v128.load align=8 (i32.add (local.get $pg) (i32.mul (local.get $rowBytes) (i32.const 0)))))
            (local.set $acc01 (v128.load offset=16 align=8 (i32.add (local.get $pg) (i32.mul (local.get $rowBytes) (i32.const 0)))))
            (local.set $acc10 (v128.load align=8 (i32.add (local.get $pg) (i32.mul (local.get $rowBytes) (i32.const 1)))))
            (local.set $acc11 (v128.load offset=16 align=8 (i32.add (local.get $pg) (i32.mul (local.get $rowBytes) (i32.const 1)))))
            (local.set $acc20 (v128.load align=8 (i32.add (local.get $pg) (i32.mul (local.get $rowBytes) (i32.const 2)))))
            (local.set $acc21 (v128.load offset=16 align=8 (i32.add (local.get $pg) (i32.mul (local.get $rowBytes) (i32.const 2)))))
            (local.set $acc30 (v128.load align=8 (i32.add (local.get $pg) (i32.mul (local.get $rowBytes) (i32.const 3)))))
            (local.set $acc31 (v128.load offset=16 align=8 (i32.add (local.get $pg) (i32.mul (local.get $rowBytes) (i32.const 3)))))
            ;; px = &X[0][j], pr = &R[0][c]
            (local.set $px (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $pr (i32.add (local.get $r) (i32.shl (local.get $c) (i32.const 3))))
            (local.set $i (i32.const 0))
            (block $rows_done
              (loop $rows ;; i = 0 … m − 1, the block's rows in order
                (br_if $rows_done (i32.ge_s (local.get $i) (local.get $m)))
                (local.set $x0 (v128.load align=8 (local.get $px)))
                (local.set $x1 (v128.load offset=16 align=8 (local.get $px)))
                ;; For k = 0 … 3: s = R[i][c + k] in both lanes, then acc_k0 += s·x0 and acc_k1 += s·x1.
                (local.set $s (v128.load64_splat (local.get $pr)))
                (local.set $acc00 (f64x2.add (local.get $acc00) (f64x2.mul (local.get $s) (local.get $x0))))
                (local.set $acc01 (f64x2.add (local.get $acc01) (f64x2.mul (local.get $s) (local.get $x1))))
                (local.set $s (v128.load64_splat offset=8 (local.get $pr)))
                (local.set $acc10 (f64x2.add (local.get $acc10) (f64x2.mul (local.get $s) (local.get $x0))))
                (local.set $acc11 (f64x2.add (local.get $acc11) (f64x2.mul (local.get $s) (local.get $x1))))
                (local.set $s (v128.load64_splat offset=16 (local.get $pr)))
                (local.set $acc20 (f64x2.add (local.get $acc20) (f64x2.mul (local.get $s) (local.get $x0))))
                (local.set $acc21 (f64x2.add (local.get $acc21) (f64x2.mul (local.get $s) (local.get $x1))))
                (local.set $s (v128.load64_splat offset=24 (local.get $pr)))
                (local.set $acc30 (f64x2.add (local.get $acc30) (f64x2.mul (local.get $s) (local.get $x0))))
                (local.set $acc31 (f64x2.add (local.get $acc31) (f64x2.mul (local.get $s) (local.get $x1))))
                ;; the next row of X and of R
                (local.set $px (i32.add (local.get $px) (local.get $rowBytes)))
                (local.set $pr (i32.add (local.get $pr) (local.get $residualBytes)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $rows)))
            ;; G[c + k][j + 2h, j + 2h + 1] = acc_kh
            (v128.store align=8 (i32.add (local.get $pg) (i32.mul (local.get $rowBytes) (i32.const 0))) (local.get $acc00))
            (v128.store offset=16 align=8 (i32.add (local.get $pg) (i32.mul (local.get $rowBytes) (i32.const 0))) (local.get $acc01))
            (v128.store align=8 (i32.add (local.get $pg) (i32.mul (local.get $rowBytes) (i32.const 1))) (local.get $acc10))
            (v128.store offset=16 align=8 (i32.add (local.get $pg) (i32.mul (local.get $rowBytes) (i32.const 1))) (local.get $acc11))
            (v128.store align=8 (i32.add (local.get $pg) (i32.mul (local.get $rowBytes) (i32.const 2))) (local.get $acc20))
            (v128.store offset=16 align=8 (i32.add (local.get $pg) (i32.mul (local.get $rowBytes) (i32.const 2))) (local.get $acc21))
            (v128.store align=8 (i32.add (local.get $pg) (i32.mul (local.get $rowBytes) (i32.const 3))) (local.get $acc30))
            (v128.store offset=16 align=8 (i32.add (local.get $pg) (i32.mul (local.get $rowBytes) (i32.const 3))) (local.get $acc31))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $columns)))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $classes)))))
