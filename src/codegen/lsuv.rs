//! LSUV in a script (the `lsuv` scheme): its options as constants, and its data pass written
//! out in NumPy for Keras and in torch for PyTorch, run right after the weights are drawn (or,
//! in exact mode, loaded: the page's orthogonal draw, before the page's own data pass), on the
//! first `LSUV_BATCH` standardized training samples, as `crate::lsuv` does it.

use super::script::{py, Script, BODY};
use crate::config::Config;
use crate::lsuv::Lsuv;

/// `LSUV_TOLERANCE`, `LSUV_MAX_ITERATIONS`, `LSUV_BATCH` for an `lsuv` config.
pub(super) fn constants(s: &mut Script, c: &Config) {
    if let Some(Lsuv {
        tolerance,
        max_iterations,
        batch,
    }) = c.init.lsuv()
    {
        s.line(format!(
            "LSUV_TOLERANCE, LSUV_MAX_ITERATIONS, LSUV_BATCH = {}, {max_iterations}, {batch}  # lsuv: Tol_var, T_max and the batch",
            py(tolerance)
        ));
    }
}

/// `main()`'s call of the data pass, for an `lsuv` config.
pub(super) fn call(s: &mut Script, c: &Config) {
    if c.init.lsuv().is_some() {
        s.line(format!(
            "{BODY}lsuv(model, x_train[:LSUV_BATCH])  # Mishkin & Matas's data pass, as initlab makes it"
        ));
    }
}

/// The docstring of both versions.
const DOC: &str = "LSUV (Mishkin & Matas 2016), as initlab does it: each layer in turn, input \
    side first, on the batch x: while the variance of its pre-activations h = x W + b (over \
    samples and neurons) is more than LSUV_TOLERANCE from 1, and fewer than \
    LSUV_MAX_ITERATIONS rescalings were made, divide its weights by the standard deviation. \
    The output layer too. The biases stay.";

/// `lsuv(model, x)` in NumPy on a Keras model, for an `lsuv` config.
pub(super) fn keras(s: &mut Script, c: &Config) {
    if c.init.lsuv().is_none() {
        return;
    }
    s.gap();
    s.line("def lsuv(model, x):");
    s.doc(BODY, DOC);
    s.indented(
        BODY,
        [
            "h = np.asarray(x, dtype=np.float32)",
            "for i, layer in enumerate(model.layers):",
            "    kernel, bias = layer.get_weights()",
            "    iterations = 0",
            "    while True:",
            "        pre = h @ kernel + bias",
            "        variance = float(np.var(pre.astype(np.float64)))",
            "        if abs(variance - 1.0) <= LSUV_TOLERANCE or not 0.0 < variance < np.inf:",
            "            break",
            "        if iterations == LSUV_MAX_ITERATIONS:",
            "            break",
            "        kernel = (kernel.astype(np.float64) / np.sqrt(variance)).astype(np.float32)",
            "        iterations += 1",
            "    layer.set_weights([kernel, bias])",
            "    if i < len(HIDDEN):",
            "        h = np.asarray(keras.ops.convert_to_numpy(layer.activation(pre)), dtype=np.float32)",
        ],
    );
}

/// `lsuv(model, x)` in torch on the PyTorch model, for an `lsuv` config.
pub(super) fn pytorch(s: &mut Script, c: &Config) {
    if c.init.lsuv().is_none() {
        return;
    }
    s.gap();
    s.lines(["@torch.no_grad()", "def lsuv(model, x):"]);
    s.doc(BODY, DOC);
    s.indented(
        BODY,
        [
            "linears = [m for m in model.modules() if isinstance(m, nn.Linear)]",
            "h = x",
            "for i, linear in enumerate(linears):",
            "    iterations = 0",
            "    while True:",
            "        pre = h @ linear.weight.T + linear.bias",
            "        variance = pre.double().var(correction=0).item()",
            "        if abs(variance - 1.0) <= LSUV_TOLERANCE or not 0.0 < variance < float(\"inf\"):",
            "            break",
            "        if iterations == LSUV_MAX_ITERATIONS:",
            "            break",
            "        linear.weight.copy_((linear.weight.double() / np.sqrt(variance)).float())",
            "        iterations += 1",
            "    if i < len(HIDDEN):",
            "        h = model[i][1](pre)  # the block's activation",
        ],
    );
}
