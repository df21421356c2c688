//! The label enums of the guide (§3–§5), each declared from one table that
//! gives the YAML spelling beside each variant.

use std::fmt;

/// Declares a label enum whose YAML spelling is given next to each variant,
/// with the list of all labels that validation messages and suggestions use.
macro_rules! labels {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
        pub enum $name {
            $(#[serde(rename = $label)] $variant),+
        }

        impl $name {
            /// Every label, in the order the guide lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Every label as written in YAML, in the same order.
            pub const LABELS: &'static [&'static str] = &[$($label),+];

            /// The label as written in YAML.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Parses a label as written in YAML; `None` for anything else.
            pub fn from_label(s: &str) -> Option<$name> {
                match s { $($label => Some($name::$variant),)+ _ => None }
            }

            /// All labels as strings, for messages and suggestions.
            pub fn labels() -> Vec<&'static str> {
                Self::ALL.iter().map(|l| l.as_str()).collect()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

labels! {
    /// Whether an annotation file is scored (§3).
    Status { Draft => "draft", Reviewed => "reviewed" }
}

labels! {
    /// How a number is approximated (§3 `approx`).
    Approx { Over => "over", Nearly => "nearly", About => "about" }
}

labels! {
    /// What a fact counts (§4).
    Metric {
        Cases => "cases",
        Suspects => "suspects",
        Penalized => "penalized",
        Assisted => "assisted",
        Groups => "groups",
        Organizations => "organizations",
        Accounts => "accounts",
        Information => "information",
        Items => "items",
        Money => "money",
        Actions => "actions",
        Other => "other",
    }
}

labels! {
    /// The crime or issue a fact is about (§5).
    Category {
        Fraud => "fraud",
        Gambling => "gambling",
        Pornography => "pornography",
        Drugs => "drugs",
        Weapons => "weapons",
        Hacking => "hacking",
        PersonalData => "personal_data",
        Rumors => "rumors",
        WaterArmy => "water_army",
        ExamCheating => "exam_cheating",
        Surveillance => "surveillance",
        BlackIndustry => "black_industry",
        Minors => "minors",
        NetworkSecurity => "network_security",
    }
}
