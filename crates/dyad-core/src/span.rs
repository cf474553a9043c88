use serde::{Deserialize, Serialize};

/// A half-open byte range into a document's text. Internally dyad works in bytes (cheap slicing);
/// the output contract speaks characters, which [`CharIndex`] converts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    /// The text this span covers. Panics if the span is not on char boundaries of `text`.
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// Maps byte offsets of one text to character (Unicode scalar value) offsets, as the contract requires.
/// Built once per document; each lookup is a binary search over the non-ASCII positions only.
pub struct CharIndex {
    /// Byte offsets at which a multi-byte character starts, with the bytes it saves over one char each.
    multibyte: Vec<(usize, usize)>,
}

impl CharIndex {
    pub fn new(text: &str) -> Self {
        let mut multibyte = Vec::new();
        let mut extra = 0;
        for (i, c) in text.char_indices() {
            let n = c.len_utf8();
            if n > 1 {
                extra += n - 1;
                multibyte.push((i, extra));
            }
        }
        CharIndex { multibyte }
    }

    /// Character offset of byte offset `byte` (which must lie on a char boundary).
    pub fn char_offset(&self, byte: usize) -> usize {
        // Count the extra bytes of all multi-byte chars that start before `byte`.
        let k = self.multibyte.partition_point(|&(at, _)| at < byte);
        if k == 0 {
            byte
        } else {
            byte - self.multibyte[k - 1].1
        }
    }

    pub fn chars(&self, span: Span) -> (usize, usize) {
        (self.char_offset(span.start), self.char_offset(span.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_skip_multibyte_bytes() {
        let text = "a“bé”c";
        let idx = CharIndex::new(text);
        for (ci, (bi, _)) in text.char_indices().enumerate() {
            assert_eq!(idx.char_offset(bi), ci);
        }
        assert_eq!(idx.char_offset(text.len()), text.chars().count());
    }

    #[test]
    fn span_helpers() {
        let a = Span::new(2, 5);
        assert!(a.contains(Span::new(3, 5)));
        assert!(a.overlaps(Span::new(4, 9)));
        assert!(!a.overlaps(Span::new(5, 9)));
        assert_eq!(a.cover(Span::new(7, 9)), Span::new(2, 9));
        assert_eq!(Span::new(0, 5).slice("hello world"), "hello");
    }
}
