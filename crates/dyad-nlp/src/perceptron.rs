//! A multi-class averaged perceptron over hashed sparse features: the learner behind the tagger and the
//! parser, reusable by any stage that classifies with sparse binary features.
//!
//! Usage:
//! - Describe an instance by a list of feature ids: each a 64-bit hash of a template id and its values,
//!   built with [`hash_str`] and [`feature`] (`feature(TEMPLATE_SUFFIX3, hash_str("ing"))`). No feature
//!   table is needed: ids are stable across runs and processes.
//! - Train with a [`Trainer`]: for each instance call [`Trainer::scores`] (current weights), pick a guess,
//!   call [`Trainer::update`] with the truth and the guess; [`Trainer::average`] yields the averaged,
//!   pruned [`Model`] (call it at the end, or after each epoch to evaluate on dev data).
//! - Predict with [`Model::scores`] and [`Model::best`]; store with [`Model::write`] / [`Model::read`]
//!   (weights quantized to `i16`, entries with tiny weights dropped).
//!
//! Weights are stored sparsely per feature: a feature only has weights for the classes it was ever
//! updated for, which keeps training memory and model size proportional to what was learned.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{self, Write};

use crate::model_io::{ModelError, ModelReader, ModelWriter};

/// Hashes a feature value (a word, a suffix, a tag name). FNV-1a, then a finalizer that spreads the bits.
pub fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in s.as_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    finalize(h)
}

/// Combines a template id (or an earlier combination) with one more value into a feature id.
pub fn feature(template: u64, value: u64) -> u64 {
    finalize(template.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ value.rotate_left(29) ^ 0x2545_f491_4f6c_dd1d)
}

/// A feature id from a template id and a few values: a quarter of the instructions of nesting
/// `feature`, which runs the full finalizer for every value. Multiplying by an odd constant is a
/// bijection, so for a given template and leading values different last values never collide; the last
/// step folds the well-mixed high half of the product into the low bits, which index the hash tables.
#[inline(always)]
pub fn feature_of<const N: usize>(template: u64, values: [u64; N]) -> u64 {
    let mut h = template.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x2545_f491_4f6c_dd1d;
    for v in values {
        h = h.wrapping_add(v).wrapping_mul(0xff51_afd7_ed55_8ccd);
    }
    h ^ (h >> 32)
}

/// The splitmix64 finalizer: every input bit affects every output bit.
fn finalize(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Feature ids are already well-mixed hashes, so hash maps keyed by them use them as they are.
#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

pub type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// A deterministic pseudo-random generator (splitmix64) for shuffling training data reproducibly.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        finalize(self.0)
    }
    /// Fisher-Yates shuffle.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

#[derive(Clone, Copy)]
struct Cell {
    class: u16,
    weight: f32,
    /// Sum of the weight over all steps up to `stamp`, for averaging.
    total: f64,
    stamp: u32,
}

/// The trainable perceptron. Averaging uses the lazy "timestamp" trick: a weight's running total is
/// only brought up to date when the weight changes.
pub struct Trainer {
    n_classes: usize,
    weights: IdMap<Vec<Cell>>,
    step: u32,
}

