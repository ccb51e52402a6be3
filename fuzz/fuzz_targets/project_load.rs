//! Project files from outside: any bytes give a project or an error, and a
//! project that loads saves to text that loads again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use triangulate::io::project_file::{from_ron_str, to_ron_string};

fuzz_target!(|data: &[u8]| {
    // `load` refuses what is not UTF-8 before parsing; the parser sees only text.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(loaded) = from_ron_str(text) {
        let saved = to_ron_string(&loaded.project);
        if let Err(err) = from_ron_str(&saved) {
            panic!("a loaded project saved to text that does not load: {err}\n{saved}");
        }
    }
});
