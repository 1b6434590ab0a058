//! The Python text itself: a `Script` of lines with wrapped comments and docstrings, and
//! numbers written as the Python literals the libraries take.

use std::fmt::{Display, LowerExp};

/// Longest line a wrapped comment or docstring may take.
pub(super) const WIDTH: usize = 99;

/// One level of Python indentation.
pub(super) const BODY: &str = "    ";

/// Lines of Python, written in order.
pub(super) struct Script {
    lines: Vec<String>,
}

impl Script {
    /// An empty script.
    pub(super) fn new() -> Script {
        Script { lines: Vec::new() }
    }

    /// One line.
    pub(super) fn line(&mut self, text: impl Into<String>) {
        self.lines.push(text.into());
    }

    /// Several lines, in order.
    pub(super) fn lines<S: Into<String>>(&mut self, lines: impl IntoIterator<Item = S>) {
        lines.into_iter().for_each(|l| self.line(l));
    }

    /// Several lines, each indented by `indent`.
    pub(super) fn indented<S: AsRef<str>>(
        &mut self,
        indent: &str,
        lines: impl IntoIterator<Item = S>,
    ) {
        for l in lines {
            let l = l.as_ref();
            self.line(if l.is_empty() {
                String::new()
            } else {
                format!("{indent}{l}")
            });
        }
    }

    /// An empty line.
    pub(super) fn blank(&mut self) {
        self.line("");
    }

    /// Two empty lines, as PEP 8 puts between top-level definitions.
    pub(super) fn gap(&mut self) {
        self.blank();
        self.blank();
    }

    /// `text` as `# ` comments wrapped at `WIDTH`, each line starting with `indent`.
    pub(super) fn comment(&mut self, indent: &str, text: &str) {
        let prefix = format!("{indent}# ");
        self.wrapped(&prefix, &prefix, text, "");
    }

    /// `text` as a docstring at `indent`, wrapped at `WIDTH`.
    pub(super) fn doc(&mut self, indent: &str, text: &str) {
        self.wrapped(&format!("{indent}\"\"\""), indent, text, "\"\"\"");
    }

    /// `text`'s words on lines of at most `WIDTH`, the first line starting with `first`, the
    /// others with `next`, and `end` after the last word (on a line of its own if it would not
    /// fit).
    fn wrapped(&mut self, first: &str, next: &str, text: &str, end: &str) {
        let mut current = first.to_string();
        let mut fresh = true;
        for word in text.split_whitespace() {
            if !fresh && current.len() + 1 + word.len() > WIDTH {
                self.lines
                    .push(std::mem::replace(&mut current, next.to_string()));
                fresh = true;
            }
            if !fresh {
                current.push(' ');
            }
            current.push_str(word);
            fresh = false;
        }
        if current.len() + end.len() > WIDTH {
            self.lines
                .push(std::mem::replace(&mut current, next.to_string()));
        }
        current.push_str(end);
        self.lines.push(current);
    }

    /// `{indent}{head}{call}{end}` on one line, or, when that is longer than `WIDTH`, with the
    /// arguments of `call` (`name(arguments)`) on a line of their own, or one a line when even
    /// that is too long.
    pub(super) fn call(&mut self, indent: &str, head: &str, call: &str, end: &str) {
        let line = format!("{indent}{head}{call}{end}");
        match call.split_once('(') {
            Some((name, rest)) if line.len() > WIDTH && rest.ends_with(')') => {
                let arguments = &rest[..rest.len() - 1];
                self.line(format!("{indent}{head}{name}("));
                if indent.len() + BODY.len() + arguments.len() <= WIDTH {
                    self.line(format!("{indent}{BODY}{arguments}"));
                } else {
                    for argument in split_arguments(arguments) {
                        self.line(format!("{indent}{BODY}{argument},"));
                    }
                }
                self.line(format!("{indent}){end}"));
            }
            _ => self.line(line),
        }
    }

    /// The script's text, one line each, ending with a line break.
    pub(super) fn finish(self) -> String {
        self.lines.join("\n") + "\n"
    }
}

