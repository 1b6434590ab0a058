//! A student's own data: a CSV file of numeric feature columns and one class column, read and
//! validated here so that no file, however hostile, can panic, trap or freeze the page.
//!
//! The format: UTF-8 text (a byte-order mark is skipped), one row per line (LF or CRLF), fields
//! separated by commas and optionally quoted with `"` (`""` inside quotes is a quote; a quoted
//! field cannot span lines). The first row names the columns. The class column is the one
//! named `label` (any case), else the last; every other column is a feature and must hold a
//! finite number in every row. Blank lines are skipped. Rows are counted as a spreadsheet
//! counts them: the header is row 1. Every limit is checked as the file is read, so a file
//! that breaks one stops at once: its size first, then the header's columns, then each row.

use crate::error::ConfigError;
use crate::order::sorted_indices;

/// The largest file read, in bytes (16 MiB): 5,000 rows of 256 features take about 13 MB.
pub const MAX_BYTES: usize = 16 * 1024 * 1024;
/// Most rows of data (samples), as the 2-D sets allow.
pub const MAX_ROWS: usize = 5000;
/// Fewest rows of data: the fewest samples any dataset may have.
pub const MIN_ROWS: usize = 20;
/// Most feature columns: the network's first layer has one input per feature.
pub const MAX_FEATURES: usize = 256;
/// Most classes: one output per class, as many as the digits have.
pub const MAX_CLASSES: usize = 10;
/// The name of the class column, when a column has it (compared ignoring case).
pub const LABEL_COLUMN: &str = "label";
/// Longest text of a file quoted back in an error.
const QUOTE_CHARS: usize = 40;

/// A CSV file as read: the features of every row and its class.
///
/// `x` is `rows() x features()`, row-major (row `i` is `x[i * features()..(i + 1) *
/// features()]`), in the file's order and units; `y[i]` is row `i`'s class index into
/// `class_names`, which are sorted (as numbers when every label is one, else as text).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The feature columns' names, in the file's order.
    pub feature_names: Vec<String>,
    /// The class column's name.
    pub label_name: String,
    /// The classes' names (their labels in the file), sorted.
    pub class_names: Vec<String>,
    /// The features, `rows() x features()`, row-major.
    pub x: Vec<f32>,
    /// Each row's class index.
    pub y: Vec<u8>,
}

impl Table {
    /// A table from its parts (as `read` makes them, and as the full build hands them to the
    /// page's build: `customData()`), checked as `read` checks a file: the same limits on rows,
    /// features and classes, a class index for every row and a finite number for every feature.
    /// Errors name `field`.
    pub fn from_parts(
        feature_names: Vec<String>,
        label_name: String,
        class_names: Vec<String>,
        x: Vec<f32>,
        y: Vec<u8>,
        field: &str,
    ) -> Result<Table, ConfigError> {
        let bad = |message: String| Err(ConfigError::new(field, message));
        let (features, classes, rows) = (feature_names.len(), class_names.len(), y.len());
        if !(1..=MAX_FEATURES).contains(&features) {
            return bad(format!(
                "must have 1 to {MAX_FEATURES} feature names, got {features}"
            ));
        }
        if !(2..=MAX_CLASSES).contains(&classes) {
            return bad(format!(
                "must have 2 to {MAX_CLASSES} class names, got {classes}"
            ));
        }
        if !(MIN_ROWS..=MAX_ROWS).contains(&rows) {
            return bad(format!(
                "must have {MIN_ROWS} to {MAX_ROWS} rows (y), got {rows}"
            ));
        }
        if x.len() != rows * features {
            return bad(format!(
                "x must hold rows x features = {} numbers, got {}",
                rows * features,
                x.len()
            ));
        }
        if let Some(i) = x.iter().position(|v| !v.is_finite()) {
            return bad(format!("x[{i}] is not a finite number"));
        }
        if let Some(i) = y.iter().position(|&c| usize::from(c) >= classes) {
            return bad(format!(
                "y[{i}] = {} is not a class index below {classes}",
                y[i]
            ));
        }
        Ok(Table {
            feature_names,
            label_name,
            class_names,
            x,
            y,
        })
    }

    /// Rows of data (samples).
    pub fn rows(&self) -> usize {
        self.y.len()
    }

    /// Feature columns.
    pub fn features(&self) -> usize {
        self.feature_names.len()
    }

    /// Classes.
    pub fn classes(&self) -> usize {
        self.class_names.len()
    }
}

