//! Three-way line merge: base (what `scaffold` last wrote), mine (the file on disk), theirs (the
//! new render). Changes on one side only are taken; changes that touch the same base lines on
//! both sides become a conflict with standard markers, never a silent pick.

use similar::{Algorithm, DiffOp, capture_diff_slices};

pub struct Merged {
    pub text: String,
    /// 1-based line numbers of each `<<<<<<<` marker in `text`; empty for a clean merge.
    pub conflicts: Vec<usize>,
}

/// Replace `base[start..end]` with `lines`.
struct Hunk<'a> {
    start: usize,
    end: usize,
    lines: &'a [&'a str],
    mine: bool,
}

fn hunks<'a>(base: &[&str], other: &'a [&'a str], mine: bool) -> Vec<Hunk<'a>> {
    let mut out: Vec<Hunk<'a>> = Vec::new();
    let mut open: Option<(usize, usize, usize, usize)> = None;
    let flush = |open: &mut Option<(usize, usize, usize, usize)>, out: &mut Vec<Hunk<'a>>| {
        if let Some((start, end, ns, ne)) = open.take() {
            out.push(Hunk { start, end, lines: &other[ns..ne], mine });
        }
    };
    for op in capture_diff_slices(Algorithm::Myers, base, other) {
        if let DiffOp::Equal { .. } = op {
            flush(&mut open, &mut out);
            continue;
        }
        let (old, new) = (op.old_range(), op.new_range());
        open = Some(match open {
            Some((s, _, ns, _)) => (s, old.end, ns, new.end),
            None => (old.start, old.end, new.start, new.end),
        });
    }
    flush(&mut open, &mut out);
    out
}

/// Applies one side's hunks inside `base[start..end]`.
fn apply_side<'a>(base: &[&'a str], start: usize, end: usize, side: &[&Hunk<'a>]) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut cursor = start;
    for h in side {
        out.extend_from_slice(&base[cursor..h.start]);
        out.extend_from_slice(h.lines);
        cursor = h.end;
    }
    out.extend_from_slice(&base[cursor..end]);
    out
}

