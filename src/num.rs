//! Floats in messages and headers, printed exactly as `{}` prints them
//! (the shortest digits that read back as the same float, no exponent),
//! without core's float formatting: its Grisu and Dragon code is ~21 KB
//! of worker wasm, while `zmij`, which `serde_json` already uses to write
//! floats, finds the same shortest digits. One difference is mended: when
//! two shortest candidates are exactly as near, `zmij` takes the even one
//! and core the larger (3065919.25f32 is `3065919.3`). The tests compare
//! the two on a million floats.

use std::fmt;

/// An `f32` that prints as `{}` prints it.
#[derive(Clone, Copy, Debug)]
pub struct F32(pub f32);

/// An `f64` that prints as `{}` prints it.
#[derive(Clone, Copy, Debug)]
pub struct F64(pub f64);

impl fmt::Display for F32 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        plain(zmij::Buffer::new().format(self.0), f64::from(self.0), f)
    }
}

impl fmt::Display for F64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        plain(zmij::Buffer::new().format(self.0), self.0, f)
    }
}

/// Writes `zmij`'s output for `x` (`-1.5e-7`, `1e21`, `0.25`, `NaN`,
/// `inf`) as a plain decimal: `-0.00000015`, `1000000000000000000000`,
/// `0.25`.
#[inline(never)]
fn plain(s: &str, x: f64, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let b = s.as_bytes();
    let (sign, b) = match b.split_first() {
        Some((b'-', rest)) => ("-", rest),
        _ => ("", b),
    };
    f.write_str(sign)?;
    if !b.first().is_some_and(u8::is_ascii_digit) {
        // NaN, inf: as `{}` writes them.
        return f.write_str(&s[sign.len()..]);
    }
    // The significant digits (at most 17) and where the point goes: the
    // value is 0.DIGITS × 10^point.
    let (mut digits, mut n, mut point) = ([0u8; 20], 0usize, 0i32);
    let (mut seen_point, mut exp, mut exp_sign) = (false, 0i32, 1i32);
    let mut in_exp = false;
    for &c in b {
        match c {
            b'.' => seen_point = true,
            b'e' | b'E' => in_exp = true,
            b'-' if in_exp => exp_sign = -1,
            b'0'..=b'9' if in_exp => exp = exp * 10 + i32::from(c - b'0'),
            b'0'..=b'9' => {
                if n == 0 && c == b'0' {
                    // A leading zero: after the point it moves the point.
                    point -= i32::from(seen_point);
                } else {
                    digits[n] = c;
                    n += 1;
                    point += i32::from(!seen_point);
                }
            }
            _ => {}
        }
    }
    point += exp_sign * exp;
    while n > 0 && digits[n - 1] == b'0' {
        n -= 1;
    }
    if n == 0 {
        return f.write_str("0");
    }
    if tie(&digits[..n], point, x) {
        // Half way: core rounds up, zmij to even (never a 9: no carry).
        digits[n - 1] += 1;
    }
    let digits = std::str::from_utf8(&digits[..n]).unwrap_or("");
    let zeros = |f: &mut fmt::Formatter<'_>, k: i32| (0..k).try_for_each(|_| f.write_str("0"));
    let n = n as i32;
    if point <= 0 {
        f.write_str("0.")?;
        zeros(f, -point)?;
        f.write_str(digits)
    } else if point >= n {
        f.write_str(digits)?;
        zeros(f, point - n)
    } else {
        let (a, b) = digits.split_at(point as usize);
        f.write_str(a)?;
        f.write_str(".")?;
        f.write_str(b)
    }
}

/// Whether |`x`| is exactly half way between `0.DIGITS × 10^point` (whose
/// last digit is even) and the next number of as many digits: then core
/// prints the larger and zmij the even one.
fn tie(digits: &[u8], point: i32, x: f64) -> bool {
    if digits.last().is_none_or(|d| (d - b'0') % 2 == 1) {
        return false;
    }
    // The midpoint is N × 10^q, N = DIGITS·10 + 5 (at most 18 digits).
    let n = digits
        .iter()
        .fold(0u128, |n, &d| n * 10 + u128::from(d - b'0'))
        * 10
        + 5;
    let q = point - digits.len() as i32 - 1;
    // |x| = m × 2^e with m odd.
    let bits = x.abs().to_bits();
    let (frac, exp) = (bits & ((1 << 52) - 1), (bits >> 52) as i32);
    let (mut m, mut e) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | 1 << 52, exp - 1075)
    };
    if m == 0 {
        return false;
    }
    let t = m.trailing_zeros();
    m >>= t;
    e += t as i32;
    // m·2^e = N·2^q·5^q, N odd: the powers of two must agree, and
    // m = N·5^q (q ≥ 0) or m·5^-q = N (q < 0); 5^26 > N, 5^23 > m.
    if e != q || !(-26..23).contains(&q) {
        return false;
    }
    let five = 5u128.pow(q.unsigned_abs());
    if q >= 0 {
        u128::from(m) == n * five
    } else {
        u128::from(m) * five == n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check32(x: f32) {
        assert_eq!(F32(x).to_string(), format!("{x}"), "{:#x}", x.to_bits());
    }

    fn check64(x: f64) {
        assert_eq!(F64(x).to_string(), format!("{x}"), "{:#x}", x.to_bits());
    }

    #[test]
    fn as_display_prints_them() {
        for x in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            1.25,
            3.0,
            6.0,
            512.0,
            16384.0,
            256.0,
            1000.0,
            0.1,
            0.2,
            0.3,
            1.1,
            33.333332,
            1e-7,
            1.5e-7,
            1e21,
            1e22,
            123456790.0,
            1e38,
            f32::MAX,
            f32::MIN,
            f32::MIN_POSITIVE,
            f32::EPSILON,
            1e-45,
            f32::NAN,
            f32::INFINITY,
            f32::NEG_INFINITY,
        ] {
            check32(x);
            check64(f64::from(x));
        }
        for x in [
            0.1,
            1e300,
            1e-300,
            5e-324,
            f64::MAX,
            123.456,
            1e15,
            1e16,
            2.5e-5,
        ] {
            check64(x);
        }
        // Random bit patterns, and random short decimals.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for (bits, want) in [(0x4a3b_20fd_u32, "3065919.3"), (0x4884_bae4, "271831.13")] {
            let x = f32::from_bits(bits); // 3065919.25 and 271831.125: ties
            assert_eq!(F32(x).to_string(), want);
        }
        for _ in 0..500_000 {
            let r = next();
            check32(f32::from_bits(r as u32));
            check64(f64::from_bits(r));
            let d = (r % 100_000) as f64 / [1.0, 10.0, 100.0, 1000.0][(r >> 40) as usize % 4];
            check32(d as f32);
            check64(d);
        }
    }
}