/// What a file held, as the page reports it once read (`loadCsv`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Rows of data.
    pub rows: usize,
    /// The feature columns' names.
    pub feature_names: Vec<String>,
    /// The class column's name.
    pub label_name: String,
    /// The classes' names, class i being `class_names[i]`.
    pub class_names: Vec<String>,
    /// Rows of each class, in the order of `class_names`.
    pub class_counts: Vec<usize>,
}

impl Table {
    /// What the table holds, without its numbers.
    pub fn summary(&self) -> Summary {
        let mut class_counts = vec![0; self.classes()];
        for &c in &self.y {
            class_counts[usize::from(c)] += 1;
        }
        Summary {
            rows: self.rows(),
            feature_names: self.feature_names.clone(),
            label_name: self.label_name.clone(),
            class_names: self.class_names.clone(),
            class_counts,
        }
    }
}

/// An error about the file, field `csv`.
fn error(message: impl Into<String>) -> ConfigError {
    ConfigError::new("csv", message)
}

/// `text` quoted for an error message, cut short.
fn quote(text: &str) -> String {
    let cut: String = text.chars().take(QUOTE_CHARS).collect();
    let ellipsis = if cut.len() < text.len() { "…" } else { "" };
    format!("\"{cut}{ellipsis}\"")
}

/// Reads a CSV file's bytes into a `Table`, or says what is wrong and where (field `csv`). A
/// caller holding a larger file may give its first `MAX_BYTES + 1` bytes: the error is the same.
pub fn read(bytes: &[u8]) -> Result<Table, ConfigError> {
    if bytes.len() > MAX_BYTES {
        return Err(error(format!(
            "the file is larger than {} MB, the most that can be read",
            MAX_BYTES / (1024 * 1024)
        )));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let row = 1 + bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        error(format!(
            "row {row} is not UTF-8 text (byte {} of the file); save the file as UTF-8 CSV",
            e.valid_up_to() + 1
        ))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text
        .split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line))
        .enumerate()
        .map(|(i, line)| (i + 1, line))
        .filter(|(_, line)| !line.trim().is_empty());
    let Some((header_row, header)) = lines.next() else {
        return Err(error(format!(
            "the file is empty: it needs a header row naming the columns, then at least {MIN_ROWS} rows of data"
        )));
    };
    let names = fields(header, MAX_FEATURES + 1).map_err(|e| e.at(header_row, "the header"))?;
    if names.len() < 2 {
        return Err(error(format!(
            "row {header_row} (the header) has {} column; it needs at least 2: one feature or more, and the class",
            names.len()
        )));
    }
    let names: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let n = n.trim();
            if n.is_empty() {
                format!("column {}", i + 1)
            } else {
                n.to_string()
            }
        })
        .collect();
    let label = names
        .iter()
        .position(|n| n.eq_ignore_ascii_case(LABEL_COLUMN))
        .unwrap_or(names.len() - 1);
    let mut x = Vec::new();
    let mut labels: Vec<String> = Vec::new();
    let mut y_text: Vec<usize> = Vec::new();
    for (row, line) in lines {
        if y_text.len() == MAX_ROWS {
            return Err(error(format!(
                "too many samples: row {row} is beyond the {MAX_ROWS} rows of data that can be read"
            )));
        }
        let values = fields(line, names.len()).map_err(|e| e.at(row, "this row"))?;
        if values.len() != names.len() {
            return Err(error(format!(
                "row {row} has {} {}, the header has {}",
                values.len(),
                if values.len() == 1 { "field" } else { "fields" },
                names.len()
            )));
        }
        for (column, value) in values.iter().enumerate() {
            let value = value.trim();
            let place = || {
                format!(
                    "row {row}, column {} ({})",
                    column + 1,
                    quote(&names[column])
                )
            };
            if column == label {
                if value.is_empty() {
                    return Err(error(format!("{}: the class is missing", place())));
                }
                let class = match labels.iter().position(|l| l == value) {
                    Some(class) => class,
                    None if labels.len() == MAX_CLASSES => {
                        return Err(error(format!(
                            "{}: too many classes: {} would be class {}; at most {MAX_CLASSES}",
                            place(),
                            quote(value),
                            MAX_CLASSES + 1
                        )))
                    }
                    None => {
                        labels.push(value.to_string());
                        labels.len() - 1
                    }
                };
                y_text.push(class);
                continue;
            }
            if value.is_empty() {
                return Err(error(format!("{}: the value is missing", place())));
            }
            let number: f64 = value
                .parse()
                .map_err(|_| error(format!("{}: {} is not a number", place(), quote(value))))?;
            if !number.is_finite() || number.abs() > f64::from(f32::MAX) {
                return Err(error(format!(
                    "{}: {} is not a finite number",
                    place(),
                    quote(value)
                )));
            }
            x.push(number as f32);
        }
    }
    let rows = y_text.len();
    if rows < MIN_ROWS {
        return Err(error(format!(
            "too few samples: {rows} {} of data; at least {MIN_ROWS}",
            if rows == 1 { "row" } else { "rows" }
        )));
    }
    if labels.len() < 2 {
        return Err(error(format!(
            "the class column {} holds one class only ({}); it needs at least 2",
            quote(&names[label]),
            quote(&labels[0])
        )));
    }
    let (class_names, rank) = sorted_classes(labels);
    let mut feature_names = names;
    let label_name = feature_names.remove(label);
    let y = y_text.into_iter().map(|c| rank[c]).collect();
    Table::from_parts(feature_names, label_name, class_names, x, y, "csv")
}

