//! The system's fonts as a fallback, guarded: a font library that fails on a
//! broken or empty font setup costs the fallback, never the window.
//!
//! fontique 0.11 panics when fontconfig finds no font at all (an `unwrap` on a
//! failed sort, seen with an empty fontconfig configuration). Its enumeration
//! runs on a background thread, and the provider's first lookup on the UI
//! thread then panics too. [`Guarded`] catches that, says so once on stderr,
//! and answers "no font" from then on: text whose glyphs egui's own fonts lack
//! shows as boxes, and the analyst's work goes on.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use egui::epaint::text::{FallbackRequest, FontInsert, FontProvider};

/// A font provider whose failures are caught.
pub struct Guarded<P> {
    inner: P,
    failed: AtomicBool,
}

impl<P: FontProvider> Guarded<P> {
    /// Wraps `inner`.
    pub fn new(inner: P) -> Self {
        Self {
            inner,
            failed: AtomicBool::new(false),
        }
    }

    /// Whether the provider has failed (and is asked nothing more).
    pub fn failed(&self) -> bool {
        self.failed.load(Ordering::Relaxed)
    }

    /// Runs `ask` unless the provider failed before; a panic marks it failed.
    fn guard<T: Default>(&self, ask: impl FnOnce(&P) -> T) -> T {
        if self.failed() {
            return T::default();
        }
        match catch_unwind(AssertUnwindSafe(|| ask(&self.inner))) {
            Ok(answer) => answer,
            Err(_) => {
                self.failed.store(true, Ordering::Relaxed);
                eprintln!(
                    "warning: the system's fonts could not be read (is fontconfig set up?); \
                     characters that the built-in fonts lack will show as boxes"
                );
                T::default()
            }
        }
    }
}

impl<P: FontProvider> FontProvider for Guarded<P> {
    fn fonts_for_family(&self, family: &egui::FontFamily) -> Vec<FontInsert> {
        self.guard(|inner| inner.fonts_for_family(family))
    }

    fn font_for(&self, request: &FallbackRequest<'_>) -> Option<FontInsert> {
        self.guard(|inner| inner.font_for(request))
    }
}

/// The system font provider, guarded.
pub fn system_provider() -> Arc<dyn FontProvider> {
    Arc::new(Guarded::new(
        egui_system_font_provider::SystemFontProvider::new(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Broken;

    impl FontProvider for Broken {
        fn font_for(&self, _: &FallbackRequest<'_>) -> Option<FontInsert> {
            panic!("no fonts");
        }
    }

    #[test]
    fn a_failing_provider_answers_no_font_and_is_not_asked_again() {
        let guarded = Guarded::new(Broken);
        let family = egui::FontFamily::Proportional;
        let request = FallbackRequest {
            cluster: "ع",
            family: &family,
        };
        assert!(guarded.font_for(&request).is_none());
        assert!(guarded.failed());
        assert!(guarded.font_for(&request).is_none());
    }
}