impl Trainer {
    pub fn new(n_classes: usize) -> Self {
        assert!(n_classes <= usize::from(u16::MAX), "too many classes");
        Trainer { n_classes, weights: IdMap::default(), step: 0 }
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Adds the current (not averaged) weights of `feats` to `scores` (one slot per class).
    pub fn scores(&self, feats: &[u64], scores: &mut [f32]) {
        for f in feats {
            if let Some(cells) = self.weights.get(f) {
                for c in cells {
                    scores[usize::from(c.class)] += c.weight;
                }
            }
        }
    }

    /// Ends one training instance: rewards `truth` and penalizes `guess` when they differ.
    pub fn update(&mut self, feats: &[u64], truth: usize, guess: usize) {
        self.step += 1;
        if truth == guess {
            return;
        }
        let step = self.step;
        for &f in feats {
            let cells = self.weights.entry(f).or_default();
            for (class, delta) in [(truth, 1.0f32), (guess, -1.0)] {
                let class = class as u16;
                let cell = match cells.iter_mut().position(|c| c.class == class) {
                    Some(i) => &mut cells[i],
                    None => {
                        cells.push(Cell { class, weight: 0.0, total: 0.0, stamp: step });
                        cells.last_mut().expect("just pushed")
                    }
                };
                cell.total += f64::from(step - cell.stamp) * f64::from(cell.weight);
                cell.stamp = step;
                cell.weight += delta;
            }
        }
    }

    /// The averaged weights, without entries whose magnitude is below `min_weight`.
    pub fn average(&self, min_weight: f32) -> Model {
        let step = f64::from(self.step.max(1));
        let mut rows: Vec<(u64, Vec<(u16, f32)>)> = self
            .weights
            .iter()
            .filter_map(|(&f, cells)| {
                let row: Vec<(u16, f32)> = cells
                    .iter()
                    .map(|c| {
                        let total = c.total + f64::from(self.step - c.stamp) * f64::from(c.weight);
                        (c.class, (total / step) as f32)
                    })
                    .filter(|&(_, w)| w.abs() >= min_weight)
                    .collect();
                (!row.is_empty()).then_some((f, row))
            })
            .collect();
        rows.sort_unstable_by_key(|&(f, _)| f);
        Model::from_rows(self.n_classes, rows)
    }
}

/// Models with at most this many classes keep their weights inside the hash table's slots.
const INLINE: usize = 12;

/// One slot of the open-addressing table of a model with few classes: key and quantized weights in 32
/// aligned bytes, inside one cache line, so a feature costs one memory access. Key 0 marks an empty slot.
#[derive(Clone, Copy, Default)]
#[repr(C, align(32))]
struct Slot {
    key: u64,
    weights: [i16; INLINE],
}

/// Sparse models with at most this many classes (a power of two) add up their weights as integers.
const SPARSE_SUMS: usize = 256;

/// The long rows of a sparse model read from a file, stored whole: adding a whole row with vector
/// instructions is cheaper than adding its entries one by one once a row has more than about a third of
/// the classes (the tagger's frequent features have most of its 108 tags). A slot whose `end` is
/// [`DENSE_ROW`] has its weights at `weights[start * stride..][..stride]`.
struct DenseRows {
    /// The number of classes rounded up to a multiple of 8 (one vector of `i16`).
    stride: usize,
    weights: Vec<i16>,
    /// Each row's classes in the order the file listed them, so that the model writes back the bytes it
    /// was read from; scoring never reads it.
    file_order: Vec<Box<[u16]>>,
}

const DENSE_ROW: u32 = u32::MAX;

impl DenseRows {
    fn new(n_classes: usize) -> DenseRows {
        DenseRows { stride: n_classes.next_multiple_of(8), weights: Vec::new(), file_order: Vec::new() }
    }

    /// Whether a row of `n` entries is better stored whole. Only models whose sums fit the integer buffer
    /// of [`Model::scores`] have dense rows.
    fn worth(&self, n: usize) -> bool {
        self.stride <= SPARSE_SUMS && n * 3 >= self.stride
    }

    /// Stores a row; returns its index.
    fn push(&mut self, row: &[(u16, i16)]) -> u32 {
        let index = self.weights.len() / self.stride;
        self.weights.resize(self.weights.len() + self.stride, 0);
        let start = index * self.stride;
        for &(c, q) in row {
            self.weights[start + usize::from(c)] = q;
        }
        self.file_order.push(row.iter().map(|&(c, _)| c).collect());
        index as u32
    }

