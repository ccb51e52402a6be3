//! W3C annotations from outside, read against the sample project: any bytes
//! give claims that the project accepts and can save, or an error.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use triangulate::edit;
use triangulate::export::w3c::import_w3c;
use triangulate::io::project_file::{from_ron_str, overlong_string};
use triangulate::model::Project;

fn sample() -> &'static Project {
    static SAMPLE: OnceLock<Project> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        from_ron_str(triangulate::SAMPLE_PROJECT)
            .expect("the sample project loads")
            .project
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(json) = std::str::from_utf8(data) else {
        return;
    };
    let project = sample();
    if let Ok(imported) = import_w3c(project, json) {
        if imported.edit.is_empty() {
            return;
        }
        let mut changed = project.clone();
        if let Err(err) = edit::apply(&mut changed, imported.edit) {
            panic!("the import's edit does not apply to the project it was read for: {err}");
        }
        if let Some(long) = overlong_string(&changed) {
            panic!("the import made a project that cannot be saved: {long:?}");
        }
    }
});
