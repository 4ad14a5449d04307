//! FNV-1a, 64 bit: the one hash of the project (ETags, and the build id in
//! `build.rs`, which includes this file). Stable across platforms; not for
//! anything an attacker must not collide.

/// FNV-1a, 64 bit, over the concatenation of `parts`.
pub fn fnv1a<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in part {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}