/// The labels sorted (as numbers when every one is, else as text), and each label's class
/// index by its order of first appearance.
fn sorted_classes(labels: Vec<String>) -> (Vec<String>, Vec<u8>) {
    let numbers: Option<Vec<f64>> = labels.iter().map(|l| l.parse::<f64>().ok()).collect();
    let order = match numbers {
        Some(n) if n.iter().all(|v| v.is_finite()) => sorted_indices(labels.len(), &|a, b| {
            n[a].total_cmp(&n[b]).then(labels[a].cmp(&labels[b]))
        }),
        _ => sorted_indices(labels.len(), &|a, b| labels[a].cmp(&labels[b])),
    };
    let mut rank = vec![0u8; labels.len()];
    for (class, &i) in order.iter().enumerate() {
        rank[i] = class as u8; // at most MAX_CLASSES
    }
    (order.into_iter().map(|i| labels[i].clone()).collect(), rank)
}

/// What is wrong with a line's fields.
enum FieldError {
    /// More than the allowed number of fields.
    TooMany(usize),
    /// A quoted field is not closed on its line.
    Unclosed,
    /// Text after a quoted field's closing quote, before the next comma.
    AfterQuote,
}

impl FieldError {
    /// The error for row `row`, `what` being "the header" or "this row".
    fn at(self, row: usize, what: &str) -> ConfigError {
        match self {
            FieldError::TooMany(max) => error(if what == "the header" {
                format!(
                    "row {row} (the header) has more than {max} columns; at most {MAX_FEATURES} features and the class"
                )
            } else {
                format!("row {row} has more than {max} fields, more than the header")
            }),
            FieldError::Unclosed => error(format!(
                "row {row}: a quoted field is not closed on its line (a field cannot span lines)"
            )),
            FieldError::AfterQuote => error(format!(
                "row {row}: text follows a quoted field's closing quote; write \"\" for a quote inside quotes"
            )),
        }
    }
}

