//! A rubric as an indented tree (`sakip rubric show`): its parts with their weights,
//! aggregations and shared scales, its criteria, its bands.

use crate::lang::Lang;
use crate::rubric::Rubric;

/// One node of a rubric as a line of its tree: a part with its weight, aggregation and (when
/// its criteria share one) scale; a criterion with its text, and its weight and scale where
/// they are its own.
fn node_line(rubric: &Rubric, i: usize, lang: Lang) -> String {
    let node = &rubric.nodes[i];
    let indent = "  ".repeat(node.level - 1);
    let number = crate::messages::format_number;
    if node.is_leaf() {
        let mut line = format!("{indent}{:<7} {}", node.code, node.name.get(lang));
        if let Some(w) = node.weight {
            line.push_str(&format!(" [{}]", number(w)));
        }
        let shared = node.parent.and_then(|p| shared_scale(rubric, p));
        if shared.is_none() {
            line.push_str(&format!(" ({})", node.scale.as_deref().unwrap_or("")));
        }
        return line;
    }
    let name = match node.level {
        1 => node.name.get(lang),
        _ => node.short.get(lang),
    };
    let weight = node
        .weight
        .map_or_else(|| "-".to_string(), |w| w.to_string());
    if node.level == 1 {
        return format!("{indent}{} {name} [{weight}]", node.code);
    }
    let mut line = format!(
        "{indent}{} {name} [{weight}] {}",
        node.code,
        node.aggregation.as_str()
    );
    if let Some(scale) = shared_scale(rubric, i) {
        line.push_str(&format!(" / {scale}"));
    }
    line
}

/// The scale every child of node `i` has, when they are criteria and share one.
fn shared_scale(rubric: &Rubric, i: usize) -> Option<&str> {
    let node = &rubric.nodes[i];
    let mut scales = node.children.iter().map(|&c| {
        let child = &rubric.nodes[c];
        child.is_leaf().then_some(child.scale.as_deref()).flatten()
    });
    let first = scales.next()??;
    scales.all(|s| s == Some(first)).then_some(first)
}

/// A rubric as an indented tree with weights, methods, scales and bands.
pub fn rubric_tree(rubric: &Rubric, lang: Lang) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} ({}), max {}",
        rubric.id,
        rubric.title.get(lang),
        rubric.regime,
        rubric.max_score
    );
    for i in 0..rubric.nodes.len() {
        let _ = writeln!(out, "{}", node_line(rubric, i, lang));
    }
    let _ = writeln!(out, "{}:", lang.pick("Skala jawaban", "Answer scales"));
    for (id, scale) in &rubric.scales {
        let codes: Vec<String> = match scale.number {
            Some(n) => vec![n.describe()],
            None => scale
                .codes
                .iter()
                .map(|c| format!("{} = {}", c.code, crate::messages::format_number(c.value)))
                .collect(),
        };
        let _ = writeln!(
            out,
            "  {id:<6} {}: {}",
            scale.name.get(lang),
            codes.join(", ")
        );
    }
    let _ = writeln!(out, "{}:", lang.pick("Predikat", "Grades"));
    for band in &rubric.bands {
        let _ = writeln!(
            out,
            "  {:<3} {}{} .. {}{}  {}",
            band.grade,
            if band.lower_inclusive { "[" } else { "(" },
            band.lower,
            band.upper,
            if band.upper_inclusive { "]" } else { ")" },
            band.label.get(lang)
        );
        for r in &band.requires {
            let _ = writeln!(out, "        {}", r.describe(lang));
        }
    }
    if !rubric.rules.is_empty() {
        let _ = writeln!(
            out,
            "{}:",
            lang.pick("Aturan konsistensi", "Consistency rules")
        );
    }
    for (i, rule) in rubric.rules.iter().enumerate() {
        let what = match &rule.kind {
            crate::rubric::RuleKind::Implies {
                when,
                is,
                then,
                at_most,
            } => format!(
                "{when} = {} => {} <= {at_most}",
                is.join("/"),
                then.join(", ")
            ),
            crate::rubric::RuleKind::NotAbove { node, not_above } => {
                format!("{node} <= {not_above}")
            }
        };
        let own = match rule.own {
            true => " (sakip)",
            false => "",
        };
        let _ = writeln!(out, "  {}.{own} {what}: {}", i + 1, rule.why.get(lang));
    }
    out
}
