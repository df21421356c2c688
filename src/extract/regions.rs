//! The gazetteer the document field `region` is read with (guide §3):
//! provinces with their prefecture-level cities, the words that say at which
//! level an article's police report (全省, 全市, 全国公安机关 …), county-level
//! reporting bodies (某某县公安局), and named campaign series, all from
//! `regions.txt`. Every name rides along in the vocabulary's one scan.

use crate::extract::sections::Sections;
use std::sync::LazyLock;

const DATA: &str = include_str!("regions.txt");

const SECTIONS: &[&str] = &["provinces", "levels", "bodies", "campaigns"];

/// The level an article's police report at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Level {
    Province,
    City,
    County,
    National,
}

impl Level {
    fn parse(s: &str) -> Option<Level> {
        Some(match s {
            "province" => Level::Province,
            "city" => Level::City,
            "county" => Level::County,
            "national" => Level::National,
            _ => return None,
        })
    }
}

/// What a name of the gazetteer stands for.
#[derive(Clone, Debug)]
pub enum Name {
    /// A province (index into `provinces`).
    Province(usize),
    /// A prefecture-level city: full name and province index.
    City(String, usize),
    Level(Level),
    /// A county-level reporting body (县公安局) and the suffix of its name (县).
    Body(char),
    Campaign(String),
}

/// The gazetteer: every name with what it stands for.
pub struct Regions {
    /// Full official names of the provinces.
    pub provinces: Vec<String>,
    /// Every name of the table; the vocabulary's one scan finds them.
    pub words: Vec<String>,
    /// What each of `words` stands for.
    pub names: Vec<Name>,
}

/// The gazetteer, read once.
pub static REGIONS: LazyLock<Regions> = LazyLock::new(|| read(DATA).0);

/// Reads the gazetteer and lists the entries that did not parse.
fn read(data: &str) -> (Regions, Vec<String>) {
    let (sections, mut errors) = Sections::read("regions.txt", data, SECTIONS);
    let mut provinces = Vec::new();
    let mut entries: Vec<(String, Name)> = Vec::new();
    for e in sections.entries("provinces") {
        let [full, short, cities @ ..] = e.fields.as_slice() else {
            errors.push(sections.error("provinces", e, "needs a full and a short name"));
            continue;
        };
        let p = provinces.len();
        provinces.push(full.to_string());
        entries.push((full.to_string(), Name::Province(p)));
        entries.push((short.to_string(), Name::Province(p)));
        for city in cities {
            let (short, full) = city
                .split_once('=')
                .map_or((*city, format!("{city}市")), |(s, f)| (s, f.to_string()));
            entries.push((short.to_string(), Name::City(full, p)));
        }
    }
    for e in sections.entries("levels") {
        match e.fields.as_slice() {
            [word, level] => match Level::parse(level) {
                Some(l) => entries.push((word.to_string(), Name::Level(l))),
                None => errors.push(sections.error(
                    "levels",
                    e,
                    "must be `word level`, level one of province, city, county, national",
                )),
            },
            _ => errors.push(sections.error(
                "levels",
                e,
                "must be `word level`, level one of province, city, county, national",
            )),
        }
    }
    for e in sections.entries("bodies") {
        match e.fields.as_slice() {
            [word, suffix] if suffix.chars().count() == 1 => {
                let c = suffix.chars().next().unwrap_or('县');
                entries.push((word.to_string(), Name::Body(c)));
            }
            _ => errors.push(sections.error("bodies", e, "must be `word suffix`, one character")),
        }
    }
    for w in sections.words("campaigns") {
        entries.push((w.to_string(), Name::Campaign(w.to_string())));
    }
    let (words, names): (Vec<String>, Vec<Name>) = entries.into_iter().unzip();
    (
        Regions {
            provinces,
            words,
            names,
        },
        errors,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_file_reads_without_error() {
        let (regions, errors) = read(DATA);
        assert!(errors.is_empty(), "{errors:#?}");
        assert_eq!(regions.words.len(), regions.names.len());
        assert!(regions.provinces.len() >= 31, "{:?}", regions.provinces);
    }

    #[test]
    fn unknown_levels_and_sections_are_errors() {
        let (_, errors) = read("[levels]\n全省 province\n全镇 town\n[towns]\n某镇");
        assert_eq!(
            errors,
            [
                "regions.txt:4: unknown section `[towns]`",
                "regions.txt:3: [levels] `全镇 town`: must be `word level`, level one of province, city, county, national",
            ]
        );
    }
}
