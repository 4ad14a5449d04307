//! Canonical forms as digests: a validated spec's `serde` serialization,
//! written in a compact binary encoding straight into SHA-256, with the
//! build id and the route name before it. The ETag is the digest's first 8
//! bytes, the edge-cache key holds all of it.
//!
//! The encoding is serde's data model as JSON writes it, without the
//! text: what `serde_json` would write alike is encoded alike (a unit, a
//! `None` and a non-finite float are all null; integers of every width are
//! one kind, and so are `f32` and `f64`, a `char` and a string, tuples and
//! sequences, maps and structs; an enum variant is its name, as in JSON),
//! and what it would write differently is encoded differently: every value
//! is tagged and every string has its length, so no two sequences of
//! values share an encoding. The one deliberate merge: `-0.0` is `0.0`.
//!
//! Before this, the canonical form was the spec as `serde_json` text,
//! hashed twice (FNV for the ETag, SHA-256 for the cache key). JSON's
//! serializer, monomorphised for every field of every spec type (the
//! scenes' taffy styles above all), was 36 KB raw of worker wasm; each
//! method here is `#[inline(never)]`, so a field costs a call.

use serde::ser::{self, Serialize};
use sha2::{Digest, Sha256};

/// The SHA-256 of the canonical form of `spec`, a request to route `route`
/// under build `build`. Fails only if a `Serialize` impl fails.
pub fn digest<T: Serialize + ?Sized>(build: &str, route: &str, spec: &T) -> Result<[u8; 32]> {
    let mut c = Canon(Sha256::new());
    c.str(build);
    c.str(route);
    spec.serialize(&mut c)?;
    Ok(c.0.finalize().into())
}

/// A `Serialize` impl refused to serialize (none of ours does).
#[derive(Debug)]
pub struct Unserializable;

impl std::fmt::Display for Unserializable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a canonical form could not be serialized")
    }
}

impl std::error::Error for Unserializable {}

impl ser::Error for Unserializable {
    fn custom<M: std::fmt::Display>(_: M) -> Self {
        Unserializable
    }
}

/// The tags of the encoding.
mod tag {
    pub const NULL: u8 = 0;
    pub const FALSE: u8 = 1;
    pub const TRUE: u8 = 2;
    /// An integer ≥ 0 that fits a `u64`, then its 8 bytes (LE).
    pub const UINT: u8 = 3;
    /// An integer < 0 that fits an `i64`, then its 8 bytes (LE).
    pub const NEG: u8 = 4;
    /// Any other integer, then its 16 bytes (LE, as an `i128`, or a
    /// `u128` above `i128::MAX`).
    pub const WIDE: u8 = 5;
    /// A float, then its 8 bytes as an `f64` (LE).
    pub const FLOAT: u8 = 6;
    /// A string, then its length (8 bytes LE) and its UTF-8.
    pub const STR: u8 = 7;
    pub const SEQ: u8 = 8;
    pub const SEQ_END: u8 = 9;
    pub const MAP: u8 = 10;
    pub const MAP_END: u8 = 11;
}

/// The serializer: everything goes into the hasher.
struct Canon(Sha256);

impl Canon {
    #[inline(never)]
    fn tag(&mut self, tag: u8) {
        self.0.update([tag]);
    }

    #[inline(never)]
    fn word(&mut self, tag: u8, bytes: [u8; 8]) {
        self.0.update([tag]);
        self.0.update(bytes);
    }

    #[inline(never)]
    fn str(&mut self, s: &str) {
        self.word(tag::STR, (s.len() as u64).to_le_bytes());
        self.0.update(s.as_bytes());
    }

    #[inline(never)]
    fn int(&mut self, v: i128) {
        if let Ok(u) = u64::try_from(v) {
            self.word(tag::UINT, u.to_le_bytes());
        } else if let Ok(i) = i64::try_from(v) {
            self.word(tag::NEG, i.to_le_bytes());
        } else {
            self.tag(tag::WIDE);
            self.0.update(v.to_le_bytes());
        }
    }

    #[inline(never)]
    fn float(&mut self, v: f64) {
        if v.is_finite() {
            // -0.0 + 0.0 is 0.0.
            self.word(tag::FLOAT, (v + 0.0).to_bits().to_le_bytes());
        } else {
            self.tag(tag::NULL);
        }
    }

