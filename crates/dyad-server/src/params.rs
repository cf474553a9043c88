//! Query parameters: read strictly (an unknown or malformed parameter is a 400 that says which), then
//! checked and normalised (dates, actor and CAMEO codes, page bounds).

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use dyad_store::{Page, Range};
use serde::de::DeserializeOwned;

use crate::ApiError;

/// Rows a list returns when no `limit` is given, and the most it may ask for.
pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 500;
/// Deep paging walks SQLite through every skipped row; past this, narrow the filters instead.
pub const MAX_OFFSET: i64 = 100_000;

/// Query parameters of type `T`; a bad query string is a 400 with serde's word on what was wrong.
pub(crate) struct Params<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Params<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(t)) => Ok(Params(t)),
            Err(e) => Err(ApiError::bad_request(e.body_text())),
        }
    }
}

pub fn page(limit: Option<i64>, offset: Option<i64>) -> Result<Page, ApiError> {
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::bad_request(format!("limit must be between 1 and {MAX_LIMIT}, got {limit}")));
    }
    let offset = offset.unwrap_or(0);
    if !(0..=MAX_OFFSET).contains(&offset) {
        return Err(ApiError::bad_request(format!("offset must be between 0 and {MAX_OFFSET}, got {offset}")));
    }
    Ok(Page { limit, offset })
}

/// A date or date prefix: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, each part in range.
fn date(name: &str, value: &str) -> Result<String, ApiError> {
    let bad = || ApiError::bad_request(format!("{name} must be YYYY, YYYY-MM or YYYY-MM-DD, got {value:?}"));
    let parts: Vec<&str> = value.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    match parts[..] {
        [y] if digits(y, 4) => {}
        [y, m] if digits(y, 4) && digits(m, 2) && (1..=12).contains(&m.parse::<u32>().unwrap_or(0)) => {}
        [_, _, _] if chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok() && value.len() == 10 => {}
        _ => return Err(bad()),
    }
    Ok(value.to_owned())
}

pub fn range(from: Option<&str>, to: Option<&str>) -> Result<Range, ApiError> {
    let range = Range {
        from: from.filter(|s| !s.is_empty()).map(|s| date("from", s)).transpose()?,
        to: to.filter(|s| !s.is_empty()).map(|s| date("to", s)).transpose()?,
    };
    if let (Some(f), Some(t)) = (&range.from, &range.to) {
        // Compare at the shorter precision: from=2024-03-10, to=2024-03 is a valid (partial) month.
        let n = f.len().min(t.len());
        if f[..n] > t[..n] {
            return Err(ApiError::bad_request(format!("from ({f}) is after to ({t})")));
        }
    }
    Ok(range)
}

/// A CAMEO actor code or code prefix (`CHN`, `USAGOV`), upper-cased.
pub fn actor(name: &str, value: Option<&str>) -> Result<Option<String>, ApiError> {
    let Some(v) = value.filter(|s| !s.is_empty()) else { return Ok(None) };
    if v.len() > 32 || !v.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(ApiError::bad_request(format!(
            "{name} must be a CAMEO actor code such as CHN or USAGOV, got {v:?}"
        )));
    }
    Ok(Some(v.to_ascii_uppercase()))
}

/// A CAMEO event code or code prefix of `min..=4` digits.
pub fn cameo(name: &str, value: Option<&str>, min: usize, max: usize) -> Result<Option<String>, ApiError> {
    let Some(v) = value.filter(|s| !s.is_empty()) else { return Ok(None) };
    if !(min..=max).contains(&v.len()) || !v.bytes().all(|b| b.is_ascii_digit()) {
        let what = if min == max { format!("{min} digits") } else { format!("{min} to {max} digits") };
        return Err(ApiError::bad_request(format!("{name} must be a CAMEO code of {what}, got {v:?}")));
    }
    Ok(Some(v.to_owned()))
}

pub fn quad_class(value: Option<i64>) -> Result<Option<i64>, ApiError> {
    match value {
        Some(q) if !(1..=4).contains(&q) => Err(ApiError::bad_request(format!(
            "quad_class must be 1 (verbal cooperation) to 4 (material conflict), got {q}"
        ))),
        q => Ok(q),
    }
}

/// A free-text parameter that must be given and not blank.
pub fn required<'a>(name: &str, value: Option<&'a str>) -> Result<&'a str, ApiError> {
    value.map(str::trim).filter(|s| !s.is_empty()).ok_or_else(|| ApiError::bad_request(format!("{name} is required")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_accept_prefixes_and_reject_nonsense() {
        for ok in ["2024", "2024-03", "2024-03-19"] {
            assert!(date("from", ok).is_ok(), "{ok}");
        }
        for bad in ["24", "2024-13", "2024-02-30", "2024-3-1", "March", "2024-03-19T10:00"] {
            assert!(date("from", bad).is_err(), "{bad}");
        }
        assert!(range(Some("2024-03-10"), Some("2024-03")).is_ok());
        assert!(range(Some("2024-04"), Some("2024-03")).is_err());
    }

    #[test]
    fn pages_codes_and_classes_are_bounded() {
        assert!(page(Some(0), None).is_err());
        assert!(page(Some(MAX_LIMIT + 1), None).is_err());
        assert!(page(None, Some(-1)).is_err());
        assert_eq!(page(None, None).unwrap().limit, DEFAULT_LIMIT);
        assert_eq!(actor("actor", Some("chnGov")).unwrap().as_deref(), Some("CHNGOV"));
        assert!(actor("actor", Some("CHN;")).is_err());
        assert!(cameo("root", Some("1"), 2, 2).is_err());
        assert!(cameo("code", Some("0511"), 1, 4).is_ok());
        assert!(cameo("code", Some("05a"), 1, 4).is_err());
        assert!(quad_class(Some(5)).is_err());
        assert!(required("q", Some("  ")).is_err());
    }
}
