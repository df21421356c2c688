//! The annotation format as a JSON Schema, generated from the model types
//! (schemars) so that it cannot drift from what the loader accepts: the label
//! enums become `enum`s, unknown keys are refused, the required fields are
//! the guide's. `jingwang schema` prints it, the repository keeps it in
//! [`SCHEMA_FILE`], and every draft names it in a `yaml-language-server`
//! comment, so an editor with the YAML language server completes and checks
//! labels while an annotator types.

use super::fact::AnnotationFile;
use super::number::Number;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};

/// Where the repository keeps the schema, relative to its root.
pub const SCHEMA_FILE: &str = "docs/annotation.schema.json";

/// The schema of an annotation file, as pretty-printed JSON with a final
/// line break. Draft-07, the version editors' YAML support reads best.
pub fn json_schema() -> String {
    let mut schema = schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<AnnotationFile>();
    schema.insert(
        "title".into(),
        "jingwang annotation file (format version 1, docs/annotation-guide.md)".into(),
    );
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// Values and changes are plain decimals, written as YAML numbers.
impl JsonSchema for Number {
    fn schema_name() -> Cow<'static, str> {
        "Number".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "number" })
    }
}

/// The comment that names the schema to the YAML language server, for an
/// annotation file at `annotation` (both paths taken from the working
/// directory, the repository's root): the schema's path relative to the
/// file's folder.
pub fn modeline(annotation: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let folder = lexical(&cwd.join(annotation.parent().unwrap_or(Path::new(""))));
    let schema = lexical(&cwd.join(SCHEMA_FILE));
    format!(
        "yaml-language-server: $schema={}",
        relative(&schema, &folder)
    )
}

/// A path with `.` and `..` resolved by its text alone.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// `target` relative to the folder `from` (both absolute), `/`-separated.
fn relative(target: &Path, from: &Path) -> String {
    let t: Vec<Component> = target.components().collect();
    let f: Vec<Component> = from.components().collect();
    let common = t.iter().zip(&f).take_while(|(a, b)| a == b).count();
    let ups = std::iter::repeat_n("..".to_string(), f.len() - common);
    let downs = t[common..]
        .iter()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    ups.chain(downs).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The schema path an annotation's modeline names.
    fn check(annotation: &str, expected: &str) {
        let line = modeline(Path::new(annotation));
        assert_eq!(
            line.strip_prefix("yaml-language-server: $schema="),
            Some(expected),
            "modeline of {annotation}"
        );
    }

    #[test]
    fn modelines_name_the_schema_from_the_files_folder() {
        let cases = [
            ("annotations/a.yaml", "../docs/annotation.schema.json"),
            (
                "annotations/real/r01.yaml",
                "../../docs/annotation.schema.json",
            ),
            (
                "./annotations/x/../b.yaml",
                "../docs/annotation.schema.json",
            ),
            ("a.yaml", "docs/annotation.schema.json"),
        ];
        for (annotation, expected) in cases {
            check(annotation, expected);
        }
    }
}
