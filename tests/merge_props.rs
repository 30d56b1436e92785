//! Property tests of the three-way merge: edits by the user in lines the template change does not
//! touch always survive; edits to the same lines always conflict and lose neither side.

use proptest::prelude::*;
use scaffold::merge::merge3;

/// Who changes a base line: nobody, the user (mine) or the new render (theirs).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Owner {
    Nobody,
    Mine,
    Theirs,
}

fn owners() -> impl Strategy<Value = Vec<Owner>> {
    prop::collection::vec(
        prop_oneof![4 => Just(Owner::Nobody), 1 => Just(Owner::Mine), 1 => Just(Owner::Theirs)],
        3..40,
    )
    .prop_map(|mut v| {
        // Keep a user edit and a template edit at least one untouched line apart: adjacent
        // edits are reported as a conflict on purpose (as git does), which is not a loss.
        for i in 1..v.len() {
            if v[i] != Owner::Nobody && v[i - 1] != Owner::Nobody && v[i] != v[i - 1] {
                v[i] = Owner::Nobody;
            }
        }
        v
    })
}

fn render(lines: &[String]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

proptest! {
    #[test]
    fn edits_in_untouched_regions_survive(owners in owners(), delete_mine in any::<bool>()) {
        let base: Vec<String> = (0..owners.len()).map(|i| format!("line {i}")).collect();
        let mut mine = Vec::new();
        let mut theirs = Vec::new();
        let mut expected = Vec::new();
        for (i, o) in owners.iter().enumerate() {
            let b = base[i].clone();
            match o {
                Owner::Nobody => { mine.push(b.clone()); theirs.push(b.clone()); expected.push(b); }
                Owner::Mine if delete_mine => { theirs.push(b); }
                Owner::Mine => { mine.push(format!("mine {i}")); theirs.push(b); expected.push(format!("mine {i}")); }
                Owner::Theirs => { mine.push(b); theirs.push(format!("theirs {i}")); expected.push(format!("theirs {i}")); }
            }
        }
        let merged = merge3(&render(&base), &render(&mine), &render(&theirs), "new");
        prop_assert!(merged.conflicts.is_empty(), "unexpected conflict:\n{}", merged.text);
        prop_assert_eq!(merged.text, render(&expected));
    }

    #[test]
    fn overlapping_edits_conflict_and_keep_both(len in 3usize..30, at in 0usize..30, extra in 0usize..3) {
        let at = at % len;
        let base: Vec<String> = (0..len).map(|i| format!("line {i}")).collect();
        let mut mine = base.clone();
        let mut theirs = base.clone();
        mine[at] = "mine".into();
        theirs[at] = "theirs".into();
        for k in 1..=extra {
            if at + k < len { theirs[at + k] = format!("theirs {k}"); }
        }
        let merged = merge3(&render(&base), &render(&mine), &render(&theirs), "new");
        prop_assert_eq!(merged.conflicts.len(), 1, "{}", merged.text);
        prop_assert!(merged.text.contains("\nmine\n") || merged.text.starts_with("<<<<<<< yours (on disk)\nmine\n"));
        prop_assert!(merged.text.contains("\ntheirs\n"));
        let marker_line = merged.text.lines().nth(merged.conflicts[0] - 1).unwrap_or("");
        prop_assert!(marker_line.starts_with("<<<<<<<"), "conflict line number points at `{}`", marker_line);
    }
}
