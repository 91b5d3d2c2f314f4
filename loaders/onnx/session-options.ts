/**
 * Options every onnxruntime session of an encoder must use (node and web alike). YAMNet keeps its
 * weights int8 with DequantizeLinear in the graph; with ONNX Runtime's QDQ optimisations on, the
 * "all" level rewrites those into quantized kernels and the embedding moves by up to 5 (tested).
 * Turning them off lets constant folding dequantize the weights once at load: then the outputs
 * equal the float32 conversion's bit for bit.
 */
export const ENCODER_SESSION_OPTIONS = {extra: {session: {disable_quant_qdq: "1"}}} as const;
