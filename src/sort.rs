//! A stable sort that is small in code, for the short lists the request
//! parsers sort (font weights and tiers, gradient direction words, a
//! style's declarations) and the deflate writer's symbol frequencies (at
//! most 288, a few times per 16,384-token block). `slice::sort*` is a
//! driftsort or an ipnsort instantiated per element type and order: 3 to
//! 9 KB of worker wasm each, ~50 KB for these seven sites. This one is
//! ~0.3 KB per site, stable, and O(n log n) (insertion-sorted runs of 16,
//! then merges), so a hostile list (a style object of 20,000 keys) stays
//! fast. Not for per-pixel or per-byte loops.

/// Sorts `v` stably by `less` (a strict "comes before").
pub fn sort_by<T: Copy>(v: &mut [T], less: impl Fn(&T, &T) -> bool) {
    run(v, &less);
}

/// Sorts `v` stably by the key `key` gives.
pub fn sort_by_key<T: Copy, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    run(v, &|a: &T, b: &T| key(a) < key(b));
}

/// Sorts `v` stably by `less`, for elements that are not `Copy`: through
/// a permutation of indices.
pub fn sort_vec_by<T>(v: &mut Vec<T>, less: impl Fn(&T, &T) -> bool) {
    let mut order: Vec<usize> = (0..v.len()).collect();
    run(&mut order, &|&a: &usize, &b: &usize| less(&v[a], &v[b]));
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

const RUN: usize = 16;

#[inline(never)]
fn run<T: Copy>(v: &mut [T], less: &dyn Fn(&T, &T) -> bool) {
    for chunk in v.chunks_mut(RUN) {
        for i in 1..chunk.len() {
            let mut j = i;
            while j > 0 && less(&chunk[j], &chunk[j - 1]) {
                chunk.swap(j, j - 1);
                j -= 1;
            }
        }
    }
    if v.len() <= RUN {
        return;
    }
    let mut buf = v.to_vec();
    let mut width = RUN;
    // Whether the sorted runs are in `buf` (else in `v`).
    let mut in_buf = false;
    while width < v.len() {
        let (src, dst): (&[T], &mut [T]) = if in_buf {
            (&buf, &mut *v)
        } else {
            (&*v, &mut buf)
        };
        // (Borrowck: `src` and `dst` are the two distinct buffers.)
        merge_pass(src, dst, width, less);
        in_buf = !in_buf;
        width *= 2;
    }
    if in_buf {
        v.copy_from_slice(&buf);
    }
}

/// Merges each pair of adjacent `width`-long runs of `src` into `dst`.
fn merge_pass<T: Copy>(src: &[T], dst: &mut [T], width: usize, less: &dyn Fn(&T, &T) -> bool) {
    let n = src.len();
    let mut start = 0;
    while start < n {
        let mid = (start + width).min(n);
        let end = (start + 2 * width).min(n);
        let (mut i, mut j) = (start, mid);
        for out in &mut dst[start..end] {
            // Take from the right run only when strictly before: stable.
            if j < end && (i >= mid || less(&src[j], &src[i])) {
                *out = src[j];
                j += 1;
            } else {
                *out = src[i];
                i += 1;
            }
        }
        start = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_std_stable_sort() {
        let mut seed = 12345u32;
        for len in (0..80).chain([100, 257, 1000, 5000]) {
            for range in [3, 50, 1000] {
                let v: Vec<(u32, usize)> = (0..len)
                    .map(|i| {
                        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                        ((seed >> 16) % range, i)
                    })
                    .collect();
                let mut want = v.clone();
                want.sort_by_key(|p| p.0);
                let mut got = v.clone();
                sort_by_key(&mut got, |p| p.0);
                assert_eq!(got, want, "{len} {range}");
                let mut got = v.clone();
                sort_by(&mut got, |a, b| a.0 > b.0);
                let mut want = v.clone();
                want.sort_by_key(|p| std::cmp::Reverse(p.0));
                assert_eq!(got, want, "{len} {range} descending");
                let mut strings: Vec<String> =
                    v.iter().map(|p| format!("{}:{}", p.0, p.1 % 3)).collect();
                let mut want: Vec<String> = strings.clone();
                want.sort_by_key(String::len);
                sort_vec_by(&mut strings, |a, b| a.len() < b.len());
                assert_eq!(strings, want);
            }
        }
    }
}
