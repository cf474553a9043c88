//! The little-endian binary format of dyad's model files: a magic tag and version checked at load,
//! then fixed-width numbers and length-prefixed strings.

use std::io::{self, Write};

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("not a {expected} model file (bad magic)")]
    BadMagic { expected: &'static str },
    #[error("{what} model file version {found}, this build reads version {supported}")]
    Version { what: &'static str, found: u32, supported: u32 },
    #[error("model file truncated or corrupt ({0})")]
    Corrupt(&'static str),
    #[error("cannot read model file {path}: {source}")]
    Io { path: String, source: io::Error },
}

/// Writes the pieces of a model file.
pub struct ModelWriter<W: Write> {
    out: W,
}

impl<W: Write> ModelWriter<W> {
    pub fn new(mut out: W, magic: &[u8; 8], version: u32) -> io::Result<Self> {
        out.write_all(magic)?;
        out.write_all(&version.to_le_bytes())?;
        Ok(ModelWriter { out })
    }
    pub fn u8(&mut self, v: u8) -> io::Result<()> {
        self.out.write_all(&[v])
    }
    pub fn u16(&mut self, v: u16) -> io::Result<()> {
        self.out.write_all(&v.to_le_bytes())
    }
    pub fn i16(&mut self, v: i16) -> io::Result<()> {
        self.out.write_all(&v.to_le_bytes())
    }
    pub fn u32(&mut self, v: u32) -> io::Result<()> {
        self.out.write_all(&v.to_le_bytes())
    }
    pub fn u64(&mut self, v: u64) -> io::Result<()> {
        self.out.write_all(&v.to_le_bytes())
    }
    pub fn f32(&mut self, v: f32) -> io::Result<()> {
        self.out.write_all(&v.to_le_bytes())
    }
    pub fn str(&mut self, s: &str) -> io::Result<()> {
        self.u32(s.len() as u32)?;
        self.out.write_all(s.as_bytes())
    }
    pub fn strs(&mut self, items: &[impl AsRef<str>]) -> io::Result<()> {
        self.u32(items.len() as u32)?;
        items.iter().try_for_each(|s| self.str(s.as_ref()))
    }
    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Reads the pieces of a model file from a byte slice (usually embedded with `include_bytes!`).
pub struct ModelReader<'a> {
    data: &'a [u8],
}

impl<'a> ModelReader<'a> {
    /// Checks the magic tag and version and positions the reader after them.
    pub fn new(data: &'a [u8], magic: &[u8; 8], version: u32, what: &'static str) -> Result<Self, ModelError> {
        if data.get(..8) != Some(magic.as_slice()) {
            return Err(ModelError::BadMagic { expected: what });
        }
        let mut r = ModelReader { data: &data[8..] };
        let found = r.u32()?;
        if found != version {
            return Err(ModelError::Version { what, found, supported: version });
        }
        Ok(r)
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        if self.data.len() < n {
            return Err(ModelError::Corrupt("unexpected end of data"));
        }
        let (head, rest) = self.data.split_at(n);
        self.data = rest;
        Ok(head)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        Ok(self.take(N)?.try_into().expect("take returns exactly N bytes"))
    }
    pub fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.take(1)?[0])
    }
    pub fn u16(&mut self) -> Result<u16, ModelError> {
        Ok(u16::from_le_bytes(self.array()?))
    }
    pub fn i16(&mut self) -> Result<i16, ModelError> {
        Ok(i16::from_le_bytes(self.array()?))
    }
    pub fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    pub fn u64(&mut self) -> Result<u64, ModelError> {
        Ok(u64::from_le_bytes(self.array()?))
    }
    pub fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_le_bytes(self.array()?))
    }
    pub fn str(&mut self) -> Result<&'a str, ModelError> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?).map_err(|_| ModelError::Corrupt("invalid UTF-8 in a string"))
    }
    pub fn strs(&mut self) -> Result<Vec<&'a str>, ModelError> {
        let n = self.u32()? as usize;
        (0..n).map(|_| self.str()).collect()
    }
    /// Fails unless every byte was consumed: trailing bytes mean the file and the reader disagree.
    pub fn finish(self) -> Result<(), ModelError> {
        if self.data.is_empty() {
            Ok(())
        } else {
            Err(ModelError::Corrupt("trailing bytes"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_header_checks() {
        let mut w = ModelWriter::new(Vec::new(), b"TESTMODL", 3).unwrap();
        w.u16(7).unwrap();
        w.i16(-5).unwrap();
        w.u64(u64::MAX - 1).unwrap();
        w.f32(0.25).unwrap();
        w.strs(&["NN", "VBZ"]).unwrap();
        let bytes = w.finish().unwrap();

        let mut r = ModelReader::new(&bytes, b"TESTMODL", 3, "test").unwrap();
        assert_eq!(r.u16().unwrap(), 7);
        assert_eq!(r.i16().unwrap(), -5);
        assert_eq!(r.u64().unwrap(), u64::MAX - 1);
        assert_eq!(r.f32().unwrap(), 0.25);
        assert_eq!(r.strs().unwrap(), ["NN", "VBZ"]);
        r.finish().unwrap();

        assert!(matches!(ModelReader::new(&bytes, b"OTHERMDL", 3, "x"), Err(ModelError::BadMagic { .. })));
        assert!(matches!(ModelReader::new(&bytes, b"TESTMODL", 4, "x"), Err(ModelError::Version { found: 3, .. })));
        assert!(matches!(ModelReader::new(&bytes[..10], b"TESTMODL", 3, "x"), Err(ModelError::Corrupt(_))));
    }
}