    /// A one-entry map: `{variant: …}`, as JSON writes enum variants that
    /// hold data.
    #[inline(never)]
    fn variant(&mut self, variant: &str) {
        self.tag(tag::MAP);
        self.str(variant);
    }
}

type Result<T = ()> = std::result::Result<T, Unserializable>;

impl ser::Serializer for &mut Canon {
    type Ok = ();
    type Error = Unserializable;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    #[inline(never)]
    fn serialize_bool(self, v: bool) -> Result {
        self.tag(if v { tag::TRUE } else { tag::FALSE });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result {
        self.serialize_i64(v.into())
    }
    #[inline(never)]
    fn serialize_i64(self, v: i64) -> Result {
        self.int(v.into());
        Ok(())
    }
    #[inline(never)]
    fn serialize_i128(self, v: i128) -> Result {
        self.int(v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result {
        self.serialize_u64(v.into())
    }
    #[inline(never)]
    fn serialize_u64(self, v: u64) -> Result {
        self.int(v.into());
        Ok(())
    }
    #[inline(never)]
    fn serialize_u128(self, v: u128) -> Result {
        match i128::try_from(v) {
            Ok(v) => self.int(v),
            Err(_) => {
                self.tag(tag::WIDE);
                self.0.update(v.to_le_bytes());
            }
        }
        Ok(())
    }
    #[inline(never)]
    fn serialize_f32(self, v: f32) -> Result {
        self.float(v.into());
        Ok(())
    }
    #[inline(never)]
    fn serialize_f64(self, v: f64) -> Result {
        self.float(v);
        Ok(())
    }
    #[inline(never)]
    fn serialize_char(self, v: char) -> Result {
        self.str(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    #[inline(never)]
    fn serialize_str(self, v: &str) -> Result {
        self.str(v);
        Ok(())
    }
    #[inline(never)]
    fn serialize_bytes(self, v: &[u8]) -> Result {
        // JSON writes bytes as an array of numbers.
        self.tag(tag::SEQ);
        for &b in v {
            self.int(b.into());
        }
        self.tag(tag::SEQ_END);
        Ok(())
    }
    #[inline(never)]
    fn serialize_none(self) -> Result {
        self.tag(tag::NULL);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }
    #[inline(never)]
    fn serialize_unit(self) -> Result {
        self.tag(tag::NULL);
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result {
        self.variant(variant);
        value.serialize(&mut *self)?;
        self.tag(tag::MAP_END);
        Ok(())
    }
    #[inline(never)]
    fn serialize_seq(self, _: Option<usize>) -> Result<Self> {
        self.tag(tag::SEQ);
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self> {
        self.serialize_seq(None)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self> {
        self.serialize_seq(None)
    }
    #[inline(never)]
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self> {
        self.variant(variant);
        self.tag(tag::SEQ);
        Ok(self)
    }
    #[inline(never)]
    fn serialize_map(self, _: Option<usize>) -> Result<Self> {
        self.tag(tag::MAP);
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self> {
        self.serialize_map(None)
    }
    #[inline(never)]
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self> {
        self.variant(variant);
        self.tag(tag::MAP);
        Ok(self)
    }
}

impl ser::SerializeSeq for &mut Canon {
    type Ok = ();
    type Error = Unserializable;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(&mut **self)
    }
    #[inline(never)]
    fn end(self) -> Result {
        self.tag(tag::SEQ_END);
        Ok(())
    }
}

impl ser::SerializeTuple for &mut Canon {
    type Ok = ();
    type Error = Unserializable;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for &mut Canon {
    type Ok = ();
    type Error = Unserializable;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleVariant for &mut Canon {
    type Ok = ();
    type Error = Unserializable;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(&mut **self)
    }
    #[inline(never)]
    fn end(self) -> Result {
        self.tag(tag::SEQ_END);
        self.tag(tag::MAP_END);
        Ok(())
    }
}

impl ser::SerializeMap for &mut Canon {
    type Ok = ();
    type Error = Unserializable;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(&mut **self)
    }
    #[inline(never)]
    fn end(self) -> Result {
        self.tag(tag::MAP_END);
        Ok(())
    }
}

impl ser::SerializeStruct for &mut Canon {
    type Ok = ();
    type Error = Unserializable;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.str(key);
        value.serialize(&mut **self)
    }
    fn end(self) -> Result {
        ser::SerializeMap::end(self)
    }
}

impl ser::SerializeStructVariant for &mut Canon {
    type Ok = ();
    type Error = Unserializable;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.str(key);
        value.serialize(&mut **self)
    }
    #[inline(never)]
    fn end(self) -> Result {
        self.tag(tag::MAP_END);
        self.tag(tag::MAP_END);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct S<'a> {
        a: Option<f32>,
        b: Vec<&'a str>,
        c: E,
    }

    #[derive(serde::Serialize)]
    enum E {
        Unit,
        New(u8),
        Tuple(i8, i64),
        Struct { x: f64 },
    }

    fn d<T: Serialize>(v: &T) -> [u8; 32] {
        digest("build", "route", v).unwrap()
    }

    #[test]
    fn build_route_and_spec_are_all_in_it() {
        let a = digest("b1", "heart", &1u32).unwrap();
        assert_eq!(a, digest("b1", "heart", &1u32).unwrap());
        assert_ne!(a, digest("b2", "heart", &1u32).unwrap());
        assert_ne!(a, digest("b1", "text", &1u32).unwrap());
        assert_ne!(a, digest("b1", "heart", &2u32).unwrap());
        // Not the concatenation: lengths are in it.
        assert_ne!(
            digest("ab", "c", &()).unwrap(),
            digest("a", "bc", &()).unwrap()
        );
    }

    #[test]
    fn alike_as_json_is_alike_here() {
        // Integer widths, f32 and f64, char and str, unit and None.
        assert_eq!(d(&5u8), d(&5i64));
        assert_eq!(d(&5u64), d(&5u128));
        assert_eq!(d(&-5i8), d(&-5i128));
        assert_eq!(d(&0.5f32), d(&0.5f64));
        assert_eq!(d(&'x'), d(&"x"));
        assert_eq!(d(&()), d(&None::<u8>));
        assert_eq!(d(&f32::NAN), d(&()));
        assert_eq!(d(&Some(3u8)), d(&3u8));
        assert_eq!(d(&(1u8, 2u8)), d(&vec![1u8, 2]));
        // -0 is 0 (the one merge).
        assert_eq!(d(&-0.0f32), d(&0.0f32));
    }

    #[test]
    fn different_as_json_is_different_here() {
        let all = [
            d(&0u8),
            d(&1u8),
            d(&-1i8),
            d(&u128::MAX),
            d(&i128::MIN),
            d(&0.0f32),
            d(&1.0f32),
            d(&f32::MIN_POSITIVE),
            d(&""),
            d(&"0"),
            d(&true),
            d(&false),
            d(&()),
            d(&Vec::<u8>::new()),
            d(&vec![()]),
            d(&vec![vec![()]]),
            d(&(vec![()], ())),
            d(&E::Unit),
            d(&E::New(0)),
            d(&E::Tuple(0, 0)),
            d(&E::Struct { x: 0.0 }),
            d(&S {
                a: None,
                b: vec![],
                c: E::Unit,
            }),
            d(&S {
                a: Some(0.0),
                b: vec![],
                c: E::Unit,
            }),
            d(&S {
                a: None,
                b: vec![""],
                c: E::Unit,
            }),
            d(&S {
                a: None,
                b: vec!["", ""],
                c: E::Unit,
            }),
            d(&S {
                a: None,
                b: vec!["a", "b"],
                c: E::Unit,
            }),
            d(&S {
                a: None,
                b: vec!["ab"],
                c: E::Unit,
            }),
            d(&S {
                a: None,
                b: vec![],
                c: E::New(1),
            }),
        ];
        for (i, a) in all.iter().enumerate() {
            for (j, b) in all.iter().enumerate() {
                assert_eq!(i == j, a == b, "{i} {j}");
            }
        }
        // An enum's unit variant is its name, as in JSON.
        assert_eq!(d(&E::Unit), d(&"Unit"));
    }
}
