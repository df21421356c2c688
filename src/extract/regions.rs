//! The gazetteer the document fields `region` and `campaign` are read with
//! (guide §3): China's divisions down to county level, each with the
//! division above it (`divisions.txt`, generated from an open dataset), and
//! the words around them (`regions.txt`): the level words an article's police
//! speak of themselves with (全省, 我市, 县局 …), police words that make a
//! division's name a reporting body (公安局, 警方 …), national bodies,
//! the police forces of Hong Kong, Macao and Taiwan, photo credits,
//! datelines, and campaign series. Every name rides along in the
//! vocabulary's one scan.

use crate::extract::sections::Sections;
use std::collections::HashMap;
use std::sync::LazyLock;

const DIVISIONS: &str = include_str!("divisions.txt");
const DATA: &str = include_str!("regions.txt");

const DIVISION_SECTIONS: &[&str] = &["provinces", "cities", "counties"];
const SECTIONS: &[&str] = &[
    "levels",
    "bodies",
    "police",
    "national",
    "frames",
    "agencies",
    "credits",
    "datelines",
    "campaigns",
    "campaign_words",
];

/// The level an article's police report at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    National,
    Province,
    City,
    County,
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

/// One division of the gazetteer.
#[derive(Clone, Debug)]
pub struct Division {
    /// Full official name (三台县, 宽甸满族自治县, 香港特别行政区).
    pub full: String,
    pub level: Level,
    /// The division above it; `None` for a province.
    pub parent: Option<usize>,
}

/// What a name of the gazetteer stands for.
#[derive(Clone, Debug)]
pub enum Name {
    /// Divisions of this name (several for 朝阳区), and whether the name
    /// is a full official name rather than a short one (三台 for 三台县).
    Division {
        units: Vec<usize>,
        full: bool,
    },
    Level(Level),
    /// A county-level reporting body (县公安局) and the suffix of its name (县).
    Body(char),
    /// A word that makes the division named right before it a reporting body.
    Police,
    /// A national body (公安部, 全国公安机关).
    National,
    /// A police force that names its division (警务处 → Hong Kong).
    Agency(usize),
    /// A frame word before a national body (按照公安部…部署).
    Frame,
    /// A photo credit or source after a name (供图).
    Credit,
    /// The end of a dateline (…日电).
    Dateline,
    /// A campaign series (净网).
    Campaign(String),
    /// A word after a quoted name making it a campaign (“断卡”行动).
    CampaignWord,
}

/// The gazetteer: every division, every name with what it stands for.
pub struct Regions {
    pub divisions: Vec<Division>,
    /// Every name of the table; the vocabulary's one scan finds them.
    pub words: Vec<String>,
    /// What each of `words` stands for.
    pub names: Vec<Name>,
}

impl Regions {
    /// `unit` itself and every division above it, nearest first.
    pub fn lineage(&self, unit: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(Some(unit), |&u| self.divisions[u].parent)
    }

    /// The division of `level` that `unit` is or lies in.
    pub fn at_level(&self, unit: usize, level: Level) -> Option<usize> {
        self.lineage(unit)
            .find(|&u| self.divisions[u].level == level)
    }

    /// True when `upper` is `unit` or a division above it.
    pub fn within(&self, unit: usize, upper: usize) -> bool {
        self.lineage(unit).any(|u| u == upper)
    }
}

/// The gazetteer, read once.
pub static REGIONS: LazyLock<Regions> = LazyLock::new(|| read(DIVISIONS, DATA).0);

/// Names collected while reading: each name once, with every division it
/// stands for (a full name wins over a short one of another division).
#[derive(Default)]
struct NameTable {
    index: HashMap<String, usize>,
    entries: Vec<(String, Name)>,
}

