//! Finding a hash in the index's sorted hash column: a guess from the value, then a search
//! that widens from the guess.

/// The first position in sorted `v` whose value is at least `h`. Hashes are spread evenly, so
/// the position is guessed from the value and confirmed by a search that widens from the
/// guess: a couple of cache lines instead of twenty scattered reads.
pub(super) fn first_at_least(v: &[u64], h: u64) -> usize {
    let n = v.len();
    if n == 0 {
        return 0;
    }
    let guess = ((u128::from(h) * n as u128) >> 64) as usize;
    // Find lo <= answer <= hi with v[lo - 1] < h (or lo = 0) and v[hi] >= h (or hi = n).
    let (mut lo, mut hi);
    let mut step = 1;
    if v[guess] < h {
        lo = guess + 1;
        loop {
            let probe = guess + step;
            if probe >= n {
                hi = n;
                break;
            }
            if v[probe] >= h {
                hi = probe;
                break;
            }
            lo = probe + 1;
            step *= 2;
        }
    } else {
        hi = guess;
        loop {
            if step > guess {
                lo = 0;
                break;
            }
            let probe = guess - step;
            if v[probe] < h {
                lo = probe + 1;
                break;
            }
            hi = probe;
            step *= 2;
        }
    }
    lo + v[lo..hi].partition_point(|&x| x < h)
}

#[cfg(test)]
mod tests {
    use super::first_at_least;

    #[test]
    fn guessed_search_agrees_with_binary_search() {
        let mut x: u64 = 88172645463325252;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for n in [0usize, 1, 2, 3, 10, 1000] {
            let mut v: Vec<u64> = (0..n).map(|_| next()).collect();
            // Skewed values and duplicates too.
            v.extend((0..n / 2).map(|k| k as u64));
            v.extend([u64::MAX, u64::MAX, 0]);
            v.sort_unstable();
            let mut probes: Vec<u64> = v.clone();
            probes.extend((0..200).map(|_| next()));
            probes.extend([0, 1, u64::MAX - 1, u64::MAX]);
            for h in probes {
                assert_eq!(
                    first_at_least(&v, h),
                    v.partition_point(|&y| y < h),
                    "{n} {h}"
                );
            }
        }
    }
}
