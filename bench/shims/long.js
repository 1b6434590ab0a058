// `long` for TensorFlow.js's ES modules: the package ships CommonJS and a UMD build, which
// index.html loads as a classic script (defining the global `Long`) before any module runs.
export default globalThis.Long;