impl NameTable {
    fn division(&mut self, word: &str, unit: usize, full: bool) {
        if let Some(&i) = self.index.get(word) {
            if let Name::Division { units, full: f } = &mut self.entries[i].1 {
                if full && !*f {
                    // 荆州 short for a county, full for nothing: a full name
                    // elsewhere takes the word.
                    units.clear();
                    *f = true;
                }
                if full == *f && !units.contains(&unit) {
                    units.push(unit);
                }
            }
            return;
        }
        self.push(
            word,
            Name::Division {
                units: vec![unit],
                full,
            },
        );
    }

    /// A word of `regions.txt`: it takes the place of a division's short
    /// name (公安, short for 公安县, is a police word), never of a full one.
    fn push(&mut self, word: &str, name: Name) {
        if let Some(&i) = self.index.get(word) {
            if matches!(self.entries[i].1, Name::Division { full: false, .. }) {
                self.entries[i].1 = name;
            }
            return;
        }
        self.index.insert(word.to_string(), self.entries.len());
        self.entries.push((word.to_string(), name));
    }
}

/// Reads the divisions of `divisions.txt`.
fn read_divisions(data: &str, names: &mut NameTable, errors: &mut Vec<String>) -> Vec<Division> {
    let (sections, errs) = Sections::read("divisions.txt", data, DIVISION_SECTIONS);
    errors.extend(errs);
    let mut divisions: Vec<Division> = Vec::new();
    let mut by_name: HashMap<(String, Level), usize> = HashMap::new();
    let levels = [
        ("provinces", Level::Province, None),
        ("cities", Level::City, Some(Level::Province)),
        ("counties", Level::County, Some(Level::City)),
    ];
    for (section, level, parent_level) in levels {
        for e in sections.entries(section) {
            let want = if parent_level.is_some() { 3 } else { 2 };
            if e.fields.len() != want {
                errors.push(sections.error(
                    section,
                    e,
                    "must be `full-name short-names` (and the division above it)",
                ));
                continue;
            }
            let parent = match (parent_level, e.fields.get(2)) {
                (Some(pl), Some(p)) => {
                    // A county under a province directly (a municipality's
                    // districts) names the province.
                    let found = by_name
                        .get(&(p.to_string(), pl))
                        .or_else(|| by_name.get(&(p.to_string(), Level::Province)));
                    match found {
                        Some(&i) => Some(i),
                        None => {
                            errors.push(sections.error(section, e, "unknown division above it"));
                            continue;
                        }
                    }
                }
                _ => None,
            };
            let unit = divisions.len();
            let full = e.fields[0];
            divisions.push(Division {
                full: full.to_string(),
                level,
                parent,
            });
            by_name.entry((full.to_string(), level)).or_insert(unit);
            names.division(full, unit, true);
            for short in e.fields[1].split(',').filter(|s| *s != "-") {
                names.division(short, unit, false);
            }
        }
    }
    divisions
}

/// How a word of a plain section of `regions.txt` is read.
type NameOf = fn(&str) -> Name;