/// A call's arguments split at the commas between them (not those inside brackets or strings).
fn split_arguments(arguments: &str) -> Vec<&str> {
    let (mut parts, mut depth, mut quoted, mut start) = (Vec::new(), 0i32, false, 0);
    for (i, c) in arguments.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '(' | '[' | '{' if !quoted => depth += 1,
            ')' | ']' | '}' if !quoted => depth -= 1,
            ',' if !quoted && depth == 0 => {
                parts.push(arguments[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(arguments[start..].trim());
    parts
}

/// A number as a Python term of an expression where a whole number may be an int (`2 * std`,
/// `2 / fan_in`: Python's `*` with a float and `/` give floats): `py_exact`, whole numbers bare.
pub(super) fn py_term(x: f64) -> String {
    let text = py_exact(x);
    match text.strip_suffix(".0") {
        Some(whole) => whole.to_string(),
        None => text,
    }
}

/// A number as a Python float literal: its shortest decimal form (an `f32` as the f32 it is,
/// 0.1 not 0.10000000149011612), in scientific notation below 1e-3 (1e-7, not 0.0000001), and
/// always with a decimal point or an exponent (3.0, not 3), since Keras refuses an int where it
/// wants a float (a learning rate of 3).
pub(super) fn py<T: Copy + Into<f64> + Display + LowerExp>(x: T) -> String {
    let v: f64 = x.into();
    let text = if v != 0.0 && v.abs() < 1e-3 {
        format!("{x:e}")
    } else {
        format!("{x}")
    };
    if text.contains(['.', 'e', 'i', 'N']) {
        text
    } else {
        text + ".0"
    }
}

/// A number as the shortest Python expression that evaluates to exactly that float: its
/// literal (`py`), or a fraction n / d of small integers where that is shorter (`torch_default`'s
/// scale 1 / 3, not 0.3333333333333333). Python's `/` rounds correctly, as Rust's does, and
/// gives a float.
pub(super) fn py_exact(x: f64) -> String {
    let fractions = (2..10u8).filter_map(|d| {
        let n = (x * f64::from(d)).round();
        (n >= 1.0 && n / f64::from(d) == x).then(|| format!("{n} / {d}"))
    });
    fractions.fold(py(x), |best, f| if f.len() < best.len() { f } else { best })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    /// Every fraction `py_exact` writes evaluates in Python to the very f64 it stands for, and
    /// a short literal stays a literal.
    #[test]
    fn exact_fractions_are_the_same_number_in_python() {
        let values: Vec<f64> = (2..10u8)
            .flat_map(|d| (1..3 * d).map(move |n| f64::from(n) / f64::from(d)))
            .collect();
        let exprs: Vec<String> = values.iter().map(|&v| py_exact(v)).collect();
        let program: String = exprs
            .iter()
            .map(|e| format!("print(repr({e}))\n"))
            .collect();
        let out = Command::new("python3")
            .args(["-c", &program])
            .output()
            .expect("python3 must be installed to check the generated Python");
        let printed = String::from_utf8(out.stdout).unwrap();
        let got: Vec<f64> = printed.lines().map(|l| l.parse().unwrap()).collect();
        assert_eq!(got, values, "{exprs:?}");
        assert_eq!(py_exact(1.0 / 3.0), "1 / 3");
        assert_eq!(py_exact(2.0 / 7.0), "2 / 7");
        assert_eq!(
            [py_exact(0.5), py_exact(2.0), py_exact(0.75)],
            ["0.5", "2.0", "0.75"]
        );
    }

    /// Every literal `py` writes is a Python float (never an int), equal to the f32 or f64 it
    /// stands for.
    #[test]
    fn numbers_are_python_float_literals_in_shortest_form() {
        assert_eq!(py(0.1f32), "0.1");
        assert_eq!(py(1e-7f32), "1e-7");
        assert_eq!(py(3.0f32), "3.0");
        assert_eq!(py(1.0f64), "1.0");
        assert_eq!(py(0.0f64), "0.0");
        assert_eq!(py(-0.05f64), "-0.05");
        let values = [3.0f32, 10.0, 0.1, 1e-7, 2.5e-4, 0.0, -1.0, 100.0, 0.003];
        let program: String = values
            .iter()
            .map(|&v| format!("x = {}\nprint(type(x).__name__, repr(x))\n", py(v)))
            .collect();
        let out = Command::new("python3")
            .args(["-c", &program])
            .output()
            .expect("python3 must be installed to check the generated Python");
        let printed = String::from_utf8(out.stdout).unwrap();
        for (line, v) in printed.lines().zip(values) {
            let (kind, value) = line.split_once(' ').unwrap();
            assert_eq!(kind, "float", "{v}: {line}");
            assert_eq!(value.parse::<f32>().unwrap(), v, "{line}");
        }
        assert_eq!(printed.lines().count(), values.len());
    }

    /// A call too long for one line puts its arguments on the next, one a line if need be,
    /// splitting only at the commas between arguments.
    #[test]
    fn long_calls_wrap_their_arguments() {
        let mut s = Script::new();
        let long = format!("f(a=\"{}\", b=g(1, 2), c=[3, 4])", "x, y ".repeat(14));
        s.call("        ", "value=", &long, ",");
        s.call("", "short = ", "f(1, 2)", "");
        let out = s.finish();
        assert!(out.lines().all(|l| l.len() <= WIDTH), "{out}");
        assert!(out.contains("        value=f(\n"), "{out}");
        assert!(
            out.contains("\n            b=g(1, 2),\n            c=[3, 4],\n        ),\n"),
            "{out}"
        );
        assert!(out.ends_with("short = f(1, 2)\n"), "{out}");
        assert_eq!(py_term(2.0), "2");
        assert_eq!(py_term(1.0 / 3.0), "1 / 3");
        assert_eq!(py_term(0.5), "0.5");
    }

    /// Comments and docstrings wrap at `WIDTH` and keep every word.
    #[test]
    fn comments_and_docstrings_wrap() {
        let text = "word ".repeat(60);
        let mut s = Script::new();
        s.comment("    ", &text);
        s.doc("    ", &text);
        s.doc("", "short");
        let out = s.finish();
        assert!(out.lines().all(|l| l.len() <= WIDTH), "{out}");
        assert_eq!(out.matches("word").count(), 120);
        assert!(out.lines().next().unwrap().starts_with("    # word"));
        assert!(out.contains("    \"\"\"word word"));
        assert!(out.contains("word\"\"\"\n"));
        assert!(out.ends_with("\"\"\"short\"\"\"\n"));
        assert!(out
            .lines()
            .filter(|l| !l.contains('#') && !l.contains("\"\"\""))
            .all(|l| l.starts_with("    word")));
    }
}