    fn row(&self, index: u32) -> &[i16] {
        &self.weights[index as usize * self.stride..][..self.stride]
    }
}

/// `sums[..row.len()] += row`, eight lanes at a time (`row.len()` is a multiple of 8).
#[inline]
fn add_dense(sums: &mut [i32; SPARSE_SUMS], row: &[i16]) {
    for (sum, lanes) in sums.chunks_exact_mut(8).zip(row.chunks_exact(8)) {
        let sum: &mut [i32; 8] = sum.try_into().expect("chunks of 8");
        let lanes: &[i16; 8] = lanes.try_into().expect("chunks of 8");
        add8(sum, lanes);
    }
}

#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn add8(sum: &mut [i32; 8], lanes: &[i16; 8]) {
    use std::arch::x86_64::*;
    // SAFETY: SSE2 is part of the x86-64 baseline; the loads and stores cover exactly the 16 bytes of
    // `lanes` and the 32 bytes of `sum`, unaligned accesses allowed. Lanes are widened to i32 as in
    // `RowSums::add`.
    unsafe {
        let w = _mm_loadu_si128(lanes.as_ptr().cast());
        let (lo, hi) = (_mm_srai_epi32::<16>(_mm_unpacklo_epi16(w, w)), _mm_srai_epi32::<16>(_mm_unpackhi_epi16(w, w)));
        let p = sum.as_mut_ptr().cast::<__m128i>();
        _mm_storeu_si128(p, _mm_add_epi32(_mm_loadu_si128(p), lo));
        _mm_storeu_si128(p.add(1), _mm_add_epi32(_mm_loadu_si128(p.add(1)), hi));
    }
}

#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn add8(sum: &mut [i32; 8], lanes: &[i16; 8]) {
    for (s, &w) in sum.iter_mut().zip(lanes) {
        *s += i32::from(w);
    }
}

/// A slot of the table of a model with many classes: the feature's weights are `entries[start..end]`.
#[derive(Clone, Copy, Default)]
struct RangeSlot {
    key: u64,
    start: u32,
    end: u32,
}

/// Both tables use linear probing over a power-of-two number of slots, at most half of them used.
enum Table {
    /// Few classes (`n_classes <= INLINE`); weights quantized to `i16` (times `scale`).
    Inline { mask: usize, slots: Vec<Slot>, scale: f32, len: usize },
    /// Many classes: each feature's non-zero weights, quantized to `i16` (times `scale`), as a range of
    /// `entries`: four bytes a weight, so that more of them stay in the cache.
    Sparse { mask: usize, slots: Vec<RangeSlot>, entries: Vec<(u16, i16)>, dense: DenseRows, scale: f32, len: usize },
}

/// Where `key` is, or would be inserted, in a linear-probing table.
#[inline]
fn probe(mask: usize, key: u64, key_at: impl Fn(usize) -> u64) -> usize {
    let mut i = key as usize & mask;
    loop {
        let k = key_at(i);
        if k == key || k == 0 {
            return i;
        }
        i = (i + 1) & mask;
    }
}

/// Loads every value of `values` and discards them. Looking up features one by one waits for one cache
/// miss after another (the tables are larger than the caches); loading all of their slots first, with
/// loads that do not depend on each other, lets the processor wait for all the misses at once: tagging
/// and parsing EWT dev went from 58k to 78k words per CPU-second (`dyad eval ud`, best of 5).
#[inline]
fn touch(values: impl Iterator<Item = u64>) {
    std::hint::black_box(values.fold(0u64, |acc, v| acc ^ v));
}

/// A table of `len` default items. The models' tables are megabytes read at random, so with 4 KB pages
/// nearly every lookup also misses the TLB; on Linux the kernel is asked to back the table with 2 MB
/// pages (transparent huge pages) before it is first written.
fn table<T: Clone + Default>(len: usize) -> Vec<T> {
    let mut v = Vec::with_capacity(len);
    #[cfg(target_os = "linux")]
    advise_huge_pages(v.as_ptr() as usize, len * std::mem::size_of::<T>());
    v.resize(len, T::default());
    v
}

