//! The fuzz corpora, minimised (`make fuzz-fixtures`), replayed on stable:
//! every input the fuzzers kept still passes the fuzz targets' properties.

#[path = "../fuzz/properties.rs"]
mod properties;

use std::path::Path;

fn replay(target: &str, property: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| property(&data));
        assert!(
            outcome.is_ok(),
            "{} fails the {target} property",
            path.display()
        );
        n += 1;
    }
    assert!(n > 0, "no fixtures in {}", dir.display());
}

#[test]
fn annotation_corpus() {
    replay("annotation", properties::annotation);
}

#[test]
fn extract_corpus() {
    replay("extract", properties::source);
}
