//! Priorities and the OPD registry: ids given twice or holding a list separator, aliases that
//! are other OPDs' names, rows half filled in; each at its cell.

use super::{file, first, refused};

fn programs(dir: &std::path::Path) -> std::path::PathBuf {
    file(
        dir,
        "program.csv",
        b"opd,kode,nama,pagu\nDinas A,1,x,100\nDinas B,2,y,100\n",
    )
}

#[test]
fn a_priority_id_given_twice_or_holding_a_separator_is_an_error_at_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let priorities = file(
        dir.path(),
        "prioritas.csv",
        b"id;nama\nP1;Kota Sehat\nP2;Kota Cerdas\np1;Kota Hijau\n\"P3,P4\";Kota Ramah\n",
    );
    let programs = programs(dir.path());
    let problems = refused(
        &[],
        &[
            "--programs",
            programs.to_str().unwrap(),
            "--priorities",
            priorities.to_str().unwrap(),
        ],
        &[
            ("prioritas.csv!prioritas!A4", "duplicate_id"),
            ("prioritas.csv!prioritas!A5", "id_has_separator"),
        ],
    );
    let twice = first(&problems, "duplicate_id");
    assert!(twice["other"]
        .as_str()
        .unwrap()
        .ends_with("prioritas.csv!prioritas!A2"));
}

#[test]
fn registry_ids_twice_aliases_of_others_and_half_rows_are_errors_at_their_cells() {
    let dir = tempfile::tempdir().unwrap();
    let registry = file(
        dir.path(),
        "opd.csv",
        b"id,nama,alias\nD1,Dinas A,\nD2,Dinas B,Dinas A\nD1,Dinas C,\n,Dinas D,\n\"D5,D6\",Dinas E,\n",
    );
    let programs = programs(dir.path());
    let problems = refused(
        &[],
        &[
            "--programs",
            programs.to_str().unwrap(),
            "--opd-registry",
            registry.to_str().unwrap(),
        ],
        &[
            ("opd.csv!opd!A4", "duplicate_id"),
            ("opd.csv!opd!A5", "empty_value"),
            ("opd.csv!opd!A6", "id_has_separator"),
        ],
    );
    let alias = first(&problems, "alias_is_another");
    assert_eq!(
        (alias["alias"].as_str(), alias["opd"].as_str()),
        (Some("Dinas A"), Some("Dinas A"))
    );
    assert!(alias["location"]["cell"].as_str().is_some());
}
