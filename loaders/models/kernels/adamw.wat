;; adamw: one step of torch.optim.AdamW over all of the neural head's parameters at once, in
;; float32 as PyTorch computes it (loaders/models/mlp/adamw.ts computes the scalars and lays out the
;; memory). One pass of 128-bit SIMD, four parameters per instruction: a JavaScript loop runs the
;; update at ~6 ns per parameter and onnxruntime's element-wise operators at ~7 ns. Assembled by
;; tools/assemble-kernels.ts into adamw.wasm, which adamw.ts loads.
;;
;; Per parameter, with g already the gradient:
;;   g ← g·scale                                    (clip_grad_norm_'s factor)
;;   m ← b1·m + (1 − b1)·g
;;   v ← b2·v + (1 − b2)·g²
;;   p ← p·(1 − lr·weightDecay) − lr/(1 − b1ᵗ) · m / (√v / √(1 − b2ᵗ) + eps)
(module
  (import "env" "memory" (memory 1))

  (func (export "adamw")
    ;; Byte addresses of the four regions — parameters, gradients, first and second moments, each
    ;; padded to whole vectors of four floats — and the bytes of one region.
    (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $bytes i32)
    ;; The step's scalars: clipping's scale; b1 and c1 = 1 − b1; b2 and c2 = 1 − b2;
    ;; 1/√(1 − b2ᵗ); eps; stepSize = lr/(1 − b1ᵗ); decay = 1 − lr·weightDecay.
    (param $scale f32) (param $b1 f32) (param $c1 f32) (param $b2 f32) (param $c2 f32)
    (param $invBc2 f32) (param $eps f32) (param $stepSize f32) (param $decay f32)
    ;; The byte offset of four parameters in each region (starts at 0, as every local does).
    (local $i i32)
    ;; The scalars in all four lanes, in parameter order.
    (local $scale4 v128) (local $b1_4 v128) (local $c1_4 v128) (local $b2_4 v128) (local $c2_4 v128)
    (local $invBc2_4 v128) (local $eps4 v128) (local $stepSize4 v128) (local $decay4 v128)
    ;; The four parameters' clipped gradient and new first and second moments.
    (local $gi v128) (local $mi v128) (local $vi v128)

    (local.set $scale4 (f32x4.splat (local.get $scale)))
    (local.set $b1_4 (f32x4.splat (local.get $b1)))
    (local.set $c1_4 (f32x4.splat (local.get $c1)))
    (local.set $b2_4 (f32x4.splat (local.get $b2)))
    (local.set $c2_4 (f32x4.splat (local.get $c2)))
    (local.set $invBc2_4 (f32x4.splat (local.get $invBc2)))
    (local.set $eps4 (f32x4.splat (local.get $eps)))
    (local.set $stepSize4 (f32x4.splat (local.get $stepSize)))
    (local.set $decay4 (f32x4.splat (local.get $decay)))
    (block $done
      (loop $params
        (br_if $done (i32.ge_u (local.get $i) (local.get $bytes)))
        ;; gi = g[i]·scale
        (local.set $gi (f32x4.mul (v128.load align=8 (i32.add (local.get $g) (local.get $i))) (local.get $scale4)))
        ;; m[i] = mi = m[i]·b1 + gi·c1
        (v128.store align=8 (i32.add (local.get $m) (local.get $i))
          (local.tee $mi
            (f32x4.add
              (f32x4.mul (v128.load align=8 (i32.add (local.get $m) (local.get $i))) (local.get $b1_4))
              (f32x4.mul (local.get $gi) (local.get $c1_4)))))
        ;; v[i] = vi = v[i]·b2 + gi·gi·c2
        (v128.store align=8 (i32.add (local.get $v) (local.get $i))
          (local.tee $vi
            (f32x4.add
              (f32x4.mul (v128.load align=8 (i32.add (local.get $v) (local.get $i))) (local.get $b2_4))
              (f32x4.mul (f32x4.mul (local.get $gi) (local.get $gi)) (local.get $c2_4)))))
        ;; p[i] = p[i]·decay − mi / (√vi·invBc2 + eps)·stepSize
        (v128.store align=8 (i32.add (local.get $p) (local.get $i))
          (f32x4.sub
            (f32x4.mul (v128.load align=8 (i32.add (local.get $p) (local.get $i))) (local.get $decay4))
            (f32x4.mul
              (f32x4.div
                (local.get $mi)
                (f32x4.add (f32x4.mul (f32x4.sqrt (local.get $vi)) (local.get $invBc2_4)) (local.get $eps4)))
              (local.get $stepSize4))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $params)))))
