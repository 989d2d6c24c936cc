//! Any bytes given to the store loader: it never panics, a refusal names the file, and a store
//! it accepts is written back to bytes that load as the same store and are written the same way.
//!
//! The same checks replay this target's corpus in `tests/fuzz_corpus.rs`.

#![no_main]

use followup::store::Data;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

const PATH: &str = "/fuzz/data/store.json";

fuzz_target!(|bytes: &[u8]| {
    let path = Path::new(PATH);
    let data = match Data::from_bytes(bytes, path) {
        Ok(data) => data,
        Err(err) => {
            let message = format!("{err:#}");
            assert!(
                message.contains(PATH),
                "the refusal names no path: {message}"
            );
            return;
        }
    };
    let written = data.to_bytes();
    let again = match Data::from_bytes(&written, path) {
        Ok(again) => again,
        Err(err) => panic!(
            "a store that loaded does not load once written back: {err:#}\nwritten: {}",
            String::from_utf8_lossy(&written)
        ),
    };
    assert_eq!(again, data, "the store changed on its way through the file");
    assert!(
        again.to_bytes() == written,
        "the store is written differently the second time:\nfirst: {}\nsecond: {}",
        String::from_utf8_lossy(&written),
        String::from_utf8_lossy(&again.to_bytes())
    );
});