/// The comma-separated fields of `line`, quotes removed; at most `max` of them, so a line of
/// millions of commas stops at once.
fn fields(line: &str, max: usize) -> Result<Vec<String>, FieldError> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        if out.len() == max {
            return Err(FieldError::TooMany(max));
        }
        let mut field = String::new();
        let quoted = chars.peek() == Some(&'"');
        if quoted {
            chars.next();
            loop {
                match chars.next() {
                    None => return Err(FieldError::Unclosed),
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    Some('"') => break,
                    Some(c) => field.push(c),
                }
            }
            // Spaces may follow the closing quote, nothing else but the comma.
            while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
                chars.next();
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ',' {
                    break;
                }
                field.push(c);
                chars.next();
            }
        }
        out.push(field);
        match chars.next() {
            None => return Ok(out),
            Some(',') => {}
            Some(_) => return Err(FieldError::AfterQuote),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file of `rows` rows: features x (row index) and y (its square), class "a" or "b".
    fn good(rows: usize) -> String {
        let mut text = String::from("x,y,label\n");
        for i in 0..rows {
            text += &format!("{i},{},{}\n", i * i, if i % 2 == 0 { "a" } else { "b" });
        }
        text
    }

    fn err(text: impl AsRef<[u8]>) -> String {
        let e = read(text.as_ref()).unwrap_err();
        assert_eq!(e.field, "csv");
        e.message
    }

    #[test]
    fn reads_features_and_classes_in_order() {
        let t = read(good(20).as_bytes()).unwrap();
        assert_eq!((t.rows(), t.features(), t.classes()), (20, 2, 2));
        assert_eq!(t.feature_names, ["x", "y"]);
        assert_eq!(t.label_name, "label");
        assert_eq!(t.class_names, ["a", "b"]);
        assert_eq!(&t.x[..6], &[0.0, 0.0, 1.0, 1.0, 2.0, 4.0]);
        assert_eq!(&t.y[..3], &[0, 1, 0]);
    }

    #[test]
    fn the_class_column_is_label_wherever_it_is_else_the_last() {
        let mut text = String::from("LABEL,a,b,c\n");
        for i in 0..25 {
            text += &format!("{},{i},{},-{i}.5\n", i % 3, i * 2);
        }
        let t = read(text.as_bytes()).unwrap();
        assert_eq!(t.feature_names, ["a", "b", "c"]);
        assert_eq!((t.label_name.as_str(), t.classes()), ("LABEL", 3));
        assert_eq!(&t.x[3..6], &[1.0, 2.0, -1.5]);
        // No column named label: the last one is the class, here numbers sorted as numbers.
        let mut text = String::from("f1,f2,f3,kind\n");
        for i in 0..30 {
            text += &format!("{i},1e-3,{},{}\n", -(i as i32), [10, 9, 100][i % 3]);
        }
        let t = read(text.as_bytes()).unwrap();
        assert_eq!(t.features(), 3);
        assert_eq!(t.class_names, ["9", "10", "100"]);
        assert_eq!(&t.y[..3], &[1, 0, 2]);
        // One feature and 64 features read as well.
        let mut text = String::from("v,label\n");
        for i in 0..20 {
            text += &format!("{},{}\n", i as f32 / 7.0, i % 2);
        }
        assert_eq!(read(text.as_bytes()).unwrap().features(), 1);
        let header: Vec<String> = (0..64).map(|i| format!("p{i}")).collect();
        let mut text = format!("{},digit\n", header.join(","));
        for i in 0..40 {
            let row: Vec<String> = (0..64).map(|j| ((i + j) % 17).to_string()).collect();
            text += &format!("{},{}\n", row.join(","), i % 10);
        }
        let t = read(text.as_bytes()).unwrap();
        assert_eq!((t.rows(), t.features(), t.classes()), (40, 64, 10));
    }

    #[test]
    fn bom_crlf_quotes_and_blank_lines_read() {
        let mut text = String::from("\u{feff}\"width, cm\",\"height\",\"label\"\r\n\r\n");
        for i in 0..20 {
            text += &format!("\"{i}.5\", {i} ,\"say \"\"{}\"\"\"\r\n", i % 2);
        }
        let t = read(text.as_bytes()).unwrap();
        assert_eq!(t.feature_names, ["width, cm", "height"]);
        assert_eq!(t.class_names, ["say \"0\"", "say \"1\""]);
        assert_eq!(&t.x[..2], &[0.5, 0.0]);
        assert_eq!(t.rows(), 20);
    }

    #[test]
    fn empty_and_header_only_files_say_what_they_need() {
        assert!(err("").starts_with("the file is empty"));
        assert!(err("\n \r\n").starts_with("the file is empty"));
        assert!(err("\u{feff}").starts_with("the file is empty"));
        assert_eq!(
            err("x,y,label\n"),
            "too few samples: 0 rows of data; at least 20"
        );
        assert_eq!(err("label\n1\n"), "row 1 (the header) has 1 column; it needs at least 2: one feature or more, and the class");
        let few = good(19);
        assert_eq!(err(few), "too few samples: 19 rows of data; at least 20");
    }

    #[test]
    fn a_bad_value_is_named_by_row_and_column() {
        let with = |row: usize, line: &str| {
            let mut lines: Vec<String> = good(25).lines().map(String::from).collect();
            lines[row - 1] = line.to_string();
            lines.join("\n")
        };
        assert_eq!(
            err(with(4, "2,,a")),
            "row 4, column 2 (\"y\"): the value is missing"
        );
        assert_eq!(
            err(with(7, "2,four,a")),
            "row 7, column 2 (\"y\"): \"four\" is not a number"
        );
        assert_eq!(
            err(with(7, "1,5;2,a")),
            "row 7, column 2 (\"y\"): \"5;2\" is not a number"
        );
        for bad in ["NaN", "nan", "inf", "-Infinity", "1e39"] {
            assert_eq!(
                err(with(3, &format!("{bad},1,a"))),
                format!("row 3, column 1 (\"x\"): \"{bad}\" is not a finite number")
            );
        }
        assert_eq!(
            err(with(5, "1,2,")),
            "row 5, column 3 (\"label\"): the class is missing"
        );
        assert_eq!(err(with(6, "1,2")), "row 6 has 2 fields, the header has 3");
        assert_eq!(
            err(with(6, "1,2,a,4")),
            "row 6 has more than 3 fields, more than the header"
        );
        assert!(err(with(8, "1,2,\"a")).starts_with("row 8: a quoted field is not closed"));
        assert!(err(with(8, "1,\"2\"x,a")).starts_with("row 8: text follows a quoted field"));
    }

    #[test]
    fn too_many_classes_too_many_rows_and_one_class_are_refused() {
        let mut text = String::from("x,label\n");
        for i in 0..30 {
            text += &format!("{i},c{}\n", i % 11);
        }
        assert_eq!(
            err(&text),
            "row 12, column 2 (\"label\"): too many classes: \"c10\" would be class 11; at most 10"
        );
        let mut text = String::from("x,label\n");
        for i in 0..30 {
            text += &format!("{i},same\n");
        }
        assert_eq!(
            err(&text),
            "the class column \"label\" holds one class only (\"same\"); it needs at least 2"
        );
        assert_eq!(
            err(good(MAX_ROWS + 1)),
            format!(
                "too many samples: row {} is beyond the 5000 rows of data that can be read",
                MAX_ROWS + 2
            )
        );
        assert_eq!(read(good(MAX_ROWS).as_bytes()).unwrap().rows(), MAX_ROWS);
    }

    #[test]
    fn hostile_sizes_stop_at_once() {
        // Ten million columns in the header: refused after the 258th.
        let header = ",".repeat(10_000_000);
        let start = std::time::Instant::now();
        assert_eq!(
            err(&header),
            "row 1 (the header) has more than 257 columns; at most 256 features and the class"
        );
        // A 100 MB file is refused by its size before it is read.
        let huge = vec![b'1'; 100_000_000];
        assert_eq!(
            err(&huge),
            "the file is larger than 16 MB, the most that can be read"
        );
        assert!(start.elapsed().as_secs_f64() < 2.0, "{:?}", start.elapsed());
        // A file just under the limit, of one endless row, is read once and refused; an endless
        // number is quoted back cut short.
        let mut long = String::from("x,label\n1,");
        long.push_str(&"a".repeat(MAX_BYTES - long.len()));
        assert_eq!(err(&long), "too few samples: 1 row of data; at least 20");
        let mut long = String::from("x,label\n");
        long.push_str(&"1".repeat(MAX_BYTES - long.len() - 2));
        long.push_str(",a");
        assert_eq!(
            err(&long),
            format!(
                "row 2, column 1 (\"x\"): \"{}…\" is not a finite number",
                "1".repeat(40)
            )
        );
    }

    #[test]
    fn non_utf8_bytes_name_their_row() {
        let mut bytes = good(25).into_bytes();
        let at = bytes
            .iter()
            .enumerate()
            .filter(|(_, &b)| b == b'\n')
            .nth(4)
            .unwrap()
            .0
            + 2;
        bytes[at] = 0xff;
        assert_eq!(
            err(&bytes),
            format!(
                "row 6 is not UTF-8 text (byte {} of the file); save the file as UTF-8 CSV",
                at + 1
            )
        );
        // Latin-1 text, as an old spreadsheet saves it.
        assert!(err(b"caf\xe9,label\n").starts_with("row 1 is not UTF-8 text"));
    }

    #[test]
    fn any_bytes_give_a_table_or_an_error_never_a_panic() {
        // A deterministic stream of short files from a small alphabet of CSV's tricky parts.
        let parts: [&[u8]; 12] = [
            b",",
            b"\"",
            b"\n",
            b"\r\n",
            b"1",
            b"-2.5e3",
            b"NaN",
            b"a",
            b" ",
            b"\xff",
            b"\xef\xbb\xbf",
            b"label",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            let mut file = Vec::new();
            for _ in 0..(state % 60) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                file.extend_from_slice(parts[(state % parts.len() as u64) as usize]);
            }
            if let Ok(t) = read(&file) {
                assert_eq!(t.x.len(), t.rows() * t.features());
                assert!(t.y.iter().all(|&c| usize::from(c) < t.classes()));
            }
        }
    }
}