#[cfg(target_os = "linux")]
fn advise_huge_pages(start: usize, len: usize) {
    const HUGE: usize = 2 << 20;
    let (begin, end) = (start.next_multiple_of(HUGE), (start + len) / HUGE * HUGE);
    if end > begin {
        // SAFETY: the range lies inside an allocation of ours, and MADV_HUGEPAGE changes no contents,
        // only the size of the pages the kernel backs the range with; failure leaves 4 KB pages.
        unsafe {
            libc::madvise(begin as *mut libc::c_void, end - begin, libc::MADV_HUGEPAGE);
        }
    }
}

/// The quantization step of `i16` weights whose largest magnitude is `max`.
fn quantization_scale(max: f32) -> f32 {
    if max > 0.0 {
        max / f32::from(i16::MAX)
    } else {
        1.0
    }
}

/// Averaged weights for prediction.
pub struct Model {
    n_classes: usize,
    table: Table,
}

impl Model {
    fn from_rows(n_classes: usize, rows: Vec<(u64, Vec<(u16, f32)>)>) -> Model {
        // Key 0 is the empty-slot marker; a feature hashing to it (odds 2^-64) is dropped.
        let rows: Vec<_> = rows.into_iter().filter(|(f, _)| *f != 0).collect();
        let size = (rows.len() * 2).next_power_of_two().max(16);
        let mask = size - 1;
        let max = rows.iter().flat_map(|(_, r)| r).map(|&(_, w)| w.abs()).fold(0.0f32, f32::max);
        let scale = quantization_scale(max);
        let table = if n_classes <= INLINE {
            let mut slots = table::<Slot>(size);
            for (f, row) in &rows {
                let i = probe(mask, *f, |i| slots[i].key);
                slots[i].key = *f;
                for &(c, w) in row {
                    slots[i].weights[usize::from(c)] = (w / scale).round() as i16;
                }
            }
            Table::Inline { mask, slots, scale, len: rows.len() }
        } else {
            let mut slots = table::<RangeSlot>(size);
            let mut entries = Vec::new();
            for (f, row) in &rows {
                let start = entries.len() as u32;
                entries.extend(row.iter().map(|&(c, w)| (c, (w / scale).round() as i16)).filter(|&(_, q)| q != 0));
                let i = probe(mask, *f, |i| slots[i].key);
                slots[i] = RangeSlot { key: *f, start, end: entries.len() as u32 };
            }
            // Rows built in training stay sparse, so that a trained model writes the same bytes as ever.
            Table::Sparse { mask, slots, entries, dense: DenseRows::new(n_classes), scale, len: rows.len() }
        };
        Model { n_classes, table }
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    pub fn n_features(&self) -> usize {
        match &self.table {
            Table::Inline { len, .. } | Table::Sparse { len, .. } => *len,
        }
    }

    /// Adds the weights of `feats` to `scores` (one slot per class).
    pub fn scores(&self, feats: &[u64], scores: &mut [f32]) {
        match &self.table {
            Table::Inline { mask, slots, scale, .. } => {
                touch(feats.iter().map(|&f| slots[f as usize & mask].key));
                // Integer sums are exact, so the order of features cannot change a prediction.
                let mut sums = RowSums::new();
                for &f in feats {
                    let slot = &slots[probe(*mask, f, |i| slots[i].key)];
                    if slot.key == f {
                        sums.add(&slot.weights);
                    }
                }
                for (s, sum) in scores.iter_mut().zip(sums.get()) {
                    *s += sum as f32 * scale;
                }
            }
            Table::Sparse { mask, slots, entries, dense, scale, .. } => {
                touch(feats.iter().map(|&f| slots[f as usize & mask].key));
                // Two more passes for the same reason: find the features' weight ranges and touch them,
                // then add them up.
                // Integer sums per class, as for the inline table; models with more classes than the
                // buffer holds add floats instead.
                let mut sums = [0i32; SPARSE_SUMS];
                let int_sums = self.n_classes <= SPARSE_SUMS;
                let mut ranges = [(0u32, 0u32); 64];
                for chunk in feats.chunks(ranges.len()) {
                    let mut n = 0;
                    for &f in chunk {
                        let slot = &slots[probe(*mask, f, |i| slots[i].key)];
                        if slot.key == f {
                            ranges[n] = (slot.start, slot.end);
                            n += 1;
                        }
                    }
                    touch(ranges[..n].iter().filter(|r| r.0 < r.1).map(|&(start, end)| {
                        if end == DENSE_ROW {
                            dense.row(start)[0] as u64
                        } else {
                            u64::from(entries[start as usize].0)
                        }
                    }));
                    for &(start, end) in &ranges[..n] {
                        if end == DENSE_ROW {
                            // Only models with integer sums have dense rows (`DenseRows::worth`).
                            add_dense(&mut sums, dense.row(start));
                            continue;
                        }
                        let row = &entries[start as usize..end as usize];
                        if int_sums {
                            for &(class, q) in row {
                                // The mask keeps the index in bounds without a check; classes are below
                                // `n_classes <= SPARSE_SUMS`, so it never changes it.
                                sums[usize::from(class) & (SPARSE_SUMS - 1)] += i32::from(q);
                            }
                        } else {
                            for &(class, q) in row {
                                scores[usize::from(class)] += f32::from(q) * scale;
                            }
                        }
                    }
                }
                if int_sums {
                    for (s, &sum) in scores.iter_mut().zip(&sums[..self.n_classes]) {
                        *s += sum as f32 * scale;
                    }
                }
            }
        }
    }

    /// The best-scoring class of `feats`.
    pub fn best(&self, feats: &[u64]) -> usize {
        let mut scores = vec![0.0; self.n_classes];
        self.scores(feats, &mut scores);
        argmax(&scores)
    }

    /// The model without the weights smaller in magnitude than `min_weight` (and features left with none).
    pub fn pruned(&self, min_weight: f32) -> Model {
        let rows = self
            .rows()
            .into_iter()
            .map(|(f, row)| (f, row.into_iter().filter(|&(_, w)| w.abs() >= min_weight).collect::<Vec<_>>()))
            .filter(|(_, row)| !row.is_empty())
            .collect();
        Model::from_rows(self.n_classes, rows)
    }

    /// Every feature with its non-zero weights, in feature id order.
    fn rows(&self) -> Vec<(u64, Vec<(u16, f32)>)> {
        let mut rows: Vec<(u64, Vec<(u16, f32)>)> = match &self.table {
            Table::Inline { slots, scale, .. } => slots
                .iter()
                .filter(|s| s.key != 0)
                .map(|s| {
                    let row = (0..self.n_classes)
                        .filter(|&c| s.weights[c] != 0)
                        .map(|c| (c as u16, f32::from(s.weights[c]) * scale));
                    (s.key, row.collect())
                })
                .collect(),
            Table::Sparse { slots, entries, dense, scale, .. } => slots
                .iter()
                .filter(|s| s.key != 0)
                .map(|s| {
                    let row: Vec<(u16, f32)> = if s.end == DENSE_ROW {
                        let weights = dense.row(s.start);
                        let classes = dense.file_order[s.start as usize].iter();
                        classes.map(|&c| (c, f32::from(weights[usize::from(c)]) * scale)).collect()
                    } else {
                        entries[s.start as usize..s.end as usize]
                            .iter()
                            .map(|&(c, q)| (c, f32::from(q) * scale))
                            .collect()
                    };
                    (s.key, row)
                })
                .collect(),
        };
        rows.sort_unstable_by_key(|&(f, _)| f);
        rows
    }

    /// Writes the model into a model file, weights quantized to `i16`; entries that quantize to zero are
    /// dropped. Features are written in id order so that the same model always gives the same bytes.
    pub fn write<W: Write>(&self, w: &mut ModelWriter<W>) -> io::Result<()> {
        let rows = self.rows();
        let max = rows.iter().flat_map(|(_, r)| r).map(|&(_, w)| w.abs()).fold(0.0f32, f32::max);
        let scale = quantization_scale(max);
        let rows: Vec<(u64, Vec<(u16, i16)>)> = rows
            .into_iter()
            .map(|(f, row)| {
                let row = row.into_iter().map(|(c, w)| (c, (w / scale).round() as i16)).filter(|&(_, q)| q != 0);
                (f, row.collect::<Vec<_>>())
            })
            .filter(|(_, row)| !row.is_empty())
            .collect();

        w.u32(self.n_classes as u32)?;
        w.f32(scale)?;
        w.u32(rows.len() as u32)?;
        for (f, row) in rows {
            w.u64(f)?;
            w.u16(row.len() as u16)?;
            for (c, q) in row {
                w.u16(c)?;
                w.i16(q)?;
            }
        }
        Ok(())
    }

    /// Reads a model written by [`Model::write`]. The quantized weights go straight into the table, with
    /// the file's scale: the same table as [`Model::from_rows`] would build (the largest weight of a
    /// written model is quantized to ±`i16::MAX`, so the scale is the same), without building the rows.
    pub fn read(r: &mut ModelReader) -> Result<Model, ModelError> {
        let n_classes = r.u32()? as usize;
        let scale = r.f32()?;
        let n_features = r.u32()? as usize;
        let size = (n_features * 2).next_power_of_two().max(16);
        let mask = size - 1;
        fn row(r: &mut ModelReader, n_classes: usize, mut add: impl FnMut(u16, i16)) -> Result<(), ModelError> {
            for _ in 0..r.u16()? {
                let c = r.u16()?;
                if usize::from(c) >= n_classes {
                    return Err(ModelError::Corrupt("class index out of range"));
                }
                add(c, r.i16()?);
            }
            Ok(())
        }
        let mut len = 0;
        let table = if n_classes <= INLINE {
            let mut slots = table::<Slot>(size);
            for _ in 0..n_features {
                let f = r.u64()?;
                if f == 0 {
                    row(r, n_classes, |_, _| {})?;
                    continue;
                }
                let i = probe(mask, f, |i| slots[i].key);
                if slots[i].key == 0 {
                    len += 1;
                }
                slots[i].key = f;
                let weights = &mut slots[i].weights;
                row(r, n_classes, |c, q| weights[usize::from(c)] = q)?;
            }
            Table::Inline { mask, slots, scale, len }
        } else {
            let mut slots = table::<RangeSlot>(size);
            let mut entries = Vec::new();
            let mut dense = DenseRows::new(n_classes);
            for _ in 0..n_features {
                let f = r.u64()?;
                let start = entries.len() as u32;
                row(r, n_classes, |c, q| entries.push((c, q)))?;
                if f == 0 {
                    entries.truncate(start as usize);
                    continue;
                }
                let i = probe(mask, f, |i| slots[i].key);
                if slots[i].key == 0 {
                    len += 1;
                }
                slots[i] = if dense.worth(entries.len() - start as usize) {
                    let index = dense.push(&entries[start as usize..]);
                    entries.truncate(start as usize);
                    RangeSlot { key: f, start: index, end: DENSE_ROW }
                } else {
                    RangeSlot { key: f, start, end: entries.len() as u32 }
                };
            }
            Table::Sparse { mask, slots, entries, dense, scale, len }
        };
        Ok(Model { n_classes, table })
    }
}

/// The running sums of the rows of an inline table, lane by lane. Written with SSE2 (every x86-64 has it),
/// because the compiler, left to itself, kept the twelve sums in scalar registers and repacked them into
/// vectors for every row: 110 instructions a feature, against 10.
struct RowSums {
    #[cfg(target_arch = "x86_64")]
    lanes: [std::arch::x86_64::__m128i; 3],
    #[cfg(not(target_arch = "x86_64"))]
    lanes: [i32; INLINE],
}

#[cfg(target_arch = "x86_64")]
impl RowSums {
    fn new() -> RowSums {
        // SAFETY (here and below): SSE2 is part of the x86-64 baseline, so these instructions exist on
        // every processor this code runs on.
        let zero = unsafe { std::arch::x86_64::_mm_setzero_si128() };
        RowSums { lanes: [zero; 3] }
    }

