// `seedrandom` for TensorFlow.js's ES modules: only its random ops use it, and the benchmark
// calls none (it draws initial weights itself), so any use is a bug worth a clear error.
export function alea() {
  throw new Error("the benchmark does not use TensorFlow.js random ops");
}
