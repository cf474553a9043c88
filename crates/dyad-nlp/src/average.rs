//! The average of several perceptron models of the same classes: trained with different shuffling seeds,
//! their averaged weights averaged once more make one model that errs less than each of them (parameter
//! averaging, as in bagging), and is as fast to use as one of them.
//!
//! The models are read through their file format ([`Model::write`], [`Model::read`]), so that this needs
//! nothing of the tables' layout.

use std::collections::BTreeMap;

use crate::model_io::{ModelError, ModelReader, ModelWriter};
use crate::perceptron::Model;

const MAGIC: &[u8; 8] = b"DYADAVGM";
const VERSION: u32 = 1;

/// The weights of a model as (feature, class) → weight, in the order of the features.
fn weights(model: &Model) -> Result<BTreeMap<(u64, u16), f32>, ModelError> {
    let mut w = ModelWriter::new(Vec::new(), MAGIC, VERSION).expect("writing to memory");
    model.write(&mut w).expect("writing to memory");
    let bytes = w.finish().expect("writing to memory");
    let mut r = ModelReader::new(&bytes, MAGIC, VERSION, "averaged")?;
    let _n_classes = r.u32()?;
    let scale = r.f32()?;
    let mut out = BTreeMap::new();
    for _ in 0..r.u32()? {
        let f = r.u64()?;
        for _ in 0..r.u16()? {
            let c = r.u16()?;
            out.insert((f, c), f32::from(r.i16()?) * scale);
        }
    }
    r.finish()?;
    Ok(out)
}

/// The weight-by-weight mean of `models` (a weight a model lacks counts as 0), without the features
/// whose weights are all smaller in magnitude than `min_weight` (a feature costs a table slot however
/// many weights it has, so whole features are dropped, and the small weights of the others kept). All
/// models must have the same number of classes.
pub fn average(models: &[&Model], min_weight: f32) -> Model {
    assert!(!models.is_empty(), "nothing to average");
    let n_classes = models[0].n_classes();
    assert!(models.iter().all(|m| m.n_classes() == n_classes), "models of different classes");
    let mut sums: BTreeMap<(u64, u16), f64> = BTreeMap::new();
    for m in models {
        for (key, w) in weights(m).expect("a model reads back what it wrote") {
            *sums.entry(key).or_default() += f64::from(w);
        }
    }
    let k = models.len() as f64;
    let mut row_max: BTreeMap<u64, f32> = BTreeMap::new();
    let means: Vec<((u64, u16), f32)> = sums.into_iter().map(|(key, s)| (key, (s / k) as f32)).collect();
    for &((f, _), w) in &means {
        let m = row_max.entry(f).or_default();
        *m = m.max(w.abs());
    }
    let means: Vec<((u64, u16), f32)> =
        means.into_iter().filter(|&((f, _), w)| w != 0.0 && row_max[&f] >= min_weight).collect();
    let max = means.iter().map(|&(_, w)| w.abs()).fold(0.0f32, f32::max);
    let scale = if max > 0.0 { max / f32::from(i16::MAX) } else { 1.0 };
    let quantized: Vec<((u64, u16), i16)> =
        means.into_iter().map(|(key, w)| (key, (w / scale).round() as i16)).filter(|&(_, q)| q != 0).collect();
    // Rows: the weights of one feature, in feature order (the map's order).
    let mut rows: Vec<(u64, Vec<(u16, i16)>)> = Vec::new();
    for ((f, c), q) in quantized {
        match rows.last_mut() {
            Some((last, row)) if *last == f => row.push((c, q)),
            _ => rows.push((f, vec![(c, q)])),
        }
    }
    let mut w = ModelWriter::new(Vec::new(), MAGIC, VERSION).expect("writing to memory");
    let write = |w: &mut ModelWriter<Vec<u8>>| -> std::io::Result<()> {
        w.u32(n_classes as u32)?;
        w.f32(scale)?;
        w.u32(rows.len() as u32)?;
        for (f, row) in &rows {
            w.u64(*f)?;
            w.u16(row.len() as u16)?;
            for &(c, q) in row {
                w.u16(c)?;
                w.i16(q)?;
            }
        }
        Ok(())
    };
    write(&mut w).expect("writing to memory");
    let bytes = w.finish().expect("writing to memory");
    let mut r = ModelReader::new(&bytes, MAGIC, VERSION, "averaged").expect("just written");
    let model = Model::read(&mut r).expect("just written");
    r.finish().expect("just written");
    model
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::perceptron::{feature, hash_str, Trainer};

    fn trained(n_classes: usize, updates: &[(u64, usize, usize)]) -> Model {
        let mut t = Trainer::new(n_classes);
        for &(f, truth, guess) in updates {
            t.update(&[f], truth, guess);
        }
        t.average(0.0)
    }

    /// The average's scores are the mean of the models' scores (up to quantization).
    #[test]
    fn scores_are_the_mean() {
        for n_classes in [3, 20] {
            let (a, b) = (feature(1, hash_str("a")), feature(1, hash_str("b")));
            let m1 = trained(n_classes, &[(a, 0, 1), (b, 2, 1)]);
            let m2 = trained(n_classes, &[(a, 1, 0), (a, 2, 0), (b, 2, 0)]);
            let avg = average(&[&m1, &m2], 0.0);
            for f in [a, b] {
                let (mut s1, mut s2, mut s) = (vec![0.0; n_classes], vec![0.0; n_classes], vec![0.0; n_classes]);
                m1.scores(&[f], &mut s1);
                m2.scores(&[f], &mut s2);
                avg.scores(&[f], &mut s);
                for c in 0..n_classes {
                    assert!((s[c] - (s1[c] + s2[c]) / 2.0).abs() < 1e-3, "{c}: {} {} {}", s[c], s1[c], s2[c]);
                }
            }
            // One model averaged scores as it does.
            let same = average(&[&m1], 0.0);
            for f in [a, b] {
                let (mut s1, mut s) = (vec![0.0; n_classes], vec![0.0; n_classes]);
                m1.scores(&[f], &mut s1);
                same.scores(&[f], &mut s);
                assert_eq!(s, s1);
            }
        }
    }
}