/// Reads the gazetteer and lists the entries that did not parse.
fn read(divisions_data: &str, data: &str) -> (Regions, Vec<String>) {
    let mut errors = Vec::new();
    let mut names = NameTable::default();
    let divisions = read_divisions(divisions_data, &mut names, &mut errors);
    let (sections, errs) = Sections::read("regions.txt", data, SECTIONS);
    errors.extend(errs);
    for e in sections.entries("levels") {
        match e.fields.as_slice() {
            [word, level] if Level::parse(level).is_some() => names.push(
                word,
                Name::Level(Level::parse(level).unwrap_or(Level::County)),
            ),
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
                names.push(word, Name::Body(c));
            }
            _ => errors.push(sections.error("bodies", e, "must be `word suffix`, one character")),
        }
    }
    for e in sections.entries("agencies") {
        let unit = match e.fields.as_slice() {
            [_, division] => divisions.iter().position(|d| d.full == *division),
            _ => None,
        };
        match unit {
            Some(u) => names.push(e.fields[0], Name::Agency(u)),
            None => errors.push(sections.error(
                "agencies",
                e,
                "must be `word division`, the division's full name",
            )),
        }
    }
    let plain: [(&str, NameOf); 7] = [
        ("police", |_| Name::Police),
        ("national", |_| Name::National),
        ("frames", |_| Name::Frame),
        ("credits", |_| Name::Credit),
        ("datelines", |_| Name::Dateline),
        ("campaigns", |w| Name::Campaign(w.to_string())),
        ("campaign_words", |_| Name::CampaignWord),
    ];
    for (section, make) in plain {
        for w in sections.words(section) {
            names.push(w, make(w));
        }
    }
    let (words, names): (Vec<String>, Vec<Name>) = names.entries.into_iter().unzip();
    (
        Regions {
            divisions,
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
    fn data_files_read_without_error() {
        let (regions, errors) = read(DIVISIONS, DATA);
        assert!(errors.is_empty(), "{errors:#?}");
        assert_eq!(regions.words.len(), regions.names.len());
        let count = |l: Level| regions.divisions.iter().filter(|d| d.level == l).count();
        // 31 provinces, Hong Kong, Macao and Taiwan; every prefecture and county.
        assert_eq!(count(Level::Province), 34);
        assert!(count(Level::City) > 330, "{}", count(Level::City));
        assert!(count(Level::County) > 2800, "{}", count(Level::County));
        for d in &regions.divisions {
            let parent = d.parent.map(|p| regions.divisions[p].level);
            let ok = match d.level {
                Level::Province => parent.is_none(),
                Level::City => parent == Some(Level::Province),
                _ => matches!(parent, Some(Level::City | Level::Province)),
            };
            assert!(ok, "{} has the wrong division above it", d.full);
        }
    }

    /// Looks `name` up and gives the full names and levels of the divisions
    /// above each division it stands for.
    fn lineages(name: &str) -> Vec<String> {
        let r = &*REGIONS;
        let i = r.words.iter().position(|w| w == name);
        let Some(Name::Division { units, .. }) = i.map(|i| &r.names[i]) else {
            return Vec::new();
        };
        units
            .iter()
            .map(|&u| {
                r.lineage(u)
                    .map(|d| r.divisions[d].full.as_str())
                    .collect::<Vec<_>>()
                    .join("<")
            })
            .collect()
    }

    #[test]
    fn names_resolve_to_their_divisions() {
        let cases: &[(&str, &[&str])] = &[
            ("三台县", &["三台县<绵阳市<四川省"]),
            ("三台", &["三台县<绵阳市<四川省"]),
            ("宽甸", &["宽甸满族自治县<丹东市<辽宁省"]),
            ("海淀区", &["海淀区<北京市"]),
            ("朝阳区", &["朝阳区<北京市", "朝阳区<长春市<吉林省"]),
            ("红河州", &["红河哈尼族彝族自治州<云南省"]),
            // A short name shared by a city and a county is the city's.
            ("荆州", &["荆州市<湖北省"]),
            ("彰化县", &["彰化县<台湾省"]),
            ("香港", &["香港特别行政区"]),
            ("吉林", &["吉林省"]),
            ("无此地", &[]),
            // A police word is no short name (公安县).
            ("公安", &[]),
            ("公安县", &["公安县<荆州市<湖北省"]),
        ];
        for (name, want) in cases {
            assert_eq!(lineages(name), *want, "divisions of {name}");
        }
    }

    #[test]
    fn unknown_levels_sections_and_divisions_are_errors() {
        let (_, errors) = read(
            "[provinces]\n某省 某\n[cities]\n某市 - 无省\n",
            "[levels]\n全省 province\n全镇 town\n[towns]\n某镇",
        );
        assert_eq!(
            errors,
            [
                "divisions.txt:4: [cities] `某市 - 无省`: unknown division above it",
                "regions.txt:4: unknown section `[towns]`",
                "regions.txt:3: [levels] `全镇 town`: must be `word level`, level one of province, city, county, national",
            ]
        );
    }
}
