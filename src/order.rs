//! Sorting by index: the one stable sort the core uses. Every `sort_by` closure compiles to its
//! own copy of the standard library's sort (several kilobytes of wasm each), so the core's
//! sorts all go through this function, which takes its comparison as a trait object.

use std::cmp::Ordering;

/// The indices `0..n` in the order `cmp` gives, equal ones in increasing index order (stable).
pub fn sorted_indices(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_by_the_comparison_and_keeps_ties_in_index_order() {
        let keys = [3, 1, 2, 1, 3, 0];
        assert_eq!(
            sorted_indices(6, &|a, b| keys[a].cmp(&keys[b])),
            [5, 1, 3, 2, 0, 4]
        );
        assert!(sorted_indices(0, &|a: usize, b: usize| a.cmp(&b)).is_empty());
    }
}
