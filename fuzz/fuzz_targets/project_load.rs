//! Project files from outside: any bytes, read by the real `load` from a real
//! file (so the size limit, the UTF-8 check and the parser all see them), give a
//! project or an error; a project that loads is saved by the real `save` and that
//! file loads again to the same project.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use triangulate::io::project_file::{load, save};

/// A folder of this process's own, made once: the input is written there as a file.
fn folder() -> &'static PathBuf {
    static FOLDER: OnceLock<PathBuf> = OnceLock::new();
    FOLDER.get_or_init(|| {
        let folder = std::env::temp_dir().join(format!("triangulate-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&folder).expect("a folder for the fuzz inputs");
        folder
    })
}

fuzz_target!(|data: &[u8]| {
    let input = folder().join("input.ron");
    std::fs::write(&input, data).expect("the input is written");
    if let Ok(loaded) = load(&input) {
        let saved = folder().join("saved.ron");
        if let Err(err) = save(&saved, &loaded.project) {
            // A project that loads is within every limit, so it saves.
            panic!("a loaded project could not be saved: {err}");
        }
        match load(&saved) {
            Ok(again) => assert_eq!(
                again.project, loaded.project,
                "a loaded project saved to a file that loads differently"
            ),
            Err(err) => panic!("a loaded project saved to a file that does not load: {err}"),
        }
    }
});