fn push_block(out: &mut String, lines: &[&str]) {
    for l in lines {
        out.push_str(l);
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// Merges as `merge_lf` does, on the file as the user keeps it: CRLF line endings and a missing
/// final newline on disk are the user's, so they are compared away and put back after.
pub fn merge3(base: &str, mine: &str, theirs: &str, theirs_label: &str) -> Merged {
    let crlf = mine.contains("\r\n") && mine.matches('\n').count() == mine.matches("\r\n").count();
    let lf = if crlf { mine.replace("\r\n", "\n") } else { mine.to_owned() };
    let unterminated = !lf.is_empty() && !lf.ends_with('\n');
    let mut merged = merge_lf(base, &if unterminated { format!("{lf}\n") } else { lf }, theirs, theirs_label);
    if unterminated && merged.conflicts.is_empty() && merged.text.ends_with('\n') {
        merged.text.pop();
    }
    if crlf {
        merged.text = merged.text.replace('\n', "\r\n");
    }
    merged
}

fn merge_lf(base: &str, mine: &str, theirs: &str, theirs_label: &str) -> Merged {
    let b: Vec<&str> = base.split_inclusive('\n').collect();
    let m: Vec<&str> = mine.split_inclusive('\n').collect();
    let t: Vec<&str> = theirs.split_inclusive('\n').collect();
    let mut all: Vec<Hunk> = hunks(&b, &m, true);
    all.extend(hunks(&b, &t, false));
    all.sort_by_key(|h| (h.start, h.end, !h.mine));

    let mut text = String::new();
    let mut conflicts = Vec::new();
    let mut cursor = 0;
    let mut i = 0;
    while i < all.len() {
        let (gs, mut ge) = (all[i].start, all[i].end);
        let mut j = i + 1;
        // Hunks that overlap the group, or start where it starts, must be decided together.
        while j < all.len() && (all[j].start < ge || all[j].start == gs) {
            ge = ge.max(all[j].end);
            j += 1;
        }
        let group = &all[i..j];
        for l in &b[cursor..gs] {
            text.push_str(l);
        }
        let mine_side: Vec<&Hunk> = group.iter().filter(|h| h.mine).collect();
        let theirs_side: Vec<&Hunk> = group.iter().filter(|h| !h.mine).collect();
        let mine_text = apply_side(&b, gs, ge, &mine_side);
        let theirs_text = apply_side(&b, gs, ge, &theirs_side);
        if mine_side.is_empty() || mine_text == theirs_text {
            theirs_text.iter().for_each(|l| text.push_str(l));
        } else if theirs_side.is_empty() {
            mine_text.iter().for_each(|l| text.push_str(l));
        } else {
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            conflicts.push(text.lines().count() + 1);
            text.push_str("<<<<<<< yours (on disk)\n");
            push_block(&mut text, &mine_text);
            text.push_str("||||||| base (last written by scaffold)\n");
            push_block(&mut text, &b[gs..ge]);
            text.push_str("=======\n");
            push_block(&mut text, &theirs_text);
            text.push_str(&format!(">>>>>>> {theirs_label}\n"));
        }
        cursor = ge;
        i = j;
    }
    for l in &b[cursor..] {
        text.push_str(l);
    }
    Merged { text, conflicts }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "a\nb\nc\nd\ne\n";

    #[test]
    fn disjoint_edits_are_both_kept() {
        let m = merge3(BASE, "a\nB\nc\nd\ne\n", "a\nb\nc\nd\nE\n", "new");
        assert_eq!(m.text, "a\nB\nc\nd\nE\n");
        assert!(m.conflicts.is_empty());
    }

    #[test]
    fn same_edit_on_both_sides_is_not_a_conflict() {
        let m = merge3(BASE, "a\nX\nc\nd\ne\n", "a\nX\nc\nd\ne\n", "new");
        assert_eq!(m.text, "a\nX\nc\nd\ne\n");
        assert!(m.conflicts.is_empty());
    }

    #[test]
    fn overlapping_edits_conflict_with_markers() {
        let m = merge3(BASE, "a\nmine\nc\nd\ne\n", "a\ntheirs\nc\nd\ne\n", "scaffold 0.2.0");
        assert_eq!(m.conflicts, vec![2]);
        assert_eq!(
            m.text,
            "a\n<<<<<<< yours (on disk)\nmine\n||||||| base (last written by scaffold)\nb\n=======\ntheirs\n>>>>>>> scaffold 0.2.0\nc\nd\ne\n"
        );
    }

    #[test]
    fn insertions_at_the_same_place_conflict() {
        let m = merge3(BASE, "a\nb\nmine\nc\nd\ne\n", "a\nb\ntheirs\nc\nd\ne\n", "new");
        assert_eq!(m.conflicts.len(), 1);
        assert!(m.text.contains("mine\n") && m.text.contains("theirs\n"));
    }

    #[test]
    fn a_missing_final_newline_is_kept_and_never_joins_lines() {
        let m = merge3(BASE, "a\nb\nc\nd\nE", "a\nb\nc\nd\ne\nf\n", "new");
        assert_eq!(m.text, "a\nb\nc\nd\nE\nf");
        assert!(m.conflicts.is_empty());
        let m = merge3(BASE, "A\nb\nc\nd\ne", "a\nb\nc\nd\ne\nf\n", "new");
        assert_eq!(m.text, "A\nb\nc\nd\ne\nf");
    }

    #[test]
    fn crlf_endings_are_kept_and_do_not_conflict() {
        let m = merge3(BASE, "a\r\nB\r\nc\r\nd\r\ne\r\n", "a\nb\nc\nd\nE\n", "new");
        assert_eq!(m.text, "a\r\nB\r\nc\r\nd\r\nE\r\n");
        assert!(m.conflicts.is_empty());
    }

    #[test]
    fn user_deletion_and_template_addition_elsewhere() {
        let m = merge3(BASE, "a\nc\nd\ne\n", "a\nb\nc\nd\ne\nf\n", "new");
        assert_eq!(m.text, "a\nc\nd\ne\nf\n");
        assert!(m.conflicts.is_empty());
    }
}
