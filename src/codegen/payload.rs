//! Exact mode's payload: the page's arrays (its raw data, initial weights and biases, and batch
//! order) as base64 of their little-endian bytes at the end of a script, and the one Python
//! function that decodes them.

use super::script::{Script, BODY};
use crate::config::Config;
use crate::experiment::Replay;

/// Base64 characters per payload line (a multiple of 4, so every line decodes on its own).
const LINE: usize = 96;

/// One array a script carries.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Array {
    /// Its key in `PAYLOAD`.
    pub(super) name: String,
    /// Its numpy dtype: `<f4` (float32), `u1` (uint8) or `<u2` (uint16), little-endian.
    pub(super) dtype: &'static str,
    /// Its shape, row-major.
    pub(super) shape: Vec<usize>,
    /// Its bytes.
    pub(super) bytes: Vec<u8>,
}

impl Array {
    fn f32(name: impl Into<String>, shape: Vec<usize>, values: &[f32]) -> Array {
        let bytes = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        Array {
            name: name.into(),
            dtype: "<f4",
            shape,
            bytes,
        }
    }

    fn u8(name: &str, values: &[u8]) -> Array {
        Array {
            name: name.into(),
            dtype: "u1",
            shape: vec![values.len()],
            bytes: values.to_vec(),
        }
    }

    /// The shape as a Python tuple: `(280, 2)`, `(8,)`.
    fn shape_tuple(&self) -> String {
        match self.shape.as_slice() {
            [n] => format!("({n},)"),
            dims => format!(
                "({})",
                dims.iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

/// The arrays of `config`'s run over its first `steps` steps: `x_train`, `y_train`, `x_test`,
/// `y_test` (features raw, as the page's `data()` gives them), `w0`, `b0`, `w1`, `b1`... (each
/// layer's initial weights, fan_out x fan_in as initlab keeps them, and biases) and `batches`
/// (steps x batch size training-sample indices).
pub(super) fn arrays(config: &Config, steps: u32) -> Vec<Array> {
    let r = Replay::new(config, steps);
    let d = &r.data;
    let mut arrays = vec![
        Array::f32("x_train", vec![d.train_len(), d.inputs], &d.train_x),
        Array::u8("y_train", &d.train_y),
        Array::f32("x_test", vec![d.test_len(), d.inputs], &d.test_x),
        Array::u8("y_test", &d.test_y),
    ];
    for (l, layer) in r.mlp.layers().iter().enumerate() {
        let shape = vec![layer.fan_out, layer.fan_in];
        arrays.push(Array::f32(format!("w{l}"), shape, r.mlp.weights(l)));
        arrays.push(Array::f32(
            format!("b{l}"),
            vec![layer.fan_out],
            r.mlp.biases(l),
        ));
    }
    // Training sets hold at most 5000 samples (`maxSamples`), so every index fits a u16.
    let batches = r.batches.iter().flat_map(|&i| (i as u16).to_le_bytes());
    arrays.push(Array {
        name: "batches".into(),
        dtype: "<u2",
        shape: vec![steps as usize, config.batch_size],
        bytes: batches.collect(),
    });
    arrays
}

/// `page_array(name)`, the function that decodes one array of `PAYLOAD`.
pub(super) fn decoder(s: &mut Script) {
    s.line("def page_array(name):");
    s.doc(
        BODY,
        "One of the page's arrays, decoded from PAYLOAD at the end of this script.",
    );
    s.indented(
        BODY,
        [
            "dtype, shape, text = PAYLOAD[name]",
            "return np.frombuffer(base64.b64decode(text), dtype=dtype).reshape(shape).copy()",
        ],
    );
}

/// `PAYLOAD = {...}`: every array of `config`'s run over `steps` steps, base64 lines of `LINE`
/// characters (which `b64decode` reads as one text, line breaks dropped).
pub(super) fn payload(s: &mut Script, config: &Config, steps: u32) {
    s.comment(
        "",
        "The page's numbers (exact mode), read by page_array: for each array its dtype \
         (little-endian float32 \"<f4\", uint8 \"u1\" or uint16 \"<u2\"), its shape, and base64 \
         of its bytes.",
    );
    s.line("PAYLOAD = {");
    for a in arrays(config, steps) {
        s.line(format!(
            "    \"{}\": (\"{}\", {}, \"\"\"",
            a.name,
            a.dtype,
            a.shape_tuple()
        ));
        let text = base64(&a.bytes);
        let chunks = text.as_bytes().chunks(LINE);
        s.lines(chunks.map(|c| String::from_utf8_lossy(c).into_owned()));
        s.line("\"\"\"),");
    }
    s.line("}");
}

/// Standard base64 (RFC 4648, `+/` alphabet, `=` padding) of `bytes`.
pub(super) fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * k) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codegen::options::payload_bytes;
    use std::process::Command;

    /// Python's own `base64.b64decode` reads back every length of bytes (paddings 0, 1, 2).
    #[test]
    fn python_decodes_the_base64() {
        let inputs: Vec<Vec<u8>> = (0..8u8)
            .map(|n| {
                (0..n)
                    .map(|i| i.wrapping_mul(97).wrapping_add(200))
                    .collect()
            })
            .chain([(0..=255u8).collect()])
            .collect();
        let program: String = inputs
            .iter()
            .map(|b| format!("print(list(base64.b64decode(\"{}\")))\n", base64(b)))
            .collect();
        let out = Command::new("python3")
            .args(["-c", &format!("import base64\n{program}")])
            .output()
            .expect("python3 must be installed to check the generated Python");
        let printed = String::from_utf8(out.stdout).unwrap();
        let got: Vec<String> = printed.lines().map(str::to_string).collect();
        let want: Vec<String> = inputs.iter().map(|b| format!("{b:?}")).collect();
        assert_eq!(got, want, "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
    }

    /// The arrays hold exactly the bytes `payload_bytes` counts, so the size rule of the
    /// default mode is the size of what is written.
    #[test]
    fn arrays_are_the_bytes_the_size_rule_counts() {
        for json in [
            r#"{"hidden": [8, 8]}"#,
            r#"{"hidden": [], "dataset": "digits", "samples": 300, "batchSize": 10}"#,
            r#"{"hidden": [5, 4, 3], "dataset": "spiral3", "samples": 97}"#,
        ] {
            let c = Config::from_json(json).unwrap();
            let a = arrays(&c, 7);
            let bytes: usize = a.iter().map(|a| a.bytes.len()).sum();
            assert_eq!(bytes, payload_bytes(&c, 7), "{json}");
            for a in &a {
                let width = if a.dtype == "u1" {
                    1
                } else {
                    a.dtype[2..].parse().unwrap()
                };
                assert_eq!(a.shape.iter().product::<usize>() * width, a.bytes.len());
            }
        }
    }
}
