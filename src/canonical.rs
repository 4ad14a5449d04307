//! Canonical forms: a request's route name and validated spec, as the
//! spec's `serde` serialization in a compact binary encoding. The ETag is
//! its FNV-1a hash under the build id, the edge-cache key its SHA-256.
//!
//! The encoding is serde's data model with a tag before every value and a
//! length before every string, so no two sequences of values share an
//! encoding: two specs that serialize differently encode differently.
//! Floats are their bits (`f32` as 4 bytes, `f64` as 8), integers of every
//! width one 8-byte kind, unit enum variants their names and variants that
//! hold data a one-entry map, as JSON writes them.
//!
//! Before, the canonical form was the spec as `serde_json` text: its
//! serializer monomorphised for every field of every spec type (the
//! scenes' taffy styles above all) and every float through the shortest
//! decimal digits, on every request. Here each method is `#[inline(never)]`,
//! so a field costs a call, and a float is a copy of its bits.

use serde::ser::{self, Serialize};

/// The canonical form of a request to route `route` with `spec`. Fails
/// only if a `Serialize` impl fails (none of ours does).
pub fn encode<T: Serialize + ?Sized>(route: &str, spec: &T) -> Result<Vec<u8>> {
    let mut c = Canon(Vec::with_capacity(256));
    c.str(route);
    spec.serialize(&mut c)?;
    Ok(c.0)
}

/// A `Serialize` impl refused to serialize.
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
    /// Any other integer, then its 16 bytes (LE, as an `i128`, or a `u128`
    /// above `i128::MAX`).
    pub const WIDE: u8 = 5;
    /// An `f32`, then its bits (4 bytes LE).
    pub const F32: u8 = 6;
    /// An `f64`, then its bits (8 bytes LE).
    pub const F64: u8 = 7;
    /// A string, then its length (8 bytes LE) and its UTF-8.
    pub const STR: u8 = 8;
    pub const SEQ: u8 = 9;
    pub const SEQ_END: u8 = 10;
    pub const MAP: u8 = 11;
    pub const MAP_END: u8 = 12;
}

/// The serializer: everything goes into the buffer.
struct Canon(Vec<u8>);

impl Canon {
    #[inline(never)]
    fn tag(&mut self, tag: u8) {
        self.0.push(tag);
    }

    #[inline(never)]
    fn bytes(&mut self, tag: u8, bytes: &[u8]) {
        self.0.push(tag);
        self.0.extend_from_slice(bytes);
    }

    #[inline(never)]
    fn str(&mut self, s: &str) {
        self.bytes(tag::STR, &(s.len() as u64).to_le_bytes());
        self.0.extend_from_slice(s.as_bytes());
    }

    #[inline(never)]
    fn int(&mut self, v: i128) {
        if let Ok(u) = u64::try_from(v) {
            self.bytes(tag::UINT, &u.to_le_bytes());
        } else if let Ok(i) = i64::try_from(v) {
            self.bytes(tag::NEG, &i.to_le_bytes());
        } else {
            self.bytes(tag::WIDE, &v.to_le_bytes());
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
            Err(_) => self.bytes(tag::WIDE, &v.to_le_bytes()),
        }
        Ok(())
    }
    #[inline(never)]
    fn serialize_f32(self, v: f32) -> Result {
        self.bytes(tag::F32, &v.to_bits().to_le_bytes());
        Ok(())
    }
    #[inline(never)]
    fn serialize_f64(self, v: f64) -> Result {
        self.bytes(tag::F64, &v.to_bits().to_le_bytes());
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
        // As JSON writes bytes: an array of numbers.
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

    fn e<T: Serialize + ?Sized>(v: &T) -> Vec<u8> {
        encode("route", v).unwrap()
    }

    #[test]
    fn the_route_and_the_spec_are_both_in_it() {
        let a = encode("heart", &1u32).unwrap();
        assert_eq!(a, encode("heart", &1u32).unwrap());
        assert_ne!(a, encode("text", &1u32).unwrap());
        assert_ne!(a, encode("heart", &2u32).unwrap());
        // Not the concatenation: lengths are in it.
        assert_ne!(encode("ab", "c").unwrap(), encode("a", "bc").unwrap());
    }

    #[test]
    fn different_values_encode_differently() {
        let all = [
            e(&0u8),
            e(&1u8),
            e(&-1i8),
            e(&u128::MAX),
            e(&i128::MIN),
            e(&0.0f32),
            e(&-0.0f32),
            e(&1.0f32),
            e(&1.0f64),
            e(&f32::MIN_POSITIVE),
            e(&""),
            e(&"0"),
            e(&true),
            e(&false),
            e(&()),
            e(&Vec::<u8>::new()),
            e(&vec![()]),
            e(&vec![vec![()]]),
            e(&(vec![()], ())),
            e(&E::Unit),
            e(&E::New(0)),
            e(&E::Tuple(0, 0)),
            e(&E::Struct { x: 0.0 }),
            e(&S {
                a: None,
                b: vec![],
                c: E::Unit,
            }),
            e(&S {
                a: Some(0.0),
                b: vec![],
                c: E::Unit,
            }),
            e(&S {
                a: None,
                b: vec![""],
                c: E::Unit,
            }),
            e(&S {
                a: None,
                b: vec!["", ""],
                c: E::Unit,
            }),
            e(&S {
                a: None,
                b: vec!["a", "b"],
                c: E::Unit,
            }),
            e(&S {
                a: None,
                b: vec!["ab"],
                c: E::Unit,
            }),
            e(&S {
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
        // As in JSON: integer widths alike, a unit variant is its name.
        assert_eq!(e(&5u8), e(&5i64));
        assert_eq!(e(&E::Unit), e(&"Unit"));
    }
}
