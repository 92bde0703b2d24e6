//! File names made from OPD names: safe on every system and unique within their folder.
//!
//! An OPD name is text from an input; as a file name it could hold path separators, `..`,
//! characters Windows refuses or a reserved device name. A stem is kept to lower-case ASCII
//! letters, digits and single dashes, is never empty or reserved, and is made unique.

/// Longest stem, in characters.
const MAX_STEM: usize = 60;
/// Names Windows reserves for devices, whatever the extension.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// A safe ASCII stem for `name` (`Dinas Pemuda & Olahraga` -> `dinas-pemuda-olahraga`), not
/// among `taken` (compared without regard to case): `-2`, `-3`, ... is added where needed.
pub fn safe_file_stem(name: &str, taken: &[String]) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        let c = fold_accent(c);
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let mut slug: String = slug.trim_matches('-').chars().take(MAX_STEM).collect();
    slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        slug = "opd".to_string();
    }
    if RESERVED.contains(&slug.as_str()) {
        slug.push_str("-opd");
    }
    let free = |s: &str| !taken.iter().any(|t| t.eq_ignore_ascii_case(s));
    if free(&slug) {
        return slug;
    }
    (2..)
        .map(|n| format!("{slug}-{n}"))
        .find(|s| free(s))
        .unwrap_or(slug)
}

/// Latin letters with accents as their base letter (`é` -> `e`); anything else unchanged.
fn fold_accent(c: char) -> char {
    match c {
        'à'..='å' | 'À'..='Å' => 'a',
        'è'..='ë' | 'È'..='Ë' => 'e',
        'ì'..='ï' | 'Ì'..='Ï' => 'i',
        'ò'..='ö' | 'Ò'..='Ö' => 'o',
        'ù'..='ü' | 'Ù'..='Ü' => 'u',
        'ç' | 'Ç' => 'c',
        'ñ' | 'Ñ' => 'n',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::safe_file_stem;

    #[test]
    fn hostile_names_become_safe_unique_stems() {
        assert_eq!(
            safe_file_stem("Dinas Pemuda & Olahraga", &[]),
            "dinas-pemuda-olahraga"
        );
        assert_eq!(safe_file_stem("../../etc/passwd", &[]), "etc-passwd");
        assert_eq!(safe_file_stem("Dinas A/B\\C:D*?", &[]), "dinas-a-b-c-d");
        assert_eq!(safe_file_stem("CON", &[]), "con-opd");
        assert_eq!(safe_file_stem("lpt1", &[]), "lpt1-opd");
        assert_eq!(safe_file_stem("   ", &[]), "opd");
        assert_eq!(safe_file_stem("..", &[]), "opd");
        assert_eq!(safe_file_stem("Café Témoin", &[]), "cafe-temoin");
        assert_eq!(safe_file_stem("=HYPERLINK(\"x\")", &[]), "hyperlink-x");
        let taken = vec!["dinas-a".to_string(), "DINAS-A-2".to_string()];
        assert_eq!(safe_file_stem("Dinas A", &taken), "dinas-a-3");
        let long = "Badan ".repeat(30);
        let stem = safe_file_stem(&long, &[]);
        assert!(stem.len() <= 60 && !stem.ends_with('-'), "{stem}");
        for name in ["a/b", "..", "x\\0y", "nul", "Ünïcödé"] {
            let stem = safe_file_stem(name, &[]);
            assert!(
                stem.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{stem}"
            );
            assert!(!stem.contains("..") && !stem.starts_with('-'));
        }
    }
}