    #[inline(always)]
    fn add(&mut self, weights: &[i16; INLINE]) {
        use std::arch::x86_64::*;
        // The loads read 16 and 8 bytes inside `weights` (24 bytes); unaligned loads are allowed. Each i16
        // is widened to i32 by unpacking it into the high half of a lane and shifting it down.
        unsafe {
            let lo = _mm_loadu_si128(weights.as_ptr().cast());
            let hi = _mm_loadl_epi64(weights.as_ptr().add(8).cast());
            let [a, b, c] = &mut self.lanes;
            *a = _mm_add_epi32(*a, _mm_srai_epi32::<16>(_mm_unpacklo_epi16(lo, lo)));
            *b = _mm_add_epi32(*b, _mm_srai_epi32::<16>(_mm_unpackhi_epi16(lo, lo)));
            *c = _mm_add_epi32(*c, _mm_srai_epi32::<16>(_mm_unpacklo_epi16(hi, hi)));
        }
    }

    fn get(&self) -> [i32; INLINE] {
        // SAFETY: three 16-byte vectors are the 48 bytes of twelve i32, in lane order.
        unsafe { std::mem::transmute(self.lanes) }
    }
}

#[cfg(not(target_arch = "x86_64"))]
impl RowSums {
    fn new() -> RowSums {
        RowSums { lanes: [0; INLINE] }
    }

