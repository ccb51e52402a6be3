//! Web pages import with the article's metadata: each fixture in `tests/pages/`
//! is imported as a user would import it, and every field is checked.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a panic is how it reports a failure"
)]

use std::path::Path;

use triangulate::io::import::import_bytes;
use triangulate::model::Document;

/// The fields a page gives, in the order of the `Document`.
#[derive(Debug, PartialEq, Eq)]
struct Fields<'a> {
    title: &'a str,
    author: &'a str,
    outlet: &'a str,
    published: &'a str,
    url: &'a str,
    language: &'a str,
}

fn import_page(name: &str) -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/pages")
        .join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let imported = import_bytes(name, &bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    assert_eq!(imported.document.imported_from, name);
    assert!(!imported.document.text.is_empty());
    imported.document
}

fn fields(document: &Document) -> Fields<'_> {
    Fields {
        title: &document.title,
        author: &document.author,
        outlet: &document.outlet,
        published: &document.published,
        url: &document.url,
        language: &document.language,
    }
}

#[test]
fn english_page_with_json_ld_and_open_graph() {
    let document = import_page("bbc_like_jsonld.html");
    assert_eq!(
        fields(&document),
        Fields {
            // The JSON-LD headline, not the <title> with " - BBC News".
            title: "Chemical plant shelled as battle for the city continues",
            // JSON-LD's author; article:author is a Facebook address and is not a name.
            author: "Anna Example",
            outlet: "BBC News",
            published: "2022-06-14",
            url: "https://www.example-bbc.test/news/world-europe-00000001",
            // No inLanguage: og:locale's en_GB comes before <html lang>.
            language: "en-GB",
        }
    );
    assert!(document.text.contains("Shelling hit the chemical plant"));
    assert!(!document.text.contains("ld+json") && !document.text.contains("schema.org"));
}

#[test]
fn ukrainian_page_with_meta_tags_only() {
    let document = import_page("uk_meta_only.html");
    assert_eq!(
        fields(&document),
        Fields {
            // No outlet is named, but the short tail looks like a site name.
            title: "Обстріл хімічного заводу: що відомо на ранок",
            author: "Олена Приклад",
            outlet: "",
            published: "2022-06-14",
            // The canonical link is relative: there is nothing to resolve it against.
            url: "",
            language: "uk",
        }
    );
}

#[test]
fn french_page_with_time_and_byline() {
    let document = import_page("fr_time_byline.html");
    assert_eq!(
        fields(&document),
        Fields {
            title: "Le site chimique bombardé dans la nuit",
            // The rel="author" link, not the whole byline with "(envoyé spécial)".
            author: "Jean Exemple",
            outlet: "Le Quotidien",
            // The <time> in the article, not the earlier one in the sidebar.
            published: "2022-06-14",
            url: "",
            language: "fr-FR",
        }
    );
}

#[test]
fn arabic_right_to_left_page_with_site_name() {
    let document = import_page("ar_rtl_site_name.html");
    assert_eq!(
        fields(&document),
        Fields {
            title: "قصف مصنع كيميائي مع استمرار المعارك في المدينة",
            author: "سارة مثال",
            outlet: "الأخبار اليوم",
            // An RFC 2822 date in article:published_time.
            published: "2022-06-14",
            url: "https://news.example-ar.test/articles/12345",
            language: "ar",
        }
    );
}

#[test]
fn page_with_a_json_ld_graph() {
    let document = import_page("graph_jsonld.html");
    assert_eq!(
        fields(&document),
        Fields {
            // The article's headline, its numeric entity decoded.
            title: "Residents describe a night in the plant’s shelters",
            author: "Sam Placeholder",
            // The publisher, found through its @id in the graph.
            outlet: "The Regional Ledger LLC",
            published: "2022-06-15",
            // The article has no url: its mainEntityOfPage's @id is the address.
            url: "https://ledger.example.test/2022/06/shelters/",
            language: "en-US",
        }
    );
}

#[test]
fn page_with_several_authors() {
    let document = import_page("several_authors.html");
    assert_eq!(
        fields(&document),
        Fields {
            title: "What we know about the plant",
            // In order, the repeated name once.
            author: "Jo Writer, Max Reporter, Lee Editor",
            outlet: "Wire Service",
            published: "2022-06-14",
            url: "",
            language: "en",
        }
    );
}

#[test]
fn title_with_a_site_suffix_and_a_clean_headline() {
    let document = import_page("title_suffix_clean_headline.html");
    assert_eq!(
        fields(&document),
        Fields {
            title: "Officials say civilians remain inside chemical plant",
            author: "Pat Correspondent",
            outlet: "Reuters",
            published: "2022-06-14",
            url: "https://www.example-reuters.test/world/europe/plant-2022-06-14/",
            language: "en",
        }
    );
}

#[test]
fn page_without_metadata() {
    let document = import_page("no_metadata.html");
    assert_eq!(
        fields(&document),
        Fields {
            // Nothing names the page, so the file does.
            title: "no_metadata",
            author: "",
            outlet: "",
            published: "",
            url: "",
            language: "",
        }
    );
}

#[test]
fn hostile_metadata_is_bounded() {
    let huge = "A".repeat(1_000_000);
    let page = format!(
        "<html lang=\"{huge}\"><head><title>{huge}</title><meta name=\"author\" content=\"{huge}\">\
         <meta property=\"og:site_name\" content=\"{huge}\"><meta name=\"date\" content=\"{huge}\">\
         <link rel=\"canonical\" href=\"https://example.com/{huge}\"></head><body><p>Text</p></body></html>"
    );
    let document = import_bytes("hostile.html", page.as_bytes())
        .unwrap()
        .document;
    assert_eq!(document.title.chars().count(), 300);
    assert_eq!(document.author.chars().count(), 300);
    assert_eq!(document.outlet.chars().count(), 300);
    assert_eq!(document.published, "");
    assert_eq!(document.url, "");
    assert_eq!(document.language, "");
}
