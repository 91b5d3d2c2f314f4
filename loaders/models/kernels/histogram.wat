;; The inner loops of histogram gradient boosting (loaders/models/boosting.ts): building a node's
;; histograms, the parent − sibling subtraction and the split scan over every bin of every feature.
;; Plain WebAssembly, no SIMD: V8 compiles the same loops in JavaScript to code that checks every
;; typed-array index and re-reads the arrays' bases; here they are plain loads and stores (measured
;; 2.6× faster on the histogram build alone). Assembled by tools/assemble-kernels.ts into
;; histogram.wasm, which histogram-kernels.ts loads.
;;
;; A histogram: for each feature, 256 bins of (sum of residuals, count of rows) as two float64s —
;; a bin is 16 bytes (an offset shifted left by 4), a feature 4096 (shifted left by 12); the
;; features one after another. The binned data are feature-major: feature j's bin (one byte) of row
;; i at bins + j·n + i.
(module
  (import "env" "memory" (memory 1))

  ;; hist(bins, n, cols, r, rows, m, h): adds rows[0 … m) into the zeroed histogram at h: for each
  ;; feature and each listed row i, the row's bin gets r[i] added to its sum and 1 to its count.
  (func (export "hist")
    ;; The binned data, rows of the data, features; the residuals (float64); the rows to add (i32)
    ;; and how many; the histogram.
    (param $bins i32) (param $n i32) (param $cols i32) (param $r i32) (param $rows i32) (param $m i32) (param $h i32)
    ;; j: the feature; t: the position in rows; col = &bins[j][0]; hj: the feature's histogram;
    ;; a: the row's bin; i = rows[t].
    (local $j i32) (local $t i32) (local $col i32) (local $hj i32) (local $a i32) (local $i i32)

    (local.set $j (i32.const 0))
    (block $features_done
      (loop $features
        (br_if $features_done (i32.ge_s (local.get $j) (local.get $cols)))
        (local.set $col (i32.add (local.get $bins) (i32.mul (local.get $j) (local.get $n))))
        (local.set $hj (i32.add (local.get $h) (i32.shl (local.get $j) (i32.const 12))))
        (local.set $t (i32.const 0))
        (block $rows_done
          (loop $listed
            (br_if $rows_done (i32.ge_s (local.get $t) (local.get $m)))
            (local.set $i (i32.load (i32.add (local.get $rows) (i32.shl (local.get $t) (i32.const 2)))))
            ;; a = &hj[bin of row i]; its sum += r[i]
            (f64.store
              (local.tee $a (i32.add (local.get $hj) (i32.shl (i32.load8_u (i32.add (local.get $col) (local.get $i))) (i32.const 4))))
              (f64.add (f64.load (local.get $a)) (f64.load (i32.add (local.get $r) (i32.shl (local.get $i) (i32.const 3))))))
            ;; its count += 1
            (f64.store offset=8 (local.get $a) (f64.add (f64.load offset=8 (local.get $a)) (f64.const 1)))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $listed)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $features))))

  ;; hist3(bins, n, cols, r0, r1, r2, h0, h1, h2): the three zeroed histograms of every row, one
  ;; residual vector each (a stage's trees for three classes), from one pass over the bins; the
  ;; counts are added in h0 and copied to the others.
  (func (export "hist3")
    (param $bins i32) (param $n i32) (param $cols i32)
    (param $r0 i32) (param $r1 i32) (param $r2 i32)
    (param $h0 i32) (param $h1 i32) (param $h2 i32)
    ;; j: the feature; i: the row; col = &bins[j][0]; o: the feature's offset in a histogram;
    ;; a: the offset of row i's bin; ri = i·8 (the offset of its residuals); b: a bin's offset in
    ;; the feature, when copying counts.
    (local $j i32) (local $i i32) (local $col i32) (local $o i32) (local $a i32) (local $ri i32) (local $b i32)

    (local.set $j (i32.const 0))
    (block $features_done
      (loop $features
        (br_if $features_done (i32.ge_s (local.get $j) (local.get $cols)))
        (local.set $col (i32.add (local.get $bins) (i32.mul (local.get $j) (local.get $n))))
        (local.set $o (i32.shl (local.get $j) (i32.const 12)))
        (local.set $i (i32.const 0))
        (block $rows_done
          (loop $rows
            (br_if $rows_done (i32.ge_s (local.get $i) (local.get $n)))
            (local.set $a (i32.add (local.get $o) (i32.shl (i32.load8_u (i32.add (local.get $col) (local.get $i))) (i32.const 4))))
            (local.set $ri (i32.shl (local.get $i) (i32.const 3)))
            ;; each histogram's bin sum += its residual of row i
            (f64.store (i32.add (local.get $h0) (local.get $a))
              (f64.add (f64.load (i32.add (local.get $h0) (local.get $a))) (f64.load (i32.add (local.get $r0) (local.get $ri)))))
            (f64.store (i32.add (local.get $h1) (local.get $a))
              (f64.add (f64.load (i32.add (local.get $h1) (local.get $a))) (f64.load (i32.add (local.get $r1) (local.get $ri)))))
            (f64.store (i32.add (local.get $h2) (local.get $a))
              (f64.add (f64.load (i32.add (local.get $h2) (local.get $a))) (f64.load (i32.add (local.get $r2) (local.get $ri)))))
            ;; the count, in h0 only
            (f64.store offset=8 (i32.add (local.get $h0) (local.get $a))
              (f64.add (f64.load offset=8 (i32.add (local.get $h0) (local.get $a))) (f64.const 1)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $rows)))
        ;; the counts of this feature's 256 bins: h1 and h2 get h0's
        (local.set $b (i32.const 0))
        (block $counts_done
          (loop $counts
            (br_if $counts_done (i32.ge_s (local.get $b) (i32.const 4096)))
            (local.set $a (i32.add (local.get $o) (local.get $b)))
            (f64.store offset=8 (i32.add (local.get $h1) (local.get $a)) (f64.load offset=8 (i32.add (local.get $h0) (local.get $a))))
            (f64.store offset=8 (i32.add (local.get $h2) (local.get $a)) (f64.load offset=8 (i32.add (local.get $h0) (local.get $a))))
            (local.set $b (i32.add (local.get $b) (i32.const 16)))
            (br $counts)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $features))))

  ;; subtract(h, s, count): h[k] −= s[k] for count float64s (the larger child from its parent).
  (func (export "subtract")
    (param $h i32) (param $s i32) (param $count i32)
    ;; the byte offset of h[k] and s[k]
    (local $k i32)

    ;; count becomes bytes
    (local.set $count (i32.shl (local.get $count) (i32.const 3)))
    (local.set $k (i32.const 0))
    (block $done
      (loop $entries
        (br_if $done (i32.ge_u (local.get $k) (local.get $count)))
        (f64.store (i32.add (local.get $h) (local.get $k))
          (f64.sub (f64.load (i32.add (local.get $h) (local.get $k))) (f64.load (i32.add (local.get $s) (local.get $k)))))
        (local.set $k (i32.add (local.get $k) (i32.const 8)))
        (br $entries))))

  ;; scan(h, cols, nbins, m, total, minLeaf, out): the best split of a node of m rows whose
  ;; residuals sum to total. Friedman's improvement nₗnᵣ/m · (meanₗ − meanᵣ)² is
  ;; (sₗ·m − total·nₗ)² / (m·nₗ·nᵣ): the best keeps its numerator and denominator and a bin wins by
  ;; cross-multiplying, so the loop has no division. Empty bins are skipped (not new split points);
  ;; a feature's scan ends when every row is on the left. Writes at out: the best's numerator,
  ;; denominator and left count (f64), feature (i32, −1 when no split gains more than 1e-12) and
  ;; bin (i32).
  (func (export "scan")
    ;; The node's histogram; features; the bins each feature uses (i32 per feature).
    (param $h i32) (param $cols i32) (param $nbins i32)
    ;; The node's rows, its residuals' sum, the fewest rows a child may have.
    (param $m f64) (param $total f64) (param $minLeaf f64)
    ;; Where the result goes (32 bytes).
    (param $out i32)
    ;; j: the feature; p: its bin; end: its last used bin; hj: its histogram; the best's feature and bin.
    (local $j i32) (local $p i32) (local $end i32) (local $hj i32) (local $bestFeature i32) (local $bestBin i32)
    ;; Left of the split after bin p: the residuals' sum and rows; the bin's count; rows right; the
    ;; bin's numerator and denominator; the best's numerator, denominator and left rows.
    (local $sumLeft f64) (local $nLeft f64) (local $count f64) (local $nRight f64) (local $num f64) (local $den f64)
    (local $bestNum f64) (local $bestDen f64) (local $bestLeft f64)

    ;; The best starts as a gain of 1e-12 (numerator 1e-12·m over 1), so a split must exceed it.
    (local.set $bestNum (f64.mul (f64.const 1e-12) (local.get $m)))
    (local.set $bestDen (f64.const 1))
    (local.set $bestLeft (f64.const 0))
    (local.set $bestFeature (i32.const -1))
    (local.set $bestBin (i32.const 0))
    (local.set $j (i32.const 0))
    (block $features_done
      (loop $features
        (br_if $features_done (i32.ge_s (local.get $j) (local.get $cols)))
        ;; p runs over the feature's bins but the last used one (no split after it)
        (local.set $p (local.tee $hj (i32.add (local.get $h) (i32.shl (local.get $j) (i32.const 12)))))
        (local.set $end (i32.add (local.get $hj)
          (i32.shl (i32.sub (i32.load (i32.add (local.get $nbins) (i32.shl (local.get $j) (i32.const 2)))) (i32.const 1)) (i32.const 4))))
        (local.set $sumLeft (f64.const 0))
        (local.set $nLeft (f64.const 0))
        (block $bins_done
          (loop $bins
            (br_if $bins_done (i32.ge_s (local.get $p) (local.get $end)))
            (block $next_bin
              ;; an empty bin is no new split point
              (br_if $next_bin (f64.eq (local.tee $count (f64.load offset=8 (local.get $p))) (f64.const 0)))
              (local.set $sumLeft (f64.add (local.get $sumLeft) (f64.load (local.get $p))))
              ;; every row on the left: the feature's scan ends
              (br_if $bins_done (f64.eq (local.tee $nLeft (f64.add (local.get $nLeft) (local.get $count))) (local.get $m)))
              (local.set $nRight (f64.sub (local.get $m) (local.get $nLeft)))
              (br_if $next_bin (i32.or (f64.lt (local.get $nLeft) (local.get $minLeaf)) (f64.lt (local.get $nRight) (local.get $minLeaf))))
              ;; num = (sₗ·m − total·nₗ)², den = nₗ·nᵣ
              (local.set $num (f64.mul
                (local.tee $num (f64.sub (f64.mul (local.get $sumLeft) (local.get $m)) (f64.mul (local.get $total) (local.get $nLeft))))
                (local.get $num)))
              (local.set $den (f64.mul (local.get $nLeft) (local.get $nRight)))
              ;; num / den > bestNum / bestDen
              (if (f64.gt (f64.mul (local.get $num) (local.get $bestDen)) (f64.mul (local.get $bestNum) (local.get $den)))
                (then
                  (local.set $bestNum (local.get $num))
                  (local.set $bestDen (local.get $den))
                  (local.set $bestLeft (local.get $nLeft))
                  (local.set $bestFeature (local.get $j))
                  (local.set $bestBin (i32.shr_u (i32.sub (local.get $p) (local.get $hj)) (i32.const 4))))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (br $bins)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $features)))
    (f64.store (local.get $out) (local.get $bestNum))
    (f64.store offset=8 (local.get $out) (local.get $bestDen))
    (f64.store offset=16 (local.get $out) (local.get $bestLeft))
    (i32.store offset=24 (local.get $out) (local.get $bestFeature))
    (i32.store offset=28 (local.get $out) (local.get $bestBin))))