    #[inline(always)]
    fn add(&mut self, weights: &[i16; INLINE]) {
        for (s, &w) in self.lanes.iter_mut().zip(weights) {
            *s += i32::from(w);
        }
    }

    fn get(&self) -> [i32; INLINE] {
        self.lanes
    }
}

/// Index of the highest score (the first on ties, so predictions are deterministic).
pub fn argmax(scores: &[f32]) -> usize {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Classes each signalled by one feature, plus a shared noise feature: the perceptron must
    /// learn them, and the model must survive a write/read round trip.
    #[test]
    fn learns_separable_classes_and_round_trips() {
        // 3 classes use the inline table, 20 the sparse one.
        for n_classes in [3, 20] {
            learn_and_round_trip(n_classes);
        }
    }

    fn learn_and_round_trip(n_classes: usize) {
        let signal = |c: usize| feature(1, hash_str(&c.to_string()));
        let noise = feature(2, hash_str("noise"));
        let mut trainer = Trainer::new(n_classes);
        let mut rng = Rng::new(7);
        let mut data: Vec<usize> = (0..30).map(|i| i % n_classes).collect();
        for _ in 0..5 {
            rng.shuffle(&mut data);
            for &c in &data {
                let feats = [signal(c), noise];
                let mut scores = vec![0.0; n_classes];
                trainer.scores(&feats, &mut scores);
                trainer.update(&feats, c, argmax(&scores));
            }
        }
        let model = trainer.average(0.0);
        for c in 0..n_classes {
            assert_eq!(model.best(&[signal(c), noise]), c);
        }
        let mut w = ModelWriter::new(Vec::new(), b"TESTPCPT", 1).unwrap();
        model.write(&mut w).unwrap();
        let bytes = w.finish().unwrap();
        let mut r = ModelReader::new(&bytes, b"TESTPCPT", 1, "test").unwrap();
        let back = Model::read(&mut r).unwrap();
        r.finish().unwrap();
        assert_eq!(back.n_features(), model.n_features());
        for c in 0..n_classes {
            assert_eq!(back.best(&[signal(c), noise]), c);
        }
    }

    #[test]
    fn feature_ids_depend_on_template_and_value() {
        assert_ne!(feature(1, hash_str("a")), feature(2, hash_str("a")));
        assert_ne!(feature(1, hash_str("a")), feature(1, hash_str("b")));
        assert_eq!(feature(1, hash_str("a")), feature(1, hash_str("a")));
    }
}
