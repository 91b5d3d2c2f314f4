;; Two loops of the symmetric eigendecomposition behind PCA (loaders/models/eigen.ts). Each
;; computes every value by the same operations in the same order as the JavaScript loop it
;; replaces, so the results are the same bits. Assembled by tools/assemble-kernels.ts into
;; eigen.wasm, which simd-eigen.ts loads; the matrices are in memory as float64, row-major.
(module
  (import "env" "memory" (memory 1))

  ;; rank2(w, d, e, n, i): the rank-2 update of the Householder tridiagonal reduction (JAMA's
  ;; tred2), half of the reduction's multiply-adds: for every row j < i of the working matrix W (n ×
  ;; n), W[j][k] −= d[j]·e[k] + e[j]·d[k] for k = j … i − 1, two entries per instruction.
  (func (export "rank2")
    ;; Byte addresses of W, d and e; W's order; the rows and columns updated (< i).
    (param $w i32) (param $d i32) (param $e i32) (param $n i32) (param $i i32)
    ;; j: the row; p: &W[j][k]; end: &W[j][i]; pd, pe: &d[k], &e[k].
    (local $j i32) (local $p i32) (local $end i32) (local $pd i32) (local $pe i32)
    ;; f = d[j], g = e[j], and each in both lanes.
    (local $f f64) (local $g f64) (local $f2 v128) (local $g2 v128)

    (local.set $j (i32.const 0))
    (block $rows_done
      (loop $rows ;; j = 0 … i − 1
        (br_if $rows_done (i32.ge_s (local.get $j) (local.get $i)))
        ;; pd = &d[j], f = d[j]; pe = &e[j], g = e[j]
        (local.set $f2 (f64x2.splat (local.tee $f (f64.load (local.tee $pd (i32.add (local.get $d) (i32.shl (local.get $j) (i32.const 3))))))))
        (local.set $g2 (f64x2.splat (local.tee $g (f64.load (local.tee $pe (i32.add (local.get $e) (i32.shl (local.get $j) (i32.const 3))))))))
        ;; p = &W[j][j], end = &W[j][i]
        (local.set $p (i32.add (local.get $w) (i32.shl (i32.add (i32.mul (local.get $j) (local.get $n)) (local.get $j)) (i32.const 3))))
        (local.set $end (i32.add (local.get $w) (i32.shl (i32.add (i32.mul (local.get $j) (local.get $n)) (local.get $i)) (i32.const 3))))
        ;; Two entries at a time while both are in the row:
        ;; W[j][k, k + 1] −= f·e[k, k + 1] + g·d[k, k + 1]
        (block $pairs_done
          (loop $pairs
            (br_if $pairs_done (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $end)))
            (v128.store align=8 (local.get $p)
              (f64x2.sub
                (v128.load align=8 (local.get $p))
                (f64x2.add
                  (f64x2.mul (local.get $f2) (v128.load align=8 (local.get $pe)))
                  (f64x2.mul (local.get $g2) (v128.load align=8 (local.get $pd))))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (local.set $pd (i32.add (local.get $pd) (i32.const 16)))
            (local.set $pe (i32.add (local.get $pe) (i32.const 16)))
            (br $pairs)))
        ;; The last entry when the row's length is odd.
        (if (i32.lt_u (local.get $p) (local.get $end))
          (then
            (f64.store (local.get $p)
              (f64.sub
                (f64.load (local.get $p))
                (f64.add
                  (f64.mul (local.get $f) (f64.load (local.get $pe)))
                  (f64.mul (local.get $g) (f64.load (local.get $pd))))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $rows))))

  ;; reflect(w, h, y, n): the eigenvectors carried back through the reduction's reflections, four
  ;; vectors at a time interleaved (entry r of vector c at Y[4r + c]), as reflectFour, backTransform's
  ;; loop in eigen.ts: for i = 0 … n − 2 with h[i + 1] ≠ 0 and u = W[i + 1][0 … i],
  ;; g = uᵀY / h[i + 1] for each of the four vectors, then Y[r] −= g·u[r]. Each vector's sums run
  ;; down its own SIMD lane in the loop's order.
  (func (export "reflect")
    ;; Byte addresses of W (n × n), h and Y (n × 4, interleaved); the order n.
    (param $w i32) (param $h i32) (param $y i32) (param $n i32)
    ;; i: the reflection; u0 = &W[i + 1][0]; pu = &u[r]; py = &Y[r]; end = &Y[i + 1].
    (local $i i32) (local $u0 i32) (local $pu i32) (local $py i32) (local $end i32)
    ;; h[i + 1], the reflection's scale.
    (local $scale f64)
    ;; g of vectors 0, 1 and of vectors 2, 3; u[r] (later the scale) in both lanes.
    (local $g01 v128) (local $g23 v128) (local $ur v128)

    (local.set $i (i32.const 0))
    (block $reflections_done
      (loop $reflections ;; i = 0 … n − 2
        (br_if $reflections_done (i32.ge_s (local.get $i) (i32.sub (local.get $n) (i32.const 1))))
        (block $skip ;; a reflection whose scale is zero changes nothing
          (br_if $skip (f64.eq
            (local.tee $scale (f64.load (i32.add (local.get $h) (i32.shl (i32.add (local.get $i) (i32.const 1)) (i32.const 3)))))
            (f64.const 0)))
          (local.set $u0 (i32.add (local.get $w) (i32.shl (i32.mul (i32.add (local.get $i) (i32.const 1)) (local.get $n)) (i32.const 3))))
          ;; Y's rows are 32 bytes (four float64s).
          (local.set $end (i32.add (local.get $y) (i32.shl (i32.add (local.get $i) (i32.const 1)) (i32.const 5))))
          ;; g = uᵀY, r = 0 … i
          (local.set $g01 (v128.const i64x2 0 0))
          (local.set $g23 (v128.const i64x2 0 0))
          (local.set $pu (local.get $u0))
          (local.set $py (local.get $y))
          (block $dot_done
            (loop $dot
              (br_if $dot_done (i32.ge_u (local.get $py) (local.get $end)))
              (local.set $ur (f64x2.splat (f64.load (local.get $pu))))
              (local.set $g01 (f64x2.add (local.get $g01) (f64x2.mul (local.get $ur) (v128.load align=8 (local.get $py)))))
              (local.set $g23 (f64x2.add (local.get $g23) (f64x2.mul (local.get $ur) (v128.load offset=16 align=8 (local.get $py)))))
              (local.set $pu (i32.add (local.get $pu) (i32.const 8)))
              (local.set $py (i32.add (local.get $py) (i32.const 32)))
              (br $dot)))
          ;; g /= h[i + 1]
          (local.set $ur (f64x2.splat (local.get $scale)))
          (local.set $g01 (f64x2.div (local.get $g01) (local.get $ur)))
          (local.set $g23 (f64x2.div (local.get $g23) (local.get $ur)))
          ;; Y[r] −= g·u[r], r = 0 … i
          (local.set $pu (local.get $u0))
          (local.set $py (local.get $y))
          (block $update_done
            (loop $update
              (br_if $update_done (i32.ge_u (local.get $py) (local.get $end)))
              (local.set $ur (f64x2.splat (f64.load (local.get $pu))))
              (v128.store align=8 (local.get $py)
                (f64x2.sub (v128.load align=8 (local.get $py)) (f64x2.mul (local.get $g01) (local.get $ur))))
              (v128.store offset=16 align=8 (local.get $py)
                (f64x2.sub (v128.load offset=16 align=8 (local.get $py)) (f64x2.mul (local.get $g23) (local.get $ur))))
              (local.set $pu (i32.add (local.get $pu) (i32.const 8)))
              (local.set $py (i32.add (local.get $py) (i32.const 32)))
              (br $update))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $reflections)))))
