//! Splitting a CAMEO actor code into the parts GDELT exports in separate columns.

/// CAMEO's domestic role codes (codebook chapter 3): they fill the type columns.
const ROLES: [&str; 26] = [
    "COP", "GOV", "INS", "JUD", "MIL", "OPP", "REB", "SEP", "SPY", "UAF", "AGR", "BUS", "CRM", "CVL", "DEV", "EDU",
    "ELI", "ENV", "HLH", "HRI", "LAB", "LEG", "MED", "REF", "MOD", "RAD",
];

/// CAMEO's generic international actor codes: types as well, and the prefix of known-group codes.
const INTERNATIONAL: [&str; 7] = ["IGO", "IMG", "INT", "MNC", "NGM", "NGO", "UIS"];

/// CAMEO's region codes: the country affiliation of an actor known only by region.
const REGIONS: [&str; 25] = [
    "AFR", "ASA", "BLK", "CRB", "CAU", "CFR", "CAS", "CEU", "EIN", "EAF", "EEU", "EUR", "LAM", "MEA", "MDT", "NAF",
    "NMR", "PGS", "SCN", "SAM", "SAS", "SEA", "SAF", "WAF", "WST",
];

/// The GDELT columns of one actor code: `CHNGOV` is country CHN, type GOV; `IGOUNO` is type IGO,
/// known group UNO; `IGOWSTNAT` is type IGO, region WST as country, known group NAT.
/// Ethnic and religious codes are left empty: dyad's actor coder does not assign them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ActorParts {
    pub country: String,
    pub known_group: String,
    pub types: Vec<String>,
}

impl ActorParts {
    pub fn of(code: &str) -> ActorParts {
        let mut parts = ActorParts::default();
        let chunks = code.as_bytes().chunks(3).filter_map(|c| std::str::from_utf8(c).ok()).filter(|c| c.len() == 3);
        for (i, chunk) in chunks.enumerate() {
            let is_role = ROLES.contains(&chunk) || INTERNATIONAL.contains(&chunk);
            if is_role {
                if parts.types.len() < 3 {
                    parts.types.push(chunk.to_owned());
                }
            } else if parts.country.is_empty() && (i == 0 || REGIONS.contains(&chunk)) {
                parts.country = chunk.to_owned();
            } else if parts.known_group.is_empty() {
                parts.known_group = chunk.to_owned();
            }
        }
        parts
    }

    pub fn type_code(&self, i: usize) -> &str {
        self.types.get(i).map_or("", String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_country_group_and_types() {
        let p = ActorParts::of("CHNGOV");
        assert_eq!((p.country.as_str(), p.known_group.as_str(), p.type_code(0)), ("CHN", "", "GOV"));
        let p = ActorParts::of("IGOUNO");
        assert_eq!((p.country.as_str(), p.known_group.as_str(), p.type_code(0)), ("", "UNO", "IGO"));
        let p = ActorParts::of("IGOWSTNAT");
        assert_eq!((p.country.as_str(), p.known_group.as_str(), p.type_code(0)), ("WST", "NAT", "IGO"));
        let p = ActorParts::of("USAMILREB");
        assert_eq!(p.types, ["MIL", "REB"]);
        assert_eq!(ActorParts::of(""), ActorParts::default());
    }
}
